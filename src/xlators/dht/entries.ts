// Linkto files among directory entries: hidden from listings, and the only entries rmdir may
// delete on its own (an otherwise empty directory holds nothing but stale pointers).
import { FopError } from '../../libglusterfs/errors.js';
import type { DirEntry, ReaddirOpts, Xlator } from '../types.js';
import { attempt, childLoc, type DhtCtx } from './ctx.js';
import type { DirInfo } from './dir.js';
import { isLinkto, LINKTO_MODE } from './xattrs.js';

/** S_ISVTX: linkto files and files in migration carry it, so only they can hold a linkto key that matters. */
const STICKY = 0o1000;

/** What DHT's own listings need of an entry: type, mode, and the linkto key of sticky files. */
export function linktoOnly(ctx: DhtCtx): ReaddirOpts {
  return { statOnly: true, xattrs: [ctx.o.keys.linkto], xattrsIfMode: STICKY };
}

/**
 * The request DHT sends its children for a caller's: the caller's keys plus the linkto key, as
 * GlusterFS's DHT adds its link xattr to readdirp's xdata (no options: every key comes anyway).
 */
export function childReaddirOpts(ctx: DhtCtx, opts: ReaddirOpts | undefined): ReaddirOpts | undefined {
  const keys = opts?.xattrs;
  const linkto = ctx.o.keys.linkto;
  if (!opts || !keys || (keys.includes(linkto) && opts.xattrsIfMode === undefined)) return opts;
  if (keys.length === 0) return { ...opts, xattrs: [linkto], xattrsIfMode: STICKY };
  // One mask for all keys: the caller's keys are then also read on sticky files, and ours on its.
  const mask = opts.xattrsIfMode === undefined ? undefined : opts.xattrsIfMode | STICKY;
  return { ...opts, xattrs: [...keys, linkto], xattrsIfMode: mask };
}

/** GlusterFS's check_is_linkfile on a readdirp entry (asks the child when the entry came without xattrs). */
export function entryIsLinkto(ctx: DhtCtx, child: Xlator, dir: string, e: DirEntry): boolean {
  if (e.iatt.type !== 'file' || (e.iatt.mode & 0o7777) !== LINKTO_MODE) return false;
  const key = ctx.o.keys.linkto;
  if (e.xattrs) return isLinkto(e.iatt, e.xattrs, key);
  return attempt(() => child.getxattr(childLoc(dir, e.name), key)).ok;
}

/** Linkto files of an otherwise empty directory; ENOTEMPTY when any copy holds a real entry. */
export function staleLinktos(ctx: DhtCtx, dir: DirInfo): Array<{ child: Xlator; entry: DirEntry }> {
  const out: Array<{ child: Xlator; entry: DirEntry }> = [];
  const opts = linktoOnly(ctx);
  for (const child of dir.present) {
    for (const entry of child.readdir({ path: dir.path }, opts)) {
      if (entryIsLinkto(ctx, child, dir.path, entry)) out.push({ child, entry });
      else throw new FopError('ENOTEMPTY', dir.path);
    }
  }
  return out;
}
