// open(..., { initialData }) and writeFile: a new file is created with its first bytes in the
// create itself; an existing one is opened and written as before.
import { afterEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { clientFor } from '../../src/api/index.js';
import { IO_CHUNK } from '../../src/api/client.js';
import { makeVolume, type TestVolume } from '../unit/api/helpers.js';

let tv: TestVolume | undefined;
afterEach(() => tv?.cleanup());

describe('initial data', () => {
  it('open creates with it (initialWritten) or opens an existing file without it', async () => {
    tv = makeVolume('api1', { bricks: 3, replica: 3 });
    const c = clientFor(tv.volume, { home: tv.dir });
    const fresh = await c.open('/f', 'w', 0o644, { initialData: Buffer.from('made with it') });
    expect(fresh.initialWritten).toBe(true);
    await fresh.close();
    for (const b of tv.brickPaths) expect(fs.readFileSync(path.join(b, 'f'), 'utf8')).toBe('made with it');
    const again = await c.open('/f', 'w', 0o644, { initialData: Buffer.from('ignored') });
    expect(again.initialWritten).toBe(false);
    // 'w' truncated the existing file; the caller writes its bytes itself.
    expect((await c.readFile('/f')).toString()).toBe('');
    await again.write(Buffer.from('written'), 0);
    expect((await c.readFile('/f')).toString()).toBe('written');
  });

  it('writeFile: new, existing, empty and larger than one chunk', async () => {
    tv = makeVolume('api2', { bricks: 6, replica: 3 });
    const c = clientFor(tv.volume, { home: tv.dir });
    await c.writeFile('/new', 'new file\n');
    await c.writeFile('/new', 'replaced\n');
    await c.writeFile('/empty', '');
    const big = Buffer.alloc(IO_CHUNK + 12345);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7) & 0xff;
    await c.writeFile('/big', big);
    expect((await c.readFile('/new')).toString()).toBe('replaced\n');
    expect((await c.readFile('/empty')).length).toBe(0);
    expect((await c.readFile('/big')).equals(big)).toBe(true);
    // No copy of any file is left marked: every transaction finished.
    for (const b of tv.brickPaths) {
      for (const name of ['new', 'empty', 'big']) {
        const p = path.join(b, name);
        if (fs.existsSync(p)) expect([p, fs.readdirSync(path.join(b, '.glusterfs', 'indices', 'dirty')).filter((n) => !n.startsWith('dirty-'))]).toEqual([p, []]);
      }
    }
  });
});
