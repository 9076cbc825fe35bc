// trusted.glusterfs.mdata (docs/on-disk-format.md §1.7): 57 bytes, u8 version 1, BE u64 flags 0, then ctime,
// mtime, atime as BE u64 seconds + BE u64 nanoseconds. Update rules follow posix's
// features.ctime handling: fop times only move each flagged time forward; an explicit utimes
// sets atime/mtime to any value (ctime still only forward) and never creates the xattr.
import type { Timespec } from '../types.js';

export const MDATA_KEY = 'trusted.glusterfs.mdata';
export const MDATA_SIZE = 57;

export interface Mdata {
  ctime: Timespec;
  mtime: Timespec;
  atime: Timespec;
}

/** Which times a fop touches on an inode (what GlusterFS's utime xlator flags per fop). */
export interface TimeFlags {
  ctime?: boolean;
  mtime?: boolean;
  atime?: boolean;
}

export function encodeMdata(m: Mdata): Buffer {
  const b = Buffer.alloc(MDATA_SIZE);
  b.writeUInt8(1, 0);
  let off = 9;
  for (const t of [m.ctime, m.mtime, m.atime]) {
    b.writeBigUInt64BE(BigInt(t.sec), off);
    b.writeBigUInt64BE(BigInt(t.nsec), off + 8);
    off += 16;
  }
  return b;
}

/** undefined for anything that is not a version-1, 57-byte value (treated as absent). */
export function decodeMdata(b: Buffer | undefined): Mdata | undefined {
  if (!b || b.length !== MDATA_SIZE || b[0] !== 1) return undefined;
  const ts = (off: number): Timespec => ({
    sec: Number(b.readBigUInt64BE(off)),
    nsec: Number(b.readBigUInt64BE(off + 8)),
  });
  return { ctime: ts(9), mtime: ts(25), atime: ts(41) };
}

export function cmpTime(a: Timespec, b: Timespec): number {
  return a.sec !== b.sec ? a.sec - b.sec : a.nsec - b.nsec;
}

const later = (cur: Timespec, t: Timespec) => (cmpTime(t, cur) > 0 ? t : cur);

/**
 * New mdata after a fop stamped `time` with `flags`; a missing xattr starts as all-`time`.
 * Returns undefined when nothing is to be written.
 */
export function applyFopTime(cur: Mdata | undefined, time: Timespec, flags: TimeFlags): Mdata | undefined {
  if (!flags.ctime && !flags.mtime && !flags.atime) return undefined;
  const base = cur ?? { ctime: time, mtime: time, atime: time };
  return {
    ctime: flags.ctime ? later(base.ctime, time) : base.ctime,
    mtime: flags.mtime ? later(base.mtime, time) : base.mtime,
    atime: flags.atime ? later(base.atime, time) : base.atime,
  };
}

/** utimes: atime/mtime as given, ctime forward to `time`; never creates a missing xattr. */
export function applyUtimes(
  cur: Mdata | undefined,
  time: Timespec,
  atime: Timespec | undefined,
  mtime: Timespec | undefined,
): Mdata | undefined {
  if (!cur || (!atime && !mtime)) return undefined;
  return { ctime: later(cur.ctime, time), mtime: mtime ?? cur.mtime, atime: atime ?? cur.atime };
}
