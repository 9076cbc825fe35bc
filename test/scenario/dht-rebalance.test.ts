// The DHT steps of add-brick + fix-layout + rebalance and of remove-brick start (docs/on-disk-format.md §5),
// over real posix bricks: layouts recomputed with overlap maximisation, files migrated with the
// linkto/phase dance, commit hashes written and settled.
import * as fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Posix } from '../../src/xlators/posix/posix.js';
import { getXattrOpt, setXattr } from '../../src/xattr/index.js';
import { dhtHash } from '../../src/xlators/dht/hash.js';
import { decodeLayout, fixLayout, searchLayout, type DirLayout, type LayoutRange } from '../../src/xlators/dht/layout.js';
import { crawl } from '../../src/xlators/dht/crawl.js';
import { migrateFile } from '../../src/xlators/dht/migrate.js';
import { locate } from '../../src/xlators/dht/file.js';
import type { Loc } from '../../src/xlators/types.js';
import { fixLayoutDir, settleDir, writeVolumeCommitHash } from '../../src/xlators/dht/rebalance.js';
import { newCommitHash } from '../../src/mgmt/rebalance.js';
import { subvolInfos } from '../../src/xlators/dht/dir.js';
import { addBrick, decommission, distVolume, exists, loc, xattrHex, xd, type DistVolume } from './dht-helpers.js';

const DHT = 'trusted.glusterfs.dht';
const LINKTO = 'trusted.glusterfs.dht.linkto';
let v: DistVolume;
afterEach(() => v?.cleanup());

const bricks = () => v.volume.bricks.map((b) => b.brickId);
const rangeOn = (i: number, dir: string): LayoutRange | undefined => {
  const h = xattrHex(v.on(i, dir), DHT);
  return h ? decodeLayout(Buffer.from(h, 'hex')) : undefined;
};
const commitOfHex = (i: number, dir: string) => xattrHex(v.on(i, dir), DHT)!.slice(0, 8);
const layoutOf = (dir: string): DirLayout => ({
  entries: bricks().map((i) => ({ name: `dv-client-${i}`, range: rangeOn(i, dir) ?? { commitHash: 0, type: 0, start: 0, stop: 0 } })),
});
/** Bricks holding a regular (non-linkto) file at p. */
const holders = (p: string) => bricks().filter((i) => exists(v.on(i, p)) && (fs.lstatSync(v.on(i, p)).mode & 0o7777) !== 0o1000);
const linktos = (dir: string) =>
  bricks().flatMap((i) => fs.readdirSync(v.on(i, dir)).filter((n) => n !== '.glusterfs' && (fs.lstatSync(v.on(i, `${dir}/${n}`)).mode & 0o7777) === 0o1000));

function populate(n: number) {
  v.dht.mkdir(loc('/dirA'), 0o755, xd());
  for (let i = 0; i < n; i++) {
    const p = `/dirA/file${String(i).padStart(4, '0')}`;
    v.dht.create(loc(p), 0o644, xd());
    v.dht.writev(loc(p), 0, Buffer.from(`content of ${p}`), xd());
  }
}

describe('add-brick, fix-layout, rebalance', () => {
  it('a looked-up directory appears on the new brick with a zero layout; the new root gets none', () => {
    v = distVolume(3);
    populate(5);
    addBrick(v);
    expect(xattrHex(v.on(3, ''), DHT)).toBeUndefined();
    v.dht.lookup(loc('/dirA'));
    expect(xattrHex(v.on(3, 'dirA'), DHT)).toBe('00000000000000000000000000000000');
    expect(xattrHex(v.on(3, ''), DHT)).toBeUndefined();
    // a new directory is laid out over all four at once
    v.dht.mkdir(loc('/fresh'), 0o755, xd());
    expect([0, 1, 2, 3].every((i) => rangeOn(i, 'fresh')!.stop !== 0)).toBe(true);
  });

  it('fix-layout keeps the commit hashes and maximises overlap with the old ranges', () => {
    v = distVolume(3);
    populate(5);
    const oldRoot = layoutOf('');
    const oldDir = layoutOf('dirA');
    addBrick(v);
    expect(fixLayoutDir(v.dht, '/')).toBe('fixed');
    expect(fixLayoutDir(v.dht, '/dirA')).toBe('fixed');
    const infos = subvolInfos(v.dht, () => true);
    for (const [dir, old, commit] of [['', oldRoot, 1], ['dirA', oldDir, 0]] as const) {
      const want = fixLayout(`/${dir}`.replace(/\/$/, '') || '/', infos, new Map(old.entries.filter((e) => e.range.stop).map((e) => [e.name, e.range])), { commitHash: commit })!;
      expect(layoutOf(dir)).toEqual(want);
      expect(layoutOf(dir).entries.every((e) => e.range.commitHash === commit)).toBe(true);
    }
  });

  it('a full rebalance moves every misplaced file, leaves no linkto and settles the directories', () => {
    v = distVolume(3);
    populate(40);
    addBrick(v);
    const hash = newCommitHash();
    writeVolumeCommitHash(v.dht, hash);
    for (const d of ['/', '/dirA']) fixLayoutDir(v.dht, d);
    const layout = layoutOf('dirA');
    let moved = 0;
    for (const e of v.dht.readdir(loc('/dirA'))) {
      const r = migrateFile(v.dht, loc(`/dirA/${e.name}`));
      if (r === 'migrated') moved++;
      else expect(r).toBe('in-place');
    }
    for (const d of ['/', '/dirA']) settleDir(v.dht, d, hash);
    expect(moved).toBeGreaterThan(0);
    expect(linktos('dirA')).toEqual([]);
    for (let i = 0; i < 40; i++) {
      const name = `file${String(i).padStart(4, '0')}`;
      const want = Number(searchLayout(layout, dhtHash(name))!.split('-').pop());
      expect(holders(`dirA/${name}`), name).toEqual([want]);
      expect(v.dht.readv(loc(`/dirA/${name}`), 0, 100).toString()).toBe(`content of /dirA/${name}`);
      expect(fs.statSync(v.on(want, `dirA/${name}`)).mode & 0o7777).toBe(0o644);
      expect(xattrHex(v.on(want, `dirA/${name}`), LINKTO)).toBeUndefined();
    }
    const hex = hash.toString(16).padStart(8, '0');
    expect(bricks().map((i) => xattrHex(v.on(i, 'dirA'), DHT)!.slice(0, 8))).toEqual([hex, hex, hex, hex]);
    expect(xattrHex(v.on(0, ''), 'trusted.glusterfs.dht.commithash')).toBe(Buffer.from(`${hash}\0`).toString('hex'));
    // balanced now: a name planted off its hashed brick is not found
    expect(v.dht.readdir(loc('/dirA'))).toHaveLength(40);
  });

  it('keeps the gfid, owner and mdata of a migrated file', () => {
    v = distVolume(2);
    v.dht.mkdir(loc('/d'), 0o755, xd());
    const l0 = layoutOf('d');
    const pick = (c: string) => ['a', 'b', 'c', 'd', 'e', 'f', 'g'].find((n) => searchLayout(l0, dhtHash(n)) === c)!;
    const [name, x] = [pick('dv-client-0'), pick('dv-client-1')];
    // the data stays on client-1 when renamed to a name hashing to client-0 (linkto there)
    v.dht.create(loc(`/d/${x}`), 0o600, { ...xd(), uid: 42, gid: 43 });
    const before = v.dht.stat(loc(`/d/${x}`));
    v.dht.rename(loc(`/d/${x}`), loc(`/d/${name}`), xd());
    expect(holders(`d/${name}`)).toEqual([1]);
    const mdata = xattrHex(v.on(1, `d/${name}`), 'trusted.glusterfs.mdata');
    expect(migrateFile(v.dht, loc(`/d/${name}`))).toBe('migrated');
    expect(holders(`d/${name}`)).toEqual([0]);
    const st = fs.statSync(v.on(0, `d/${name}`));
    expect([st.uid, st.gid, st.mode & 0o7777]).toEqual([42, 43, 0o600]);
    expect(v.dht.stat(loc(`/d/${name}`)).gfid).toBe(before.gfid);
    expect(xattrHex(v.on(0, `d/${name}`), 'trusted.glusterfs.mdata')).toBe(mdata);
  });
});

describe('remove-brick start', () => {
  it('the decommissioned brick gets a zero range and every file moves off it', () => {
    v = distVolume(4);
    populate(30);
    decommission(v, 3);
    for (const d of ['/', '/dirA']) expect(fixLayoutDir(v.dht, d)).toBe('fixed');
    const r3 = rangeOn(3, 'dirA')!;
    expect([r3.start, r3.stop]).toEqual([0, 0]);
    for (const e of v.dht.readdir(loc('/dirA'))) migrateFile(v.dht, loc(`/dirA/${e.name}`));
    expect(fs.readdirSync(v.on(3, 'dirA'))).toEqual([]);
    expect(v.dht.readdir(loc('/dirA'))).toHaveLength(30);
  });
});

describe('remove-brick and linkto files on the brick being removed', () => {
  it('a linkto there pointing at the data elsewhere stays through the crawl (bug-1667804)', () => {
    v = distVolume(2);
    v.dht.mkdir(loc('/d'), 0o755, xd());
    const l = layoutOf('d');
    const on = (i: number) => ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].find((n) => searchLayout(l, dhtHash(n)) === `dv-client-${i}`)!;
    // data on brick 0 under a name that hashes to brick 1: a linkto on brick 1 points at it
    v.dht.create(loc(`/d/${on(0)}`), 0o644, xd());
    v.dht.rename(loc(`/d/${on(0)}`), loc(`/d/${on(1)}`), xd());
    expect([linktos('d'), holders(`d/${on(1)}`)]).toEqual([[on(1)], [0]]);
    decommission(v, 1);
    const res = crawl(v.dht, { mode: 'remove-brick' });
    expect(res.failures).toBe(0);
    expect([linktos('d'), holders(`d/${on(1)}`)]).toEqual([[on(1)], [0]]);
  });
});

describe('a file in migration phase 1', () => {
  it('shows its own mode, takes writes and xattr changes on both copies, and a re-run completes the migration', () => {
    v = distVolume(2);
    v.dht.mkdir(loc('/d'), 0o755, xd());
    const l = layoutOf('d');
    const name = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].find((n) => searchLayout(l, dhtHash(n)) === 'dv-client-1')!;
    // data on brick 0 (wrong), the state `dht.migrate-phase1` leaves: dst linkto back to src at full size
    v.posix[0].create(loc(`/d/${name}`), 0o644, xd());
    v.posix[0].writev(loc(`/d/${name}`), 0, Buffer.from('0123456789'));
    const gfid = v.posix[0].stat(loc(`/d/${name}`)).gfid;
    v.posix[1].create(loc(`/d/${name}`), 0o1000, { gfidReq: gfid });
    setXattr(v.on(1, `d/${name}`), LINKTO, Buffer.from('dv-client-0\0'));
    v.posix[1].truncate(loc(`/d/${name}`), 10);
    setXattr(v.on(0, `d/${name}`), LINKTO, Buffer.from('dv-client-1\0'));
    v.posix[0].setattr(loc(`/d/${name}`), { mode: 0o3644 });

    expect(v.dht.stat(loc(`/d/${name}`)).mode & 0o7777).toBe(0o644);
    expect(v.dht.readdir(loc('/d')).map((e) => [e.name, e.iatt.mode & 0o7777])).toEqual([[name, 0o644]]);
    v.dht.writev(loc(`/d/${name}`), 2, Buffer.from('ab'), xd());
    expect(fs.readFileSync(v.on(1, `d/${name}`)).subarray(2, 4).toString()).toBe('ab');
    // xattrs set and removed meanwhile reach the copy too (bug-1193636): it got them at the start
    for (const i of [0, 1]) setXattr(v.on(i, `d/${name}`), 'user.gone', Buffer.from('1'));
    v.dht.setxattr(loc(`/d/${name}`), { 'user.new': Buffer.from('n') });
    v.dht.removexattr(loc(`/d/${name}`), 'user.gone');
    for (const i of [0, 1]) {
      expect(getXattrOpt(v.on(i, `d/${name}`), 'user.new')?.toString(), `brick ${i}`).toBe('n');
      expect(getXattrOpt(v.on(i, `d/${name}`), 'user.gone'), `brick ${i}`).toBeUndefined();
    }
    expect(migrateFile(v.dht, loc(`/d/${name}`))).toBe('migrated');
    expect(holders(`d/${name}`)).toEqual([1]);
    expect(v.dht.readv(loc(`/d/${name}`), 0, 100).toString()).toBe('01ab456789');
    expect(fs.statSync(v.on(1, `d/${name}`)).mode & 0o7777).toBe(0o644);
  });
});

describe('the rebalance crawl', () => {
  it('looks a moving file up only where it is and where it goes, not on every subvolume', () => {
    v = distVolume(4);
    populate(40);
    addBrick(v);
    const before = new Map(v.dht.readdir(loc('/dirA')).map((e) => [e.name, holders(`dirA/${e.name}`)[0]]));
    const asked = new Map<string, Set<string>>();
    const lookup = Posix.prototype.lookup;
    const spy = vi.spyOn(Posix.prototype, 'lookup').mockImplementation(function (this: Posix, l, x) {
      if (l.path.startsWith('/dirA/')) asked.set(l.path, (asked.get(l.path) ?? new Set()).add(this.root));
      return lookup.call(this, l, x);
    });
    try {
      crawl(v.dht, { mode: 'rebalance', commitHash: 0x580f8dd4 });
    } finally {
      spy.mockRestore();
    }
    let moved = 0;
    for (const [name, from] of before) {
      const to = holders(`dirA/${name}`)[0];
      if (to === from) continue;
      moved++;
      const roots = [from, to].map((i) => fs.realpathSync(v.volume.bricks.find((b) => b.brickId === i)!.path));
      expect([name, [...asked.get(`/dirA/${name}`)!].sort()]).toEqual([name, roots.sort()]);
    }
    expect(moved).toBeGreaterThan(0);
  });

  it('rebalance: new commit hash everywhere, every file in place, directories settled, counters', () => {
    v = distVolume(3);
    populate(30);
    v.dht.mkdir(loc('/dirA/sub'), 0o755, xd());
    v.dht.create(loc('/dirA/sub/deep'), 0o644, xd());
    addBrick(v);
    const seen: string[] = [];
    const res = crawl(v.dht, { mode: 'rebalance', commitHash: 0x580f8dd4, onFile: (p) => seen.push(p) });
    expect(res.stopped).toBe(false);
    expect(res.failures).toBe(0);
    expect(res.scanned).toBe(31);
    expect(seen).toHaveLength(31);
    expect(res.files).toBeGreaterThan(0);
    expect(linktos('dirA')).toEqual([]);
    for (const d of ['', 'dirA', 'dirA/sub']) {
      expect(bricks().map((i) => xattrHex(v.on(i, d), DHT)?.slice(0, 8)), d).toEqual(['580f8dd4', '580f8dd4', '580f8dd4', '580f8dd4']);
    }
    expect(v.dht.readdir(loc('/dirA')).map((e) => e.name)).toContain('sub');
    expect(v.dht.readdir(loc('/dirA'))).toHaveLength(31);
    expect(v.dht.readdir(loc('/dirA/sub')).map((e) => e.name)).toEqual(['deep']);
  });

  it('fix-layout only: layouts change, no file moves, directories keep their commit hash', () => {
    v = distVolume(3);
    populate(10);
    addBrick(v);
    const before = [0, 1, 2].map((i) => fs.readdirSync(v.on(i, 'dirA')).sort());
    const res = crawl(v.dht, { mode: 'fix-layout', commitHash: 0x580f8dd4 });
    expect([res.files, res.scanned]).toEqual([0, 0]);
    expect([0, 1, 2].map((i) => fs.readdirSync(v.on(i, 'dirA')).sort())).toEqual(before);
    expect(fs.readdirSync(v.on(3, 'dirA'))).toEqual([]);
    expect(rangeOn(3, 'dirA')!.stop).not.toBe(0);
    expect(commitOfHex(0, 'dirA')).toBe('00000000');
    expect(xattrHex(v.on(0, ''), 'trusted.glusterfs.dht.commithash')).toBe(Buffer.from(`${0x580f8dd4}\0`).toString('hex'));
  });

  it('symlinks move too: recreated on the hashed brick with the same gfid and target', () => {
    v = distVolume(2);
    v.dht.mkdir(loc('/s'), 0o755, xd());
    const gfids = new Map<string, string>();
    for (let i = 0; i < 12; i++) gfids.set(`l${i}`, v.dht.symlink(`target-${i}`, loc(`/s/l${i}`), xd()).gfid);
    addBrick(v);
    const res = crawl(v.dht, { mode: 'rebalance', commitHash: 7 });
    expect(res.failures).toBe(0);
    expect(res.files).toBeGreaterThan(0);
    const layout = layoutOf('s');
    for (const [n, g] of gfids) {
      const want = Number(searchLayout(layout, dhtHash(n))!.split('-').pop());
      const on = bricks().filter((i) => exists(v.on(i, `s/${n}`)));
      expect(on, n).toEqual([want]);
      expect(fs.lstatSync(v.on(want, `s/${n}`)).isSymbolicLink()).toBe(true);
      expect(v.dht.readlink(loc(`/s/${n}`))).toBe(`target-${n.slice(1)}`);
      expect(v.dht.lookup(loc(`/s/${n}`)).iatt.gfid).toBe(g);
    }
  });

  it('a file a client writes to while it is copied stays on its brick with the write; the next run moves it', () => {
    v = distVolume(2);
    populate(12);
    addBrick(v);
    crawl(v.dht, { mode: 'fix-layout', commitHash: 10 });
    const moving = Array.from({ length: 12 }, (_, i) => `/dirA/file${String(i).padStart(4, '0')}`).filter((p) => {
      const l = locate(v.dht, loc(p), { everywhere: true });
      return l.kind === 'file' && l.cached !== l.hashed;
    });
    expect(moving.length).toBeGreaterThan(0);
    const target = moving[0];
    const before = v.dht.readv(loc(target), 0, 100).toString();
    // a client writes through the volume right after the migration's first read of the data
    let wrote = false;
    for (const c of v.clients) {
      const read = c.readv.bind(c);
      c.readv = (l: Loc, off: number, len: number) => {
        const out = read(l, off, len);
        if (!wrote && l.path === target) {
          wrote = true;
          v.dht.writev(loc(target), 0, Buffer.from('CLIENT WRITE'), xd());
        }
        return out;
      };
    }
    const second = crawl(v.dht, { mode: 'rebalance', commitHash: 11 });
    expect([wrote, second.failures]).toEqual([true, 1]);
    const after = v.dht.readv(loc(target), 0, 100).toString();
    expect(after).toBe(`CLIENT WRITE${before.slice(12)}`);
    const third = crawl(v.dht, { mode: 'rebalance', commitHash: 12 });
    expect(third.failures).toBe(0);
    expect(v.dht.readv(loc(target), 0, 100).toString()).toBe(after);
    expect(linktos('dirA')).toEqual([]);
  });

  it('stops when asked', () => {
    v = distVolume(2);
    populate(10);
    let n = 0;
    const res = crawl(v.dht, { mode: 'rebalance', commitHash: 5, shouldStop: () => ++n > 3 });
    expect(res.stopped).toBe(true);
    expect(res.scanned).toBe(3);
  });
});
