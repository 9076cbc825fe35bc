// kill -9 in the middle of a fop: what is left is what a named lookup or a re-run repairs.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { gfid2pathEntry } from '../../../src/xlators/posix/gfid2path.js';
import { bundleChild } from './child-bundle.js';
import { ROOT, T1, handleOf, hexXattrs, makeBrick, newInode, type TestBrick } from './helpers.js';

let child: ReturnType<typeof bundleChild>;
beforeAll(() => {
  child = bundleChild(path.join(__dirname, 'crash-child.ts'));
});
afterAll(() => child.cleanup());

let b: TestBrick;
beforeEach(() => {
  b = makeBrick();
});
afterEach(() => b.cleanup());

function runKilled(point: string, fop: string, args: unknown[]) {
  const r = spawnSync(process.execPath, [child.file, b.dir, fop, JSON.stringify(args)], {
    env: { ...process.env, TGLUSTER_CRASH_AT: point },
    encoding: 'utf8',
  });
  return { signal: r.signal, stdout: r.stdout };
}

describe('crash consistency', () => {
  it('create killed after the gfid: the next named lookup restores the handle', () => {
    const g = randomUUID();
    const r = runKilled('posix.after-gfid', 'create', [{ path: '/f' }, 0o644, { gfidReq: g, time: T1 }]);
    expect(r).toEqual({ signal: 'SIGKILL', stdout: '' });
    expect(fs.existsSync(handleOf(b.dir, g))).toBe(false);
    expect(b.posix.lookup({ path: '/f' }).iatt.gfid).toBe(g);
    expect(fs.lstatSync(handleOf(b.dir, g)).ino).toBe(fs.lstatSync(path.join(b.dir, 'f')).ino);
  });

  it('directory rename killed before the handle rewrite: the next named lookup rewrites it', () => {
    const d = newInode();
    b.posix.mkdir({ path: '/d' }, 0o755, d);
    const r = runKilled('posix.after-rename', 'rename', [{ path: '/d' }, { path: '/e' }]);
    expect(r.signal).toBe('SIGKILL');
    expect(fs.readlinkSync(handleOf(b.dir, d.gfidReq))).toBe(`../../00/00/${ROOT}/d`);
    b.posix.lookup({ path: '/e' });
    expect(fs.readlinkSync(handleOf(b.dir, d.gfidReq))).toBe(`../../00/00/${ROOT}/e`);
  });

  it('a file rename killed before the gfid2path swap leaves the old key (as GlusterFS tolerates)', () => {
    const x = newInode();
    b.posix.create({ path: '/a' }, 0o644, x);
    const r = runKilled('posix.after-rename', 'rename', [{ path: '/a' }, { path: '/b' }]);
    expect(r.signal).toBe('SIGKILL');
    const [oldKey] = gfid2pathEntry(ROOT, 'a');
    expect(Object.keys(hexXattrs(path.join(b.dir, 'b')))).toContain(oldKey);
    expect(b.posix.stat({ path: '/b' }).gfid).toBe(x.gfidReq);
  });
});
