// io-stats' counters without the native addon: read-modify-write through the file itself, with
// the same figures as the shared mapping (one process at a time).
import { describe, expect, it, vi } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

vi.mock('../../../src/native/addon.js', () => ({ nativeAddon: () => undefined }));
const { BrickStats, STATS_FILE_BYTES } = await import('../../../src/xlators/io-stats/stats-file.js');

describe('BrickStats without the native addon', () => {
  it('counts fops and bytes in the file, which a second opener sees, and clears them', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-iostats-fb-'));
    try {
      const file = path.join(dir, 'run', 'b.iostats');
      const a = BrickStats.open(file);
      expect(fs.statSync(file).size).toBe(STATS_FILE_BYTES);
      a.fop(13, 500);
      a.fop(13, 100);
      a.io('write', 4096);
      const b = BrickStats.open(file);
      const c = b.cumulative();
      expect(c.fops).toEqual([{ fop: 'WRITE', index: 13, hits: 2, avg: 300, min: 100, max: 500 }]);
      expect({ written: c.dataWritten, bucket12: c.writeBlocks[12] }).toEqual({ written: 4096, bucket12: 1 });
      expect(b.interval(false).interval).toBe(0);
      expect(a.interval(true)).toMatchObject({ interval: 1, fops: [], dataWritten: 0 });
      a.clear();
      expect(b.cumulative().fops).toEqual([]);
      expect(b.interval(true).interval).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
