// Directories across subvolumes: every subvolume holds a copy of every directory (same gfid, mode,
// owner) with its own piece of the layout. resolveDir looks a directory up everywhere and, when
// every subvolume answers, heals what GlusterFS's directory self-heal heals (docs/on-disk-format.md §4.5,
// §4.7): missing copies, differing attributes, a missing/broken layout, a missing MDS marker.
import { FopError } from '../../libglusterfs/errors.js';
import type { Iatt, LookupReply, Loc, Timespec, Xdata, Xlator } from '../types.js';
import { attempt, baseName, childByName, ignoring, isCode, parentPath, type DhtCtx, type Outcome } from './ctx.js';
import { dhtHash } from './hash.js';
import {
  COMMIT_HASH_INVALID,
  computeNewLayout,
  decodeLayout,
  encodeLayout,
  layoutIsComplete,
  searchLayout,
  type DirLayout,
  type LayoutRange,
  type SubvolInfo,
} from './layout.js';
import { decodeCommitHash, mdsValue, type DhtKeys } from './xattrs.js';

export interface DirCopy {
  child: Xlator;
  out: Outcome<LookupReply>;
}

export interface DirInfo {
  path: string;
  copies: DirCopy[];
  /** Children holding the directory. */
  present: Xlator[];
  /** Children that answered ENOTCONN. */
  down: Xlator[];
  /** Ranges of the present copies (a copy without the xattr counts as 0..0). */
  layout: DirLayout;
  /** Copy that owns user-visible attributes: the one with the MDS marker, else the first. */
  mds: Xlator;
  /** Some reachable copy carries the MDS marker (false: it may sit on a down subvolume). */
  mdsKnown: boolean;
  reply: LookupReply;
  /**
   * lookup-optimize: every file is on its hashed subvolume (commit hash == volume's, as this
   * client knows it; `fresh` re-reads the volume's first).
   */
  balanced(fresh?: boolean): boolean;
}

const isDir = (c: DirCopy): c is DirCopy & { out: { ok: true; value: LookupReply } } => c.out.ok && c.out.value.iatt.type === 'dir';

/** Root `<xattr-name>.commithash` of the first subvolume that answers; 0 when absent. */
export function volumeCommitHash(ctx: DhtCtx): number {
  const key = ctx.o.keys.commitHash;
  for (const c of ctx.children) {
    const r = attempt(() => c.getxattr({ path: '/' }, key));
    if (r.ok) return decodeCommitHash(r.value[key]);
    if (r.error.code === 'ENODATA') return 0;
  }
  return 0;
}

/**
 * The volume commit hash as this client knows it (GlusterFS's conf->vol_commit_hash): read once,
 * refreshed by every lookup of the root; `fresh` reads it again (an ENOENT about to be trusted).
 */
export function knownCommitHash(ctx: DhtCtx, fresh = false): number {
  if (!ctx.cache) return volumeCommitHash(ctx);
  if (fresh) ctx.cache.setCommitHash(volumeCommitHash(ctx));
  return ctx.cache.commitHash(() => volumeCommitHash(ctx));
}

/** The commit hash a root lookup returned (first copy that answered), as volumeCommitHash reads it. */
function rootCommitHash(copies: DirCopy[], keys: DhtKeys): number | undefined {
  const first = copies.find((c) => c.out.ok);
  return first?.out.ok ? decodeCommitHash(first.out.value.xattrs[keys.commitHash]) : undefined;
}

/** The child a name hashes to in a directory's layout; ENOTCONN when its range sits on a down subvolume. */
export function hashedChild(ctx: DhtCtx, dir: DirInfo, name: string): Xlator {
  if (ctx.children.length === 1) return ctx.children[0];
  const owner = searchLayout(dir.layout, dhtHash(name, ctx.o.hash));
  const child = owner === undefined ? undefined : childByName(ctx, owner);
  if (child) return child;
  throw new FopError(dir.down.length ? 'ENOTCONN' : 'EIO', `no subvolume for ${name} in the layout of ${dir.path}`);
}

/** Size weights of the children for a new layout. */
export function subvolInfos(ctx: DhtCtx, usable: (c: Xlator) => boolean): SubvolInfo[] {
  return ctx.children.map((c) => {
    const ok = usable(c) && !ctx.decommissioned.has(c.name);
    return { name: c.name, usable: ok, chunks: ok ? ctx.chunksOf(c) : 0 };
  });
}

/** docs/on-disk-format.md §4.3 for a directory, over the children `usable` accepts. */
export function newLayoutFor(ctx: DhtCtx, path: string, gfid: string, commitHash: number, usable: (c: Xlator) => boolean): DirLayout {
  const o = ctx.o;
  return computeNewLayout(path, subvolInfos(ctx, usable), {
    commitHash,
    weighted: o.weighted,
    spreadCount: o.spreadCount,
    startKey: o.randomizeByGfid ? gfid : path,
    hash: o.hash,
  });
}

function rangeOf(reply: LookupReply, keys: DhtKeys): LayoutRange | undefined {
  const raw = reply.xattrs[keys.layout];
  if (!raw) return undefined;
  try {
    return decodeLayout(raw);
  } catch {
    return undefined; // a corrupt value is healed like a missing one
  }
}

const later = (a: Timespec, b: Timespec) => (a.sec !== b.sec ? a.sec > b.sec : a.nsec > b.nsec);

/** dht_iatt_merge for directories: fixed size/blocks, greatest owner ids and times. */
function mergeDirIatt(base: Iatt, all: Iatt[]): Iatt {
  const m: Iatt = { ...base, size: 4096, blocks: 8 };
  for (const i of all) {
    if (i.uid > m.uid) m.uid = i.uid;
    if (i.gid > m.gid) m.gid = i.gid;
    if (later(i.atime, m.atime)) m.atime = i.atime;
    if (later(i.mtime, m.mtime)) m.mtime = i.mtime;
    if (later(i.ctime, m.ctime)) m.ctime = i.ctime;
  }
  return m;
}

export interface ResolveHints {
  /** A lookup already done on one child (dht lookup tries the hashed subvolume first). */
  first?: DirCopy;
  /** The hashed subvolume of the directory's name, when the caller knows it. */
  hashed?: Xlator;
  /** Passed down with the lookups. */
  xdata?: Xdata;
}

/** Lock domain serialising layout writes of one directory (mkdir vs. self-heal, across processes). */
export const HEAL_DOMAIN = 'dht.layout.heal';

const lookupAll = (ctx: DhtCtx, path: string, first?: DirCopy, xdata?: Xdata): DirCopy[] =>
  ctx.children.map((child) => (first?.child === child ? first : { child, out: attempt(() => child.lookup({ path }, xdata)) }));

/** Runs fn holding the directory's heal lock on `on` (the subvolume its name hashes to). */
export function withHealLock<T>(on: Xlator, path: string, gfid: string, fn: () => T): T {
  const lk: Loc = { path, gfid };
  on.inodelk(lk, HEAL_DOMAIN, 'lock');
  try {
    return fn();
  } finally {
    ignoring(['ENOTCONN', 'ENOENT'], () => on.inodelk(lk, HEAL_DOMAIN, 'unlock'));
  }
}

/** Looks a directory up on every child, heals it when all answer, and returns its merged view. */
export function resolveDir(ctx: DhtCtx, path: string, hints: ResolveHints = {}): DirInfo {
  let copies = lookupAll(ctx, path, hints.first, hints.xdata);
  if (copies.some(isDir) && !copies.some((c) => isCode(c.out, 'ENOTCONN')) && needsHeal(ctx, path, copies)) {
    // Heal under the lock, from a fresh look: another process may be creating or healing it now.
    // The lock lives on the copy where the name hashes; when that copy is missing (a directory
    // from before an add-brick, hashing to the new brick) it is made first, as mkdir makes it.
    const h = hashedFor(ctx, path, hints);
    const made = new Set<Xlator>();
    if (copies.some((c) => c.child === h && isCode(c.out, 'ENOENT'))) {
      const a = authority(copies, ctx.o.keys);
      if (attempt(() => h.mkdir({ path }, a.mode & 0o7777, { gfidReq: a.gfid, uid: a.uid, gid: a.gid })).ok) made.add(h);
    }
    copies = withHealLock(h, path, authority(copies, ctx.o.keys).gfid, () => {
      const fresh = lookupAll(ctx, path);
      if (fresh.some(isDir) && !fresh.some((c) => isCode(c.out, 'ENOTCONN')) && needsHeal(ctx, path, fresh)) heal(ctx, path, fresh, h, made);
      return fresh;
    });
  }
  const found = copies.filter(isDir);
  if (found.length === 0) {
    if (copies.some((c) => c.out.ok)) throw new FopError('ENOTDIR', path);
    if (copies.some((c) => isCode(c.out, 'ENOTCONN'))) throw new FopError('ENOTCONN', path);
    const other = copies.find((c) => !c.out.ok && c.out.error.code !== 'ENOENT');
    throw other && !other.out.ok ? other.out.error : new FopError('ENOENT', path);
  }
  const down = copies.filter((c) => isCode(c.out, 'ENOTCONN')).map((c) => c.child);

  const present = copies.filter(isDir);
  const keys = ctx.o.keys;
  const ranges = new Map(present.map((c) => [c.child.name, rangeOf(c.out.value, keys)]));
  const layout: DirLayout = {
    entries: present.map((c) => ({ name: c.child.name, range: ranges.get(c.child.name) ?? ZERO_RANGE })),
  };
  const marked = present.find((c) => keys.mds in c.out.value.xattrs);
  const mdsCopy = marked ?? present[0];
  const rs = [...ranges.values()];
  const stamped = ctx.o.lookupOptimize && rs.every((r) => r !== undefined);
  if (path === '/' && ctx.cache) {
    const h = rootCommitHash(copies, keys);
    if (h !== undefined) ctx.cache.setCommitHash(h);
  }
  const info: DirInfo = {
    path,
    copies,
    present: present.map((c) => c.child),
    down,
    layout,
    mds: mdsCopy.child,
    mdsKnown: marked !== undefined,
    reply: { iatt: mergeDirIatt(mdsCopy.out.value.iatt, present.map((c) => c.out.value.iatt)), xattrs: mdsCopy.out.value.xattrs },
    balanced(fresh = false) {
      if (!stamped) return false;
      const vol = knownCommitHash(ctx, fresh);
      return rs.every((r) => r!.commitHash === vol);
    },
  };
  ctx.cache?.rememberDir(info);
  return info;
}

/** The subvolume a directory's name hashes to (the first child for the root or a single child). */
function hashedFor(ctx: DhtCtx, path: string, hints: ResolveHints): Xlator {
  if (path === '/' || ctx.children.length === 1) return ctx.children[0];
  return hints.hashed ?? hashedChild(ctx, resolveDir(ctx, parentPath(path)), baseName(path));
}

type DirCopyOk = DirCopy & { out: { ok: true; value: LookupReply } };

/** The copy whose attributes win: the MDS one, else the first. */
/** The copy the others follow: the one with the MDS marker (setxattr writes it first), else the first. */
function authorityCopy(copies: DirCopy[], keys: DhtKeys): DirCopyOk {
  const dirs = copies.filter(isDir);
  return dirs.find((c) => keys.mds in c.out.value.xattrs) ?? dirs[0];
}

function authority(copies: DirCopy[], keys: DhtKeys): Iatt {
  return authorityCopy(copies, keys).out.value.iatt;
}

/** The user xattrs of `from` that `to` lacks or holds another value of (GlusterFS heals them from the MDS). */
function missingUserXattrs(from: Record<string, Buffer>, to: Record<string, Buffer>): Record<string, Buffer> {
  return Object.fromEntries(Object.entries(from).filter(([k, v]) => k.startsWith('user.') && !to[k]?.equals(v)));
}

/** The user xattrs `to` holds and `from` (the MDS copy) does not: removed there while `to` was away. */
function extraUserXattrs(from: Record<string, Buffer>, to: Record<string, Buffer>): string[] {
  return Object.keys(to).filter((k) => k.startsWith('user.') && from[k] === undefined);
}

const ZERO_RANGE: LayoutRange = { commitHash: 0, type: 0, start: 0, stop: 0 };
const currentLayout = (dirs: DirCopyOk[], keys: DhtKeys): DirLayout => ({
  entries: dirs.map((c) => ({ name: c.child.name, range: rangeOf(c.out.value, keys) ?? ZERO_RANGE })),
});
const attrsDiffer = (i: Iatt, a: Iatt) => (i.mode & 0o7777) !== (a.mode & 0o7777) || i.uid !== a.uid || i.gid !== a.gid;

/** Whether self-heal has anything to do (so that a healthy directory costs no lock and no write). */
function needsHeal(ctx: DhtCtx, path: string, copies: DirCopy[]): boolean {
  const isRoot = path === '/';
  const single = ctx.children.length === 1;
  const keys = ctx.o.keys;
  const dirs = copies.filter(isDir);
  if (copies.some((c) => isCode(c.out, 'ENOENT'))) return true;
  const auth = authority(copies, keys);
  if (dirs.some((c) => attrsDiffer(c.out.value.iatt, auth))) return true;
  const xattrs = authorityCopy(copies, keys).out.value.xattrs;
  if (dirs.some((c) => Object.keys(missingUserXattrs(xattrs, c.out.value.xattrs)).length)) return true;
  if (dirs.some((c) => extraUserXattrs(xattrs, c.out.value.xattrs).length)) return true;
  if (!(isRoot && single) && !layoutIsComplete(currentLayout(dirs, keys))) return true;
  return !isRoot && !single && !dirs.some((c) => keys.mds in c.out.value.xattrs);
}

/** Directory self-heal; only runs with every child up, like GlusterFS ("subvolumes down, not fixing"). */
/** `made`: copies created just before (the hashed one), healed as the ones made here. */
function heal(ctx: DhtCtx, path: string, copies: DirCopy[], hashed: Xlator, made: ReadonlySet<Xlator> = new Set()): void {
  const isRoot = path === '/';
  const single = ctx.children.length === 1;
  const loc: Loc = { path };
  const keys = ctx.o.keys;

  // 1. missing copies: same gfid, mode and owner as the authoritative one (the parent was
  //    healed when the hashed subvolume was found)
  const src = authority(copies, keys);
  const created = new Set<Xlator>(made);
  for (const c of copies) {
    if (!isCode(c.out, 'ENOENT')) continue;
    const made = attempt(() => c.child.mkdir(loc, src.mode & 0o7777, { gfidReq: src.gfid, uid: src.uid, gid: src.gid }));
    if (made.ok) created.add(c.child);
    if (made.ok || made.error.code === 'EEXIST') c.out = attempt(() => c.child.lookup(loc));
  }
  const dirs = copies.filter(isDir);

  // 2. attributes and user xattrs that differ from the authoritative copy
  const auth = authority(copies, keys);
  const authXattrs = authorityCopy(copies, keys).out.value.xattrs;
  for (const c of dirs) {
    if (attrsDiffer(c.out.value.iatt, auth)) {
      const r = attempt(() => c.child.setattr(loc, { mode: auth.mode & 0o7777, uid: auth.uid, gid: auth.gid }));
      if (r.ok) c.out.value.iatt = r.value;
    }
    const user = missingUserXattrs(authXattrs, c.out.value.xattrs);
    if (Object.keys(user).length && attempt(() => c.child.setxattr(loc, user)).ok) c.out.value.xattrs = { ...c.out.value.xattrs, ...user };
    for (const k of extraUserXattrs(authXattrs, c.out.value.xattrs)) {
      if (attempt(() => c.child.removexattr(loc, k)).ok) {
        const { [k]: _gone, ...rest } = c.out.value.xattrs;
        c.out.value.xattrs = rest;
      }
    }
  }

  // 3. layout: a new one (commit hash "invalid") when ranges are missing/overlapping, else a zero
  //    range on the copies just created (a subvolume added, or back after the layout was made);
  //    an existing copy without a layout (the root of an added brick) waits for fix-layout
  if (!(isRoot && single)) {
    const ranges = dirs.map((c) => ({ c, r: rangeOf(c.out.value, keys) }));
    const write = (c: DirCopyOk, range: LayoutRange) => {
      const value = encodeLayout(range);
      const r = attempt(() => c.child.setxattr(loc, { [keys.layout]: value }));
      if (r.ok) c.out.value.xattrs = { ...c.out.value.xattrs, [keys.layout]: value };
    };
    if (!layoutIsComplete(currentLayout(dirs, keys))) {
      const names = new Set(dirs.map((c) => c.child.name));
      const fresh = newLayoutFor(ctx, path, auth.gfid, COMMIT_HASH_INVALID, (ch) => names.has(ch.name));
      for (const c of dirs) write(c, fresh.entries.find((e) => e.name === c.child.name)!.range);
    } else {
      for (const { c, r } of ranges) if (!r && created.has(c.child)) write(c, ZERO_RANGE);
    }
  }

  // 4. the MDS marker on the subvolume the name hashes to
  if (!isRoot && !single && !dirs.some((c) => keys.mds in c.out.value.xattrs)) {
    const c = dirs.find((d) => d.child === hashed);
    if (c && attempt(() => c.child.setxattr(loc, { [keys.mds]: mdsValue() })).ok) {
      c.out.value.xattrs = { ...c.out.value.xattrs, [keys.mds]: mdsValue() };
    }
  }
}
