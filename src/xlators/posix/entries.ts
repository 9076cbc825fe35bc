// Per-entry work of readdirp, cut down to what the caller asked for (ReaddirOpts): the listing of
// a large directory pays one lstat per entry, plus xattr reads only where they can matter.
import * as fs from 'node:fs';
import { fromNodeError } from '../errors.js';
import type { Iatt, ReaddirOpts } from '../types.js';
import { withXattrObject, type XattrObject } from '../../xattr/index.js';
import { toIatt } from './iatt.js';

/** The iatt of a statOnly entry: lstat alone (null gfid; every non-directory has its handle). */
export function lstatIatt(p: string): Iatt {
  let st: fs.BigIntStats;
  try {
    st = fs.lstatSync(p, { bigint: true });
  } catch (e) {
    throw fromNodeError(e, p);
  }
  return toIatt(st, undefined, undefined, true);
}

/** Whether the entry's requested keys are to be read at all (ReaddirOpts.xattrsIfMode). */
export function wantsXattrs(opts: ReaddirOpts, mode: number): boolean {
  return opts.xattrs === undefined || opts.xattrsIfMode === undefined || (mode & opts.xattrsIfMode) !== 0;
}

/** The requested keys that are present, through an object open on the entry. */
export function pickXattrs(x: XattrObject, keys: readonly string[]): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const k of keys) {
    const v = x.getOpt(k);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** The xattrs `opts` asks for on one entry whose mode is known (every key when it names none). */
export function entryXattrs(p: string, opts: ReaddirOpts, mode: number): Record<string, Buffer> {
  if (!wantsXattrs(opts, mode)) return {};
  const keys = opts.xattrs;
  if (keys?.length === 0) return {};
  return withXattrObject(p, (x) => (keys ? pickXattrs(x, keys) : x.all()));
}
