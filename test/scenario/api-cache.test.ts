// What one client remembers between fops (DHT's directory layouts and volume commit hash, AFR
// reusing DHT's lookup for a write) against what other clients do to the same volume: names are
// still placed by the directory's current layout, and a directory another client removed and
// re-made under the same path is noticed (ESTALE/ENOENT, then a fresh lookup).
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { clientFor, type VolumeClient } from '../../src/api/index.js';
import { fopCode, fopCodeAsync as code } from '../helpers/fop-code.js';
import { getXattr, setXattr } from '../../src/xattr/index.js';
import { decodeLayout, DHT_XATTR, hashedSubvol, type DirLayout } from '../../src/xlators/dht/layout.js';
import type { Dht } from '../../src/xlators/dht/dht.js';
import { migrateFile } from '../../src/xlators/dht/migrate.js';
import { Posix } from '../../src/xlators/posix/posix.js';
import { bytesToGfid } from '../../src/libglusterfs/uuid.js';
import type { Loc } from '../../src/xlators/types.js';
import { makeVolume, type TestVolume } from '../unit/api/helpers.js';

let tv: TestVolume | undefined;
afterEach(() => {
  vi.restoreAllMocks();
  tv?.cleanup();
  tv = undefined;
});

/** A volume of its own for this test (cleaned up after it) and `n` clients of it. */
function volumeWithClients(name: string, opts: { bricks: number; replica?: number }, n: number): { t: TestVolume; c: VolumeClient[] } {
  tv = makeVolume(name, opts);
  const t = tv;
  return { t, c: Array.from({ length: n }, () => clientFor(t.volume, { home: t.dir })) };
}

/** Client a makes /d holding a file; client b then removes both behind a's back. `meanwhile`
 * runs in between (after a made /d, before b removes it). */
async function removedBehind(a: VolumeClient, b: VolumeClient, meanwhile?: () => Promise<void>): Promise<void> {
  await a.mkdir('/d');
  await a.writeFile('/d/old', 'x');
  await meanwhile?.();
  await b.unlink('/d/old');
  await b.rmdir('/d');
}

/** The layout of directory `rel` as the bricks of a plain distribute volume hold it. */
function layoutOf(t: TestVolume, rel: string): DirLayout {
  return {
    entries: t.volume.bricks.map((b) => ({ name: `${t.volume.name}-client-${b.brickId}`, range: decodeLayout(getXattr(path.join(b.path, rel), DHT_XATTR)) })),
  };
}

/** Brick indexes holding `rel` as a regular file. */
const holders = (t: TestVolume, rel: string) => t.brickPaths.flatMap((b, i) => (fs.existsSync(path.join(b, rel)) ? [i] : []));

/** The brick a name in `dir` must land on by the layout on disk. */
function hashedBrick(t: TestVolume, dir: string, name: string): number {
  const owner = hashedSubvol(layoutOf(t, dir), name);
  return t.volume.bricks.findIndex((b) => `${t.volume.name}-client-${b.brickId}` === owner);
}

/** Gives each brick's copy of `rel` the next brick's range (what another client's fix-layout may do). */
function rotateLayout(t: TestVolume, rel: string): void {
  const raw = t.brickPaths.map((b) => getXattr(path.join(b, rel), DHT_XATTR));
  t.brickPaths.forEach((b, i) => setXattr(path.join(b, rel), DHT_XATTR, raw[(i + 1) % raw.length]));
}

/** Counts posix lookups and getxattrs by path while `fn` runs. */
async function countFops(fn: () => Promise<void>): Promise<{ lookups: Map<string, number>; getxattrs: Map<string, number> }> {
  const lookups = new Map<string, number>();
  const getxattrs = new Map<string, number>();
  const bump = (m: Map<string, number>, loc: Loc) => m.set(loc.path, (m.get(loc.path) ?? 0) + 1);
  const lk = Posix.prototype.lookup;
  const gx = Posix.prototype.getxattr;
  vi.spyOn(Posix.prototype, 'lookup').mockImplementation(function (this: Posix, loc, xdata) {
    bump(lookups, loc);
    return lk.call(this, loc, xdata);
  });
  vi.spyOn(Posix.prototype, 'getxattr').mockImplementation(function (this: Posix, loc, name) {
    bump(getxattrs, loc);
    return gx.call(this, loc, name);
  });
  await fn();
  vi.restoreAllMocks();
  return { lookups, getxattrs };
}

describe('a client remembering directory layouts', () => {
  it('places every new name by the directory layout on disk, looking the directory up once', async () => {
    const { t, c: [a] } = volumeWithClients('cpl', { bricks: 3 }, 1);
    await a.mkdir('/d');
    const names = Array.from({ length: 30 }, (_, i) => `f${i}`);
    const { lookups, getxattrs } = await countFops(async () => {
      for (const n of names) await a.writeFile(`/d/${n}`, n);
    });
    for (const n of names) expect([n, holders(t, `d/${n}`)]).toEqual([n, [hashedBrick(t, 'd', n)]]);
    // the api's walk looked /d up once (on each brick); creates and writes used the remembered layout
    expect(lookups.get('/d')).toBe(3);
    expect(getxattrs.get('/') ?? 0).toBeLessThanOrEqual(1);
    // the names are spread (the test would prove nothing with one brick taking them all)
    expect(new Set(names.map((n) => holders(t, `d/${n}`)[0])).size).toBe(3);
  });

  it('replica 3: a create and its first write look nothing up; a later write looks the file up once', async () => {
    const { t, c: [a] } = volumeWithClients('cpr', { bricks: 3, replica: 3 }, 1);
    await a.mkdir('/d');
    await a.writeFile('/d/first', 'x');
    const created = await countFops(() => a.writeFile('/d/f', 'hello'));
    expect(Object.fromEntries(created.lookups)).toEqual({});
    for (const b of t.brickPaths) expect(fs.readFileSync(path.join(b, 'd/f'), 'utf8')).toBe('hello');
    // a write to an existing file: the api's lookup of the path, then DHT's; AFR reuses DHT's (no third)
    const again = await countFops(async () => void (await a.write('/d/f', 5, Buffer.from('!'))));
    expect(Object.fromEntries(again.lookups)).toEqual({ '/d/f': 6 });
    for (const b of t.brickPaths) expect(fs.readFileSync(path.join(b, 'd/f'), 'utf8')).toBe('hello!');
  });

  it('a first write after a create follows the file when a rebalance moved it in between', async () => {
    const { t, c: [a, b] } = volumeWithClients('cpm', { bricks: 3 }, 2);
    await a.mkdir('/d');
    const fh = await a.open('/d/f', 'w');
    const before = holders(t, 'd/f');
    rotateLayout(t, 'd');
    await b.stat('/d');
    expect(migrateFile(b.top as Dht, { path: '/d/f', name: 'f' })).toBe('migrated');
    const after = hashedBrick(t, 'd', 'f');
    expect(after).not.toBe(before[0]);
    await fh.write(Buffer.from('moved'), 0);
    await fh.close();
    expect(fs.readFileSync(path.join(t.brickPaths[after], 'd/f'), 'utf8')).toBe('moved');
    expect(fs.existsSync(path.join(t.brickPaths[before[0]], 'd/f'))).toBe(false);
    expect((await b.readFile('/d/f')).toString()).toBe('moved');
  });

  it('follows a layout another client changed once the directory is looked up again', async () => {
    const { t, c: [a] } = volumeWithClients('cpf', { bricks: 3 }, 1);
    await a.mkdir('/d');
    await a.writeFile('/d/first', 'x');
    rotateLayout(t, 'd');
    await a.stat('/d');
    const names = Array.from({ length: 12 }, (_, i) => `g${i}`);
    for (const n of names) await a.writeFile(`/d/${n}`, n);
    for (const n of names) expect([n, holders(t, `d/${n}`)]).toEqual([n, [hashedBrick(t, 'd', n)]]);
  });

  it('a name the caller holds (revalidate, or a gfid) is found off its hashed brick in a settled directory; a fresh lookup is not', async () => {
    const { t, c: [a] } = volumeWithClients('cpv', { bricks: 3 }, 1);
    await a.mkdir('/d');
    await a.writeFile('/d/f', 'x');
    const where = holders(t, 'd/f');
    rotateLayout(t, 'd');
    expect(holders(t, 'd/f')).toEqual(where);
    expect(hashedBrick(t, 'd', 'f')).not.toBe(where[0]);
    const loc: Loc = { path: '/d/f', name: 'f' };
    // the directory is settled (lookup-optimize): where the name hashes now, it is not
    expect(fopCode(() => a.top.lookup(loc))).toBe('ENOENT');
    const held = a.top.lookup(loc, { revalidate: true }).iatt;
    a.top.unlink({ ...loc, gfid: held.gfid });
    expect(t.brickPaths.map((b) => fs.existsSync(path.join(b, 'd/f')))).toEqual([false, false, false]);
  });

  it('a layout changed behind its back: posix refuses the stale placement, the name goes where the disk says (bug-1786679)', async () => {
    const { t, c: [a] } = volumeWithClients('cps', { bricks: 3 }, 1);
    await a.mkdir('/d');
    await a.writeFile('/d/first', 'x');
    rotateLayout(t, 'd');
    // no lookup of /d in between: the remembered layout goes down with each create and is refused
    const names = Array.from({ length: 12 }, (_, i) => `h${i}`);
    for (const n of names) await a.writeFile(`/d/${n}`, n);
    for (const n of names) expect([n, holders(t, `d/${n}`)]).toEqual([n, [hashedBrick(t, 'd', n)]]);
  });
});

describe("another client's rmdir + mkdir of a remembered directory", () => {
  it('is noticed: creates go into the new directory, placed by its layout', async () => {
    const { t, c: [a, b] } = volumeWithClients('crm', { bricks: 3 }, 2);
    let oldGfid = '';
    await removedBehind(a, b, async () => {
      oldGfid = (await a.stat('/d')).gfid;
    });
    await b.mkdir('/d');
    // a layout the remembered one would contradict for some names
    rotateLayout(t, 'd');
    const newGfid = (await b.stat('/d')).gfid;
    expect(newGfid).not.toBe(oldGfid);

    const names = Array.from({ length: 12 }, (_, i) => `n${i}`);
    for (const n of names) await a.writeFile(`/d/${n}`, n);
    for (const n of names) {
      expect([n, holders(t, `d/${n}`)]).toEqual([n, [hashedBrick(t, 'd', n)]]);
      expect((await b.readFile(`/d/${n}`)).toString()).toBe(n);
    }
    // the directory a's files went into is the new one
    const onDisk = bytesToGfid(getXattr(path.join(t.brickPaths[0], 'd'), 'trusted.gfid'));
    expect(onDisk).toBe(newGfid);
    expect((await a.stat('/d')).gfid).toBe(newGfid);
    expect((await a.readdir('/d')).sort()).toEqual([...names].sort());
  });

  it('renames into it land in the new directory', async () => {
    const { t, c: [a, b] } = volumeWithClients('crn', { bricks: 3 }, 2);
    await a.mkdir('/s');
    await removedBehind(a, b);
    await b.mkdir('/d');
    const names = Array.from({ length: 6 }, (_, i) => `m${i}`);
    for (const n of names) {
      await a.writeFile(`/s/${n}`, n);
      await a.rename(`/s/${n}`, `/d/${n}`);
    }
    for (const n of names) expect((await b.readFile(`/d/${n}`)).toString()).toBe(n);
    expect(await b.readdir('/s')).toEqual([]);
  });

  it('a create in a directory another client removed fails with ENOENT and leaves nothing', async () => {
    const { t, c: [a, b] } = volumeWithClients('crg', { bricks: 3 }, 2);
    await removedBehind(a, b);
    expect(await code(a.writeFile('/d/new', 'y'))).toBe('ENOENT');
    for (const bp of t.brickPaths) expect(fs.existsSync(path.join(bp, 'd'))).toBe(false);
  });

  it('replica 2 x 3: the same, with each file on one whole replica set', async () => {
    const { t, c: [a, b] } = volumeWithClients('crr', { bricks: 6, replica: 3 }, 2);
    await removedBehind(a, b);
    await b.mkdir('/d');
    const names = Array.from({ length: 8 }, (_, i) => `r${i}`);
    for (const n of names) await a.writeFile(`/d/${n}`, n);
    for (const n of names) {
      const h = holders(t, `d/${n}`);
      expect([n, h]).toEqual([n, h[0] < 3 ? [0, 1, 2] : [3, 4, 5]]);
      expect((await b.readFile(`/d/${n}`)).toString()).toBe(n);
    }
  });
});
