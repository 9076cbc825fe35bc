// rename across subvolumes (docs/on-disk-format.md §4.5): a file's data never moves; the new name gets a
// linkto where it hashes, the old name's linkto and a replaced destination's data go. A
// directory is renamed on every subvolume, the destination's hashed one first.
import { crashPoint } from '../../libglusterfs/crash.js';
import { FopError } from '../../libglusterfs/errors.js';
import type { Loc, Xdata } from '../types.js';
import { baseName, childLoc, ignoring, parentPath, type DhtCtx } from './ctx.js';
import { hashedChild, resolveDir, type DirInfo } from './dir.js';
import { staleLinktos } from './entries.js';
import { createLinkto, locateOpt, type Located } from './file.js';

type FileLoc = Extract<Located, { kind: 'file' }>;

export function renameFile(ctx: DhtCtx, src: FileLoc, oldLoc: Loc, newLoc: Loc, xdata?: Xdata): void {
  const dstParent = resolveDir(ctx, parentPath(newLoc.path));
  const hd = hashedChild(ctx, dstParent, newLoc.name ?? baseName(newLoc.path));
  const dst = locateOpt(ctx, newLoc, { parent: dstParent });
  if (dst?.kind === 'dir') throw new FopError('EISDIR', newLoc.path);
  // the same name, or two names of one inode: rename(2) leaves everything in place
  if (dst && dst.reply.iatt.gfid === src.reply.iatt.gfid) return;
  const s = src.cached;
  // 1. the data stays on s; the new name needs a linkto where it hashes
  if (hd !== s) {
    ignoring(['ENOENT'], () => hd.unlink(newLoc, xdata)); // an old linkto, or the replaced file's data
    createLinkto(ctx, hd, newLoc, s.name, src.reply.iatt, xdata);
    crashPoint('dht.rename-after-linkto');
  }
  // 2. the data file itself
  s.rename(oldLoc, newLoc, xdata);
  // 3. a replaced destination whose data or linkto sat elsewhere
  if (dst && dst.cached !== s && dst.cached !== hd) ignoring(['ENOENT'], () => dst.cached.unlink(newLoc, xdata));
  if (dst && dst.linkto && dst.hashed !== hd && dst.hashed !== s) ignoring(['ENOENT'], () => dst.hashed.unlink(newLoc, xdata));
  // 4. the old name's linkto
  if (src.linkto && src.hashed !== s) ignoring(['ENOENT'], () => src.hashed.unlink(oldLoc, xdata));
}

export function renameDir(ctx: DhtCtx, dir: DirInfo, oldLoc: Loc, newLoc: Loc, xdata?: Xdata): void {
  if (dir.down.length) throw new FopError('ENOTCONN', oldLoc.path);
  const dstParent = resolveDir(ctx, parentPath(newLoc.path));
  const hd = hashedChild(ctx, dstParent, newLoc.name ?? baseName(newLoc.path));
  const dst = locateOpt(ctx, newLoc, { parent: dstParent });
  if (dst?.kind === 'file') throw new FopError('ENOTDIR', newLoc.path);
  if (dst?.kind === 'dir') {
    if (dst.dir.reply.iatt.gfid === dir.reply.iatt.gfid) return;
    // every copy of the destination must be empty before any copy is replaced
    for (const { child, entry } of staleLinktos(ctx, dst.dir)) {
      ignoring(['ENOENT'], () => child.unlink(childLoc(newLoc.path, entry.name), xdata));
    }
  }
  const order = [hd, ...dir.present.filter((c) => c !== hd)].filter((c) => dir.present.includes(c));
  for (const c of order) c.rename(oldLoc, newLoc, xdata);
}
