// Finding a name across subvolumes (docs/on-disk-format.md §4.5): the hashed subvolume first, a linkto file
// there points at the cached subvolume that holds the data, and when neither has it and the
// directory is not balanced, every subvolume is asked ("lookup everywhere").
import { randomUUID } from 'node:crypto';
import { FopError } from '../../libglusterfs/errors.js';
import type { Gfid, Iatt, LookupReply, Loc, Xdata, Xlator } from '../types.js';
import { attempt, baseName, childByName, ignoring, isCode, parentPath, type DhtCtx, type Outcome } from './ctx.js';
import { hashedChild, resolveDir, type DirInfo } from './dir.js';
import { decodeLinkto, encodeLinkto, isLinkto, isMigrating, LINKTO_MODE, MIGRATION_BITS } from './xattrs.js';

export type Located =
  | { kind: 'dir'; dir: DirInfo }
  | {
      kind: 'file';
      parent: DirInfo;
      hashed: Xlator;
      /** Where the data lives. */
      cached: Xlator;
      reply: LookupReply;
      /** The cached subvolume's own lookup reply (reply before DHT's clean-up), for hints down. */
      raw: LookupReply;
      /** A linkto for this name sits on the hashed subvolume (hashed !== cached). */
      linkto: boolean;
      /** The file is being migrated there (phase 1): writes go to both copies. */
      migratingTo?: Xlator;
    };

/** Where writes to a phase-1 file must also go. */
function migrationTarget(ctx: DhtCtx, r: LookupReply): Xlator | undefined {
  const key = ctx.o.keys.linkto;
  return isMigrating(r.iatt, r.xattrs, key) ? childByName(ctx, decodeLinkto(r.xattrs[key])) : undefined;
}

const isLinktoReply = (ctx: DhtCtx, r: LookupReply) => isLinkto(r.iatt, r.xattrs, ctx.o.keys.linkto);

/** Reply of a data file as clients see it: no DHT pointer, no migration mode bits. */
function publicReply(ctx: DhtCtx, r: LookupReply): LookupReply {
  const key = ctx.o.keys.linkto;
  if (!(key in r.xattrs)) return r;
  const { [key]: _drop, ...xattrs } = r.xattrs;
  const iatt = isMigrating(r.iatt, r.xattrs, key) ? { ...r.iatt, mode: r.iatt.mode & ~MIGRATION_BITS } : r.iatt;
  return { iatt, xattrs };
}

/**
 * Creates a linkto file `loc` on `on` pointing at subvolume `target`: mode 01000, size 0, the
 * data file's gfid and owner (docs/on-disk-format.md §1.6). `time` is passed only when the fop that causes
 * it carries one (rename/link/create), so a linkto made by lookup has no mdata, as in GlusterFS.
 * One create carries the linkto xattr (as GlusterFS's mknod carries it in its dict), and the
 * brick names the file only once it has it: no crash leaves a linkto-moded file without target.
 */
export function createLinkto(ctx: DhtCtx, on: Xlator, loc: Loc, target: string, file: Pick<Iatt, 'gfid' | 'uid' | 'gid'>, xdata: Xdata = {}): void {
  // A linkto file gets none of the data the create of its target may carry.
  on.create(loc, LINKTO_MODE, {
    ...xdata,
    initialData: undefined,
    newXattrs: { [ctx.o.keys.linkto]: encodeLinkto(target) },
    gfidReq: file.gfid,
    uid: file.uid,
    gid: file.gid,
    internalFop: true,
  });
}

/** The gfid the top of the stack asked for, or a fresh one so that data and linkto agree. */
export function gfidFor(xdata: Xdata | undefined): { gfid: Gfid; xdata: Xdata } {
  const gfid = xdata?.gfidReq ?? randomUUID();
  return { gfid, xdata: { ...xdata, gfidReq: gfid } };
}

export interface LocateOptions {
  /** The parent directory, when the caller already resolved it. */
  parent?: DirInfo;
  /** Ignore lookup-optimize, as the rebalance process does (its layouts are being rewritten). */
  everywhere?: boolean;
  /** Passed down with every lookup (gfidReq lets posix adopt an object that has no gfid). */
  xdata?: Xdata;
  /**
   * Where the caller saw the data file (a rebalance crawl reads each subvolume's entries): when
   * the hashed subvolume lacks the name, that subvolume is asked before all the others are.
   */
  cachedHint?: Xlator;
  /** The subvolume taken as the one the name hashes to, whatever the layout says (NAME@VOL-dht:SUBVOL). */
  hashed?: Xlator;
}

function dataFile(ctx: DhtCtx, parent: DirInfo, hashed: Xlator, cached: Xlator, r: LookupReply, linkto: boolean): Located {
  return { kind: 'file', parent, hashed, cached, reply: publicReply(ctx, r), raw: r, linkto, migratingTo: migrationTarget(ctx, r) };
}

/** Looks a non-root name up; throws ENOENT/ENOTCONN like GlusterFS's dht_lookup. */
export function locate(ctx: DhtCtx, loc: Loc, opts: LocateOptions = {}): Located {
  let early: { hashed: Xlator; out: Outcome<LookupReply> } | undefined;
  const known = opts.parent || opts.hashed ? undefined : ctx.cache?.dir(loc.parent, parentPath(loc.path));
  if (known) {
    // The parent's remembered layout: a name found on its hashed subvolume (a data file or a
    // directory) is the answer. Anything else (absent, linkto, error) is decided on a freshly
    // looked-up parent, as the layout may have changed; the lookup made here is reused when
    // the name still hashes to the same subvolume.
    const hashed = attempt(() => hashedChild(ctx, known, loc.name ?? baseName(loc.path)));
    if (hashed.ok) {
      const out = attempt(() => hashed.value.lookup(loc, opts.xdata));
      if (out.ok && out.value.iatt.type === 'dir') return { kind: 'dir', dir: resolveDir(ctx, loc.path, { first: { child: hashed.value, out }, hashed: hashed.value, xdata: opts.xdata }) };
      if (out.ok && !isLinktoReply(ctx, out.value)) return dataFile(ctx, known, hashed.value, hashed.value, out.value, false);
      early = { hashed: hashed.value, out };
    }
    ctx.cache!.forgetDir(loc.parent);
  }
  const { everywhere = false, xdata } = opts;
  const dir = opts.parent ?? resolveDir(ctx, parentPath(loc.path));
  const name = loc.name ?? baseName(loc.path);
  const h0 = attempt(() => opts.hashed ?? hashedChild(ctx, dir, name));
  if (!h0.ok) return noHashedSubvol(ctx, loc, h0.error, xdata);
  const hashed = h0.value;
  const h = early?.hashed === hashed && early.out.ok === false ? early.out : attempt(() => hashed.lookup(loc, xdata));
  if (h.ok) {
    const r = h.value;
    if (r.iatt.type === 'dir') return { kind: 'dir', dir: resolveDir(ctx, loc.path, { first: { child: hashed, out: h }, hashed, xdata }) };
    if (!isLinktoReply(ctx, r)) return dataFile(ctx, dir, hashed, hashed, r, false);
    const target = childByName(ctx, decodeLinkto(r.xattrs[ctx.o.keys.linkto]));
    const t = target ? attempt(() => target.lookup(loc, xdata)) : undefined;
    if (target && t?.ok && t.value.iatt.gfid === r.iatt.gfid && !isLinktoReply(ctx, t.value)) {
      return dataFile(ctx, dir, hashed, target, t.value, true);
    }
    if (t && isCode(t, 'ENOTCONN')) throw new FopError('ENOTCONN', loc.path);
    // stale linkto: its target no longer holds the file
    ignoring(['ENOENT'], () => hashed.unlink(loc));
  } else if (h.error.code !== 'ENOENT' && h.error.code !== 'ENOTCONN') {
    throw h.error;
  } else if (h.error.code === 'ENOENT' && !everywhere && !xdata?.revalidate && loc.gfid === undefined && dir.balanced(true)) {
    // A settled directory's miss is the answer, unless the caller names an inode it holds (by
    // gfid, or revalidating): that one is found wherever it is, as dht_revalidate does.
    throw new FopError('ENOENT', loc.path);
  }
  const hint = opts.cachedHint;
  if (hint && hint !== hashed && isCode(h, 'ENOENT')) {
    const r = attempt(() => hint.lookup(loc, xdata));
    if (r.ok && r.value.iatt.type !== 'dir' && !isLinktoReply(ctx, r.value)) return foundAway(ctx, loc, dir, hashed, h, { child: hint, reply: r.value });
  }
  return lookupEverywhere(ctx, loc, dir, hashed, h, xdata);
}

/**
 * The name falls in a hole of its parent's layout (the range of a subvolume that is down): it
 * can only be served as a directory, found on the subvolumes that answer (10.3's dht_lookup then
 * sends a directory lookup to every subvolume); anything else fails as the layout did.
 */
function noHashedSubvol(ctx: DhtCtx, loc: Loc, err: FopError, xdata?: Xdata): Located {
  for (const child of ctx.children) {
    const r = attempt(() => child.lookup(loc, xdata));
    if (r.ok && r.value.iatt.type === 'dir') return { kind: 'dir', dir: resolveDir(ctx, loc.path, { first: { child, out: r }, xdata }) };
  }
  throw err;
}

function lookupEverywhere(ctx: DhtCtx, loc: Loc, dir: DirInfo, hashed: Xlator, h: Outcome<LookupReply>, xdata?: Xdata): Located {
  const hashedDown = isCode(h, 'ENOTCONN');
  let file: { child: Xlator; reply: LookupReply } | undefined;
  for (const child of ctx.children) {
    if (child === hashed) continue;
    const r = attempt(() => child.lookup(loc, xdata));
    if (!r.ok) continue;
    if (r.value.iatt.type === 'dir') return { kind: 'dir', dir: resolveDir(ctx, loc.path, { first: { child, out: r }, hashed, xdata }) };
    if (!file && !isLinktoReply(ctx, r.value)) file = { child, reply: r.value };
  }
  if (!file) throw new FopError(hashedDown ? 'ENOTCONN' : 'ENOENT', loc.path);
  return foundAway(ctx, loc, dir, hashed, h, file);
}

/** A data file found away from its hashed subvolume: a linkto is left there when it answers. */
function foundAway(ctx: DhtCtx, loc: Loc, dir: DirInfo, hashed: Xlator, h: Outcome<LookupReply>, file: { child: Xlator; reply: LookupReply }): Located {
  const hashedDown = isCode(h, 'ENOTCONN');
  let linkto = false;
  if (!hashedDown) {
    // leave a pointer on the hashed subvolume so the next lookup finds it directly
    linkto = attempt(() => createLinkto(ctx, hashed, loc, file.child.name, file.reply.iatt)).ok;
  }
  return dataFile(ctx, dir, hashed, file.child, file.reply, linkto);
}

/** locate, or undefined when the name does not exist. */
export function locateOpt(ctx: DhtCtx, loc: Loc, opts: LocateOptions = {}): Located | undefined {
  try {
    return locate(ctx, loc, opts);
  } catch (e) {
    if (e instanceof FopError && e.code === 'ENOENT') return undefined;
    throw e;
  }
}
