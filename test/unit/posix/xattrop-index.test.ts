import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addArrays } from '../../../src/xlators/posix/xattrop.js';
import { getXattrOpt } from '../../../src/xattr/index.js';
import { hexXattrs, makeBrick, newInode, type TestBrick } from './helpers.js';

let b: TestBrick;
beforeEach(() => {
  b = makeBrick();
});
afterEach(() => b.cleanup());

const arr = (d: number, m: number, e: number) => {
  const x = Buffer.alloc(12);
  x.writeInt32BE(d, 0);
  x.writeInt32BE(m, 4);
  x.writeInt32BE(e, 8);
  return x;
};
const idx = (kind: string) => path.join(b.dir, '.glusterfs', 'indices', kind);
const ls = (d: string) => fs.readdirSync(d).sort();
const baseOf = (kind: string) => ls(idx(kind)).filter((n) => n.startsWith(`${kind}-`));

describe('ADD_ARRAY', () => {
  it('adds element-wise as BE s32 with C wrap-around', () => {
    expect(addArrays(arr(1, 2, 3), arr(-1, 5, 0x7fffffff)).toString('hex')).toBe('00000000' + '00000007' + '80000002');
    expect(addArrays(undefined, arr(0, 1, -1)).toString('hex')).toBe('00000000' + '00000001' + 'ffffffff');
  });
  it('refuses values that are not s32 arrays or do not match the stored length', () => {
    expect(() => addArrays(undefined, Buffer.alloc(5))).toThrow(/5 bytes/);
    expect(() => addArrays(Buffer.alloc(8), Buffer.alloc(12))).toThrow(/8-byte/);
  });
});

describe('xattrop', () => {
  it('creates nothing for a zero add to an absent key, and keeps zeroed keys', () => {
    const x = newInode();
    b.posix.create({ path: '/f' }, 0o644, x);
    const f = path.join(b.dir, 'f');
    const out = b.posix.xattrop({ path: '/f' }, { 'trusted.afr.vol-client-1': arr(0, 0, 0), 'trusted.afr.dirty': arr(0, 0, 0) });
    expect(out['trusted.afr.vol-client-1'].toString('hex')).toBe('0'.repeat(24));
    expect(getXattrOpt(f, 'trusted.afr.vol-client-1')).toBeUndefined();
    expect(getXattrOpt(f, 'trusted.afr.dirty')).toBeUndefined();

    b.posix.xattrop({ path: '/f' }, { 'trusted.afr.dirty': arr(1, 0, 0) });
    const back = b.posix.xattrop({ path: '/f' }, { 'trusted.afr.dirty': arr(-1, 0, 0) });
    expect(back['trusted.afr.dirty'].toString('hex')).toBe('0'.repeat(24));
    expect(hexXattrs(f)['trusted.afr.dirty']).toBe('0x000000000000000000000000');
  });

  it('keeps indices/xattrop/<gfid> while any watched pending key is non-zero', () => {
    const x = newInode();
    b.posix.create({ path: '/f' }, 0o644, x);
    b.posix.xattrop({ path: '/f' }, { 'trusted.afr.vol-client-1': arr(1, 0, 0), 'trusted.afr.vol-client-2': arr(0, 1, 0) });
    const [base] = baseOf('xattrop');
    expect(base).toMatch(/^xattrop-[0-9a-f-]{36}$/);
    expect(ls(idx('xattrop'))).toEqual([base, x.gfidReq].sort());
    const bst = fs.lstatSync(path.join(idx('xattrop'), base));
    expect([bst.mode & 0o7777, bst.size, bst.nlink]).toEqual([0, 0, 2]);
    expect(fs.lstatSync(path.join(idx('xattrop'), x.gfidReq)).ino).toBe(bst.ino);

    b.posix.xattrop({ path: '/f' }, { 'trusted.afr.vol-client-1': arr(-1, 0, 0) });
    expect(ls(idx('xattrop'))).toContain(x.gfidReq); // client-2 still blamed
    b.posix.xattrop({ path: '/f' }, { 'trusted.afr.vol-client-2': arr(0, -1, 0) });
    expect(ls(idx('xattrop'))).toEqual([base]);
    expect(fs.lstatSync(path.join(idx('xattrop'), base)).nlink).toBe(1);
  });

  it('watches only this volume: other volumes and dirty do not enter xattrop', () => {
    const x = newInode();
    b.posix.create({ path: '/f' }, 0o644, x);
    b.posix.xattrop({ path: '/f' }, { 'trusted.afr.other-client-0': arr(1, 0, 0), 'trusted.afr.dirty': arr(1, 0, 0) });
    expect(ls(idx('xattrop')).filter((n) => !n.startsWith('xattrop-'))).toEqual([]);
    expect(ls(idx('dirty')).filter((n) => !n.startsWith('dirty-'))).toEqual([x.gfidReq]);
    b.posix.xattrop({ path: '/f' }, { 'trusted.afr.dirty': arr(-1, 0, 0) });
    expect(ls(idx('dirty')).filter((n) => !n.startsWith('dirty-'))).toEqual([]);
  });

  it('adds and removes granular entry-changes/<parent gfid>/<name> links', () => {
    const d = newInode();
    b.posix.mkdir({ path: '/d1' }, 0o755, d);
    const add = { 'trusted.afr.vol-client-2': arr(0, 0, 1) };
    b.posix.xattrop({ path: '/d1' }, add, { entryName: 'new1' });
    b.posix.xattrop({ path: '/d1' }, add, { entryName: 'f4' });
    const ec = idx('entry-changes');
    const [base] = baseOf('entry-changes');
    expect(ls(path.join(ec, d.gfidReq))).toEqual(['f4', 'new1']);
    const st = fs.lstatSync(path.join(ec, d.gfidReq));
    expect(st.mode & 0o7777).toBe(0o600);
    expect(fs.lstatSync(path.join(ec, base)).nlink).toBe(3);
    expect(ls(idx('xattrop'))).toContain(d.gfidReq);

    b.posix.xattrop({ path: '/d1' }, { 'trusted.afr.vol-client-2': arr(0, 0, -1) }, { entryName: 'new1', entryDelete: true });
    expect(ls(path.join(ec, d.gfidReq))).toEqual(['f4']);
    b.posix.xattrop({ path: '/d1' }, { 'trusted.afr.vol-client-2': arr(0, 0, -1) }, { entryName: 'f4', entryDelete: true });
    expect(ls(ec)).toEqual([base]);
    expect(ls(idx('xattrop'))).not.toContain(d.gfidReq);
  });

  it('reuses an earlier incarnation base file and deletes stale ones', () => {
    const old1 = path.join(idx('xattrop'), 'xattrop-00000000-0000-4000-8000-000000000001');
    const old2 = path.join(idx('xattrop'), 'xattrop-00000000-0000-4000-8000-000000000002');
    fs.writeFileSync(old1, '');
    fs.writeFileSync(old2, '');
    const x = newInode();
    b.posix.create({ path: '/f' }, 0o644, x);
    b.posix.xattrop({ path: '/f' }, { 'trusted.afr.vol-client-0': arr(1, 0, 0) });
    expect(ls(idx('xattrop'))).toEqual([path.basename(old1), x.gfidReq].sort());
    expect(fs.lstatSync(old1).ino).toBe(fs.lstatSync(path.join(idx('xattrop'), x.gfidReq)).ino);
  });

  it('drops index entries when the inode goes', () => {
    const x = newInode();
    b.posix.create({ path: '/f' }, 0o644, x);
    b.posix.xattrop({ path: '/f' }, { 'trusted.afr.vol-client-0': arr(1, 0, 0), 'trusted.afr.dirty': arr(1, 0, 0) });
    b.posix.unlink({ path: '/f' });
    expect(ls(idx('xattrop')).filter((n) => !n.startsWith('xattrop-'))).toEqual([]);
    expect(ls(idx('dirty')).filter((n) => !n.startsWith('dirty-'))).toEqual([]);
  });

  it('does not stamp mdata (xattrop is not a time-changing fop)', () => {
    b.posix.create({ path: '/f' }, 0o644, newInode());
    const before = hexXattrs(path.join(b.dir, 'f'))['trusted.glusterfs.mdata'];
    b.posix.xattrop({ path: '/f' }, { 'trusted.afr.vol-client-0': arr(1, 0, 0) }, { time: { sec: 2e9, nsec: 0 } });
    expect(hexXattrs(path.join(b.dir, 'f'))['trusted.glusterfs.mdata']).toBe(before);
  });
});
