// The last step of a data or metadata heal: the sinks get the source's atime/mtime, and its
// trusted.glusterfs.mdata whole, so that every copy reports the same times (10.3 restores the
// times; copying mdata too keeps the copies byte-identical, which its ctime rule cannot).
/** features.ctime's times (posix keeps them; a heal copies them as any other xattr). */
export const MDATA_KEY = 'trusted.glusterfs.mdata';
import type { Loc } from '../types.js';
import { iattOf, replyOf, type Copies, type HealContext } from './self-heal-common.js';

export function copyTimes(ctx: HealContext, loc: Loc, copies: Copies, src: number, sinks: readonly boolean[]): void {
  const a = iattOf(copies, src)!;
  const mdata = replyOf(copies, src)!.xattrs[MDATA_KEY];
  sinks.forEach((s, i) => {
    if (!s) return;
    // A copy whose mdata is the source's already reports the same times (features.ctime).
    if (mdata && replyOf(copies, i)?.xattrs[MDATA_KEY]?.equals(mdata)) return;
    const child = ctx.children[i];
    child.setattr(loc, { atime: a.atime, mtime: a.mtime });
    if (mdata) child.setxattr(loc, { [MDATA_KEY]: mdata });
  });
}
