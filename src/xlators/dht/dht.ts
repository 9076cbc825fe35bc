// cluster/distribute: spreads names over its children by the Davies-Meyer hash of the name and
// each directory's layout (docs/on-disk-format.md §4). Files live on one child (linkto files redirect when the
// name hashes elsewhere); directories live on all children.
//
// Options: its volfile options by cluster/distribute's own names (lookup-optimize,
// weighted-rebalance, min-free-disk, min-free-inodes, readdir-optimize, directory-layout-spread,
// randomize-hash-range-by-gfid, extra-hash-regex, rsync-hash-regex, decommissioned-bricks: the
// subvolumes remove-brick is emptying; xattr-name: the key of layouts, under which the linkto, MDS
// and commit-hash keys are, as `o.keys`). Subvolume sizes come from the children's statfs.
import { crashPoint } from '../../libglusterfs/crash.js';
import { GFID_TO_PATH_KEY } from '../../libglusterfs/index-gfids.js';
import { FopError } from '../../libglusterfs/errors.js';
import type {
  DirEntry,
  Flock,
  Gfid,
  Iatt,
  LookupReply,
  Loc,
  ReaddirOpts,
  SetattrArgs,
  Statfs,
  XattrFlags,
  Xdata,
  Xlator,
} from '../types.js';
import { attempt, baseName, childLoc, ignoring, isHiddenPath, isHiddenRootName, parentPath, type DhtCtx } from './ctx.js';
import { DhtCache } from './cache.js';
import { hashedChild, knownCommitHash, newLayoutFor, resolveDir, withHealLock, type DirInfo } from './dir.js';
import { createLinkto, gfidFor, locate, locateOpt, type Located } from './file.js';
import { chunksFromStatfs, COMMIT_HASH_INVALID, encodeLayout } from './layout.js';
import { dhtOptions, type DhtOptions } from './options.js';
import { childReaddirOpts, entryIsLinkto, staleLinktos } from './entries.js';
import { renameDir, renameFile } from './rename.js';
import { migrateFile } from './migrate.js';
import { fixLayoutDir } from './rebalance.js';
import { isFilled, mostFreeSubvol } from './space.js';
import { isMigrating, LINKTO_MODE, mdsValue, MIGRATION_BITS } from './xattrs.js';
import { withoutHint } from '../hint.js';

export interface DhtXlatorOptions {
  options?: Record<string, string>;
  /** cluster/nufa: new files go to the local subvolume (see nufaLocal). */
  nufa?: boolean;
}

/** A subvolume is, or holds (depth first), a translator of that name. */
function holds(x: Xlator, name: string): boolean {
  return x.name === name || x.children.some((c) => holds(c, name));
}

type FileLoc = Extract<Located, { kind: 'file' }>;

/** Where a new name goes: its parent (remembered, or just looked up) and the subvolume it hashes to. */
interface Placement {
  parent: DirInfo;
  hashed: Xlator;
  name: string;
  /** The parent came from the cache (so ENOENT/ESTALE may only mean it is out of date). */
  remembered: boolean;
  /** The data goes here whatever the layout says (a create named NAME@VOL-dht:SUBVOL). */
  forced?: Xlator;
}

/** Adds the remembered parent layout to a fop's xdata for posix to check (or leaves it as is). */
type LayoutCheck = (x?: Xdata) => Xdata | undefined;
const unchecked: LayoutCheck = (x) => x;

const isStaleErr = (e: unknown): boolean => e instanceof FopError && (e.code === 'ENOENT' || e.code === 'ESTALE');

/** A data copy that a rebalance has started (phase 1 bits) or finished (turned linkto) moving. */
const isMoving = (i: Iatt): boolean =>
  i.type === 'file' && ((i.mode & MIGRATION_BITS) === MIGRATION_BITS || (i.mode & 0o7777) === LINKTO_MODE);

/** GlusterFS's GF_XATTR_FILE_MIGRATE_KEY: a client asks for one file's migration. */
export const MIGRATE_KEY = 'trusted.distribute.migrate-data';
/** GF_XATTR_FIX_LAYOUT_KEY: a client asks for one directory's fix-layout. */
export const FIX_LAYOUT_KEY = 'distribute.fix.layout';
/** GF_XATTR_GET_REAL_FILENAME_KEY, followed by a name: its case-insensitive match in a directory (Samba's). */
export const REAL_FILENAME_KEY = 'glusterfs.get_real_filename:';
/** DHT's debug virtual key (10.3's DHT_DBG_HASHED_SUBVOL_KEY), followed by a name. */
export const HASHED_SUBVOL_KEY = 'dht.file.hashed-subvol.';

export class Dht implements Xlator, DhtCtx {
  readonly o: DhtOptions;
  readonly decommissioned: ReadonlySet<string>;
  readonly cache = new DhtCache();
  /** Where each file this instance created went (its inode ctx's cached subvolume), by the iatt handed up. */
  private readonly createdOn = new WeakMap<object, Xlator>();
  /**
   * cluster/nufa's local subvolume: the one holding the translator named by the client's
   * local-volume-name option, else the first holding a brick of this machine, which here is
   * every brick (GlusterFS: the first local brick, depth first).
   */
  private readonly nufaLocal?: Xlator;

  constructor(
    readonly name: string,
    readonly children: readonly Xlator[],
    options: DhtXlatorOptions = {},
  ) {
    if (children.length === 0) throw new Error(`${name}: DHT needs at least one child`);
    const opt = (key: string) => options.options?.[key];
    this.o = dhtOptions(opt);
    this.decommissioned = new Set((opt('decommissioned-bricks') ?? '').split(/[\s,]+/).filter(Boolean));
    if (options.nufa) {
      const named = opt('local-volume-name');
      // a name nothing holds: no local subvolume, and nufa works as DHT (nufa_to_dht)
      this.nufaLocal = named ? children.find((c) => holds(c, named)) : children[0];
    }
  }

  chunksOf(child: Xlator): number {
    const st = this.statfsOf(child);
    return st ? chunksFromStatfs(st) : 0;
  }

  // ---- resolution helpers ------------------------------------------------------------------

  private guard(loc: Loc): void {
    if (isHiddenPath(loc.path)) throw new FopError('EPERM', loc.path);
  }

  private locate(loc: Loc, xdata?: Xdata): Located {
    this.guard(loc);
    if (loc.path === '/') return { kind: 'dir', dir: resolveDir(this, '/', { xdata }) };
    return locate(this, loc, { xdata });
  }

  private file(loc: Loc): FileLoc {
    const l = this.locate(loc);
    if (l.kind === 'dir') throw new FopError('EISDIR', loc.path);
    return l;
  }

  /**
   * Children of a directory in the order DHT applies metadata changes: MDS first. With the MDS
   * copy unreachable the change is refused (ENOTCONN), as GlusterFS does.
   */
  private dirOrder(dir: DirInfo): Xlator[] {
    if (dir.path !== '/' && this.children.length > 1 && !dir.mdsKnown && dir.down.length) {
      throw new FopError('ENOTCONN', dir.path);
    }
    return [dir.mds, ...dir.present.filter((c) => c !== dir.mds)];
  }

  /**
   * Parent directory of a new name, and the name's hashed child (EEXIST when it exists elsewhere).
   * The parent's remembered layout is used when the caller names the parent by gfid; a parent
   * looked up afresh with another gfid than the caller's means the caller's is gone (ESTALE).
   */
  private placeNew(loc: Loc, useCache = true): Placement {
    this.guard(loc);
    if (loc.path === '/') throw new FopError('EEXIST', '/');
    const ppath = parentPath(loc.path);
    const known = useCache ? this.cache.dir(loc.parent, ppath) : undefined;
    const parent = known ?? resolveDir(this, ppath);
    if (loc.parent !== undefined && parent.reply.iatt.gfid !== loc.parent) throw new FopError('ESTALE', `${ppath}: parent ${loc.parent} replaced`);
    const name = loc.name ?? baseName(loc.path);
    const hashed = hashedChild(this, parent, name);
    // In an unbalanced directory the name may live on another subvolume: O_EXCL must still fail.
    if (!parent.balanced() && locateOpt(this, loc, { parent })) throw new FopError('EEXIST', loc.path);
    return { parent, hashed, name, remembered: known !== undefined };
  }

  /**
   * Places a new name and runs `fop` there. When the parent came from the cache and the fop says
   * it is gone or replaced (ENOENT/ESTALE: another process removed or re-made it), the cached
   * layout is dropped and the fop placed once more from a fresh lookup, as GlusterFS revalidates
   * an inode on ESTALE.
   */
  private withPlacement<T>(loc: Loc, fop: (p: Placement, check: LayoutCheck) => T): T {
    const p = this.placeNew(loc);
    // One subvolume: every name is placed there, and its directories carry no layout on disk.
    if (!p.remembered || this.children.length === 1) return fop(p, unchecked);
    // The remembered layout goes down with the fop on the hashed subvolume: posix refuses it
    // (ESTALE) when the parent's layout there changed since, and the name is placed afresh.
    const range = p.parent.layout.entries.find((e) => e.name === p.hashed.name)?.range;
    const parentLayout = range && { key: this.o.keys.layout, value: encodeLayout(range) };
    try {
      return fop(p, (x) => (parentLayout ? { ...x, parentLayout } : x));
    } catch (e) {
      if (!isStaleErr(e)) throw e;
      this.cache.forgetDir(loc.parent);
      return fop(this.placeNew(loc, false), unchecked);
    }
  }

  // ---- lookup and stat ---------------------------------------------------------------------

  lookup(loc: Loc, xdata?: Xdata): LookupReply {
    // NAME@VOL-dht:SUBVOL: NAME, looked up as if it hashed to SUBVOL (dht_lookup after the filter)
    const keyed = this.subvolKey(loc);
    const l = keyed ? (this.guard(keyed.loc), locate(this, keyed.loc, { xdata, hashed: keyed.child })) : this.locate(loc, xdata);
    return l.kind === 'dir' ? l.dir.reply : l.reply;
  }

  /**
   * A directory's stat is its merged lookup; a file's goes to the subvolume holding it, as
   * dht_stat winds it (AFR there refreshes the inode and heals it on access when that is on).
   */
  stat(loc: Loc): Iatt {
    const l = this.locate(loc);
    if (l.kind === 'dir') return l.dir.reply.iatt;
    const iatt = l.cached.stat({ ...loc, gfid: l.reply.iatt.gfid });
    // A file in migration shows without its phase-1 mode bits, as its lookup does.
    return l.reply.iatt.mode === l.raw.iatt.mode ? iatt : { ...iatt, mode: iatt.mode & ~MIGRATION_BITS };
  }

  /** A child's statfs (posix already divides by its shared-brick-count); undefined when it does not answer. */
  statfsOf(child: Xlator, loc: Loc = { path: '/' }): Statfs | undefined {
    const r = attempt(() => child.statfs(loc));
    return r.ok ? r.value : undefined;
  }

  statfs(loc: Loc): Statfs {
    const stats = this.children.map((c) => this.statfsOf(c, loc)).filter((s): s is Statfs => s !== undefined);
    if (stats.length === 0) throw new FopError('ENOTCONN', 'no subvolume answered statfs');
    // Sum in the first answer's fragment size, as dht_statfs_cbk normalises.
    const unit = stats[0].frsize || stats[0].bsize;
    const scale = (s: Statfs, n: number) => Math.floor((n * (s.frsize || s.bsize)) / unit);
    const sum = (k: 'blocks' | 'bfree' | 'bavail') => stats.reduce((a, s) => a + scale(s, s[k]), 0);
    return {
      bsize: stats[0].bsize,
      frsize: unit,
      blocks: sum('blocks'),
      bfree: sum('bfree'),
      bavail: sum('bavail'),
      files: stats.reduce((a, s) => a + s.files, 0),
      ffree: stats.reduce((a, s) => a + s.ffree, 0),
    };
  }

  // ---- entry creation ----------------------------------------------------------------------

  mkdir(loc: Loc, mode: number, xdata?: Xdata): Iatt {
    return this.withPlacement(loc, ({ hashed }, check) => this.mkdirOn(hashed, loc, mode, xdata, check));
  }

  private mkdirOn(hashed: Xlator, loc: Loc, mode: number, xdata?: Xdata, check: LayoutCheck = unchecked): Iatt {
    const { gfid, xdata: xd } = gfidFor(xdata);
    const single = this.children.length === 1;
    // Each subvolume's copy is made with its layout range (and the hashed one with the MDS
    // marker) in the mkdir itself, as the dict of 10.3's mkdir carries them: no separate setxattr,
    // so a replica that misses the mkdir is blamed once, as 10.3 blames it (new-entry marks only).
    const commit = this.o.lookupOptimize ? knownCommitHash(this) : COMMIT_HASH_INVALID;
    const planned = newLayoutFor(this, loc.path, gfid, commit, () => true);
    const keys = this.o.keys;
    const withLayout = (c: Xlator, mds: boolean): Xdata => {
      const range = planned.entries.find((e) => e.name === c.name)?.range;
      const own: Record<string, Buffer> = range ? { [keys.layout]: encodeLayout(range) } : {};
      if (mds) own[keys.mds] = mdsValue();
      return { ...xd, newXattrs: { ...xd.newXattrs, ...own } };
    };
    // The hashed subvolume first, with the MDS marker; then the others (docs/on-disk-format.md §4.7).
    const iatt = hashed.mkdir(loc, mode, check(withLayout(hashed, !single)));
    // The rest under the heal lock, so a concurrent lookup does not heal a half-made directory.
    withHealLock(hashed, loc.path, iatt.gfid, () => {
      crashPoint('dht.mkdir-after-hashed');
      const present = new Set<Xlator>([hashed]);
      for (const c of this.children) {
        if (c === hashed) continue;
        const r = attempt(() => c.mkdir(loc, mode, withLayout(c, false)));
        if (r.ok || r.error.code === 'EEXIST') present.add(c);
      }
      crashPoint('dht.mkdir-before-layout');
      if (present.size === this.children.length) return;
      // A subvolume missed the directory: the layout is the one over those that have it.
      const layout = newLayoutFor(this, loc.path, gfid, commit, (c) => present.has(c));
      for (const { name, range } of layout.entries) {
        const c = this.children.find((x) => x.name === name)!;
        if (present.has(c)) c.setxattr(loc, { [keys.layout]: encodeLayout(range) }, 0, xd);
      }
    });
    return iatt;
  }

  create(loc: Loc, mode: number, xdata?: Xdata): Iatt {
    const keyed = this.subvolKey(loc);
    if (keyed) {
      // 10.3 logs it, and puts the data there with no min-free-disk or decommission check
      return this.withPlacement(keyed.loc, (p, check) => this.createAt({ ...p, forced: keyed.child }, keyed.loc, mode, xdata, check));
    }
    return this.withPlacement(loc, (p, check) => this.createAt(p, loc, mode, xdata, check));
  }

  /**
   * dht_filter_loc_subvol_key, a debugging aid: a name NAME@<this translator>:<child> stands for
   * NAME, and a create of it puts NAME's data on that child (with a linkto where NAME hashes).
   */
  subvolKey(loc: Loc): { loc: Loc; child: Xlator } | undefined {
    // every DHT fop asks: names without an '@' (all but a few) cost one scan of the path
    if (!loc.path.includes('@') && !loc.name?.includes('@')) return undefined;
    const name = loc.name ?? baseName(loc.path);
    if (!name.includes('@')) return undefined;
    for (const child of this.children) {
      const key = `@${this.name}:${child.name}`;
      if (name.length <= key.length || !name.endsWith(key)) continue;
      const cut = (v: string) => v.slice(0, v.length - key.length);
      const out: Loc = { ...loc, path: loc.path.endsWith(key) ? cut(loc.path) : loc.path };
      if (loc.name !== undefined) out.name = cut(loc.name);
      return { loc: out, child };
    }
    return undefined;
  }

  private made(on: Xlator, iatt: Iatt): Iatt {
    this.createdOn.set(iatt, on);
    return iatt;
  }

  /**
   * Where a new file's data goes: the hashed subvolume (nufa: the local one) unless it is short
   * of space (min-free-disk), then the one with most free space.
   */
  private dataSubvol({ parent, hashed, forced }: Placement): Xlator {
    if (forced) return forced;
    if (this.children.length === 1) return hashed;
    const first = this.nufaLocal ?? hashed;
    return isFilled(this, first) ? mostFreeSubvol(this, parent.present, first) : first;
  }

  private createAt(p: Placement, loc: Loc, mode: number, xdata?: Xdata, check: LayoutCheck = unchecked): Iatt {
    return this.placeFile(p, loc, xdata, check, (on, xd) => on.create(loc, mode, xd));
  }

  mknod(loc: Loc, mode: number, rdev: number, xdata?: Xdata): Iatt {
    return this.withPlacement(loc, (p, check) => this.placeFile(p, loc, xdata, check, (on, xd) => on.mknod(loc, mode, rdev, xd)));
  }

  /**
   * A new file (create, mknod) on its data subvolume: where that is not the hashed one, a linkto
   * file goes on the hashed one first, pointing at it (removed again if the file cannot be made).
   */
  private placeFile(p: Placement, loc: Loc, xdata: Xdata | undefined, check: LayoutCheck, make: (on: Xlator, xd?: Xdata) => Iatt): Iatt {
    const { hashed } = p;
    const avail = this.dataSubvol(p);
    if (avail === hashed) return this.made(hashed, this.retryOverStaleLinkto(loc, () => make(hashed, check(xdata))));
    const { gfid, xdata: xd } = gfidFor(xdata);
    const uid = xd.uid ?? process.getuid?.() ?? 0;
    const gid = xd.gid ?? process.getgid?.() ?? 0;
    // a stale linkto where the name hashes (its file gone) answers EEXIST: the lookup clears it
    this.retryOverStaleLinkto(loc, () => createLinkto(this, hashed, loc, avail.name, { gfid, uid, gid }, xd));
    try {
      return this.made(avail, make(avail, xd));
    } catch (e) {
      ignoring(['ENOENT', 'ENOTCONN'], () => hashed.unlink(loc));
      throw e;
    }
  }

  symlink(target: string, loc: Loc, xdata?: Xdata): Iatt {
    return this.withPlacement(loc, ({ hashed }, check) => this.retryOverStaleLinkto(loc, () => hashed.symlink(target, loc, check(xdata))));
  }

  /**
   * A linkto whose target lost the file makes the hashed subvolume answer EEXIST; a lookup
   * removes it (as GlusterFS's lookup before a create does) and the create is tried once more.
   */
  private retryOverStaleLinkto<T>(loc: Loc, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof FopError) || e.code !== 'EEXIST' || locateOpt(this, loc)) throw e;
      return fn();
    }
  }

  link(oldLoc: Loc, newLoc: Loc, xdata?: Xdata): Iatt {
    const src = this.locate(oldLoc);
    if (src.kind === 'dir') throw new FopError('EPERM', oldLoc.path);
    return this.withPlacement(newLoc, ({ hashed }) => {
      // The hard link goes next to the data; the new name gets a linkto where it hashes.
      if (hashed !== src.cached) createLinkto(this, hashed, newLoc, src.cached.name, src.reply.iatt, xdata);
      crashPoint('dht.link-after-linkto');
      try {
        return src.cached.link(oldLoc, newLoc, xdata);
      } catch (e) {
        if (hashed !== src.cached) ignoring(['ENOENT', 'ENOTCONN'], () => hashed.unlink(newLoc));
        throw e;
      }
    });
  }

  // ---- entry removal -----------------------------------------------------------------------

  unlink(loc: Loc, xdata?: Xdata): void {
    const f = this.file(loc);
    f.cached.unlink(loc, xdata);
    if (f.linkto && f.hashed !== f.cached) ignoring(['ENOENT'], () => f.hashed.unlink(loc, xdata));
  }

  rmdir(loc: Loc, xdata?: Xdata): void {
    if (loc.path === '/') throw new FopError('EBUSY', '/');
    const l = this.locate(loc);
    if (l.kind !== 'dir') throw new FopError('ENOTDIR', loc.path);
    const dir = l.dir;
    if (dir.down.length) throw new FopError('ENOTCONN', loc.path);
    const stale = staleLinktos(this, dir);
    for (const { child, entry } of stale) ignoring(['ENOENT'], () => child.unlink(childLoc(loc.path, entry.name, dir.reply.iatt.gfid), xdata));
    // Non-hashed copies first, the hashed (MDS) one last, as GlusterFS orders it.
    const order = [...dir.present.filter((c) => c !== dir.mds), dir.mds];
    this.cache.forgetPath(loc.path);
    for (const c of order) ignoring(['ENOENT'], () => c.rmdir(loc, xdata));
  }

  // ---- rename ------------------------------------------------------------------------------

  rename(oldLoc: Loc, newLoc: Loc, xdata?: Xdata): void {
    this.guard(newLoc);
    const src = this.locate(oldLoc);
    if (src.kind === 'dir') {
      // the directory keeps its layout, but every remembered path under both names moves
      this.cache.forgetPath(oldLoc.path);
      this.cache.forgetPath(newLoc.path);
      renameDir(this, src.dir, oldLoc, newLoc, xdata);
    } else renameFile(this, src, oldLoc, newLoc, xdata);
  }


  // ---- directories -------------------------------------------------------------------------

  readdir(loc: Loc, opts?: ReaddirOpts): DirEntry[] {
    const l = this.locate(loc);
    if (l.kind !== 'dir') throw new FopError('ENOTDIR', loc.path);
    const dir = l.dir;
    const isRoot = loc.path === '/';
    const own = childReaddirOpts(this, opts);
    // dht_readdir: READDIRP when use-readdirp is on or a subvolume is down
    const asked = own?.plain && (this.o.useReaddirp || dir.down.length > 0) ? { ...own, plain: false } : own;
    const lists = dir.present.map((child) => ({ child, r: attempt(() => child.readdir(loc, asked)) }));
    const answered = lists.filter((x) => x.r.ok);
    if (answered.length === 0) throw lists[0]?.r.ok === false ? lists[0].r.error : new FopError('ENOTCONN', loc.path);
    const firstUp = answered[0].child;
    const single = this.children.length === 1;
    const out: DirEntry[] = [];
    for (const { child, r } of answered) {
      if (!r.ok) continue;
      for (const e of r.value) {
        if (isRoot && isHiddenRootName(e.name)) continue;
        if (e.iatt.type === 'dir') {
          // a subdirectory is listed once: by its hashed subvolume (first up one if that is down)
          if (!single && child !== this.dirOwner(dir, e.name, firstUp, answered.map((a) => a.child))) continue;
          out.push({ ...e, iatt: { ...e.iatt, size: 4096, blocks: 8 } });
        } else if (!entryIsLinkto(this, child, loc.path, e)) {
          // a file in migration phase 1 shows its own mode
          out.push(isMigrating(e.iatt, e.xattrs, this.o.keys.linkto) ? { ...e, iatt: { ...e.iatt, mode: e.iatt.mode & ~MIGRATION_BITS } } : e);
        }
      }
    }
    return out;
  }

  private dirOwner(dir: DirInfo, name: string, firstUp: Xlator, up: Xlator[]): Xlator {
    if (this.o.readdirOptimize) return firstUp;
    const h = attempt(() => hashedChild(this, dir, name));
    return h.ok && up.includes(h.value) ? h.value : firstUp;
  }

  // ---- attributes --------------------------------------------------------------------------

  setattr(loc: Loc, attrs: SetattrArgs, xdata?: Xdata): Iatt {
    const l = this.locate(loc);
    if (l.kind === 'file') return l.cached.setattr(loc, attrs, xdata);
    const [first, ...rest] = this.dirOrder(l.dir);
    const iatt = first.setattr(loc, attrs, xdata);
    for (const c of rest) ignoring(['ENOENT', 'ENOTCONN'], () => void c.setattr(loc, attrs, xdata));
    return { ...iatt, size: 4096, blocks: 8 };
  }

  getxattr(loc: Loc, name?: string): Record<string, Buffer> {
    if (!loc.path && loc.gfid && name === GFID_TO_PATH_KEY) return this.pathOfGfid(loc.gfid);
    const l = this.locate(loc);
    if (name?.startsWith(HASHED_SUBVOL_KEY)) return { [name]: this.hashedSubvolName(l, name) };
    if (name?.startsWith(REAL_FILENAME_KEY)) return { [name]: this.realFilename(loc, l, name) };
    if (l.kind === 'file') return l.cached.getxattr(loc, name);
    const up = l.dir.down.includes(l.dir.mds) ? l.dir.present.find((c) => !l.dir.down.includes(c)) : l.dir.mds;
    if (!up) throw new FopError('ENOTCONN', loc.path);
    return up.getxattr(loc, name);
  }

  /**
   * DHT's debug key `dht.file.hashed-subvol.NAME` on a directory: the subvolume NAME hashes to in
   * its layout, whether or not NAME exists (dht.rc's dht_first_filename_with_hashsubvol reads it).
   */
  private hashedSubvolName(l: Located, key: string): Buffer {
    const name = key.slice(HASHED_SUBVOL_KEY.length);
    if (!name) throw new FopError('EINVAL', key);
    if (l.kind !== 'dir') throw new FopError('ENODATA', key);
    return Buffer.from(hashedChild(this, l.dir, name).name + '\0'); // a C string, NUL included, as 10.3 sets it
  }

  /**
   * A nameless loc's path (gfid-access, resolving `.gfid/<gfid>`): the first subvolume that holds
   * the inode answers, as dht_do_discover finds an inode by its gfid alone. When none can say
   * (the inode is nowhere, or only on a subvolume that is down): ENOENT, as 10.3's discover ends;
   * ENODATA when a subvolume holds it but has no gfid2path key to name it by.
   */
  private pathOfGfid(gfid: Gfid): Record<string, Buffer> {
    let exists = false;
    for (const c of this.children) {
      const r = attempt(() => c.getxattr({ path: '', gfid }, GFID_TO_PATH_KEY));
      if (r.ok) return r.value;
      // the inode is there, with no gfid2path key to name it (storage.gfid2path off)
      if (r.error.code === 'ENODATA') exists = true;
    }
    throw new FopError(exists ? 'ENODATA' : 'ENOENT', gfid);
  }

  /**
   * The name in a directory that matches NAME without regard to case (posix answers it per brick,
   * DHT the first found), NUL-terminated; ENODATA when none does.
   */
  private realFilename(loc: Loc, l: Located, key: string): Buffer {
    const want = key.slice(REAL_FILENAME_KEY.length).toLowerCase();
    if (l.kind !== 'dir' || !want) throw new FopError('ENODATA', key);
    const hit = this.readdir(loc, { statOnly: true, xattrs: [] }).find((e) => e.name.toLowerCase() === want);
    if (!hit) throw new FopError('ENODATA', key);
    return Buffer.from(hit.name + '\0');
  }

  setxattr(loc: Loc, xattrs: Record<string, Buffer>, flags: XattrFlags = 0, xdata?: Xdata): void {
    if (MIGRATE_KEY in xattrs) return this.migrateOnRequest(loc);
    if (FIX_LAYOUT_KEY in xattrs) return this.fixLayoutOnRequest(loc);
    const l = this.locate(loc);
    if (l.kind === 'file') {
      l.cached.setxattr(loc, xattrs, flags, xdata);
      // a file in migration phase 1: its xattrs were copied at the start, the copy must follow
      if (l.migratingTo) ignoring(['ENOENT', 'ENOTCONN'], () => l.migratingTo!.setxattr(loc, xattrs, 0, xdata));
      return;
    }
    this.cache.forgetDir(l.dir.reply.iatt.gfid); // the key may be the layout
    const [first, ...rest] = this.dirOrder(l.dir);
    first.setxattr(loc, xattrs, flags, xdata);
    // the other copies follow the MDS whatever their current value, so no create/replace check there
    for (const c of rest) ignoring(['ENOENT', 'ENOTCONN'], () => c.setxattr(loc, xattrs, 0, xdata));
  }

  /**
   * setfattr -n distribute.fix.layout on a directory: its layout is fixed now, over every
   * subvolume, as a rebalance's fix-layout does it (ENOTSUP on anything else, ENOTCONN when a
   * subvolume is down). Nothing is stored.
   */
  private fixLayoutOnRequest(loc: Loc): void {
    if (this.locate(loc).kind !== 'dir') throw new FopError('ENOTSUP', `${loc.path}: not a directory`);
    if (fixLayoutDir(this, loc.path) === 'subvolume-down') throw new FopError('ENOTCONN', loc.path);
  }

  /**
   * setfattr -n trusted.distribute.migrate-data on a file: that one file moves to its hashed
   * subvolume now, as a rebalance would move it (EEXIST when it is there already, ENOTSUP on a
   * directory or a file a rebalance would skip). Nothing is stored.
   */
  private migrateOnRequest(loc: Loc): void {
    if (this.locate(loc).kind === 'dir') throw new FopError('ENOTSUP', `${loc.path}: a directory`);
    const r = migrateFile(this, loc, { hardlinks: this.decommissioned.size > 0 });
    if (r === 'in-place') throw new FopError('EEXIST', `${loc.path}: already on its hashed subvolume`);
    if (r !== 'migrated') throw new FopError(r === 'skipped-conflict' ? 'EINVAL' : 'ENOTSUP', `${loc.path}: ${r}`);
  }

  removexattr(loc: Loc, name: string, xdata?: Xdata): void {
    const l = this.locate(loc);
    if (l.kind === 'file') {
      l.cached.removexattr(loc, name, xdata);
      if (l.migratingTo) ignoring(['ENOENT', 'ENOTCONN', 'ENODATA'], () => l.migratingTo!.removexattr(loc, name, xdata));
      return;
    }
    this.cache.forgetDir(l.dir.reply.iatt.gfid);
    const [first, ...rest] = this.dirOrder(l.dir);
    first.removexattr(loc, name, xdata);
    for (const c of rest) ignoring(['ENOENT', 'ENOTCONN', 'ENODATA'], () => c.removexattr(loc, name, xdata));
  }

  xattrop(loc: Loc, xattrs: Record<string, Buffer>, xdata?: Xdata): Record<string, Buffer> {
    const l = this.locate(loc);
    return (l.kind === 'file' ? l.cached : this.dirOrder(l.dir)[0]).xattrop(loc, xattrs, xdata);
  }

  // ---- data --------------------------------------------------------------------------------

  readlink(loc: Loc): string {
    return this.file(loc).cached.readlink(loc);
  }

  readv(loc: Loc, offset: number, size: number): Buffer {
    return this.file(loc).cached.readv(loc, offset, size);
  }

  seek(loc: Loc, offset: number, what: 'data' | 'hole'): number {
    return this.file(loc).cached.seek(loc, offset, what);
  }

  /**
   * With the iatt of this instance's create as hint (an api write right after its create), the
   * write goes where the file was made, with no lookup, as dht_writev uses the inode ctx; the
   * reply showing a rebalance moving the file (or the file gone) sends it the full way below,
   * which rewrites the same bytes where they belong.
   */
  writev(loc: Loc, offset: number, data: Buffer, xdata?: Xdata): Iatt {
    const hint = xdata?.lookupHint;
    const on = hint && this.createdOn.get(hint);
    if (on) {
      this.createdOn.delete(hint!);
      try {
        const iatt = on.writev(loc, offset, data, xdata);
        if (!isMoving(iatt)) return iatt;
      } catch (e) {
        if (!isStaleErr(e)) throw e;
      }
    }
    const f = this.file(loc);
    // the cached subvolume may reuse the lookup just made of this very inode (AFR: no second refresh)
    const iatt = f.cached.writev(loc, offset, data, { ...xdata, lookupHint: f.raw });
    // a file in migration phase 1: the copy being filled must see the write too
    if (f.migratingTo) ignoring(['ENOENT', 'ENOTCONN'], () => void f.migratingTo!.writev(loc, offset, data, withoutHint(xdata)));
    return iatt;
  }

  truncate(loc: Loc, size: number, xdata?: Xdata): Iatt {
    const f = this.file(loc);
    const iatt = f.cached.truncate(loc, size, xdata);
    if (f.migratingTo) ignoring(['ENOENT', 'ENOTCONN'], () => void f.migratingTo!.truncate(loc, size, xdata));
    return iatt;
  }

  fallocate(loc: Loc, mode: number, offset: number, length: number, xdata?: Xdata): Iatt {
    const f = this.file(loc);
    const iatt = f.cached.fallocate(loc, mode, offset, length, xdata);
    if (f.migratingTo) ignoring(['ENOENT', 'ENOTCONN'], () => void f.migratingTo!.fallocate(loc, mode, offset, length, xdata));
    return iatt;
  }

  fsync(loc: Loc, xdata?: Xdata): void {
    this.file(loc).cached.fsync(loc, xdata);
  }

  // ---- locks -------------------------------------------------------------------------------

  inodelk(loc: Loc, domain: string, cmd: 'lock' | 'unlock'): void {
    const l = this.locate(loc);
    // Directories are locked on their first subvolume that is up, as dht_inodelk does.
    const target = l.kind === 'file' ? l.cached : l.dir.present.find((c) => !l.dir.down.includes(c));
    if (!target) throw new FopError('ENOTCONN', loc.path);
    target.inodelk(loc, domain, cmd);
  }

  /**
   * Record locks live with the file's data (dht_lk: the cached subvolume). 10.3 winds them by fd;
   * an unlock of a file whose name is gone (closed after an rm) goes by gfid to every subvolume,
   * so that the lock does not outlive its owner's close.
   */
  lk(loc: Loc, cmd: 'get' | 'set', lock: Flock, owner: string): Flock {
    const f = attempt(() => this.file(loc));
    if (f.ok) return f.value.cached.lk(loc, cmd, lock, owner);
    if (cmd !== 'set' || lock.type !== 'unlock' || !loc.gfid || f.error.code !== 'ENOENT') throw f.error;
    for (const c of this.children) attempt(() => c.lk(loc, cmd, lock, owner));
    return lock;
  }

  entrylk(loc: Loc, domain: string, basename: string | undefined, cmd: 'lock' | 'unlock'): void {
    const l = this.locate(loc);
    if (l.kind !== 'dir') throw new FopError('ENOTDIR', loc.path);
    // A name lock lives on the subvolume the name hashes to.
    const target = basename !== undefined ? hashedChild(this, l.dir, basename) : l.dir.present[0];
    target.entrylk(loc, domain, basename, cmd);
  }
}

/** The distribute translator of a graph: the first one down its first children (a volume's graph has one). */
export function distributeIn(top: Xlator): Dht | undefined {
  let x: Xlator | undefined = top;
  while (x && !(x instanceof Dht)) x = x.children[0];
  return x;
}

/**
 * Fops on a name that exists reach it under its real name when it is written NAME@VOL-dht:SUBVOL
 * (10.3 winds them by inode, whatever the name; lookup and create read the key themselves).
 * New names other than a create's (mkdir, mknod, symlink, a link's or rename's target) keep them.
 * Differences (README): an unlink, rmdir or rename of such a name acts on NAME, where 10.3 sends
 * the brick the name as written (it answers success and leaves NAME in place).
 */
const EXISTING_INODE_FOPS = [
  'stat', 'statfs', 'link', 'unlink', 'rmdir', 'rename', 'readlink', 'readv', 'writev', 'truncate', 'fallocate',
  'fsync', 'seek', 'readdir', 'setattr', 'getxattr', 'setxattr', 'removexattr', 'xattrop', 'inodelk', 'entrylk',
] as const satisfies ReadonlyArray<keyof Xlator>;
for (const fop of EXISTING_INODE_FOPS) {
  const impl = Dht.prototype[fop] as (this: Dht, loc: Loc, ...rest: unknown[]) => unknown;
  Object.defineProperty(Dht.prototype, fop, {
    value: function (this: Dht, loc: Loc, ...rest: unknown[]) {
      return impl.call(this, this.subvolKey(loc)?.loc ?? loc, ...rest);
    },
    writable: true,
    configurable: true,
  });
}
