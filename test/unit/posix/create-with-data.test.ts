// posix create with xdata.initialData: the bytes and every xattr are on the inode before it has
// a name (an O_TMPFILE file with the native addon, a .glusterfs/unlink name without), so the file
// is never seen empty or half written; the result equals a create followed by a write.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fopCode } from '../../helpers/fop-code.js';
import { gfid2pathEntry } from '../../../src/xlators/posix/gfid2path.js';
import { encodeMdata } from '../../../src/xlators/posix/mdata.js';
import { T1, gfidHex, handleOf, hexXattrs, makeBrick, newInode, type TestBrick } from './helpers.js';

let b: TestBrick;
const savedLink = process.env.TGLUSTER_NATIVE_LINK;
beforeEach(() => {
  b = makeBrick();
});
afterEach(() => {
  b.cleanup();
  if (savedLink === undefined) delete process.env.TGLUSTER_NATIVE_LINK;
  else process.env.TGLUSTER_NATIVE_LINK = savedLink;
});

const md = '0x' + encodeMdata({ ctime: T1, mtime: T1, atime: T1 }).toString('hex');
const DIRTY_ZERO = Buffer.alloc(12);
const unlinkDir = () => fs.readdirSync(path.join(b.dir, '.glusterfs', 'unlink'));

describe.each([
  ['an O_TMPFILE file (native addon)', undefined],
  ['a .glusterfs/unlink name (no addon)', '0'],
])('create with its first data, staged as %s', (_label, linkEnv) => {
  beforeEach(() => {
    if (linkEnv === undefined) delete process.env.TGLUSTER_NATIVE_LINK;
    else process.env.TGLUSTER_NATIVE_LINK = linkEnv;
  });

  it('leaves the data, xattrs, handle and times a create and a write leave', () => {
    b.posix.mkdir({ path: '/d' }, 0o755, newInode());
    const parent = b.posix.stat({ path: '/d' }).gfid;
    const x = { ...newInode(T1), initialData: Buffer.from('first bytes\n'), newXattrs: { 'trusted.afr.dirty': DIRTY_ZERO } };
    const iatt = b.posix.create({ path: '/d/f' }, 0o640, x);
    const real = path.join(b.dir, 'd', 'f');
    expect(fs.readFileSync(real, 'utf8')).toBe('first bytes\n');
    const [g2pKey, g2pValue] = gfid2pathEntry(parent, 'f');
    expect(hexXattrs(real)).toEqual({
      'trusted.gfid': gfidHex(x.gfidReq),
      [g2pKey]: '0x' + g2pValue.toString('hex'),
      'trusted.glusterfs.mdata': md,
      'trusted.afr.dirty': '0x' + '00'.repeat(12),
    });
    const st = fs.lstatSync(real);
    expect([st.mode & 0o7777, st.nlink, st.size]).toEqual([0o640, 2, 12]);
    expect(fs.lstatSync(handleOf(b.dir, x.gfidReq)).ino).toBe(st.ino);
    expect(iatt).toMatchObject({ gfid: x.gfidReq, type: 'file', nlink: 1, size: 12, mtime: T1 });
    // A zero counter needs no index entry; the stage leaves nothing behind.
    expect(fs.readdirSync(path.join(b.dir, '.glusterfs', 'indices', 'dirty')).filter((n) => !n.startsWith('dirty-'))).toEqual([]);
    expect(unlinkDir()).toEqual([]);
  });

  it('a name taken meanwhile: EEXIST, the existing file untouched, nothing left behind', () => {
    const first = newInode();
    b.posix.create({ path: '/f' }, 0o644, { ...first, initialData: Buffer.from('one') });
    const second = newInode();
    expect(fopCode(() => b.posix.create({ path: '/f' }, 0o644, { ...second, initialData: Buffer.from('two') }), 'no error')).toBe('EEXIST');
    expect(fs.readFileSync(path.join(b.dir, 'f'), 'utf8')).toBe('one');
    expect(hexXattrs(path.join(b.dir, 'f'))['trusted.gfid']).toBe(gfidHex(first.gfidReq));
    expect(fs.existsSync(handleOf(b.dir, second.gfidReq))).toBe(false);
    expect(unlinkDir()).toEqual([]);
  });

  it('a non-zero counter in newXattrs is indexed as an xattrop would index it', () => {
    const x = { ...newInode(), initialData: Buffer.from('x'), newXattrs: { 'trusted.afr.dirty': Buffer.from([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]) } };
    b.posix.create({ path: '/g' }, 0o644, x);
    expect(fs.readdirSync(path.join(b.dir, '.glusterfs', 'indices', 'dirty'))).toContain(x.gfidReq);
  });
});

it('refuses initialData that is not a Buffer', () => {
  const x = { ...newInode(), initialData: 'text' as unknown as Buffer };
  expect(fopCode(() => b.posix.create({ path: '/f' }, 0o644, x), 'no error')).toBe('EINVAL');
  expect(fs.existsSync(path.join(b.dir, 'f'))).toBe(false);
});
