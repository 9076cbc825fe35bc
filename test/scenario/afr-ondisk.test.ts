// The on-disk states of docs/on-disk-format.md §6.2 / §2.4 over real posix bricks: replica 3, brick 3
// (client-2) killed, then the same five operations real GlusterFS was observed with.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getXattr } from '../../src/xattr/index.js';
import { afrDump, indexListing, loc, replicaSet, xd, type ReplicaSet } from './afr-helpers.js';

const Z = '000000000000000000000000';
let set: ReplicaSet | undefined;
afterEach(() => set?.cleanup());

function populate(s: ReplicaSet) {
  const { afr } = s;
  afr.mkdir(loc('/d1'), 0o755, xd());
  for (const f of ['f2', 'f3', 'f4']) afr.create(loc(`/d1/${f}`), 0o644, xd());
  afr.writev(loc('/d1/f2'), 0, Buffer.from('abc\n'), xd());
  afr.setattr(loc('/d1/f3'), { atime: { sec: 1, nsec: 0 }, mtime: { sec: 1, nsec: 0 } }, xd()); // touch
  afr.writev(loc('/d1/f4'), 0, Buffer.from('x\n'), xd());
}

describe('AFR on real bricks (replica 3)', () => {
  it('all bricks up: clean write keeps a zeroed dirty, touch and mkdir leave no afr keys, no index', () => {
    set = replicaSet('r3a', 3);
    populate(set);
    for (const b of set.brickPaths) {
      expect(afrDump(b, 'd1/f2')).toEqual({ 'trusted.afr.dirty': Z });
      expect(afrDump(b, 'd1/f3')).toEqual({});
      expect(afrDump(b, 'd1')).toEqual({});
      expect(fs.readFileSync(path.join(b, 'd1/f2'), 'utf8')).toBe('abc\n');
      expect(indexListing(b, {}).filter((l) => !l.startsWith('d ') && !/-U$/.test(l))).toEqual([]);
    }
  });

  it('brick 3 down: changelog and index entries equal the real 10.3 bricks', () => {
    set = replicaSet('diskRep3', 3);
    populate(set);
    const { afr, clients, brickPaths } = set;
    clients[2].setDown(true);
    afr.writev(loc('/d1/f2'), 4, Buffer.from('more'), xd()); // >> d1/f2
    afr.setattr(loc('/d1/f3'), { mode: 0o600 }, xd()); // chmod 600 d1/f3
    afr.create(loc('/d1/new1'), 0o644, xd()); // echo > d1/new1
    afr.writev(loc('/d1/new1'), 0, Buffer.from('\n'), xd());
    afr.unlink(loc('/d1/f4'), xd()); // rm d1/f4
    afr.mkdir(loc('/d1/newdir'), 0o755, xd()); // mkdir d1/newdir

    const blame2 = (hex: string) => ({ 'trusted.afr.dirty': Z, 'trusted.afr.diskRep3-client-2': hex });
    const gfids: Record<string, string> = {};
    for (const n of ['d1', 'd1/f2', 'd1/f3', 'd1/new1', 'd1/newdir']) gfids[afr.stat(loc(`/${n}`)).gfid] = n;
    for (const b of brickPaths.slice(0, 2)) {
      expect(afrDump(b, 'd1/f2')).toEqual(blame2('000000010000000000000000'));
      // §6.2 omits it, but real 10.3 leaves the zeroed dirty of the pre-op on f3 too.
      expect(afrDump(b, 'd1/f3')).toEqual(blame2('000000000000000100000000'));
      expect(afrDump(b, 'd1/new1')).toEqual(blame2('000000020000000100000000'));
      expect(afrDump(b, 'd1/newdir')).toEqual({ 'trusted.afr.diskRep3-client-2': '000000010000000100000001' });
      expect(afrDump(b, 'd1')).toEqual(blame2('000000000000000000000003'));
      expect(fs.statSync(path.join(b, 'd1/f3')).mode & 0o777).toBe(0o600);
      expect(indexListing(b, gfids)).toEqual([
        'd 600 n=2 dirty',
        'd 600 n=3 entry-changes',
        'd 600 n=2 entry-changes/d1',
        'd 600 n=2 xattrop',
        'f 0 n=1 dirty/dirty-U',
        'f 0 n=4 entry-changes/d1/f4',
        'f 0 n=4 entry-changes/d1/new1',
        'f 0 n=4 entry-changes/d1/newdir',
        'f 0 n=4 entry-changes/entry-changes-U',
        'f 0 n=6 xattrop/d1',
        'f 0 n=6 xattrop/d1/f2',
        'f 0 n=6 xattrop/d1/f3',
        'f 0 n=6 xattrop/d1/new1',
        'f 0 n=6 xattrop/d1/newdir',
        'f 0 n=6 xattrop/xattrop-U',
      ].sort());
    }
    // Both good bricks gave the new inodes the same gfid.
    for (const n of ['d1/new1', 'd1/newdir']) {
      const [g0, g1] = brickPaths.slice(0, 2).map((b) => getXattr(path.join(b, n), 'trusted.gfid').toString('hex'));
      expect(g0).toBe(g1);
    }
    // Brick 3: old f2, f4 still there, no new names, nobody blamed.
    const b3 = brickPaths[2];
    expect(fs.statSync(path.join(b3, 'd1/f2')).size).toBe(4);
    expect(fs.existsSync(path.join(b3, 'd1/f4'))).toBe(true);
    expect(fs.existsSync(path.join(b3, 'd1/new1'))).toBe(false);
    expect(fs.existsSync(path.join(b3, 'd1/newdir'))).toBe(false);
    for (const p of ['d1', 'd1/f2', 'd1/f3', 'd1/f4']) {
      expect(Object.keys(afrDump(b3, p)).filter((k) => k !== 'trusted.afr.dirty')).toEqual([]);
    }

    // Brick 3 back: reads are served by good copies and the stale names stay hidden.
    clients[2].setDown(false);
    expect(afr.readv(loc('/d1/f2'), 0, 100).toString()).toBe('abc\nmore');
    expect(afr.stat(loc('/d1/f3')).mode & 0o777).toBe(0o600);
    expect(() => afr.stat(loc('/d1/f4'))).toThrow(/No such file/);
    expect(afr.readdir(loc('/d1')).map((e) => e.name).sort()).toEqual(['f2', 'f3', 'new1', 'newdir']);
  });
});

describe('more fops with brick 3 down, as observed on a real 10.3 replica 3', () => {
  it('touch of a new file, symlink, rename, hard link, truncate, user xattr', () => {
    set = replicaSet('obs', 3);
    populate(set);
    const { afr, clients, brickPaths } = set;
    afr.create(loc('/d1/r1'), 0o644, xd());
    afr.create(loc('/d1/tt'), 0o644, xd());
    afr.create(loc('/d1/tr'), 0o644, xd());
    afr.writev(loc('/d1/tr'), 0, Buffer.from('z\n'), xd());
    clients[2].setDown(true);
    afr.create(loc('/d1/newt'), 0o644, xd()); // touch d1/newt: create + utimes
    afr.setattr(loc('/d1/newt'), { atime: { sec: 5, nsec: 0 }, mtime: { sec: 5, nsec: 0 } }, xd());
    afr.symlink('target', loc('/d1/sym1'), xd());
    afr.rename(loc('/d1/r1'), loc('/d1/r2'), xd());
    afr.truncate(loc('/d1/tr'), 1, xd());
    afr.setxattr(loc('/d1/tt'), { 'user.foo': Buffer.from('bar') }, 0, xd());
    afr.link(loc('/d1/f2'), loc('/d1/hl'), xd());
    const blame2 = (hex: string) => ({ 'trusted.afr.dirty': Z, 'trusted.afr.obs-client-2': hex });
    for (const b of brickPaths.slice(0, 2)) {
      expect(afrDump(b, 'd1/newt')).toEqual(blame2('000000010000000200000000'));
      expect(afrDump(b, 'd1/sym1')).toEqual({});
      expect(afrDump(b, 'd1/r2')).toEqual({});
      expect(afrDump(b, 'd1/tr')).toEqual(blame2('000000010000000000000000'));
      expect(afrDump(b, 'd1/tt')).toEqual(blame2('000000000000000100000000'));
      expect(afrDump(b, 'd1/hl')).toEqual({ 'trusted.afr.dirty': Z }); // link marks only the parent
      // newt, sym1, rename (once per name), link: 5 entry changes.
      expect(afrDump(b, 'd1')).toEqual(blame2('000000000000000000000005'));
      const names = fs.readdirSync(path.join(b, '.glusterfs/indices/entry-changes', afr.stat(loc('/d1')).gfid)).sort();
      expect(names).toEqual(['hl', 'newt', 'r1', 'r2', 'sym1']);
    }
  });

  it('rmdir of a non-empty directory with a brick down: dirty undone, nobody blamed, name indexed', () => {
    set = replicaSet('rmd', 3);
    populate(set);
    set.clients[2].setDown(true);
    expect(() => set!.afr.rmdir(loc('/d1'), xd())).toThrow(/not empty/);
    for (const b of set.brickPaths.slice(0, 2)) {
      expect(afrDump(b, '')).toEqual({ 'trusted.afr.dirty': Z });
      expect(fs.readdirSync(path.join(b, '.glusterfs/indices/entry-changes/00000000-0000-0000-0000-000000000001'))).toEqual(['d1']);
    }
  });
});

describe('lookup', () => {
  it('passes gfidReq down: a file written behind GlusterFS\'s back gets one gfid on every brick', () => {
    set = replicaSet('adopt', 3);
    for (const b of set.brickPaths) fs.writeFileSync(path.join(b, 'plain'), 'data\n');
    const x = xd();
    const reply = set.afr.lookup(loc('/plain'), x);
    expect(reply.iatt.gfid).toBe(x.gfidReq);
    for (const b of set.brickPaths) {
      expect(getXattr(path.join(b, 'plain'), 'trusted.gfid').toString('hex')).toBe(String(x.gfidReq).replace(/-/g, ''));
    }
    // AFR's own keys stay below it: the bricks have a dirty key now, the lookup reply does not.
    set.afr.writev(loc('/plain'), 0, Buffer.from('DATA\n'), xd());
    expect(afrDump(set.brickPaths[0], 'plain')).toEqual({ 'trusted.afr.dirty': Z });
    const again = set.afr.lookup(loc('/plain'));
    expect(Object.keys(again.xattrs).filter((k) => k.startsWith('trusted.afr.'))).toEqual([]);
    expect(again.xattrs['trusted.gfid']).toBeDefined();
  });
});
