// Per-entry work of readdirp, cut down to what the caller asked for (ReaddirOpts): the listing of
// a large directory pays one lstat per entry, plus xattr reads only where they can matter.
import * as fs from 'node:fs';
import { fromNodeError } from '../errors.js';
import type { Iatt, ReaddirOpts, Timespec } from '../types.js';
import { withXattrObject, type XattrObject } from '../../xattr/index.js';
import { toIatt } from './iatt.js';

/** A time in ms since the epoch (a double: about microsecond precision today). */
function msTime(ms: number): Timespec {
  const sec = Math.floor(ms / 1000);
  return { sec, nsec: Math.min(999_999_999, Math.round((ms - sec * 1000) * 1e6)) };
}

/**
 * The iatt of a statOnly entry: one plain lstat (null gfid; every non-directory has its handle).
 * A plain stat costs less than a bigint one (no BigInt per field), and a names-only listing does
 * not need the times to the nanosecond.
 */
export function lstatIatt(p: string): Iatt {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(p);
  } catch (e) {
    throw fromNodeError(e, p);
  }
  return toIatt(st, undefined, { ctime: msTime(st.ctimeMs), mtime: msTime(st.mtimeMs), atime: msTime(st.atimeMs) }, true);
}

/**
 * Whether an entry of this mode is to have its xattrs read: keys were asked for (none asked:
 * every key; an empty list: none) and the mode has one of the xattrsIfMode bits.
 */
export function needsXattrs(opts: ReaddirOpts, mode: number): boolean {
  const keys = opts.xattrs;
  if (keys === undefined) return true;
  return keys.length > 0 && (opts.xattrsIfMode === undefined || (mode & opts.xattrsIfMode) !== 0);
}

/** The asked keys that are present (every key when none are named), through an open object. */
export function readXattrs(x: XattrObject, keys: readonly string[] | undefined): Record<string, Buffer> {
  if (!keys) return x.all();
  const out: Record<string, Buffer> = {};
  for (const k of keys) {
    const v = x.getOpt(k);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/**
 * The xattrs `opts` asks for on one entry whose mode is known; undefined when none is to be
 * read, so that a names-only listing makes no object per entry.
 */
export function entryXattrs(p: string, opts: ReaddirOpts, mode: number): Record<string, Buffer> | undefined {
  return needsXattrs(opts, mode) ? withXattrObject(p, (x) => readXattrs(x, opts.xattrs)) : undefined;
}
