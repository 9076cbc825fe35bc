// features/shard through the api: the bricks hold what GlusterFS 10.3's shard translator leaves
// (block 0 in the base file, /.shard/<gfid>.N, the size and block-size keys), the client sees one
// file, and a copy that missed writes is healed shard by shard. The same steps through a mount are
// compared with 10.3 by test/oracle/shard.test.ts.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openVolume, type VolumeClient } from '../../src/api/index.js';
import { getXattrOpt, setXattr } from '../../src/xattr/index.js';
import { BLOCK_SIZE_KEY, FILE_SIZE_KEY, REMOVE_ME_GFID, SHARD_ROOT_GFID } from '../../src/xlators/shard/keys.js';
import { createVolume, gfidOn, makeEnv, nonZeroAfr, type Env } from './fs-helpers.js';

const MB = 1024 * 1024;
let e: Env;
let bricks: string[];
let vol: VolumeClient;

beforeEach(async () => {
  e = makeEnv('shard');
  bricks = createVolume(e, 'sh', 3, 3);
  for (const [k, v] of [['features.shard', 'on'], ['features.shard-block-size', '4MB']]) {
    expect(e.run(['--mode=script', 'volume', 'set', 'sh', k, v]).code).toBe(0);
  }
  vol = await openVolume('sh', { home: e.home });
});
afterEach(() => e.cleanup());

/** Each shard of brick `b` as `N:size`, and the base file's size keys as [size, blocks]. */
function onBrick(b: string, name: string): { shards: string[]; size?: [number, number]; bs?: number } {
  const gfid = gfidOn(path.join(b, name));
  const dir = path.join(b, '.shard');
  const shards = fs.existsSync(dir)
    ? fs.readdirSync(dir).filter((n) => gfid && n.startsWith(`${gfid}.`)).map((n) => `${n.slice(37)}:${fs.statSync(path.join(dir, n)).size}`).sort()
    : [];
  const v = getXattrOpt(path.join(b, name), FILE_SIZE_KEY);
  const bs = getXattrOpt(path.join(b, name), BLOCK_SIZE_KEY);
  return {
    shards,
    ...(v ? { size: [Number(v.readBigInt64BE(0)), Number(v.readBigInt64BE(16))] as [number, number] } : {}),
    ...(bs ? { bs: Number(bs.readBigUInt64BE()) } : {}),
  };
}

describe('features.shard', () => {
  it('cuts a file into 4 MB blocks: block 0 in the base file, the rest in /.shard; the client sees one file', async () => {
    const data = randomBytes(10 * MB + 123);
    await vol.writeFile('/f', data);
    for (const b of bricks) {
      expect(fs.statSync(path.join(b, 'f')).size).toBe(4 * MB);
      expect(onBrick(b, 'f')).toMatchObject({ shards: ['1:4194304', '2:2097275'], bs: 4 * MB });
      expect(onBrick(b, 'f').size![0]).toBe(data.length);
      expect(gfidOn(path.join(b, '.shard'))).toBe(SHARD_ROOT_GFID);
    }
    expect((await vol.stat('/f')).size).toBe(data.length);
    expect((await vol.readFile('/f')).equals(data)).toBe(true);
    expect((await vol.read('/f', 4 * MB - 10, 20)).equals(data.subarray(4 * MB - 10, 4 * MB + 10))).toBe(true);
    expect(await vol.readdir('/')).toEqual(['f']);
    await expect(vol.stat('/.shard')).rejects.toMatchObject({ code: 'EPERM' });
  });

  it('a file made before sharding was on stays one file', async () => {
    expect(e.run(['--mode=script', 'volume', 'set', 'sh', 'features.shard', 'off']).code).toBe(0);
    const plain = await openVolume('sh', { home: e.home });
    await plain.writeFile('/old', randomBytes(5 * MB));
    expect(e.run(['--mode=script', 'volume', 'set', 'sh', 'features.shard', 'on']).code).toBe(0);
    const again = await openVolume('sh', { home: e.home });
    await again.write('/old', 6 * MB, Buffer.from('tail'));
    expect((await again.stat('/old')).size).toBe(6 * MB + 4);
    expect(fs.statSync(path.join(bricks[0], 'old')).size).toBe(6 * MB + 4);
    expect(onBrick(bricks[0], 'old')).toEqual({ shards: [] });
  });

  it('holes, truncate down and up, and the size keys follow', async () => {
    await vol.create('/g');
    await vol.write('/g', 13 * MB, Buffer.alloc(MB, 7));
    expect(onBrick(bricks[1], 'g').shards).toEqual(['3:2097152']);
    const hole = await vol.read('/g', 5 * MB, 16);
    expect(hole.equals(Buffer.alloc(16))).toBe(true);
    await vol.truncate('/g', 6 * MB);
    expect((await vol.stat('/g')).size).toBe(6 * MB);
    expect(onBrick(bricks[1], 'g').shards).toEqual(['1:2097152']);
    await vol.truncate('/g', 20 * MB);
    expect(onBrick(bricks[1], 'g').size![0]).toBe(20 * MB);
    // a cut at a block boundary keeps the block before it whole (10.3 empties it)
    await vol.write('/g', 0, Buffer.alloc(4 * MB, 1));
    await vol.truncate('/g', 4 * MB);
    expect((await vol.readFile('/g')).equals(Buffer.alloc(4 * MB, 1))).toBe(true);
    expect(onBrick(bricks[1], 'g').shards).toEqual([]);
  });

  it('rm and mv over a file take its shards, behind a .remove_me marker that is gone after', async () => {
    await vol.writeFile('/a', randomBytes(9 * MB));
    await vol.writeFile('/b', randomBytes(9 * MB));
    await vol.rename('/b', '/a');
    await vol.link('/a', '/c');
    await vol.unlink('/a');
    expect(onBrick(bricks[2], 'c').shards).toEqual(['1:4194304', '2:1048576']);
    await vol.unlink('/c');
    for (const b of bricks) {
      expect(fs.readdirSync(path.join(b, '.shard'))).toEqual(['.remove_me']);
      expect(fs.readdirSync(path.join(b, '.shard', '.remove_me'))).toEqual([]);
      expect(gfidOn(path.join(b, '.shard', '.remove_me'))).toBe(REMOVE_ME_GFID);
    }
  });

  it('a deletion cut short by a crash is finished by the next client that deletes', async () => {
    await vol.writeFile('/x', randomBytes(9 * MB));
    const gfid = gfidOn(path.join(bricks[0], 'x'))!;
    // what a crash after the marker and the base file's unlink leaves: marker, shards, no base
    await vol.writeFile('/y', 'y');
    await vol.unlink('/y'); // makes .remove_me
    for (const b of bricks) {
      const marker = path.join(b, '.shard', '.remove_me', gfid);
      fs.writeFileSync(marker, '');
    }
    const withMarker = await openVolume('sh', { home: e.home });
    // unlink on the bricks behind the client's back, as the crashed client's unlink had done
    for (const b of bricks) {
      fs.unlinkSync(path.join(b, 'x'));
      fs.unlinkSync(path.join(b, '.glusterfs', gfid.slice(0, 2), gfid.slice(2, 4), gfid));
      const m = path.join(b, '.shard', '.remove_me', gfid);
      setXattr(m, BLOCK_SIZE_KEY, Buffer.from('0000000000400000', 'hex'));
      setXattr(m, FILE_SIZE_KEY, Buffer.concat([Buffer.from('0000000000900000', 'hex'), Buffer.alloc(24)]));
    }
    await withMarker.writeFile('/z', 'z');
    for (const b of bricks) {
      expect(fs.readdirSync(path.join(b, '.shard')).filter((n) => n.startsWith(gfid))).toEqual([]);
      expect(fs.readdirSync(path.join(b, '.shard', '.remove_me'))).toEqual([]);
    }
  });

  it("a marker whose file still exists (a crash before the unlink) goes, and the file's shards stay", async () => {
    expect(e.run(['--mode=script', 'volume', 'set', 'sh', 'storage.gfid2path', 'off']).code).toBe(0);
    const c = await openVolume('sh', { home: e.home });
    const data = randomBytes(9 * MB);
    await c.writeFile('/kept', data);
    await c.writeFile('/y', 'y');
    await c.unlink('/y'); // makes .remove_me
    const gfid = gfidOn(path.join(bricks[0], 'kept'))!;
    for (const b of bricks) {
      const m = path.join(b, '.shard', '.remove_me', gfid);
      fs.writeFileSync(m, '');
      setXattr(m, BLOCK_SIZE_KEY, Buffer.from('0000000000400000', 'hex'));
      setXattr(m, FILE_SIZE_KEY, Buffer.concat([Buffer.from('0000000000900000', 'hex'), Buffer.alloc(24)]));
    }
    const next = await openVolume('sh', { home: e.home });
    await next.writeFile('/z', 'z');
    for (const b of bricks) expect(fs.readdirSync(path.join(b, '.shard', '.remove_me'))).toEqual([]);
    expect((await next.readFile('/kept')).equals(data)).toBe(true);
  });

  it('a brick that missed writes gets every shard and the size keys back from heal', async () => {
    const first = randomBytes(6 * MB);
    await vol.writeFile('/h', first);
    expect(e.run(['debug', 'kill-brick', 'sh', `server3:${bricks[2]}`]).code).toBe(0);
    const more = randomBytes(5 * MB);
    await vol.write('/h', 6 * MB, more);
    expect(e.run(['--mode=script', 'volume', 'start', 'sh', 'force']).code).toBe(0);
    const heal = e.run(['--mode=script', 'volume', 'heal', 'sh']);
    expect(heal.code).toBe(0);
    expect(onBrick(bricks[2], 'h')).toEqual(onBrick(bricks[0], 'h'));
    expect(onBrick(bricks[2], 'h').shards).toEqual(['1:4194304', '2:3145728']);
    for (const b of bricks) expect(nonZeroAfr(path.join(b, 'h'))).toEqual([]);
    expect((await (await openVolume('sh', { home: e.home })).readFile('/h')).equals(Buffer.concat([first, more]))).toBe(true);
  });

  it("shard's keys are not a client's: hidden, ENODATA to read, EPERM to set on a file", async () => {
    await vol.writeFile('/k', 'k');
    expect(await vol.listxattr('/k')).not.toContain(FILE_SIZE_KEY);
    await expect(vol.getxattr('/k', BLOCK_SIZE_KEY)).rejects.toMatchObject({ code: 'ENODATA' });
    await expect(vol.setxattr('/k', BLOCK_SIZE_KEY, Buffer.from([1]))).rejects.toMatchObject({ code: 'EPERM' });
    await vol.mkdir('/d');
    await vol.setxattr('/d', BLOCK_SIZE_KEY, Buffer.from([1]));
    expect(getXattrOpt(path.join(bricks[0], 'd'), BLOCK_SIZE_KEY)).toEqual(Buffer.from([1]));
  });
});
