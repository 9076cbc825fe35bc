// Attributes in the layouts native/fuse.c reads: an attr is ATTR_LEN numbers, an entry is the
// node id, generation and the two timeouts followed by an attr.
import type { Iatt } from '../xlators/types.js';

const ATTR_LEN = 15;
const ENTRY_HEAD = 4;

/** GlusterFS's fuse-bridge reports 128 KiB blocks' worth of I/O size; st_blksize is its unit. */
const BLKSIZE = 131072;

export function fillAttr(a: Float64Array, at: number, iatt: Iatt): Float64Array {
  a[at] = iatt.ino;
  a[at + 1] = iatt.mode;
  a[at + 2] = iatt.nlink;
  a[at + 3] = iatt.uid;
  a[at + 4] = iatt.gid;
  a[at + 5] = iatt.rdev ?? 0;
  a[at + 6] = iatt.size;
  a[at + 7] = iatt.blocks;
  a[at + 8] = iatt.atime.sec;
  a[at + 9] = iatt.atime.nsec;
  a[at + 10] = iatt.mtime.sec;
  a[at + 11] = iatt.mtime.nsec;
  a[at + 12] = iatt.ctime.sec;
  a[at + 13] = iatt.ctime.nsec;
  a[at + 14] = BLKSIZE;
  return a;
}

export function attrOf(iatt: Iatt): Float64Array {
  return fillAttr(new Float64Array(ATTR_LEN), 0, iatt);
}

/** A lookup's answer: node 0 is "no such entry" (only for "." and ".." in a listing). */
export function entryOf(node: number, iatt: Iatt, attrTimeout: number, entryTimeout: number): Float64Array {
  const e = new Float64Array(ENTRY_HEAD + ATTR_LEN);
  e[0] = node;
  e[1] = 0;
  e[2] = attrTimeout;
  e[3] = entryTimeout;
  return fillAttr(e, ENTRY_HEAD, iatt);
}
