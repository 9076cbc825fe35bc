// TGLUSTER_XATTR_NS=user: trusted.* stored as user.tgluster.trusted.*, symlinks via the sidecar.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gfid2pathEntry } from '../../../src/xlators/posix/gfid2path.js';
import { ROOT, gfidHex, handleOf, hexXattrs, makeBrick, newInode, type TestBrick } from './helpers.js';

const saved = process.env.TGLUSTER_XATTR_NS;
beforeAll(() => {
  process.env.TGLUSTER_XATTR_NS = 'user';
});
afterAll(() => {
  if (saved === undefined) delete process.env.TGLUSTER_XATTR_NS;
  else process.env.TGLUSTER_XATTR_NS = saved;
});

let b: TestBrick;
beforeEach(() => {
  b = makeBrick();
});
afterEach(() => b.cleanup());

/** Raw on-disk xattr names, as getfattr sees them (no tgluster mapping). */
function diskNames(p: string): string[] {
  const out = execFileSync('getfattr', ['-h', '-d', '-m', '-', '--absolute-names', p], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((l) => l.includes('='))
    .map((l) => l.split('=')[0])
    .sort();
}

describe('user xattr namespace', () => {
  it('stores trusted.* under user.tgluster.trusted.* and reads them back by their GlusterFS names', () => {
    const x = newInode();
    b.posix.create({ path: '/f' }, 0o644, x);
    const f = path.join(b.dir, 'f');
    const [g2pKey] = gfid2pathEntry(ROOT, 'f');
    expect(diskNames(f)).toEqual(
      ['user.tgluster.trusted.gfid', `user.tgluster.${g2pKey}`, 'user.tgluster.trusted.glusterfs.mdata'].sort(),
    );
    expect(diskNames(b.dir)).toContain('user.tgluster.trusted.gfid');
    expect(b.posix.lookup({ path: '/f' }).iatt.gfid).toBe(x.gfidReq);
    expect(hexXattrs(f)['trusted.gfid']).toBe(gfidHex(x.gfidReq));
  });

  it('keeps symlink xattrs in the sidecar, reachable through the handle, gone with the link', () => {
    const x = newInode();
    b.posix.symlink('target', { path: '/s' }, x);
    const s = path.join(b.dir, 's');
    expect(diskNames(s)).toEqual([]);
    expect(b.posix.stat({ path: '/s' }).gfid).toBe(x.gfidReq);
    expect(b.posix.stat({ path: '', gfid: x.gfidReq }).gfid).toBe(x.gfidReq);
    b.posix.rename({ path: '/s' }, { path: '/s2' });
    const [k2] = gfid2pathEntry(ROOT, 's2');
    expect(Object.keys(hexXattrs(path.join(b.dir, 's2')))).toContain(k2);
    const sidecars = path.join(b.dir, '.glusterfs', 'tgluster-lxattr');
    expect(fs.readdirSync(sidecars)).toHaveLength(1);
    b.posix.unlink({ path: '/s2' });
    expect(fs.existsSync(handleOf(b.dir, x.gfidReq))).toBe(false);
    expect(fs.readdirSync(sidecars)).toHaveLength(0);
  });

  it('indexes AFR counters stored in the user namespace', () => {
    const x = newInode();
    b.posix.create({ path: '/f' }, 0o644, x);
    b.posix.xattrop({ path: '/f' }, { 'trusted.afr.vol-client-1': Buffer.from('000000010000000000000000', 'hex') });
    expect(diskNames(path.join(b.dir, 'f'))).toContain('user.tgluster.trusted.afr.vol-client-1');
    expect(fs.existsSync(path.join(b.dir, '.glusterfs', 'indices', 'xattrop', x.gfidReq))).toBe(true);
  });
});
