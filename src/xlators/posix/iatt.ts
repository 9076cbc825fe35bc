// Brick stat -> Iatt. Times come from trusted.glusterfs.mdata when present (features.ctime),
// else from the inode; nlink leaves out the .glusterfs hard link of a non-directory.
import type * as fs from 'node:fs';
import { NULL_GFID, type FileType, type Gfid, type Iatt, type Timespec } from '../types.js';
import type { Mdata } from './mdata.js';
import { gfidIno } from '../../libglusterfs/uuid.js';

export { NULL_GFID };

export function fileType(st: fs.Stats | fs.BigIntStats): FileType {
  if (st.isDirectory()) return 'dir';
  if (st.isFile()) return 'file';
  if (st.isSymbolicLink()) return 'symlink';
  return 'other';
}

const S_IFMT = 0o170000;
const MODE_TYPES: Record<number, FileType> = { 0o040000: 'dir', 0o100000: 'file', 0o120000: 'symlink' };

/** fileType from a raw st_mode (a stat that is not a Node Stats object). */
export function fileTypeOfMode(mode: number): FileType {
  return MODE_TYPES[mode & S_IFMT] ?? 'other';
}

/** A non-directory's .glusterfs handle is a hard link GlusterFS does not count. */
export function visibleNlink(type: FileType, nlink: number, hasHandle: boolean): number {
  return type !== 'dir' && hasHandle && nlink > 1 ? nlink - 1 : nlink;
}

const ts = (ns: bigint): Timespec => ({ sec: Number(ns / 1_000_000_000n), nsec: Number(ns % 1_000_000_000n) });

/** Times of an inode as its stat shows them. */
export function statTimes(st: fs.BigIntStats): Mdata {
  return { ctime: ts(st.ctimeNs), mtime: ts(st.mtimeNs), atime: ts(st.atimeNs) };
}

/**
 * The iatt of a stat. Plain (non-bigint) stats are enough when mdata gives the times; without
 * mdata the nanosecond times need a bigint stat.
 */
/**
 * st_blocks as GlusterFS hands it up (iatt_from_stat): never more than the size needs, since a
 * filesystem's preallocation beyond EOF would inflate what `du` and shard's block count show.
 */
export function iattBlocks(size: number, blocks: number): number {
  return Math.min(blocks, Math.ceil(size / 512));
}

export function toIatt(st: fs.Stats | fs.BigIntStats, gfid: Gfid | undefined, mdata: Mdata | undefined, hasHandle: boolean): Iatt {
  const type = fileType(st);
  if (!mdata && typeof st.ctimeMs !== 'bigint') throw new TypeError('toIatt: times from a stat need a bigint stat');
  const t = mdata ?? statTimes(st as fs.BigIntStats);
  return {
    gfid: gfid ?? NULL_GFID,
    type,
    mode: Number(st.mode),
    uid: Number(st.uid),
    gid: Number(st.gid),
    size: Number(st.size),
    nlink: visibleNlink(type, Number(st.nlink), hasHandle),
    ino: gfid ? gfidIno(gfid) : Number(st.ino),
    blocks: iattBlocks(Number(st.size), Number(st.blocks)),
    atime: t.atime,
    mtime: t.mtime,
    ctime: t.ctime,
    // A device's number (what heal needs to make it again); other files have none.
    ...(type === 'other' && Number(st.rdev) !== 0 ? { rdev: Number(st.rdev) } : {}),
  };
}
