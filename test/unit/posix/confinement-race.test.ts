// A directory swapped for a symlink while fops run cannot lead posix outside the brick: another
// process renames brick/d away and puts a symlink to an outside directory in its place, back and
// forth, while this one creates, writes, stats and removes names under /d. Nothing may ever appear
// in the outside directory, with openat2 and with the O_NOFOLLOW walk alike.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { makeBrick, type TestBrick } from './helpers.js';

const SWAPPER = `
const fs = require('fs');
const [d, real, outside, n] = process.argv.slice(1);
process.stdout.write('go\\n');
for (let i = 0; i < Number(n); i++) {
  try { fs.renameSync(d, real); fs.symlinkSync(outside, d); fs.unlinkSync(d); fs.renameSync(real, d); } catch {}
}
`;

let b: TestBrick | undefined;
let outside: string | undefined;
afterEach(() => {
  b?.cleanup();
  if (outside) fs.rmSync(outside, { recursive: true, force: true });
  delete process.env.TGLUSTER_NATIVE_BENEATH;
});

describe.each([['openat2', '1'], ['O_NOFOLLOW walk', '0']])('confinement under a swapping directory (%s)', (_what, native) => {
  it('never creates, writes or removes anything outside the brick', async () => {
    process.env.TGLUSTER_NATIVE_BENEATH = native;
    b = makeBrick();
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-outside-'));
    b.posix.mkdir({ path: '/d', name: 'd' }, 0o755, { gfidReq: randomUUID() });
    const d = path.join(b.dir, 'd');
    const swapper = spawn(process.execPath, ['-e', SWAPPER, d, `${d}.real`, outside, '8000'], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => swapper.stdout.once('data', () => resolve()));
    const done = new Promise((resolve) => swapper.on('close', resolve));
    const codes = new Set<string>();
    let running = true;
    void done.then(() => (running = false));
    for (let i = 0; running && i < 3000; i++) {
      const loc = { path: `/d/f${i % 7}`, name: `f${i % 7}` };
      try {
        b.posix.create(loc, 0o644, { gfidReq: randomUUID() });
        b.posix.writev(loc, 0, Buffer.from('x'));
        b.posix.stat(loc);
        b.posix.unlink(loc);
        codes.add('ok');
      } catch (e) {
        // ENOENT, ELOOP, ENOTDIR while the directory is away: refusals, never escapes
        codes.add(String((e as { code?: string }).code));
      }
      if (i % 50 === 0) await new Promise((r) => setImmediate(r));
    }
    await done;
    expect(fs.readdirSync(outside)).toEqual([]);
    // The symlink was met (the race ran), and only ever refused.
    expect(codes.has('ELOOP')).toBe(true);
    expect([...codes].filter((c) => !['ok', 'ENOENT', 'ELOOP', 'ENOTDIR', 'ESTALE', 'EEXIST'].includes(c))).toEqual([]);
  });
});
