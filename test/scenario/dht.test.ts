// DHT over real posix bricks: placement matches GlusterFS 10.3's, and the on-disk markers
// (layouts, .mds, linkto files) are the bytes GlusterFS writes.
import * as fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { fopCode as code } from '../helpers/fop-code.js';
import { setXattr } from '../../src/xattr/index.js';
import { load, type Placement } from '../unit/dht/fixtures.js';
import { distVolume, exists, loc, xattrHex, xd, type DistVolume } from './dht-helpers.js';

const DHT = 'trusted.glusterfs.dht';
const MDS = 'trusted.glusterfs.dht.mds';
const LINKTO = 'trusted.glusterfs.dht.linkto';
const ref = load<Placement>('dht-placement.json');
const dist4 = ref.volumes.find((v) => v.volume === 'diskDist4')!;
const refDir = (p: string) => dist4.directories.find((d) => d.path === p)!;
const brickOf = (subvol: string) => Number(subvol.slice(subvol.lastIndexOf('-') + 1));
const hex = (s: string) => Buffer.from(s + '\0').toString('hex');

let v: DistVolume;
afterEach(() => v?.cleanup());

/** Brick index holding a regular (non-linkto) file at p. */
const dataBricks = (p: string) =>
  [0, 1, 2, 3].filter((i) => exists(v.on(i, p)) && (fs.lstatSync(v.on(i, p)).mode & 0o7777) !== 0o1000);

/** Asserts p on brick i is a linkto file to `target` with the data file's gfid. */
function expectLinkto(i: number, p: string, target: number, dataBrick: number) {
  const st = fs.lstatSync(v.on(i, p));
  expect(st.mode & 0o7777).toBe(0o1000);
  expect(st.size).toBe(0);
  expect(xattrHex(v.on(i, p), LINKTO)).toBe(hex(`diskDist4-client-${target}`));
  expect(xattrHex(v.on(i, p), 'trusted.gfid')).toBe(xattrHex(v.on(dataBrick, p), 'trusted.gfid'));
}

describe('DHT placement on a 4-brick distribute volume', () => {
  it('mkdir writes the layouts and the .mds marker GlusterFS wrote for /dirA', () => {
    v = distVolume(4, 'diskDist4');
    v.dht.mkdir(loc('/dirA'), 0o755, xd());
    const want = refDir('/dirA').layout;
    for (let i = 0; i < 4; i++) expect(xattrHex(v.on(i, 'dirA'), DHT)).toBe(want[`diskDist4-client-${i}`].xattr_hex);
    // dirA hashes into client-0's root range: only that brick carries .mds
    expect([0, 1, 2, 3].map((i) => xattrHex(v.on(i, 'dirA'), MDS))).toEqual(['00000000', undefined, undefined, undefined]);
    const gfids = new Set([0, 1, 2, 3].map((i) => xattrHex(v.on(i, 'dirA'), 'trusted.gfid')));
    expect(gfids.size).toBe(1);
  });

  it('creates every reference file of /dirA and / on the brick GlusterFS put it on', () => {
    v = distVolume(4, 'diskDist4');
    v.dht.mkdir(loc('/dirA'), 0o755, xd());
    for (const dir of ['/', '/dirA']) {
      const files = refDir(dir).files.filter((f) => !f.linkto_files);
      expect(files.length).toBeGreaterThan(40);
      for (const f of files) {
        const name = Buffer.from(f.name_hex, 'hex').toString('utf8');
        const p = dir === '/' ? `/${name}` : `${dir}/${name}`;
        v.dht.create(loc(p), 0o644, xd());
        expect(dataBricks(p), p).toEqual([brickOf(f.subvol)]);
      }
    }
  });

  it('lookup, readdir and unlink of a placed file', () => {
    v = distVolume(4, 'diskDist4');
    const made = v.dht.create(loc('/file0000'), 0o644, xd());
    expect(v.dht.lookup(loc('/file0000')).iatt.gfid).toBe(made.gfid);
    expect(v.dht.readdir(loc('/')).map((e) => e.name)).toEqual(['file0000']);
    v.dht.unlink(loc('/file0000'));
    expect(code(() => v.dht.lookup(loc('/file0000')))).toBe('ENOENT');
  });
});

describe('linkto files', () => {
  const hashedIn = (name: string) => {
    const f = refDir('/').files.find((x) => x.name === name)!;
    return brickOf(f.subvol);
  };

  it('rename to a name hashing elsewhere leaves the data and adds a linkto', () => {
    v = distVolume(4, 'diskDist4');
    const src = 'file0000';
    const dst = refDir('/').files.map((f) => f.name).find((n) => hashedIn(n) !== hashedIn(src) && !n.includes('/'))!;
    const s = hashedIn(src);
    const d = hashedIn(dst);
    v.dht.create(loc(`/${src}`), 0o640, xd());
    v.dht.writev(loc(`/${src}`), 0, Buffer.from('payload'), xd());
    v.dht.rename(loc(`/${src}`), loc(`/${dst}`), xd());
    expect(dataBricks(`/${dst}`)).toEqual([s]);
    expectLinkto(d, `/${dst}`, s, s);
    expect(exists(v.on(s, src))).toBe(false);
    // through DHT the new name is the file, listed once, linkto hidden
    expect(v.dht.readv(loc(`/${dst}`), 0, 100).toString()).toBe('payload');
    expect(v.dht.readdir(loc('/')).map((e) => e.name)).toEqual([dst]);
    // unlink removes data and linkto
    v.dht.unlink(loc(`/${dst}`));
    expect([0, 1, 2, 3].filter((i) => exists(v.on(i, dst)))).toEqual([]);
  });

  it('a hard link lives next to the data; its name gets a linkto where it hashes', () => {
    v = distVolume(4, 'diskDist4');
    const pg = refDir('/pg');
    v.dht.mkdir(loc('/pg'), 0o755, xd());
    v.dht.create(loc('/pg/file1'), 0o644, xd());
    v.dht.link(loc('/pg/file1'), loc('/pg/file1-hl'), xd());
    const hl = pg.files.find((f) => f.name === 'file1-hl')!;
    const data = brickOf(hl.subvol);
    const lt = hl.linkto_files![0];
    expect(dataBricks('/pg/file1-hl')).toEqual([data]);
    expect(fs.lstatSync(v.on(data, 'pg/file1-hl')).ino).toBe(fs.lstatSync(v.on(data, 'pg/file1')).ino);
    expectLinkto(brickOf(lt.subvol), '/pg/file1-hl', brickOf(lt.linkto), data);
    expect(v.dht.stat(loc('/pg/file1-hl')).gfid).toBe(v.dht.stat(loc('/pg/file1')).gfid);
  });

  it('rename between two names of one inode changes nothing', () => {
    v = distVolume(4, 'diskDist4');
    v.dht.create(loc('/a'), 0o644, xd());
    v.dht.link(loc('/a'), loc('/b'), xd());
    v.dht.rename(loc('/a'), loc('/b'), xd());
    v.dht.rename(loc('/b'), loc('/b'), xd());
    expect(v.dht.readdir(loc('/')).map((e) => e.name).sort()).toEqual(['a', 'b']);
    expect(v.dht.stat(loc('/a')).gfid).toBe(v.dht.stat(loc('/b')).gfid);
  });

  it('rename onto an existing file hashing elsewhere replaces it', () => {
    v = distVolume(4, 'diskDist4');
    const names = refDir('/').files.map((f) => f.name);
    const a = names.find((n) => hashedIn(n) === 0)!;
    const b = names.find((n) => hashedIn(n) === 3)!;
    v.dht.create(loc(`/${a}`), 0o644, xd());
    v.dht.create(loc(`/${b}`), 0o644, xd());
    v.dht.writev(loc(`/${a}`), 0, Buffer.from('A'), xd());
    v.dht.rename(loc(`/${a}`), loc(`/${b}`), xd());
    expect(v.dht.readv(loc(`/${b}`), 0, 10).toString()).toBe('A');
    expect(dataBricks(`/${b}`)).toEqual([0]);
    expectLinkto(3, `/${b}`, 0, 0);
    expect(v.dht.readdir(loc('/')).map((e) => e.name)).toEqual([b]);
  });

  it('min-free-disk: a create on a full hashed subvolume goes to the freest one with a linkto', () => {
    v = distVolume(4, 'diskDist4', [['cluster.min-free-disk', '100%']]);
    // every brick is "full"; all share one filesystem, so the first one has the most space (ties keep the first)
    const name = refDir('/').files.map((f) => f.name).find((n) => hashedIn(n) === 2)!;
    v.dht.create(loc(`/${name}`), 0o644, xd());
    expect(dataBricks(`/${name}`)).toEqual([0]);
    expectLinkto(2, `/${name}`, 0, 0);
    expect(v.dht.readdir(loc('/')).map((e) => e.name)).toEqual([name]);
  });
});

describe('lookup everywhere', () => {
  it('finds a file planted on the wrong brick of / (commit hash 1 != 0) and adds a linkto without mdata', () => {
    v = distVolume(4, 'diskDist4');
    // "1" hashes to client-0 (reference); plant it on brick 3 directly
    expect(refDir('/').files.find((f) => f.name === '1')!.subvol).toBe('diskDist4-client-0');
    v.posix[3].create(loc('/1'), 0o644, xd());
    expect(v.dht.lookup(loc('/1')).iatt.type).toBe('file');
    expectLinkto(0, '/1', 3, 3);
    expect(xattrHex(v.on(0, '1'), 'trusted.glusterfs.mdata')).toBeUndefined();
  });

  it('does not look beyond the hashed brick in a balanced directory', () => {
    v = distVolume(4, 'diskDist4');
    v.dht.mkdir(loc('/dirA'), 0o755, xd());
    const f = refDir('/dirA').files.find((x) => brickOf(x.subvol) === 1)!;
    v.posix[2].create(loc(`/dirA/${f.name}`), 0o644, xd());
    expect(code(() => v.dht.lookup(loc(`/dirA/${f.name}`)))).toBe('ENOENT');
    // still listed by readdir, as GlusterFS does
    expect(v.dht.readdir(loc('/dirA')).map((e) => e.name)).toEqual([f.name]);
  });

  it('removes a stale linkto whose target lost the file', () => {
    v = distVolume(4, 'diskDist4');
    const src = refDir('/').files.find((x) => brickOf(x.subvol) === 0)!.name;
    const dst = refDir('/').files.find((x) => brickOf(x.subvol) === 3)!.name;
    v.dht.create(loc(`/${src}`), 0o644, xd());
    v.dht.rename(loc(`/${src}`), loc(`/${dst}`), xd());
    fs.rmSync(v.on(0, dst));
    expect(code(() => v.dht.lookup(loc(`/${dst}`)))).toBe('ENOENT');
    expect(exists(v.on(3, dst))).toBe(false);
  });
});

describe('directories', () => {
  it('readdir lists a subdirectory once and hides the anonymous-inode directory', () => {
    v = distVolume(3, 'dv');
    v.dht.mkdir(loc('/d1'), 0o755, xd());
    v.dht.mkdir(loc('/d1/sub'), 0o700, xd());
    fs.mkdirSync(v.on(0, '.glusterfs-anonymous-inode-x'));
    expect(v.dht.readdir(loc('/')).map((e) => e.name)).toEqual(['d1']);
    expect(v.dht.readdir(loc('/d1')).map((e) => e.name)).toEqual(['sub']);
    expect(code(() => v.dht.lookup(loc('/.glusterfs')))).toBe('EPERM');
    expect(code(() => v.dht.lookup(loc('/.glusterfs-anonymous-inode-x')))).toBe('EPERM');
    expect(code(() => v.dht.mkdir(loc('/.glusterfs'), 0o755, xd()))).toBe('EPERM');
  });

  it('rmdir: ENOTEMPTY with a real entry, stale linkto files are deleted, copies removed everywhere', () => {
    v = distVolume(3, 'dv');
    v.dht.mkdir(loc('/d'), 0o755, xd());
    v.dht.create(loc('/d/f'), 0o644, xd());
    expect(code(() => v.dht.rmdir(loc('/d')))).toBe('ENOTEMPTY');
    v.dht.unlink(loc('/d/f'));
    // a stale linkto left behind (e.g. by a crash)
    const other = [0, 1, 2].find((i) => !exists(v.on(i, 'd/f')))!;
    v.posix[other].create(loc('/d/stale'), 0o1000, xd());
    setXattr(v.on(other, 'd/stale'), LINKTO, Buffer.from('dv-client-0\0'));
    v.dht.rmdir(loc('/d'));
    expect([0, 1, 2].filter((i) => exists(v.on(i, 'd')))).toEqual([]);
  });

  it('setattr on a directory reaches every brick', () => {
    v = distVolume(3, 'dv');
    v.dht.mkdir(loc('/d'), 0o755, xd());
    v.dht.setattr(loc('/d'), { mode: 0o711 }, xd());
    expect([0, 1, 2].map((i) => fs.statSync(v.on(i, 'd')).mode & 0o7777)).toEqual([0o711, 0o711, 0o711]);
  });

  it('directory rename keeps one gfid on every brick', () => {
    v = distVolume(3, 'dv');
    v.dht.mkdir(loc('/a'), 0o755, xd());
    v.dht.create(loc('/a/f'), 0o644, xd());
    v.dht.rename(loc('/a'), loc('/b'), xd());
    expect([0, 1, 2].map((i) => exists(v.on(i, 'a')))).toEqual([false, false, false]);
    expect(new Set([0, 1, 2].map((i) => xattrHex(v.on(i, 'b'), 'trusted.gfid'))).size).toBe(1);
    expect(v.dht.lookup(loc('/b/f')).iatt.type).toBe('file');
  });
});

describe('a brick down (§4.7)', () => {
  it('mkdir of a name hashing to the down brick fails with ENOTCONN', () => {
    v = distVolume(4, 'diskDist4');
    v.clients[0].setDown(true);
    // dirA hashes to client-0 (see the .mds test above)
    expect(code(() => v.dht.mkdir(loc('/dirA'), 0o755, xd()))).toBe('ENOTCONN');
    expect([1, 2, 3].filter((i) => exists(v.on(i, 'dirA')))).toEqual([]);
  });

  it('other names get a layout over the up bricks; the returning brick gets the directory with a zero layout', () => {
    v = distVolume(4, 'diskDist4');
    v.clients[3].setDown(true);
    v.dht.mkdir(loc('/dirA'), 0o755, xd());
    expect(exists(v.on(3, 'dirA'))).toBe(false);
    const ranges = [0, 1, 2].map((i) => xattrHex(v.on(i, 'dirA'), DHT)!);
    expect(ranges.every((r) => r.startsWith('00000000'))).toBe(true);
    // start index still hash("/dirA") mod 4: the three up bricks share the space
    const spans = ranges.map((r) => [parseInt(r.slice(16, 24), 16), parseInt(r.slice(24), 16)]).sort((a, b) => a[0] - b[0]);
    expect(spans[0][0]).toBe(0);
    expect(spans[2][1]).toBe(0xffffffff);
    v.clients[3].setDown(false);
    v.dht.lookup(loc('/dirA'));
    expect(xattrHex(v.on(3, 'dirA'), DHT)).toBe('00000000000000000000000000000000');
    expect(xattrHex(v.on(3, 'dirA'), 'trusted.gfid')).toBe(xattrHex(v.on(0, 'dirA'), 'trusted.gfid'));
    expect(fs.statSync(v.on(3, 'dirA')).mode & 0o7777).toBe(0o755);
  });
});

describe('statfs, MDS availability, gfid adoption', () => {
  it('statfs counts a filesystem shared by several bricks once', () => {
    v = distVolume(3, 'dv');
    const fsBlocks = fs.statfsSync(v.tmp).blocks;
    expect(v.dht.statfs(loc('/')).blocks).toBe(3 * Math.floor(fsBlocks / 3));
  });

  it('setattr on a directory whose MDS copy is unreachable fails with ENOTCONN; without the others it works', () => {
    v = distVolume(3, 'dv');
    v.dht.mkdir(loc('/d'), 0o755, xd());
    const mds = [0, 1, 2].find((i) => xattrHex(v.on(i, 'd'), MDS) !== undefined)!;
    const other = [0, 1, 2].find((i) => i !== mds)!;
    v.clients[mds].setDown(true);
    expect(code(() => v.dht.setattr(loc('/d'), { mode: 0o700 }, xd()))).toBe('ENOTCONN');
    v.clients[mds].setDown(false);
    v.clients[other].setDown(true);
    v.dht.setattr(loc('/d'), { mode: 0o700 }, xd());
    expect(fs.statSync(v.on(mds, 'd')).mode & 0o7777).toBe(0o700);
    expect(fs.statSync(v.on(other, 'd')).mode & 0o7777).toBe(0o755);
  });

  it('lookup passes gfidReq down: a file written behind the volume gets the client gfid', () => {
    v = distVolume(4, 'diskDist4');
    // file0000 hashes to client-3 in the reference root layout
    fs.writeFileSync(v.on(3, 'file0000'), 'raw');
    const g = '5a6b7c8d-1111-4222-8333-944455556666';
    expect(v.dht.lookup(loc('/file0000'), { gfidReq: g }).iatt.gfid).toBe(g);
    expect(xattrHex(v.on(3, 'file0000'), 'trusted.gfid')).toBe(g.replace(/-/g, ''));
  });
});
