// DHT directory self-heal, options that change placement, and DHT over replica sets.
import { xlatorOptions } from '../helpers/volfile-options.js';
import * as fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { removeXattr, setXattr } from '../../src/xattr/index.js';
import { FopError } from '../../src/libglusterfs/errors.js';
import { Dht } from '../../src/xlators/dht/dht.js';
import { dhtHash } from '../../src/xlators/dht/hash.js';
import type { Xlator } from '../../src/xlators/types.js';
import { decodeLayout, searchLayout, type DirLayout } from '../../src/xlators/dht/layout.js';
import { distVolume, exists, loc, replVolume, xattrHex, xd, type DistVolume } from './dht-helpers.js';

const DHT = 'trusted.glusterfs.dht';
const MDS = 'trusted.glusterfs.dht.mds';
const LINKTO = 'trusted.glusterfs.dht.linkto';
let v: DistVolume;
afterEach(() => v?.cleanup());

const layoutOf = (bricks: number[], dir: string, names: string[]): DirLayout => ({
  entries: bricks.map((b, i) => ({ name: names[i], range: decodeLayout(Buffer.from(xattrHex(v.on(b, dir), DHT)!, 'hex')) })),
});
const commitOf = (b: number, dir: string) => xattrHex(v.on(b, dir), DHT)!.slice(0, 8);
const code = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (e instanceof FopError) return e.code;
    throw e;
  }
};

describe('directory self-heal on lookup', () => {
  it('recreates a missing copy with the same gfid, mode and owner, and rebuilds the broken layout (commit hash 1)', () => {
    v = distVolume(3);
    v.dht.mkdir(loc('/d'), 0o750, { ...xd(), uid: 1234, gid: 4321 });
    const gfid = xattrHex(v.on(0, 'd'), 'trusted.gfid');
    const lost = [0, 1, 2].find((i) => xattrHex(v.on(i, 'd'), MDS) === undefined)!;
    v.posix[lost].rmdir(loc('/d'));
    v.dht.lookup(loc('/d'));
    const st = fs.statSync(v.on(lost, 'd'));
    expect([st.mode & 0o7777, st.uid, st.gid]).toEqual([0o750, 1234, 4321]);
    expect(xattrHex(v.on(lost, 'd'), 'trusted.gfid')).toBe(gfid);
    // the lost copy took its range with it: the hole makes DHT lay the directory out afresh
    expect([0, 1, 2].map((i) => commitOf(i, 'd'))).toEqual(['00000001', '00000001', '00000001']);
    const names = [0, 1, 2].map((i) => `dv-client-${i}`);
    const l = layoutOf([0, 1, 2], 'd', names);
    for (let h = 0; h < 50; h++) expect(searchLayout(l, dhtHash(`n${h}`))).toBeDefined();
  });

  it('creates the copy missing on a brick that was down, with a zero range when the others cover the space', () => {
    v = distVolume(3);
    v.clients[2].setDown(true);
    const name = ['a', 'b', 'c', 'd', 'e', 'f'].find((n) => code(() => v.dht.mkdir(loc(`/${n}`), 0o755, xd())) === 'ok')!;
    v.clients[2].setDown(false);
    v.dht.lookup(loc(`/${name}`));
    expect(xattrHex(v.on(2, name), DHT)).toBe('00000000000000000000000000000000');
    expect(commitOf(0, name)).toBe('00000000');
  });

  it('puts back a missing .mds marker on the hashed subvolume', () => {
    v = distVolume(3);
    v.dht.mkdir(loc('/d'), 0o755, xd());
    const mds = [0, 1, 2].find((i) => xattrHex(v.on(i, 'd'), MDS) !== undefined)!;
    removeXattr(v.on(mds, 'd'), MDS);
    v.dht.lookup(loc('/d'));
    expect([0, 1, 2].filter((i) => xattrHex(v.on(i, 'd'), MDS) !== undefined)).toEqual([mds]);
  });

  it('heals a missing parent before the child (deep lookup after a brick comes back)', () => {
    v = distVolume(3);
    v.clients[2].setDown(true);
    // names whose hashed subvolume is up (mkdir of one hashing to the down brick is ENOTCONN)
    const a = ['a', 'b', 'c', 'd', 'e', 'f'].find((n) => code(() => v.dht.mkdir(loc(`/${n}`), 0o755, xd())) === 'ok')!;
    const b = ['a', 'b', 'c', 'd', 'e', 'f'].find((n) => code(() => v.dht.mkdir(loc(`/${a}/${n}`), 0o700, xd())) === 'ok')!;
    expect(exists(v.on(2, a))).toBe(false);
    v.clients[2].setDown(false);
    expect(v.dht.lookup(loc(`/${a}/${b}`)).iatt.type).toBe('dir');
    expect(fs.statSync(v.on(2, `${a}/${b}`)).mode & 0o7777).toBe(0o700);
    expect(xattrHex(v.on(2, `${a}/${b}`), 'trusted.gfid')).toBe(xattrHex(v.on(0, `${a}/${b}`), 'trusted.gfid'));
  });
});

describe('commit hash and lookup-optimize', () => {
  it('mkdir stamps the volume commit hash from the root (after a rebalance)', () => {
    v = distVolume(2);
    for (let i = 0; i < 2; i++) setXattr(v.on(i, ''), 'trusted.glusterfs.dht.commithash', Buffer.from('1477414356\0'));
    v.dht.mkdir(loc('/d'), 0o755, xd());
    expect([0, 1].map((i) => commitOf(i, 'd'))).toEqual(['580f8dd4', '580f8dd4']);
  });

  it('with lookup-optimize off mkdir stamps 1 and negative lookups go everywhere', () => {
    v = distVolume(2, 'dv', [['cluster.lookup-optimize', 'off']]);
    v.dht.mkdir(loc('/d'), 0o755, xd());
    expect([0, 1].map((i) => commitOf(i, 'd'))).toEqual(['00000001', '00000001']);
    const l = layoutOf([0, 1], 'd', ['dv-client-0', 'dv-client-1']);
    const name = ['x1', 'x2', 'x3', 'x4'].find((n) => searchLayout(l, dhtHash(n)) === 'dv-client-0')!;
    v.posix[1].create(loc(`/d/${name}`), 0o644, xd());
    expect(v.dht.lookup(loc(`/d/${name}`)).iatt.type).toBe('file');
    expect(xattrHex(v.on(0, `d/${name}`), LINKTO)).toBe(Buffer.from('dv-client-1\0').toString('hex'));
  });

  it('an existing name on another subvolume of an unbalanced directory makes create fail with EEXIST', () => {
    v = distVolume(2);
    const l = layoutOf([0, 1], '', ['dv-client-0', 'dv-client-1']);
    const name = ['x1', 'x2', 'x3', 'x4'].find((n) => searchLayout(l, dhtHash(n)) === 'dv-client-0')!;
    v.posix[1].create(loc(`/${name}`), 0o644, xd());
    expect(code(() => v.dht.create(loc(`/${name}`), 0o644, xd()))).toBe('EEXIST');
  });
});

describe('hash options through the xlator', () => {
  it('extra-hash-regex places a name by its capture', () => {
    v = distVolume(4, 'dv', [['cluster.extra-hash-regex', '^(.+)\\.tmp$']]);
    v.dht.mkdir(loc('/d'), 0o755, xd());
    const names = [0, 1, 2, 3].map((i) => `dv-client-${i}`);
    const l = layoutOf([0, 1, 2, 3], 'd', names);
    const final = ['alpha', 'beta', 'gamma', 'delta', 'eps'].find((n) => searchLayout(l, dhtHash(n)) !== searchLayout(l, dhtHash(`${n}.tmp`)))!;
    v.dht.create(loc(`/d/${final}.tmp`), 0o644, xd());
    const brick = names.indexOf(searchLayout(l, dhtHash(final))!);
    expect(exists(v.on(brick, `d/${final}.tmp`))).toBe(true);
  });
});

describe('DHT over replica sets (2 x 2)', () => {
  it('layouts and .mds are identical on both bricks of a set; files land on one set; linktos name the replicate subvolume', () => {
    v = replVolume(2, 2, 'rv');
    expect(xattrHex(v.on(0, ''), DHT)).toBe(xattrHex(v.on(1, ''), DHT));
    expect(xattrHex(v.on(2, ''), DHT)).toBe(xattrHex(v.on(3, ''), DHT));
    v.dht.mkdir(loc('/d'), 0o755, xd());
    for (const [a, b] of [[0, 1], [2, 3]]) {
      expect(xattrHex(v.on(a, 'd'), DHT)).toBe(xattrHex(v.on(b, 'd'), DHT));
      expect(xattrHex(v.on(a, 'd'), MDS)).toBe(xattrHex(v.on(b, 'd'), MDS));
    }
    const l = layoutOf([0, 2], 'd', ['rv-replicate-0', 'rv-replicate-1']);
    const names = ['f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8'];
    const on0 = names.find((n) => searchLayout(l, dhtHash(n)) === 'rv-replicate-0')!;
    const on1 = names.find((n) => searchLayout(l, dhtHash(n)) === 'rv-replicate-1')!;
    v.dht.create(loc(`/d/${on0}`), 0o644, xd());
    expect([0, 1, 2, 3].map((i) => exists(v.on(i, `d/${on0}`)))).toEqual([true, true, false, false]);
    v.dht.rename(loc(`/d/${on0}`), loc(`/d/${on1}`), xd());
    for (const i of [2, 3]) {
      expect(fs.lstatSync(v.on(i, `d/${on1}`)).mode & 0o7777).toBe(0o1000);
      expect(xattrHex(v.on(i, `d/${on1}`), LINKTO)).toBe(Buffer.from('rv-replicate-0\0').toString('hex'));
    }
    expect(v.dht.readdir(loc('/d')).map((e) => e.name)).toEqual([on1]);
    expect(v.dht.readdir(loc('/')).map((e) => e.name)).toEqual(['d']);
  });
});

describe('states a crash can leave behind', () => {
  it('rename stopped after the linkto: the new name is not visible, its stale linkto is dropped, a create there succeeds', () => {
    v = distVolume(2);
    const l = layoutOf([0, 1], '', ['dv-client-0', 'dv-client-1']);
    const pick = (c: string) => ['x1', 'x2', 'x3', 'x4', 'x5', 'x6'].find((n) => searchLayout(l, dhtHash(n)) === c)!;
    const [src, dst] = [pick('dv-client-0'), pick('dv-client-1')];
    v.dht.create(loc(`/${src}`), 0o644, xd());
    // what dht.rename-after-linkto leaves: a linkto for dst on client-1 -> client-0, no dst on client-0
    v.posix[1].create(loc(`/${dst}`), 0o1000, xd());
    setXattr(v.on(1, dst), LINKTO, Buffer.from('dv-client-0\0'));
    expect(v.dht.readdir(loc('/')).map((e) => e.name)).toEqual([src]);
    const made = v.dht.create(loc(`/${dst}`), 0o600, xd());
    expect(fs.lstatSync(v.on(1, dst)).mode & 0o7777).toBe(0o600);
    expect(v.dht.stat(loc(`/${dst}`)).gfid).toBe(made.gfid);
  });

  it('mkdir stopped after the hashed subvolume: the next lookup completes the directory', () => {
    v = distVolume(3);
    v.dht.mkdir(loc('/d'), 0o755, xd());
    const mds = [0, 1, 2].find((i) => xattrHex(v.on(i, 'd'), MDS) !== undefined)!;
    // rebuild the half-done state: only the hashed copy, with .mds, without a layout
    for (const i of [0, 1, 2]) if (i !== mds) v.posix[i].rmdir(loc('/d'));
    removeXattr(v.on(mds, 'd'), DHT);
    v.dht.lookup(loc('/d'));
    expect([0, 1, 2].map((i) => commitOf(i, 'd'))).toEqual(['00000001', '00000001', '00000001']);
    expect(new Set([0, 1, 2].map((i) => xattrHex(v.on(i, 'd'), 'trusted.gfid'))).size).toBe(1);
  });
});

describe('the layout heal lock', () => {
  /** A DHT over the same bricks whose children log their fops. */
  function recorded(): { dht: Dht; log: string[] } {
    const log: string[] = [];
    const wrap = (c: Xlator): Xlator =>
      new Proxy(c, {
        get(t, k, r) {
          const val = Reflect.get(t, k, r);
          if (typeof val !== 'function') return val;
          return (...args: unknown[]) => {
            const extra = k === 'inodelk' ? `:${String(args[1])}:${String(args[2])}` : '';
            log.push(`${t.name}.${String(k)}${extra}`);
            return (val as (...a: unknown[]) => unknown).apply(t, args);
          };
        },
      });
    return { dht: new Dht('dv-dht', v.clients.map(wrap), { options: xlatorOptions(v.volume, 'cluster/distribute') }), log };
  }

  it('mkdir holds it on the hashed subvolume from its mkdir (layout and .mds marker in it) to the last copy', () => {
    v = distVolume(2);
    const { dht, log } = recorded();
    dht.mkdir(loc('/d'), 0o755, xd());
    const mds = [0, 1].find((i) => xattrHex(v.on(i, 'd'), MDS) !== undefined)!;
    const h = `dv-client-${mds}`;
    const ops = log.filter((l) => /mkdir|setxattr|inodelk/.test(l));
    const lock = ops.indexOf(`${h}.inodelk:dht.layout.heal:lock`);
    const unlock = ops.indexOf(`${h}.inodelk:dht.layout.heal:unlock`);
    expect(ops[0]).toBe(`${h}.mkdir`);
    expect(lock).toBe(1);
    expect(unlock).toBe(ops.length - 1);
    // Each copy is made with its layout (and the hashed one with .mds) in the mkdir: no setxattr.
    expect(ops.filter((o) => o.endsWith('.setxattr'))).toHaveLength(0);
    expect(ops.filter((o) => o.endsWith('.mkdir'))).toHaveLength(2);
    expect(xattrHex(v.on(1 - mds, 'd'), MDS)).toBeUndefined();
    for (const i of [0, 1]) expect(xattrHex(v.on(i, 'd'), 'trusted.glusterfs.dht')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('a healthy directory is looked up without locks or writes; a heal takes the lock', () => {
    v = distVolume(2);
    v.dht.mkdir(loc('/d'), 0o755, xd());
    const { dht, log } = recorded();
    dht.lookup(loc('/d'));
    expect(log.filter((l) => /inodelk|setxattr|mkdir|setattr/.test(l))).toEqual([]);
    const other = [0, 1].find((i) => xattrHex(v.on(i, 'd'), MDS) === undefined)!;
    v.posix[other].setattr(loc('/d'), { mode: 0o700 });
    dht.lookup(loc('/d'));
    expect(log.filter((l) => /inodelk/.test(l))).toHaveLength(2);
    expect(fs.statSync(v.on(other, 'd')).mode & 0o7777).toBe(0o755);
  });
});
