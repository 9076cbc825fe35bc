// Migration of one file from the subvolume holding it (S) to its hashed subvolume (D), in the
// order GlusterFS's rebalance uses (docs/on-disk-format.md §5.3), so that a crash at any step leaves a state
// lookups understand and a re-run completes: D starts as a linkto back to S; S is marked
// "phase 1" (sticky + setgid, linkto -> D) while data is copied; then S becomes a plain linkto
// to D ("phase 2"), D drops its linkto xattr and S is unlinked.
import { crashPoint } from '../../libglusterfs/crash.js';
import { dataRanges } from '../sparse.js';
import { FopError } from '../../libglusterfs/errors.js';
import { ROOT_GFID, type Iatt, type Loc, type LookupReply, type Xlator } from '../types.js';
import { attempt, baseName, childByName, childLoc, ignoring, parentPath, type DhtCtx } from './ctx.js';
import { createLinkto, locate } from './file.js';
import { hashedChild, resolveDir, type DirInfo } from './dir.js';
import { GFID2PATH_PREFIX, GFID_TO_PATH_KEY } from '../../libglusterfs/index-gfids.js';
import { decodeLinkto, encodeLinkto, isLinkto, isMigrating, LINKTO_MODE, MIGRATION_BITS } from './xattrs.js';

export type MigrateResult = 'migrated' | 'in-place' | 'skipped-hardlink' | 'skipped-type' | 'skipped-conflict';

const CHUNK = 1 << 20;

/** xattrs that are not the file's to copy: identity, DHT's pointer, ACLs, AFR's bookkeeping. */
const notCopied = (ctx: DhtCtx, k: string) =>
  k === 'trusted.gfid' || k === ctx.o.keys.linkto || k.startsWith('system.posix_acl_') || k.startsWith('trusted.afr.');

/** xattrs of the source worth carrying over. */
const copiedXattrs = (ctx: DhtCtx, src: Xlator, loc: Loc) =>
  Object.fromEntries(Object.entries(src.getxattr(loc)).filter(([k]) => !notCopied(ctx, k)));

/**
 * A symlink has no data to copy: it is recreated on the destination (same gfid, target, owner,
 * xattrs; replacing the linkto a lookup may have left there), then the source goes.
 */
function migrateSymlink(ctx: DhtCtx, src: Xlator, dst: Xlator, loc: Loc, s: Iatt): MigrateResult {
  const target = src.readlink(loc);
  const d = attempt(() => dst.lookup(loc));
  if (d.ok) {
    if (d.value.iatt.gfid !== s.gfid || !isLinkto(d.value.iatt, d.value.xattrs, ctx.o.keys.linkto)) return 'skipped-conflict';
    dst.unlink(loc);
  } else if (d.error.code !== 'ENOENT') {
    throw d.error;
  }
  dst.symlink(target, loc, { gfidReq: s.gfid, uid: s.uid, gid: s.gid });
  const xattrs = copiedXattrs(ctx, src, loc);
  if (Object.keys(xattrs).length) dst.setxattr(loc, xattrs);
  crashPoint('dht.migrate-symlink-created');
  ignoring(['ENOENT'], () => src.unlink(loc));
  return 'migrated';
}

/**
 * A migration killed once the destination held the whole file (its mode set back, step 5) but
 * before the end: the destination still has the linkto key back to the source, and the source is
 * a linkto file (phase 2) or a phase-1 copy pointing here. The rest is done now: the source goes
 * (only if it is that inode and points here) and the destination drops the key.
 */
function finishInterrupted(ctx: DhtCtx, here: Xlator, loc: Loc, reply: { iatt: Iatt; xattrs: Record<string, Buffer> }): void {
  const key = ctx.o.keys.linkto;
  const back = reply.xattrs[key];
  if (!back) return;
  const src = childByName(ctx, decodeLinkto(back));
  const s = src && src !== here ? attempt(() => src.lookup(loc)) : undefined;
  if (s?.ok && s.value.iatt.gfid === reply.iatt.gfid) {
    const to = s.value.xattrs[key];
    if (to && decodeLinkto(to) === here.name && (isLinkto(s.value.iatt, s.value.xattrs, key) || isMigrating(s.value.iatt, s.value.xattrs, key))) {
      ignoring(['ENOENT'], () => src!.unlink(loc));
    }
  }
  ignoring(['ENODATA'], () => here.removexattr(loc, key));
}

/** The source changed between two looks (a client's write lands on both copies, its mtime on both). */
const writtenMeanwhile = (a: Iatt, b: Iatt) =>
  a.size !== b.size || a.mtime.sec !== b.mtime.sec || a.mtime.nsec !== b.mtime.nsec;

/**
 * Every name of a hard-linked inode, from the gfid2path keys of its copy on `src` (each parent
 * named by its gfid); undefined unless they account for all its links.
 */
function namesOf(src: Xlator, raw: LookupReply): Loc[] | undefined {
  const names: Loc[] = [];
  for (const [k, v] of Object.entries(raw.xattrs)) {
    if (!k.startsWith(GFID2PATH_PREFIX)) continue;
    const text = v.toString('utf8');
    const slash = text.indexOf('/');
    const pargfid = text.slice(0, slash);
    const dir = pargfid === ROOT_GFID ? { ok: true as const, value: '/' } : attempt(() => src.getxattr({ path: '', gfid: pargfid }, GFID_TO_PATH_KEY)[GFID_TO_PATH_KEY].toString());
    if (!dir.ok) return undefined;
    names.push(childLoc(dir.value, text.slice(slash + 1)));
  }
  return names.length === raw.iatt.nlink ? names : undefined;
}

/**
 * Another name `to` of the inode being moved to `dst` (reached there by `from`): linked on `dst`
 * (a linkto name of the inode there gives way), and pointed to from its own hashed subvolume.
 */
function linkName(ctx: DhtCtx, dst: Xlator, from: Loc, to: Loc, gfid: string): void {
  const there = attempt(() => dst.lookup(to));
  if (there.ok) {
    if (there.value.iatt.gfid !== gfid) throw new FopError('EEXIST', `${to.path}: another file on ${dst.name}`);
    if (!isLinkto(there.value.iatt, there.value.xattrs, ctx.o.keys.linkto)) return; // linked already
    dst.unlink(to);
  }
  const made = dst.link(from, to);
  const hashed = hashedChild(ctx, resolveDir(ctx, parentPath(to.path)), baseName(to.path));
  if (hashed === dst) return;
  const h = attempt(() => hashed.lookup(to));
  if (h.ok && h.value.iatt.gfid === gfid) hashed.setxattr(to, { [ctx.o.keys.linkto]: encodeLinkto(dst.name) });
  else if (!h.ok && h.error.code === 'ENOENT') createLinkto(ctx, hashed, to, dst.name, made);
}

export interface MigrateOptions {
  /** `dir`: the parent directory as the caller resolved it after fixing its layout (a crawl does, once per directory). */
  dir?: DirInfo;
  /**
   * remove-brick: a hard-linked file on a brick being removed moves with all its names (to the
   * hashed subvolume of the name met first; the others get linkto files where they hash); one
   * elsewhere stays where it is. Otherwise hard-linked files are skipped.
   */
  hardlinks?: boolean;
  /** The subvolume the crawl read the entry from: looked at first for the data (see locate). */
  from?: Xlator;
}

/** Moves one file to its hashed subvolume. */
export function migrateFile(ctx: DhtCtx, loc: Loc, opts: MigrateOptions = {}): MigrateResult {
  const dir = opts.dir;
  const l = locate(ctx, loc, { everywhere: true, parent: dir, cachedHint: opts.from });
  if (l.kind !== 'file') return 'skipped-type';
  const type = l.reply.iatt.type;
  if (type !== 'file' && type !== 'symlink') return 'skipped-type';
  const src = l.cached;
  const dst = l.hashed;
  const linkto = ctx.o.keys.linkto;
  finishInterrupted(ctx, src, loc, l.raw);
  if (src === dst) return 'in-place';
  let others: Loc[] = [];
  if (l.reply.iatt.nlink > 1) {
    if (!opts.hardlinks) return 'skipped-hardlink';
    if (!ctx.decommissioned.has(src.name)) return 'in-place';
    const names = namesOf(src, l.raw);
    if (!names) return 'skipped-hardlink';
    others = names.filter((n) => n.path !== loc.path);
  }
  const parent: Loc = { path: parentPath(loc.path) };
  const name = loc.name ?? baseName(loc.path);

  // the gfid in the lock loc lets the unlock work after the source name is gone
  const lockLoc: Loc = { ...loc, gfid: l.reply.iatt.gfid };
  src.inodelk(lockLoc, 'dht.file.migrate', 'lock');
  dst.entrylk(parent, 'dht.entry.sync', name, 'lock');
  try {
    const s = src.lookup(loc);
    if (s.iatt.gfid !== l.reply.iatt.gfid) return 'skipped-conflict';
    if (type === 'symlink') return migrateSymlink(ctx, src, dst, loc, s.iatt);
    const perm = s.iatt.mode & 0o7777 & ~MIGRATION_BITS;

    // 1. destination: a linkto back to the source (reused when lookup already made one), full size
    const d = attempt(() => dst.lookup(loc));
    if (d.ok) {
      if (d.value.iatt.gfid !== s.iatt.gfid || !(isLinkto(d.value.iatt, d.value.xattrs, linkto) || linkto in d.value.xattrs)) return 'skipped-conflict';
      // (the linkto a lookup just made points here already)
      const to = d.value.xattrs[linkto];
      if (!to || decodeLinkto(to) !== src.name) dst.setxattr(loc, { [linkto]: encodeLinkto(src.name) });
    } else if (d.error.code === 'ENOENT') {
      createLinkto(ctx, dst, loc, src.name, s.iatt);
    } else {
      throw d.error;
    }
    dst.truncate(loc, s.iatt.size);
    crashPoint('dht.migrate-after-dst');

    // 2. phase 1 on the source: writers now send to both copies
    src.setxattr(loc, { [linkto]: encodeLinkto(dst.name) });
    src.setattr(loc, { mode: perm | MIGRATION_BITS });
    crashPoint('dht.migrate-phase1');

    // 3. the file's xattrs (mdata included), 4. its data, holes left as holes
    const xattrs = copiedXattrs(ctx, src, loc);
    if (Object.keys(xattrs).length) dst.setxattr(loc, xattrs);
    // the source as it was before phase 1 (which changed only its mode): a write since shows
    const before = s.iatt;
    // only where the source has data: the destination is all hole (truncated to the size)
    for (const [start, end] of dataRanges(src, loc, before.size)) {
      for (let off = start; off < end; off += CHUNK) {
        const buf = src.readv(loc, off, Math.min(CHUNK, end - off));
        if (buf.some((b) => b !== 0)) dst.writev(loc, off, buf);
      }
    }
    if (ctx.o.ensureDurability) dst.fsync(loc);
    crashPoint('dht.migrate-after-copy');
    const fin = src.lookup(loc).iatt;
    if (writtenMeanwhile(before, fin)) {
      // 10.3 with cluster.force-migration off: a file a client wrote to while it was copied is
      // not moved (the copy may hold older bytes than the client's); the run counts a failure.
      src.removexattr(loc, linkto);
      src.setattr(loc, { mode: perm });
      dst.truncate(loc, 0); // a plain linkto to the source again
      throw new FopError('EBUSY', `${loc.path}: written to while it was being migrated`);
    }
    // the inode's other names, while the destination still reads as a linkto to the source
    for (const m of others) linkName(ctx, dst, loc, m, s.iatt.gfid);

    // 5. owner, mode, times of the source on the destination
    dst.setattr(loc, { uid: fin.uid, gid: fin.gid, mode: perm, atime: fin.atime, mtime: fin.mtime });

    // 6. phase 2: the source becomes a plain linkto to the destination
    src.setattr(loc, { mode: LINKTO_MODE });
    src.truncate(loc, 0);
    crashPoint('dht.migrate-phase2');

    // 7. the destination is a plain file again, 8. the source goes
    ignoring(['ENODATA'], () => dst.removexattr(loc, linkto));
    for (const n of [loc, ...others]) {
      const still = attempt(() => src.lookup(n));
      if (still.ok && still.value.iatt.gfid === s.iatt.gfid) ignoring(['ENOENT'], () => src.unlink(n));
    }
    return 'migrated';
  } finally {
    ignoring(['ENOTCONN', 'ENOENT'], () => dst.entrylk(parent, 'dht.entry.sync', name, 'unlock'));
    ignoring(['ENOTCONN', 'ENOENT'], () => src.inodelk(lockLoc, 'dht.file.migrate', 'unlock'));
  }
}
