// Entry self-heal of one directory (AFR's afr-self-heal-entry): under the directory's entry lock,
// decide from the entry counters, then heal each name as 10.3 does, brick by brick through the
// participants' listings: a name the source lacks is removed from the sinks (a directory, or a
// file whose inode the source still has under another name, is parked in the anonymous-inode
// directory instead, so nothing a later heal needs is lost); a name a sink lacks, or holds with
// another gfid or type, is (re)made there with the source's gfid. Without a clear source
// (split-brain, witnesses, a source that blames nobody) it is a conservative merge: every name
// is made where it is missing and nothing is removed; a type mismatch stops the merge, a gfid
// mismatch skips its name (gfid split-brain). Inodes made on a sink are returned: their data and
// metadata heal comes next.
import * as path from 'node:path';
import { NULL_GFID, PLAIN_READDIR, ROOT_GFID, type DirEntry, type Iatt, type Loc, type ReaddirOpts, type Xdata, type Xlator } from '../types.js';
import { ANON_INODE_PREFIX, anonymousInodeGfid } from './anonymous-inode.js';
import { INDEX_VGFID } from '../../libglusterfs/index-gfids.js';
import { crashPoint } from '../../libglusterfs/crash.js';
import { attempt } from './fanout.js';
import {
  decide,
  everyoneLocked,
  entryLock,
  gfidLoc,
  joinPath,
  lookupCopies,
  markPending,
  nothingPending,
  pathOn,
  removeTree,
  undoPending,
  withLocks,
  anyIatt,
  type Decision,
  type HealContext,
  type HealStatus,
} from './self-heal-common.js';
import { decodeChangelog, isAfrKey, type Counters } from './changelog.js';
import { copyTimes } from './self-heal-times.js';
import { gfidPolicyPick } from './self-heal-policy.js';


/** An inode entry heal made on a sink. */
export interface Made {
  gfid: string;
  type: Iatt['type'];
}

export interface EntryHeal {
  status: HealStatus;
  /** Inodes made on some sink (gfid and type): their data and metadata are healed next. */
  created: Made[];
  /** Names left unhealed: gfid or type differs between copies with nothing to decide. */
  mismatched: string[];
}

/** A listing with each entry's iatt (gfid, type, owner, mode) and none of its other xattrs. */
// 10.3's entry heal lists each brick with a plain READDIR (what a profiled brick counts).
const NO_XATTRS: ReaddirOpts = Object.freeze({ xattrs: Object.freeze([]), plain: true });

/** Largest file whose bytes are written with its create (as `fs put` does), not copied after. */
const INLINE_DATA_MAX = 1024 * 1024;

type Listing = Map<string, DirEntry>;

export interface EntryHealOptions {
  /** heal full: every name of every copy, even when no counter asks for it. */
  full?: boolean;
}

export function healEntry(ctx: HealContext, loc: Loc, opts: EntryHealOptions = {}, first = lookupCopies(ctx, loc)): EntryHeal {
  const none: EntryHeal = { status: 'clean', created: [], mismatched: [] };
  if (anyIatt(first)?.type !== 'dir') return none;
  return withLocks(ctx, first.present, entryLock(ctx, loc), (locked) => {
    const copies = lookupCopies(ctx, loc);
    const d = decide(ctx, copies, 'entry', locked);
    // The directory's data counter is granular entry heal's "list everything" marker.
    const marker = decide(ctx, copies, 'data', locked);
    const pending = !nothingPending(d) || !nothingPending(marker);
    if (!everyoneLocked(d)) return { ...none, status: pending ? 'pending' : 'clean' };
    if (!pending && !opts.full) return none;
    const run = new EntryRun(ctx, loc, d);
    if (!run.ready) return { ...none, status: 'pending' };
    run.healNames(pending ? undefined : { conservative: true });
    if (run.typeMismatch || run.mismatched.length) {
      return { status: 'split-brain', created: run.created, mismatched: run.mismatched };
    }
    const everyone = d.locked;
    const { sources, sinks } = run.conservative
      ? { sources: everyone, sinks: everyone.map(() => false) }
      : { sources: d.direction.sources.map((s, i) => s && d.locked[i]), sinks: d.direction.sinks.map((s, i) => s && d.locked[i]) };
    crashPoint('afr.heal.before-entry-undo');
    undoPending(ctx, loc, [
      { type: 'entry', d, sources, healedSinks: sinks },
      // The directory's data counter (granular entry heal's full-crawl marker) goes with it.
      { type: 'data', d: marker, sources: everyone, healedSinks: everyone.map(() => false) },
    ]);
    run.dropGranularNames();
    // The sinks' directory times moved with the names made and removed: the source's stand.
    // After a conservative merge there is no source, and each copy keeps its own (10.3 reads
    // them from an undefined reply, which in practice changes nothing).
    if (!run.conservative) copyTimes(ctx, loc, copies, run.sourceIndex, everyone.map((l, i) => l && i !== run.sourceIndex));
    return { status: pending ? 'healed' : 'clean', created: run.created, mismatched: [] };
  });
}

class EntryRun {
  readonly created: Made[] = [];
  readonly mismatched: string[] = [];
  typeMismatch = false;
  conservative: boolean;
  /** The directory's path on each participant, and its listing there. */
  private readonly paths: (string | undefined)[];
  private readonly listings: (Listing | undefined)[];
  private readonly src: number;
  readonly ready: boolean;
  /** A winner named by the administrator or a policy (gfid split-brain resolution). */
  forcedSource = -1;

  entryOf(i: number, name: string): DirEntry | undefined {
    return this.listings[i]?.get(name);
  }

  get sourceIndex(): number {
    return this.src;
  }

  constructor(
    private readonly ctx: HealContext,
    private readonly dir: Loc,
    private readonly d: Decision,
  ) {
    this.paths = ctx.children.map((c, i) => (d.locked[i] ? pathOn(c, dir) : undefined));
    this.ready = d.locked.every((l, i) => !l || this.paths[i] !== undefined);
    const { sources, sinks, splitBrain, witness } = d.direction;
    this.src = sources.findIndex((s, i) => s && d.locked[i]);
    const blamesNobody = this.src >= 0 && (d.matrix.matrix[this.src] ?? []).every((v) => v === 0);
    this.conservative =
      splitBrain ||
      this.src < 0 ||
      d.locked.every((l, i) => !l || sinks[i]) ||
      witness.some((w, i) => d.locked[i] && w > 0) ||
      blamesNobody;
    // A sink's names are only compared (gfid, type): its entries' xattrs are not read.
    const bare = (i: number) => !this.conservative && sinks[i] && !sources[i];
    this.listings = ctx.children.map((c, i) => (this.ready && d.locked[i] ? this.list(i, bare(i)) : undefined));
  }

  private list(i: number, namesOnly: boolean): Listing {
    const entries = this.ctx.children[i].readdir({ path: this.paths[i]! }, namesOnly ? NO_XATTRS : PLAIN_READDIR);
    const atRoot = this.paths[i] === '/';
    return new Map(entries.filter((e) => !(atRoot && this.ctx.anonName && e.name === this.ctx.anonName)).map((e) => [e.name, e]));
  }

  private participants(): number[] {
    return this.d.locked.flatMap((l, i) => (l ? [i] : []));
  }

  /** Every name of every participant, brick by brick (10.3 heals each listing in turn). */
  healNames(force?: { conservative: boolean }): void {
    if (force) this.conservative = force.conservative;
    const seen = new Set<string>();
    if (this.conservative) {
      // A type mismatch anywhere stops the whole merge (10.3 skips the conservative merge).
      const all = new Set(this.participants().flatMap((i) => [...this.listings[i]!.keys()]));
      for (const name of all) {
        const types = new Set(this.holders(name).map((i) => this.listings[i]!.get(name)!.iatt.type));
        if (types.size > 1) {
          this.typeMismatch = true;
          return;
        }
      }
    }
    for (const i of this.participants()) {
      for (const name of [...this.listings[i]!.keys()].sort()) {
        if (seen.has(name)) continue;
        seen.add(name);
        if (this.conservative) this.merge(name);
        else this.impose(name);
      }
    }
  }

  /** One name, as healNames treats each (name heal); true when some brick changed. */
  healOneName(name: string): boolean {
    const before = this.created.length;
    const shapes = () => this.participants().map((i) => this.listings[i]!.get(name)?.iatt.gfid ?? '-').join();
    const was = shapes();
    if (this.conservative) {
      const types = new Set(this.holders(name).map((i) => this.listings[i]!.get(name)!.iatt.type));
      if (types.size > 1) return false;
      this.merge(name);
    } else this.impose(name);
    return this.created.length > before || shapes() !== was;
  }

  holders(name: string): number[] {
    return this.participants().filter((i) => this.listings[i]!.has(name));
  }

  private merge(name: string): void {
    const holders = this.holders(name);
    this.adoptGfid(name, holders);
    const gfids = new Set(holders.map((i) => this.listings[i]!.get(name)!.iatt.gfid));
    if (gfids.size > 1) {
      // Gfid split-brain: only the favorite-child policy may settle it here, and never for a
      // directory (as 10.3).
      const isDir = this.listings[holders[0]]!.get(name)!.iatt.type === 'dir';
      const win = isDir
        ? undefined
        : gfidPolicyPick(this.ctx.favoriteChild, holders.map((i) => ({ i, iatt: this.listings[i]!.get(name)!.iatt })), this.ctx.children.length);
      if (win === undefined) {
        this.mismatched.push(name);
        return;
      }
      this.forcedSource = win;
      const g = this.listings[win]!.get(name)!.iatt.gfid;
      for (const j of this.participants()) {
        const t = this.listings[j]!.get(name);
        if (t && t.iatt.gfid === g) continue;
        if (t) this.expunge(j, name, t.iatt);
        this.recreate([win], j, name);
      }
      return;
    }
    for (const j of this.participants()) if (!this.listings[j]!.has(name)) this.recreate(holders, j, name);
  }

  /**
   * Copies of a name that lost their gfid (stripped on the brick, behind GlusterFS's back) take
   * the one every other copy of the same type holds, as 10.3's entry heal heals a name's gfid
   * before it compares the copies; they are then the same inode, not a gfid split-brain.
   */
  private adoptGfid(name: string, holders: number[]): void {
    const entry = (i: number) => this.listings[i]!.get(name)!;
    const named = holders.filter((i) => entry(i).iatt.gfid !== NULL_GFID);
    if (named.length === holders.length || named.length === 0) return;
    const gfids = new Set(named.map((i) => entry(i).iatt.gfid));
    const types = new Set(holders.map((i) => entry(i).iatt.type));
    if (gfids.size !== 1 || types.size !== 1) return;
    const gfid = [...gfids][0];
    for (const j of holders) {
      if (entry(j).iatt.gfid !== NULL_GFID) continue;
      const r = attempt(() => this.ctx.children[j].lookup({ path: joinPath(this.paths[j]!, name), name }, { gfidReq: gfid }));
      if (r.ok && r.value.iatt.gfid === gfid) this.listings[j]!.set(name, { ...entry(j), iatt: r.value.iatt });
    }
  }

  private impose(name: string): void {
    const s = this.listings[this.src]!.get(name);
    // Every source holding the same inode gets the new-entry marks, the chosen one first.
    const from = s
      ? [this.src, ...this.participants().filter((i) => i !== this.src && this.d.direction.sources[i] && this.listings[i]!.get(name)?.iatt.gfid === s.iatt.gfid)]
      : [];
    for (const j of this.participants()) {
      if (j === this.src || !this.d.direction.sinks[j]) continue;
      const t = this.listings[j]!.get(name);
      if (!t) {
        if (s) this.recreate(from, j, name);
        continue;
      }
      if (s && s.iatt.gfid === t.iatt.gfid && s.iatt.type === t.iatt.type) continue;
      this.expunge(j, name, t.iatt);
      if (s) this.recreate(from, j, name);
    }
  }

  /** Removes a sink's name; an inode that may still be needed is parked in the anonymous-inode dir. */
  expunge(j: number, name: string, iatt: Iatt): void {
    const child = this.ctx.children[j];
    const loc = { path: joinPath(this.paths[j]!, name) };
    const keep = iatt.type === 'dir' || this.sourceHas(iatt.gfid);
    const gone = attempt(() => {
      if (keep && this.ctx.anonName) this.park(child, loc, iatt.gfid, this.ctx.anonName);
      // without the anonymous-inode dir, 10.3 removes a directory with all it holds
      else removeTree(child, loc.path, iatt.type === 'dir');
    });
    // Already gone (a rename this heal made moved it): nothing left to remove.
    if (!gone.ok && gone.error.code !== 'ENOENT') throw gone.error;
    crashPoint('afr.heal.after-expunge');
    this.listings[j]!.delete(name);
  }

  /**
   * Whether this heal would remove the sink's old name of a directory anyway: it is a name of
   * this very directory that no source has, and the heal imposes the sources' listing (not a
   * conservative merge). Anything else (another directory, an ancestor, a merge) keeps the old
   * name, and the directory is moved into place instead: never remove what only a sink holds.
   */
  private expungesOldName(from: number[], j: number, at: string | undefined): boolean {
    if (at === undefined || this.conservative || path.posix.dirname(at) !== this.paths[j]) return false;
    const name = path.posix.basename(at);
    return this.listings[j]!.has(name) && from.every((i) => !this.listings[i]?.has(name));
  }

  /**
   * Moves an inode into the anonymous-inode directory, making that first where it is missing
   * (the option turned on after the volume started: 10.3's afr_anon_inode_create).
   */
  private park(child: Xlator, loc: Loc, gfid: string, anon: string): void {
    const into = { path: `/${anon}/${gfid}` };
    const moved = attempt(() => child.rename(loc, into));
    if (moved.ok) return;
    if (moved.error.code !== 'ENOENT' || attempt(() => child.lookup({ path: `/${anon}` })).ok || !attempt(() => child.lookup(loc)).ok) throw moved.error;
    child.mkdir({ path: `/${anon}`, parent: ROOT_GFID, name: anon }, 0o755, { gfidReq: anonymousInodeGfid(anon.slice(ANON_INODE_PREFIX.length)), uid: 0, gid: 0 });
    child.rename(loc, into);
  }

  private sourceHas(gfid: string): boolean {
    return this.participants().some((i) => (this.d.direction.sources[i] || i === this.forcedSource) && attempt(() => this.ctx.children[i].lookup(gfidLoc(gfid))).ok);
  }

  /** Makes `name` on sink `j` as the first of `from` holds it: same gfid, type, owner and mode. */
  /** `bare`: made empty with nothing copied, as 10.3's resolution makes it; the next heal fills it. */
  recreate(from: number[], j: number, name: string, bare = false): void {
    const s = from[0];
    const e = this.listings[s]!.get(name)!;
    const a = e.iatt;
    const child = this.ctx.children[j];
    const loc: Loc = { path: joinPath(this.paths[j]!, name) };
    let existing = attempt(() => child.lookup(gfidLoc(a.gfid)));
    if (existing.ok && a.type === 'dir' && !this.ctx.anonName && this.expungesOldName(from, j, pathOn(child, gfidLoc(a.gfid)))) {
      // Without the anonymous-inode dir (use-anonymous-inode off) 10.3 makes the directory afresh
      // (a new inode, healed from the source) and its old name goes, with what it holds, by the
      // heal of its directory, which is this one: the old name goes first.
      this.expunge(j, path.posix.basename(pathOn(child, gfidLoc(a.gfid))!), existing.value.iatt);
      existing = attempt(() => child.lookup(gfidLoc(a.gfid)));
    }
    if (existing.ok) {
      // The inode is there under another name (a rename or hard link it missed): name it again.
      if (a.type === 'dir') {
        const at = pathOn(child, gfidLoc(a.gfid));
        if (at === undefined) return;
        child.rename({ path: at }, loc);
        // Renamed within this directory: its old name is gone from the listing too.
        if (path.posix.dirname(at) === this.paths[j]) this.listings[j]!.delete(path.posix.basename(at));
      } else {
        // Its times stay as this copy has them (10.3 links and leaves the inode alone).
        child.link(gfidLoc(a.gfid), loc);
      }
      this.listings[j]!.set(name, e);
      return;
    }
    // New-entry marks on the copies that have it first (as 10.3 marks before it creates): a crash
    // before the create leaves the source blaming the sink, and the next heal finishes the job.
    // Copies that already blame the sink for it (the create that missed it marked them) need none.
    const mark: Counters = a.type === 'dir' ? [this.ctx.granularEntryHeal ? 1 : 0, 1, 1] : a.type === 'file' ? [1, 1, 0] : [0, 1, 0];
    const blames = (i: number) => {
      const have = decodeChangelog(this.listings[i]!.get(name)!.xattrs?.[this.ctx.pendingKeys[j]]);
      return mark.every((m, k) => m === 0 || have[k] !== 0);
    };
    const on = this.d.locked.map((l, i) => l && from.includes(i) && !blames(i));
    if (on.some(Boolean)) markPending(this.ctx, gfidLoc(a.gfid), on, this.d.locked.map((_, i) => i === j), mark);
    // Born with the source's xattrs and times (mdata): the metadata heal that follows finds it level.
    const xdata: Xdata = { gfidReq: a.gfid, uid: a.uid, gid: a.gid, ...(bare ? {} : { newXattrs: copiedXattrs(e.xattrs) }) };
    const perm = a.mode & 0o7777;
    const source = this.ctx.children[s];
    if (a.type === 'dir') child.mkdir(loc, perm, xdata);
    else if (a.type === 'symlink') child.symlink(source.readlink(gfidLoc(a.gfid)), loc, xdata);
    else if (a.type === 'file') {
      // Born with its bytes (up to a size) when the sink is a data brick: the data heal that
      // follows then finds nothing to copy. A sparse file is not: its holes would be written as
      // zeros, and the data heal keeps them as holes (10.3 does not write zeros over a hole).
      const sparse = a.blocks * 512 < a.size;
      const inline = !bare && !sparse && j !== this.ctx.arbiter && a.size > 0 && a.size <= INLINE_DATA_MAX;
      child.create(loc, perm, inline ? { ...xdata, initialData: source.readv(gfidLoc(a.gfid), 0, a.size) } : xdata);
    } else child.mknod(loc, a.mode, a.rdev ?? 0, xdata);
    this.listings[j]!.set(name, e);
    this.created.push({ gfid: a.gfid, type: a.type });
    crashPoint('afr.heal.after-recreate');
  }

  /** The granular entry-changes names of this directory are done on every participant. */
  dropGranularNames(): void {
    const gfid = this.dir.gfid;
    if (!gfid) return;
    for (const i of this.participants()) {
      attempt(() => this.ctx.children[i].unlink({ path: '', parent: INDEX_VGFID['entry-changes'], name: gfid }));
    }
  }
}

/** What resolving one name in gfid split-brain came to. */
export type NameResolution =
  | { kind: 'not-split' }
  | { kind: 'resolved'; gfid: string }
  | { kind: 'refused'; message: string }
  | { kind: 'error'; code: string };

/**
 * Gfid split-brain of one name (the copies hold it with different gfids): `pick` names the copy
 * that wins (or why none does); on every other copy the name is removed (parked if its inode is
 * still wanted) and made again with the winner's gfid and new-entry marks, so that the next heal
 * copies the winner's data and metadata. Needs every brick up, as 10.3's name heal does.
 */
export function resolveNameSplitBrain(
  ctx: HealContext,
  dir: Loc,
  name: string,
  pick: (holders: { i: number; iatt: Iatt }[]) => number | string,
): NameResolution {
  const first = lookupCopies(ctx, dir);
  return withLocks(ctx, first.present, entryLock(ctx, dir), (locked): NameResolution => {
    const copies = lookupCopies(ctx, dir);
    const d = decide(ctx, copies, 'entry', locked);
    const run = new EntryRun(ctx, dir, d);
    if (!run.ready) return { kind: 'error', code: 'ENOTCONN' };
    // Only copies that differ in gfid make a gfid split-brain; then every brick must take part.
    const holders = run.holders(name).map((i) => ({ i, iatt: run.entryOf(i, name)!.iatt }));
    if (new Set(holders.map((h) => h.iatt.gfid)).size < 2) return { kind: 'not-split' };
    if (!everyoneLocked(d)) return { kind: 'refused', message: 'All the bricks should be up to resolve the gfid split brain' };
    if (new Set(holders.map((h) => h.iatt.type)).size > 1) return { kind: 'error', code: 'EIO' };
    const win = pick(holders);
    if (typeof win === 'string') return { kind: 'refused', message: win };
    const winner = run.entryOf(win, name)!.iatt;
    run.forcedSource = win;
    d.locked.forEach((_, j) => {
      if (j === win) return;
      const t = run.entryOf(j, name);
      if (t && t.iatt.gfid === winner.gfid) return;
      if (t) run.expunge(j, name, t.iatt);
      run.recreate([win], j, name, true);
    });
    // Their data and metadata wait for the next heal, as in 10.3.
    return { kind: 'resolved', gfid: winner.gfid };
  });
}

/** What a copy made by entry heal starts with: the source's xattrs but AFR's and the per-name ones. */
function copiedXattrs(x: Record<string, Buffer> | undefined): Record<string, Buffer> | undefined {
  if (!x) return undefined;
  const out: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries(x)) {
    if (isAfrKey(k) || k === 'trusted.gfid' || k.startsWith('trusted.gfid2path.') || k === 'trusted.glusterfs.volume-id') continue;
    out[k] = v;
  }
  return out;
}

/**
 * Name heal (AFR's afr_selfheal_name, run by a client's lookup): one name of a directory made as
 * the directory's entry heal would make it, under the directory's entry lock: imposed from a
 * clear source (made where missing, removed where the source lacks it, made again where its gfid
 * differs), merged conservatively without one. Inodes made on a sink keep their new-entry marks
 * for the next heal. Needs every brick. True when some brick changed.
 */
export function healName(ctx: HealContext, dir: Loc, name: string): boolean {
  const first = lookupCopies(ctx, dir);
  if (anyIatt(first)?.type !== 'dir') return false;
  return withLocks(ctx, first.present, entryLock(ctx, dir), (locked) => {
    const copies = lookupCopies(ctx, dir);
    const d = decide(ctx, copies, 'entry', locked);
    if (!everyoneLocked(d)) return false;
    const run = new EntryRun(ctx, dir, d);
    if (!run.ready) return false;
    return run.healOneName(name);
  });
}
