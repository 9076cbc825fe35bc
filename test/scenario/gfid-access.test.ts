// features/gfid-access through the api (openVolume({ auxGfidMount })), on a 2x2 volume: every
// inode found as /.gfid/<gfid> (checked against GlusterFS 10.3 by test/oracle/gfid-access.test.ts
// through a mount), the refusals of the virtual directory, and a brick down under it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openVolume, type VolumeClient } from '../../src/api/index.js';
import { createVolume, gfidOn, makeEnv, type Env } from './fs-helpers.js';
import { setXattr as xattrSet } from '../../src/xattr/index.js';

let e: Env;
let bricks: string[];
let vol: VolumeClient;
beforeEach(async () => {
  e = makeEnv('gfid-access');
  bricks = createVolume(e, 'ga', 4, 2);
  vol = await openVolume('ga', { home: e.home, auxGfidMount: true });
  await vol.mkdirp('/d/sub');
  await vol.writeFile('/d/sub/f', 'below\n');
  await vol.writeFile('/f', 'file data\n');
});
afterEach(() => e.cleanup());

const errnoOf = async (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'ok',
    (err: { code?: string }) => err.code ?? String(err),
  );

/** The gfid a brick stores for a volume path (the first brick that has it). */
const gfid = (rel: string): string => gfidOn(path.join(bricks.find((b) => fs.existsSync(path.join(b, rel)))!, rel))!;

describe('the /.gfid directory (--aux-gfid-mount)', () => {
  it('finds a file by its gfid, in either case, as the file itself', async () => {
    const g = gfid('f');
    const st = await vol.stat(`/.gfid/${g}`);
    expect(st.gfid).toBe(g);
    expect(st.ino).toBe((await vol.stat('/f')).ino);
    expect((await vol.readFile(`/.gfid/${g.toUpperCase()}`)).toString()).toBe('file data\n');
  });

  it('writes, modes and xattrs made through the gfid reach the file and every copy', async () => {
    const g = gfid('f');
    await vol.writeFile(`/.gfid/${g}`, 'new data\n');
    await vol.chmod(`/.gfid/${g}`, 0o600);
    await vol.setxattr(`/.gfid/${g}`, 'user.k', Buffer.from('v'));
    expect((await vol.readFile('/f')).toString()).toBe('new data\n');
    const copies = bricks.filter((b) => fs.existsSync(path.join(b, 'f')));
    expect(copies).toHaveLength(2);
    for (const b of copies) {
      expect(fs.statSync(path.join(b, 'f')).mode & 0o7777).toBe(0o600);
      expect(fs.readFileSync(path.join(b, 'f'), 'utf8')).toBe('new data\n');
    }
    expect((await vol.getxattr('/f', 'user.k')).toString()).toBe('v');
  });

  it('gives a directory a virtual inode of its own that cannot be listed, while what is below it can', async () => {
    const g = gfid('d');
    const st = await vol.stat(`/.gfid/${g}`);
    expect(st.type).toBe('dir');
    expect(st.gfid).not.toBe(g);
    expect(await errnoOf(vol.readdir(`/.gfid/${g}`))).toBe('ENOTSUP');
    expect(await vol.readdir(`/.gfid/${g}/sub`)).toEqual(['f']);
    expect((await vol.readFile(`/.gfid/${g}/sub/f`)).toString()).toBe('below\n');
    // a name removed below it is removed from the directory itself
    await vol.unlink(`/.gfid/${g}/sub/f`);
    expect(await vol.readdir('/d/sub')).toEqual([]);
  });

  it('refuses what 10.3 refuses, with its errno', async () => {
    const g = gfid('d');
    const st = await vol.stat('/.gfid');
    expect([st.type, st.gfid, st.ino]).toEqual(['dir', '00000000-0000-0000-0000-00000000000d', 13]);
    expect(await errnoOf(vol.readdir('/.gfid'))).toBe('ENOTSUP');
    expect(await errnoOf(vol.setxattr('/.gfid', 'user.k', Buffer.from('v')))).toBe('ENOTSUP');
    expect(await errnoOf(vol.writeFile('/.gfid/new', 'x'))).toBe('EPERM');
    expect(await errnoOf(vol.mkdir(`/.gfid/${gfid('f')}x`))).toBe('EPERM');
    // a new inode whose parent is the virtual directory itself: no brick knows that parent
    expect(await errnoOf(vol.mkdir(`/.gfid/${g}/new`))).toBe('ESTALE');
    expect(await errnoOf(vol.stat('/.gfid/not-a-gfid'))).toBe('ENOENT');
    expect(await errnoOf(vol.stat('/.gfid/0a0b0c0d-1111-2222-3333-444455556666'))).toBe('ENOENT');
    expect(await errnoOf(vol.getxattr('/.gfid', 'trusted.glusterfs.pathinfo'))).toBe('ENOTSUP');
  });

  it('answers pathinfo for what it reaches by gfid as for its own name', async () => {
    for (const rel of ['f', 'd', 'd/sub/f']) {
      const own = (await vol.getxattr(`/${rel}`, 'trusted.glusterfs.pathinfo')).toString();
      expect(own).toContain('<POSIX(');
      const g = gfid(rel);
      expect((await vol.getxattr(`/.gfid/${g}`, 'trusted.glusterfs.pathinfo')).toString()).toBe(own);
    }
    const below = (await vol.getxattr(`/.gfid/${gfid('d')}/sub/f`, 'trusted.glusterfs.pathinfo')).toString();
    expect(below).toBe((await vol.getxattr('/d/sub/f', 'trusted.glusterfs.pathinfo')).toString());
  });

  it('finds a file in data split-brain: its status is readable, its data is not', async () => {
    const g = gfid('f');
    const held = bricks.map((b, i) => [i, fs.existsSync(path.join(b, 'f'))] as const).filter(([, h]) => h).map(([i]) => i);
    expect(held).toHaveLength(2);
    // each copy blames the other for one data operation
    const key = (i: number) => `trusted.afr.ga-client-${i}`;
    const blame = Buffer.from([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    for (const [me, other] of [held, [...held].reverse()]) {
      xattrSet(path.join(bricks[me], 'f'), key(other), blame);
    }
    const fresh = await openVolume('ga', { home: e.home, auxGfidMount: true });
    expect((await fresh.stat(`/.gfid/${g}`)).gfid).toBe(g);
    expect((await fresh.getxattr(`/.gfid/${g}`, 'replica.split-brain-status')).toString()).toMatch(/^data-split-brain:yes /);
    expect(await errnoOf(fresh.readFile(`/.gfid/${g}`))).toBe('EIO');
  });

  it('keeps what it handed out across a graph switch (volume set)', async () => {
    const g = gfid('d');
    const before = await vol.stat(`/.gfid/${g}`);
    expect(e.run(['volume', 'set', 'ga', 'cluster.lookup-optimize', 'off']).code).toBe(0);
    const after = await vol.stat(`/.gfid/${g}`);
    expect([after.gfid, after.ino]).toEqual([before.gfid, before.ino]);
    expect(await errnoOf(vol.readdir(`/.gfid/${g}`))).toBe('ENOTSUP');
    await vol.chmod(`/.gfid/${g}`, 0o700);
    expect((await vol.stat('/d')).mode & 0o7777).toBe(0o700);
  });

  it('is not there without aux-gfid-mount', async () => {
    const plain = await openVolume('ga', { home: e.home });
    expect(await errnoOf(plain.stat(`/.gfid/${gfid('f')}`))).toBe('ENOENT');
  });

  it('finds a file with one of its copies down; with both down, it is not found (ENOENT, as 10.3)', async () => {
    const g = gfid('f');
    const held = bricks.filter((b) => fs.existsSync(path.join(b, 'f')));
    const kill = (b: string) => expect(e.run(['debug', 'kill-brick', 'ga', `server${bricks.indexOf(b) % 3 + 1}:${b}`]).code).toBe(0);
    kill(held[0]);
    const one = await openVolume('ga', { home: e.home, auxGfidMount: true });
    expect((await one.readFile(`/.gfid/${g}`)).toString()).toBe('file data\n');
    expect((await one.readFile(`/.gfid/${gfid('d')}/sub/f`)).toString()).toBe('below\n');
    kill(held[1]);
    const none = await openVolume('ga', { home: e.home, auxGfidMount: true });
    expect(await errnoOf(none.stat(`/.gfid/${g}`))).toBe('ENOENT');
  });
});
