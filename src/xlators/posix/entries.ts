// Per-entry work of readdirp, cut down to what the caller asked for (ReaddirOpts): the listing of
// a large directory pays one lstat per entry, plus xattr reads only where they can matter.
import * as fs from 'node:fs';
import { FopError, fromNodeError } from '../../libglusterfs/errors.js';
import type { DirEntry, Iatt, ReaddirOpts, Timespec } from '../types.js';
import { withXattrObject, type XattrObject } from '../../xattr/index.js';
import { NULL_GFID, fileTypeOfMode, iattBlocks, visibleNlink } from './iatt.js';
import type { DirModes, DirScan } from './native-scandir.js';

/** A time in ms since the epoch (a double: about microsecond precision today). */
function msTime(ms: number): Timespec {
  const sec = Math.floor(ms / 1000);
  return { sec, nsec: Math.min(999_999_999, Math.round((ms - sec * 1000) * 1e6)) };
}

/** An inode time in ms as Node's plain Stats computes it (so both listing paths agree exactly). */
const msOf = (sec: number, nsec: number) => sec * 1000 + nsec / 1e6;

/**
 * The iatt of a statOnly entry from its lstat fields (null gfid; every non-directory has its
 * handle). Times in ms, as a plain Stats has them: a names-only listing does not need them to
 * the nanosecond.
 */
function statOnlyIatt(
  mode: number,
  uid: number,
  gid: number,
  size: number,
  nlink: number,
  ino: number,
  blocks: number,
  atimeMs: number,
  mtimeMs: number,
  ctimeMs: number,
): Iatt {
  const type = fileTypeOfMode(mode);
  // Equal times share one (never mutated) Timespec: a fresh file's three times are often one
  // instant, and a large listing is mostly its per-entry objects.
  const mtime = msTime(mtimeMs);
  return {
    gfid: NULL_GFID,
    type,
    mode,
    uid,
    gid,
    size,
    nlink: visibleNlink(type, nlink, true),
    ino,
    blocks: iattBlocks(size, blocks),
    atime: atimeMs === mtimeMs ? mtime : msTime(atimeMs),
    mtime,
    ctime: ctimeMs === mtimeMs ? mtime : msTime(ctimeMs),
  };
}

const ZERO_TIME: Timespec = Object.freeze({ sec: 0, nsec: 0 });
const modeIatts = new Map<number, Iatt>();

/** The shared, frozen iatt of a modeOnly entry (see ReaddirOpts.modeOnly): type and mode exact. */
export function modeOnlyIatt(mode: number): Iatt {
  let iatt = modeIatts.get(mode);
  if (!iatt) {
    const t = ZERO_TIME;
    const type = fileTypeOfMode(mode);
    iatt = Object.freeze({ gfid: NULL_GFID, type, mode, uid: 0, gid: 0, size: 0, nlink: 0, ino: 0, blocks: 0, atime: t, mtime: t, ctime: t });
    modeIatts.set(mode, iatt);
  }
  return iatt;
}

/** The iatt of a statOnly entry as `opts` asks for it: shared when modeOnly, else from all lstat fields. */
export function statOnlyIattOf(p: string, opts: ReaddirOpts): Iatt {
  if (!opts.modeOnly) return lstatIatt(p);
  try {
    return modeOnlyIatt(fs.lstatSync(p).mode);
  } catch (e) {
    throw fromNodeError(e, p);
  }
}

/**
 * The iatt of a statOnly entry: one plain lstat. A plain stat costs less than a bigint one (no
 * BigInt per field).
 */
export function lstatIatt(p: string): Iatt {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(p);
  } catch (e) {
    throw fromNodeError(e, p);
  }
  return statOnlyIatt(st.mode, st.uid, st.gid, st.size, st.nlink, st.ino, st.blocks, st.atimeMs, st.mtimeMs, st.ctimeMs);
}

/**
 * The statOnly entries of directory `dir` from its native scan (see native-scandir.ts), sorted
 * as readdir sorts names (UTF-16 code units), without `skip`. Equal, entry for entry, to
 * readdir + lstatIatt + entryXattrs; an entry removed meanwhile is left out.
 */
export function scannedEntries(scan: DirModes | DirScan, dir: string, opts: ReaddirOpts, skip: string | undefined): DirEntry[] {
  const full = opts.modeOnly ? undefined : fullScan(scan);
  const names = scan.names.split('/');
  names.pop(); // after the last '/'
  const order = sortOrder(names);
  const out: DirEntry[] = [];
  for (let k = 0; k < names.length; k++) {
    const i = order ? order[k]! : k;
    const name = names[i]!;
    if (name === skip) continue;
    const mode = scan.modes[i]!;
    const iatt = !full
      ? modeOnlyIatt(mode)
      : statOnlyIatt(
          mode,
          full.uids[i]!,
          full.gids[i]!,
          full.sizes[i]!,
          full.nlinks[i]!,
          full.inos[i]!,
          full.blocks[i]!,
          msOf(full.atimeSec[i]!, full.atimeNsec[i]!),
          msOf(full.mtimeSec[i]!, full.mtimeNsec[i]!),
          msOf(full.ctimeSec[i]!, full.ctimeNsec[i]!),
        );
    let xattrs: Record<string, Buffer> | undefined;
    // No path string is built for an entry none are read for (nearly all in a names-only listing).
    if (needsXattrs(opts, mode)) {
      try {
        xattrs = withXattrObject(`${dir}/${name}`, (x) => readXattrs(x, opts.xattrs));
      } catch (e) {
        if (e instanceof FopError && e.code === 'ENOENT') continue; // removed meanwhile
        throw e;
      }
    }
    out.push({ name, iatt, xattrs });
  }
  return out;
}

/** A scan with every lstat field; a modes-only one cannot give a full statOnly iatt. */
function fullScan(scan: DirModes | DirScan): DirScan {
  if (!('nlinks' in scan)) throw new Error('scannedEntries: a modes-only scan for a listing that wants full iatts');
  return scan;
}

/**
 * Indices of `names` in Array.prototype.sort order (UTF-16 code units), or undefined when they
 * are in it already: the scan's byte order is the same for names within the Basic Multilingual
 * Plane (nearly every name), which one pass confirms.
 */
function sortOrder(names: string[]): number[] | undefined {
  for (let i = 1; i < names.length; i++) {
    if (names[i - 1]! > names[i]!) return [...names.keys()].sort((a, b) => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : 0));
  }
  return undefined;
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
