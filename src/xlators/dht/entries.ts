// Linkto files among directory entries: hidden from listings, and the only entries rmdir may
// delete on its own (an otherwise empty directory holds nothing but stale pointers).
import { FopError } from '../errors.js';
import type { DirEntry, Xlator } from '../types.js';
import { attempt, childLoc } from './ctx.js';
import type { DirInfo } from './dir.js';
import { isLinkto, LINKTO_MODE, LINKTO_XATTR } from './xattrs.js';

/** GlusterFS's check_is_linkfile on a readdirp entry (asks the child when the entry came without xattrs). */
export function entryIsLinkto(child: Xlator, dir: string, e: DirEntry): boolean {
  if (e.iatt.type !== 'file' || (e.iatt.mode & 0o7777) !== LINKTO_MODE) return false;
  if (e.xattrs) return isLinkto(e.iatt, e.xattrs);
  return attempt(() => child.getxattr(childLoc(dir, e.name), LINKTO_XATTR)).ok;
}

/** Linkto files of an otherwise empty directory; ENOTEMPTY when any copy holds a real entry. */
export function staleLinktos(dir: DirInfo): Array<{ child: Xlator; entry: DirEntry }> {
  const out: Array<{ child: Xlator; entry: DirEntry }> = [];
  for (const child of dir.present) {
    for (const entry of child.readdir({ path: dir.path })) {
      if (entryIsLinkto(child, dir.path, entry)) out.push({ child, entry });
      else throw new FopError('ENOTEMPTY', dir.path);
    }
  }
  return out;
}
