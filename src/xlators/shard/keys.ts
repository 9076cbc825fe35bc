// features/shard's on-disk names and values, as GlusterFS 10.3 writes them.
//
// A sharded file is its base file (block 0, under its own name) and one file per further block,
// `/.shard/<base gfid>.<N>`. The base file carries the block size it was made with and the
// file's logical size; the shards carry nothing of shard's.
import { FopError } from '../../libglusterfs/errors.js';
import type { Gfid, Loc } from '../types.js';
import { ROOT_GFID } from '../types.js';

/** 8 bytes: the block size in bytes, a big-endian u64. */
export const BLOCK_SIZE_KEY = 'trusted.glusterfs.shard.block-size';
/** 32 bytes, four big-endian s64: [size in bytes, 0, blocks of 512 bytes, 0]. */
export const FILE_SIZE_KEY = 'trusted.glusterfs.shard.file-size';
/** Every key of shard's own (refused to clients, hidden from their listings). */
export const SHARD_KEY_PREFIX = 'trusted.glusterfs.shard.';

export const SHARD_DIR = '.shard';
export const REMOVE_ME_DIR = '.remove_me';
/** The fixed gfids of /.shard and /.shard/.remove_me. */
export const SHARD_ROOT_GFID: Gfid = 'be318638-e8a0-4c6d-977d-7a937aa84806';
export const REMOVE_ME_GFID: Gfid = '77dd5a45-dbf5-4592-b31b-b440382302e9';

export const SHARD_DIR_LOC: Loc = { path: `/${SHARD_DIR}`, parent: ROOT_GFID, name: SHARD_DIR };
export const REMOVE_ME_LOC: Loc = { path: `/${SHARD_DIR}/${REMOVE_ME_DIR}`, parent: SHARD_ROOT_GFID, name: REMOVE_ME_DIR };

/** Where block `n` (n >= 1) of the file `gfid` lives. */
export function shardLoc(gfid: Gfid, n: number): Loc {
  const name = `${gfid}.${n}`;
  return { path: `/${SHARD_DIR}/${name}`, parent: SHARD_ROOT_GFID, name };
}

/** The marker that stands for a sharded file whose shards are being deleted. */
export function markerLoc(gfid: Gfid): Loc {
  return { path: `${REMOVE_ME_LOC.path}/${gfid}`, parent: REMOVE_ME_GFID, name: gfid };
}

export function encodeBlockSize(bytes: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(bytes));
  return b;
}

export function decodeBlockSize(v: Buffer | undefined): number {
  if (!v || v.length !== 8) return 0;
  return Number(v.readBigUInt64BE());
}

export interface FileSize {
  size: number;
  /** 512-byte blocks of the base file and every shard. */
  blocks: number;
}

export function encodeFileSize({ size, blocks }: FileSize): Buffer {
  const b = Buffer.alloc(32);
  b.writeBigInt64BE(BigInt(size), 0);
  b.writeBigInt64BE(BigInt(blocks), 16);
  return b;
}

export function decodeFileSize(v: Buffer | undefined): FileSize {
  if (!v || v.length !== 32) throw new FopError('EINVAL', `${FILE_SIZE_KEY} of ${v?.length ?? 0} bytes`);
  return { size: Number(v.readBigInt64BE(0)), blocks: Number(v.readBigInt64BE(16)) };
}

/** The name is /.shard at the root, or anything inside it (what a client may not look up). */
export function isShardPath(p: string): boolean {
  return p === `/${SHARD_DIR}` || p.startsWith(`/${SHARD_DIR}/`);
}
