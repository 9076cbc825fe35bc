import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { fopCode } from '../../helpers/fop-code.js';
import { gfid2pathEntry } from '../../../src/xlators/posix/gfid2path.js';
import { encodeMdata } from '../../../src/xlators/posix/mdata.js';
import { getXattr } from '../../../src/xattr/index.js';
import { ROOT, T1, T2, gfidHex, handleOf, hexXattrs, makeBrick, newInode, type TestBrick } from './helpers.js';

let b: TestBrick;
beforeEach(() => {
  b = makeBrick();
});
afterEach(() => b.cleanup());

const md = (c = T1, m = T1, a = T1) => '0x' + encodeMdata({ ctime: c, mtime: m, atime: a }).toString('hex');
const g2p = (parent: string, name: string) => {
  const [k, v] = gfid2pathEntry(parent, name);
  return { [k]: '0x' + v.toString('hex') };
};
const code = (fn: () => unknown) => fopCode(fn, 'no error');

describe('create', () => {
  it('writes the xattrs, handle and times GlusterFS writes', () => {
    const x = newInode(T1);
    const iatt = b.posix.create({ path: '/f1' }, 0o644, x);
    const real = path.join(b.dir, 'f1');
    expect(hexXattrs(real)).toEqual({
      'trusted.gfid': gfidHex(x.gfidReq),
      ...g2p(ROOT, 'f1'),
      'trusted.glusterfs.mdata': md(),
    });
    const st = fs.lstatSync(real);
    expect(st.mode & 0o7777).toBe(0o644);
    expect(st.nlink).toBe(2);
    expect(fs.lstatSync(handleOf(b.dir, x.gfidReq)).ino).toBe(st.ino);
    expect(iatt).toMatchObject({ gfid: x.gfidReq, type: 'file', nlink: 1, size: 0, mtime: T1, ctime: T1, atime: T1 });
    // The parent directory's ctime/mtime follow (root had no mdata yet: created from the fop time).
    expect(hexXattrs(b.dir)['trusted.glusterfs.mdata']).toBe(md());
  });

  it('applies the exact mode regardless of umask and the owner from xdata', () => {
    const old = process.umask(0o077);
    try {
      b.posix.create({ path: '/f' }, 0o4755, { ...newInode(), uid: 1234, gid: 4321 });
    } finally {
      process.umask(old);
    }
    const st = fs.lstatSync(path.join(b.dir, 'f'));
    expect([st.mode & 0o7777, st.uid, st.gid]).toEqual([0o4755, 1234, 4321]);
  });

  it('refuses an existing name, a missing gfidReq and a gfid already in use', () => {
    const x = newInode();
    b.posix.create({ path: '/f' }, 0o644, x);
    expect(code(() => b.posix.create({ path: '/f' }, 0o644, newInode()))).toBe('EEXIST');
    expect(code(() => b.posix.create({ path: '/g' }, 0o644, {}))).toBe('EINVAL');
    expect(code(() => b.posix.create({ path: '/g' }, 0o644, { gfidReq: x.gfidReq }))).toBe('EEXIST');
    expect(fs.existsSync(path.join(b.dir, 'g'))).toBe(false);
    expect(code(() => b.posix.create({ path: '/nodir/g' }, 0o644, newInode()))).toBe('ENOENT');
  });
});

describe('mkdir', () => {
  it('creates a relative symlink handle through the parent handle', () => {
    const d1 = newInode();
    b.posix.mkdir({ path: '/d1' }, 0o755, d1);
    const sub = newInode();
    b.posix.mkdir({ path: '/d1/sub' }, 0o700, sub);
    expect(fs.readlinkSync(handleOf(b.dir, d1.gfidReq))).toBe(`../../00/00/${ROOT}/d1`);
    expect(fs.readlinkSync(handleOf(b.dir, sub.gfidReq))).toBe(
      `../../${d1.gfidReq.slice(0, 2)}/${d1.gfidReq.slice(2, 4)}/${d1.gfidReq}/sub`,
    );
    // The handle resolves to the directory itself.
    expect(fs.statSync(handleOf(b.dir, sub.gfidReq)).ino).toBe(fs.statSync(path.join(b.dir, 'd1/sub')).ino);
    expect(hexXattrs(path.join(b.dir, 'd1'))).toEqual({ 'trusted.gfid': gfidHex(d1.gfidReq), 'trusted.glusterfs.mdata': md() });
    expect(fs.statSync(path.join(b.dir, 'd1/sub')).mode & 0o7777).toBe(0o700);
  });
});

describe('set-group-ID directories', () => {
  it('hand their group to new entries and the bit to new directories', () => {
    b.posix.mkdir({ path: '/g' }, 0o2775, { ...newInode(), gid: 777 });
    b.posix.create({ path: '/g/f' }, 0o644, { ...newInode(), gid: 5 });
    b.posix.mkdir({ path: '/g/sub' }, 0o755, { ...newInode(), gid: 5 });
    const f = fs.statSync(path.join(b.dir, 'g/f'));
    const sub = fs.statSync(path.join(b.dir, 'g/sub'));
    expect([f.gid, f.mode & 0o7777]).toEqual([777, 0o644]);
    expect([sub.gid, sub.mode & 0o7777]).toEqual([777, 0o2755]);
  });
});

describe('symlink', () => {
  it('stores xattrs on the link itself and hard-links it as its handle', () => {
    const x = newInode();
    const iatt = b.posix.symlink('/etc/passwd', { path: '/s' }, x);
    const real = path.join(b.dir, 's');
    expect(iatt.type).toBe('symlink');
    expect(b.posix.readlink({ path: '/s' })).toBe('/etc/passwd');
    expect(hexXattrs(real)).toEqual({ 'trusted.gfid': gfidHex(x.gfidReq), ...g2p(ROOT, 's'), 'trusted.glusterfs.mdata': md() });
    const h = fs.lstatSync(handleOf(b.dir, x.gfidReq));
    expect(h.isSymbolicLink() && h.ino === fs.lstatSync(real).ino).toBe(true);
  });
});

describe('link / unlink', () => {
  it('keeps one gfid2path key per name and drops the handle with the last name', () => {
    const x = newInode();
    b.posix.mkdir({ path: '/d' }, 0o755, newInode());
    const dGfid = getXattr(path.join(b.dir, 'd'), 'trusted.gfid').toString('hex');
    const dCanon = `${dGfid.slice(0, 8)}-${dGfid.slice(8, 12)}-${dGfid.slice(12, 16)}-${dGfid.slice(16, 20)}-${dGfid.slice(20)}`;
    b.posix.create({ path: '/f' }, 0o644, x);
    const iatt = b.posix.link({ path: '/f' }, { path: '/d/f-hl' }, { time: T2 });
    expect(iatt.nlink).toBe(2);
    const real = path.join(b.dir, 'f');
    expect(hexXattrs(real)).toEqual({
      'trusted.gfid': gfidHex(x.gfidReq),
      ...g2p(ROOT, 'f'),
      ...g2p(dCanon, 'f-hl'),
      'trusted.glusterfs.mdata': md(T2, T1, T1),
    });
    b.posix.unlink({ path: '/f' });
    const hl = path.join(b.dir, 'd/f-hl');
    expect(Object.keys(hexXattrs(hl)).filter((k) => k.startsWith('trusted.gfid2path.'))).toEqual(Object.keys(g2p(dCanon, 'f-hl')));
    expect(fs.existsSync(handleOf(b.dir, x.gfidReq))).toBe(true);
    expect(b.posix.stat({ path: '/d/f-hl' }).nlink).toBe(1);
    b.posix.unlink({ path: '/d/f-hl' });
    expect(fs.existsSync(handleOf(b.dir, x.gfidReq))).toBe(false);
    expect(fs.readdirSync(path.join(b.dir, 'd'))).toEqual([]);
  });

  it('gives the errno a brick gives', () => {
    b.posix.mkdir({ path: '/d' }, 0o755, newInode());
    expect(code(() => b.posix.unlink({ path: '/d' }))).toBe('EISDIR');
    expect(code(() => b.posix.unlink({ path: '/nope' }))).toBe('ENOENT');
    expect(code(() => b.posix.link({ path: '/d' }, { path: '/d2' }))).toBe('EPERM');
  });
});

describe('rmdir', () => {
  it('removes the directory and its handle; refuses non-empty ones and files', () => {
    const d = newInode();
    b.posix.mkdir({ path: '/d' }, 0o755, d);
    b.posix.create({ path: '/d/f' }, 0o644, newInode());
    expect(code(() => b.posix.rmdir({ path: '/d' }))).toBe('ENOTEMPTY');
    expect(code(() => b.posix.rmdir({ path: '/d/f' }))).toBe('ENOTDIR');
    b.posix.unlink({ path: '/d/f' });
    b.posix.rmdir({ path: '/d' });
    expect(fs.existsSync(path.join(b.dir, 'd'))).toBe(false);
    expect(fs.existsSync(handleOf(b.dir, d.gfidReq))).toBe(false);
    expect(code(() => b.posix.rmdir({ path: '/' }))).toBe('EBUSY');
  });
});

describe('rename', () => {
  it('swaps the gfid2path key of a file and keeps its handle', () => {
    const x = newInode();
    b.posix.create({ path: '/a' }, 0o644, x);
    b.posix.rename({ path: '/a' }, { path: '/b' }, { time: T2 });
    const real = path.join(b.dir, 'b');
    expect(hexXattrs(real)).toEqual({ 'trusted.gfid': gfidHex(x.gfidReq), ...g2p(ROOT, 'b'), 'trusted.glusterfs.mdata': md(T2, T1, T1) });
    expect(fs.lstatSync(handleOf(b.dir, x.gfidReq)).ino).toBe(fs.lstatSync(real).ino);
  });

  it('rewrites the handle symlink of a moved directory (mv d2/sub d1/sub2)', () => {
    const d1 = newInode();
    const d2 = newInode();
    const sub = newInode();
    b.posix.mkdir({ path: '/d1' }, 0o755, d1);
    b.posix.mkdir({ path: '/d2' }, 0o755, d2);
    b.posix.mkdir({ path: '/d2/sub' }, 0o755, sub);
    b.posix.rename({ path: '/d2/sub' }, { path: '/d1/sub2' });
    expect(fs.readlinkSync(handleOf(b.dir, sub.gfidReq))).toBe(
      `../../${d1.gfidReq.slice(0, 2)}/${d1.gfidReq.slice(2, 4)}/${d1.gfidReq}/sub2`,
    );
  });

  it('replaces an empty directory and drops its handle', () => {
    const a = newInode();
    const v = newInode();
    b.posix.mkdir({ path: '/a' }, 0o755, a);
    b.posix.mkdir({ path: '/v' }, 0o755, v);
    b.posix.rename({ path: '/a' }, { path: '/v' });
    expect(fs.existsSync(handleOf(b.dir, v.gfidReq))).toBe(false);
    expect(fs.readlinkSync(handleOf(b.dir, a.gfidReq))).toBe(`../../00/00/${ROOT}/v`);
    b.posix.mkdir({ path: '/w' }, 0o755, newInode());
    b.posix.create({ path: '/w/x' }, 0o644, newInode());
    expect(code(() => b.posix.rename({ path: '/v' }, { path: '/w' }))).toBe('ENOTEMPTY');
    expect(code(() => b.posix.rename({ path: '/v' }, { path: '/v/inside' }))).toBe('EINVAL');
  });

  it('keeps the other names of a replaced hard-linked file', () => {
    const v = newInode();
    b.posix.create({ path: '/a' }, 0o644, newInode());
    b.posix.create({ path: '/v' }, 0o644, v);
    b.posix.link({ path: '/v' }, { path: '/v2' });
    b.posix.rename({ path: '/a' }, { path: '/v' });
    const keys = Object.keys(hexXattrs(path.join(b.dir, 'v2'))).filter((k) => k.startsWith('trusted.gfid2path.'));
    expect(keys).toEqual(Object.keys(g2p(ROOT, 'v2')));
    expect(b.posix.stat({ path: '/v2' })).toMatchObject({ gfid: v.gfidReq, nlink: 1 });
  });

  it('drops the handle of a file it replaces', () => {
    const a = newInode();
    const v = newInode();
    b.posix.create({ path: '/a' }, 0o644, a);
    b.posix.create({ path: '/v' }, 0o644, v);
    b.posix.rename({ path: '/a' }, { path: '/v' });
    expect(fs.existsSync(handleOf(b.dir, v.gfidReq))).toBe(false);
    expect(b.posix.stat({ path: '/v' }).gfid).toBe(a.gfidReq);
  });
});

describe('data and attributes', () => {
  it('writev/readv/truncate move mtime and ctime forward only, never atime', () => {
    const x = newInode(T1);
    b.posix.create({ path: '/f' }, 0o644, x);
    const after = b.posix.writev({ path: '/f' }, 3, Buffer.from('hello'), { time: T2 });
    expect(after).toMatchObject({ size: 8, mtime: T2, ctime: T2, atime: T1 });
    expect(b.posix.readv({ path: '/f' }, 0, 100).toString('hex')).toBe('000000' + Buffer.from('hello').toString('hex'));
    expect(b.posix.readv({ path: '/f' }, 4, 2).toString()).toBe('el');
    // An older time (another replica's late fop) does not move times back.
    b.posix.truncate({ path: '/f' }, 2, { time: T1 });
    expect(hexXattrs(path.join(b.dir, 'f'))['trusted.glusterfs.mdata']).toBe(md(T2, T2, T1));
    expect(fs.statSync(path.join(b.dir, 'f')).size).toBe(2);
  });

  it('chmod stamps ctime; utimes sets mtime/atime even backwards', () => {
    b.posix.create({ path: '/f' }, 0o644, newInode(T2));
    const i1 = b.posix.setattr({ path: '/f' }, { mode: 0o600 }, { time: { sec: T2.sec + 5, nsec: 0 } });
    expect(i1.mode & 0o7777).toBe(0o600);
    expect(i1.ctime).toEqual({ sec: T2.sec + 5, nsec: 0 });
    const i2 = b.posix.setattr({ path: '/f' }, { mtime: T1, atime: T1 }, { time: { sec: T2.sec + 6, nsec: 0 } });
    expect(i2).toMatchObject({ mtime: T1, atime: T1, ctime: { sec: T2.sec + 6, nsec: 0 } });
  });

  it('reads and writes only regular files', () => {
    b.posix.mkdir({ path: '/d' }, 0o755, newInode());
    b.posix.symlink('d', { path: '/s' }, newInode());
    expect(code(() => b.posix.readv({ path: '/d' }, 0, 1))).toBe('EISDIR');
    expect(code(() => b.posix.writev({ path: '/s' }, 0, Buffer.from('x')))).toBe('EINVAL');
    expect(code(() => b.posix.readlink({ path: '/d' }))).toBe('EINVAL');
  });
});

describe('xattr fops', () => {
  it('sets, gets and removes xattrs with create/replace flags', () => {
    b.posix.create({ path: '/f' }, 0o644, newInode());
    b.posix.setxattr({ path: '/f' }, { 'user.a': Buffer.from('1') });
    expect(code(() => b.posix.setxattr({ path: '/f' }, { 'user.a': Buffer.from('2') }, 'create'))).toBe('EEXIST');
    expect(code(() => b.posix.setxattr({ path: '/f' }, { 'user.b': Buffer.from('2') }, 'replace'))).toBe('ENODATA');
    expect(b.posix.getxattr({ path: '/f' }, 'user.a')['user.a'].toString()).toBe('1');
    b.posix.removexattr({ path: '/f' }, 'user.a');
    expect(code(() => b.posix.getxattr({ path: '/f' }, 'user.a'))).toBe('ENODATA');
  });
});

describe('lookup and readdir', () => {
  it('lookup returns all on-disk xattrs and repairs a missing handle', () => {
    const x = newInode();
    b.posix.create({ path: '/f' }, 0o644, x);
    fs.unlinkSync(handleOf(b.dir, x.gfidReq));
    const r = b.posix.lookup({ path: '/f' });
    expect(r.iatt.gfid).toBe(x.gfidReq);
    expect(Object.keys(r.xattrs).sort()).toEqual(['trusted.gfid', Object.keys(g2p(ROOT, 'f'))[0], 'trusted.glusterfs.mdata'].sort());
    expect(fs.lstatSync(handleOf(b.dir, x.gfidReq)).ino).toBe(fs.lstatSync(path.join(b.dir, 'f')).ino);
  });

  it('a named lookup adopts gfidReq for an object without a gfid', () => {
    fs.writeFileSync(path.join(b.dir, 'legacy'), 'x');
    fs.mkdirSync(path.join(b.dir, 'ldir'));
    const g = randomUUID();
    expect(b.posix.lookup({ path: '/legacy' }).iatt.gfid).toBe('00000000-0000-0000-0000-000000000000');
    expect(b.posix.lookup({ path: '/legacy' }, { gfidReq: g }).iatt.gfid).toBe(g);
    expect(fs.existsSync(handleOf(b.dir, g))).toBe(true);
    const gd = randomUUID();
    b.posix.lookup({ path: '/ldir' }, { gfidReq: gd });
    expect(fs.readlinkSync(handleOf(b.dir, gd))).toBe(`../../00/00/${ROOT}/ldir`);
  });

  it('resolves nameless (gfid) locs through handles', () => {
    const d = newInode();
    const f = newInode();
    b.posix.mkdir({ path: '/d' }, 0o755, d);
    b.posix.mkdir({ path: '/d/e' }, 0o755, newInode());
    b.posix.create({ path: '/d/e/f' }, 0o644, f);
    b.posix.writev({ path: '', gfid: f.gfidReq }, 0, Buffer.from('by gfid'));
    expect(b.posix.readv({ path: '/d/e/f' }, 0, 7).toString()).toBe('by gfid');
    expect(b.posix.stat({ path: '', gfid: d.gfidReq }).gfid).toBe(d.gfidReq);
    expect(b.posix.readdir({ path: '', gfid: d.gfidReq }).map((e) => e.name)).toEqual(['e']);
    expect(b.posix.lookup({ path: '', gfid: ROOT }).iatt.type).toBe('dir');
    expect(code(() => b.posix.stat({ path: '', gfid: randomUUID() }))).toBe('ESTALE');
  });

  it('readdir hides .glusterfs and carries iatt and xattrs (linkto visible)', () => {
    b.posix.create({ path: '/f' }, 0o1000, newInode());
    b.posix.setxattr({ path: '/f' }, { 'trusted.glusterfs.dht.linkto': Buffer.from('vol-client-1\0') });
    b.posix.mkdir({ path: '/d' }, 0o755, newInode());
    const ents = b.posix.readdir({ path: '/' });
    expect(ents.map((e) => e.name)).toEqual(['d', 'f']);
    const f = ents.find((e) => e.name === 'f')!;
    expect(f.iatt.mode & 0o7777).toBe(0o1000);
    expect(f.xattrs?.['trusted.glusterfs.dht.linkto']?.toString()).toBe('vol-client-1\0');
  });
});

describe('volume options', () => {
  it('features.ctime off and storage.gfid2path off write neither', () => {
    b.cleanup();
    b = makeBrick({ options: { ctime: 'off', gfid2path: 'off' } });
    const x = newInode();
    b.posix.create({ path: '/f' }, 0o644, x);
    expect(hexXattrs(path.join(b.dir, 'f'))).toEqual({ 'trusted.gfid': gfidHex(x.gfidReq) });
  });
});

describe('storage.build-pgfid', () => {
  it('counts names per parent when on', () => {
    b.cleanup();
    b = makeBrick({ options: { 'update-link-count-parent': 'on' } });
    // Options not given keep their defaults: gfid2path and mdata are still written.
    b.posix.create({ path: '/f' }, 0o644, newInode());
    b.posix.link({ path: '/f' }, { path: '/g' });
    expect(hexXattrs(path.join(b.dir, 'f'))[`trusted.pgfid.${ROOT}`]).toBe('0x00000002');
    expect(Object.keys(hexXattrs(path.join(b.dir, 'f'))).filter((k) => k.startsWith('trusted.gfid2path.'))).toHaveLength(2);
    b.posix.unlink({ path: '/g' });
    expect(hexXattrs(path.join(b.dir, 'f'))[`trusted.pgfid.${ROOT}`]).toBe('0x00000001');
  });
});
