// The last step of a data or metadata heal (AFR's restore-time): the sinks get the source's atime
// and mtime, on disk and in trusted.glusterfs.mdata, whose ctime only moves forward (to the
// source's when that is later), as posix's utimes with features.ctime does. A sink without mdata
// (made bare by a gfid split-brain resolution) gets the source's whole.
/** features.ctime's times (posix keeps them; a heal copies them as any other xattr). */
export const MDATA_KEY = 'trusted.glusterfs.mdata';
import type { Loc } from '../types.js';
import { iattOf, replyOf, type Copies, type HealContext } from './self-heal-common.js';

export function copyTimes(ctx: HealContext, loc: Loc, copies: Copies, src: number, sinks: readonly boolean[]): void {
  const a = iattOf(copies, src)!;
  const mdata = replyOf(copies, src)!.xattrs[MDATA_KEY];
  sinks.forEach((s, i) => {
    if (!s) return;
    const child = ctx.children[i];
    if (mdata && !replyOf(copies, i)?.xattrs[MDATA_KEY]) child.setxattr(loc, { [MDATA_KEY]: mdata });
    child.setattr(loc, { atime: a.atime, mtime: a.mtime }, { time: a.ctime });
  });
}
