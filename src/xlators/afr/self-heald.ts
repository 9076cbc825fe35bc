// The self-heal daemon's crawls, run in the command instead of a daemon: the index sweep (every
// gfid in each brick's xattrop, dirty and entry-changes indices, healed in turn, until a sweep
// finds nothing more to do) and the full sweep (every directory of every copy from the root, each
// name checked). An index entry whose inode the brick no longer has is purged, as shd does.
import { INDEX_VGFID, type IndexKind } from '../../libglusterfs/index-gfids.js';
import { PLAIN_READDIR, ROOT_GFID, type Gfid, type Xlator } from '../types.js';
import { attempt } from './fanout.js';
import { changelogXattrs, type Counters } from './changelog.js';
import { gfidLoc, pathOn, removeTree, type HealContext } from './self-heal-common.js';
import { healInode, type HealOptions } from './self-heal.js';

export interface SweepCounts {
  /** Inodes some heal step changed. */
  healed: number;
  /** Inodes left in split-brain. */
  splitBrain: number;
  /** Inodes that could not be healed now (a brick down, an error). */
  failed: number;
}

export interface SweepStats extends SweepCounts {
  /** The same, per brick of the set: an inode counts for the brick whose crawl found it first. */
  byChild: SweepCounts[];
}

type Verdict = { healed: boolean; splitBrain: boolean; pending: boolean; child: number };

export interface SweepHooks {
  /** After each inode: for progress reports and for stopping (return false to stop). */
  onInode?: (gfid: Gfid, done: number) => boolean | void;
}

const KINDS: readonly IndexKind[] = ['xattrop', 'dirty', 'entry-changes'];

/** The gfids a brick's indices hold (entry-changes by parent), each once. */
export function indexedGfids(ctx: HealContext, child: number): Gfid[] {
  const c = ctx.children[child];
  const out = new Set<Gfid>();
  for (const kind of KINDS) {
    for (const e of c.readdir({ path: '', gfid: INDEX_VGFID[kind] }, PLAIN_READDIR)) out.add(e.name);
  }
  return [...out];
}

/** Drops the index entries of a gfid the brick does not have. */
function purge(ctx: HealContext, child: number, gfid: Gfid): void {
  for (const kind of KINDS) attempt(() => ctx.children[child].unlink({ path: '', parent: INDEX_VGFID[kind], name: gfid }));
}

function zeroXattrop(ctx: HealContext, gfid: Gfid): void {
  const zeros = changelogXattrs(ctx.pendingKeys, ctx.pendingKeys.map((): Counters => [0, 0, 0]), [0, 0, 0]);
  for (const c of ctx.children) attempt(() => c.xattrop(gfidLoc(gfid), zeros));
  // A directory's granular names go with it (its counters said nothing is pending).
  for (let i = 0; i < ctx.children.length; i++) attempt(() => ctx.children[i].unlink({ path: '', parent: INDEX_VGFID['entry-changes'], name: gfid }));
}

function missingOn(ctx: HealContext, child: number, gfid: Gfid): boolean {
  const r = attempt(() => ctx.children[child].lookup(gfidLoc(gfid)));
  return !r.ok && (r.error.code === 'ENOENT' || r.error.code === 'ESTALE');
}

const noCounts = (): SweepCounts => ({ healed: 0, splitBrain: 0, failed: 0 });

function tally(stats: SweepStats, r: Verdict): void {
  const key = r.splitBrain ? 'splitBrain' : r.pending ? 'failed' : r.healed ? 'healed' : undefined;
  if (!key) return;
  stats[key]++;
  stats.byChild[r.child][key]++;
}

/**
 * Index heal of one replica set: sweeps every live brick's indices until a sweep heals nothing
 * (an inode made by one heal is in the next sweep's indices). Returns the stats of all sweeps.
 */
export function indexHeal(ctx: HealContext, opts: HealOptions & SweepHooks = {}, up?: readonly boolean[]): SweepStats {
  // Per inode, the last sweep's verdict (an inode whose parent a later heal made is done then).
  const final = new Map<Gfid, Verdict>();
  const n = ctx.children.length;
  let done = 0;
  for (let round = 0; round < 1000; round++) {
    let progress = false;
    const seen = new Set<Gfid>();
    for (let child = 0; child < ctx.children.length; child++) {
      if (up && !up[child]) continue;
      const listed = attempt(() => indexedGfids(ctx, child));
      if (!listed.ok) continue;
      for (const gfid of listed.value) {
        if (seen.has(gfid)) continue;
        if (missingOn(ctx, child, gfid)) {
          purge(ctx, child, gfid);
          continue;
        }
        seen.add(gfid);
        const r = attempt(() => healInode(ctx, gfid, opts));
        const res = r.ok ? r.value : { healed: false, splitBrain: false, pending: true };
        // Inodes its entry heal made and healed need no second look in this sweep.
        if (r.ok) for (const g of r.value.visited) seen.add(g);
        // Nothing to heal, yet indexed: an all-zero xattrop on every copy lets each brick's index
        // drop it only if its counters are still zero then (a client's pre-op meanwhile keeps it),
        // as shd's zero xattrop does.
        if (r.ok && r.value.clean) zeroXattrop(ctx, gfid);
        const before = final.get(gfid);
        final.set(gfid, { ...res, healed: res.healed || before?.healed === true, child: before?.child ?? child });
        if (res.healed) progress = true;
        if (opts.onInode?.(gfid, ++done) === false) return summary(final, n);
      }
    }
    if (!progress) break;
  }
  // An inode left waiting by one sweep and healed by a later heal of its parent is done.
  const still = new Set(
    ctx.children.flatMap((_, i) => {
      const o = up && !up[i] ? undefined : attempt(() => indexedGfids(ctx, i));
      return o?.ok ? o.value : [];
    }),
  );
  for (const [gfid, r] of final) if ((r.pending || r.splitBrain) && !still.has(gfid)) final.set(gfid, { ...r, healed: true, splitBrain: false, pending: false });
  if (!up || up.every(Boolean)) for (let child = 0; child < ctx.children.length; child++) cleanAnonymousInodes(ctx, child);
  return summary(final, n);
}

function summary(final: Map<Gfid, Verdict>, n: number): SweepStats {
  const stats: SweepStats = { ...noCounts(), byChild: Array.from({ length: n }, noCounts) };
  for (const r of final.values()) tally(stats, r);
  return stats;
}

/**
 * After the sweeps, with every brick up: inodes parked in the anonymous-inode directory that no
 * heal needs any more are removed, as shd's cleaner does: one only this brick still has, a file
 * that has another name here, or one parked on every brick that has it.
 */
export function cleanAnonymousInodes(ctx: HealContext, child: number): void {
  if (!ctx.anonName) return;
  const c = ctx.children[child];
  const dir = `/${ctx.anonName}`;
  const listed = attempt(() => c.readdir({ path: dir }, PLAIN_READDIR));
  if (!listed.ok) return;
  for (const e of listed.value) {
    const found = ctx.children.map((x) => attempt(() => x.lookup(gfidLoc(e.name))));
    if (found.some((o) => !o.ok && o.error.code !== 'ENOENT' && o.error.code !== 'ESTALE')) continue;
    const holders = found.filter((o) => o.ok).length;
    const own = found[child];
    const moreNames = own.ok && own.value.iatt.type !== 'dir' && own.value.iatt.nlink > 1;
    if (holders <= 1 || moreNames) {
      attempt(() => removeTree(c, `${dir}/${e.name}`, e.iatt.type === 'dir'));
      continue;
    }
    // Parked on every brick that has it (no live name anywhere): gone everywhere.
    const parked = ctx.children.map((x) => attempt(() => x.lookup({ path: `${dir}/${e.name}` })).ok);
    if (found.some((o, i) => o.ok && !parked[i])) continue;
    ctx.children.forEach((x, i) => {
      if (parked[i]) attempt(() => removeTree(x, `${dir}/${e.name}`, e.iatt.type === 'dir'));
    });
  }
}

/**
 * Full heal: every directory from the root, as each live copy lists it, with its entry heal in
 * full (missing names made even where no counter asks), then every name's own heal.
 */
export function fullHeal(ctx: HealContext, opts: HealOptions & SweepHooks & { dirs?: Gfid[] } = {}): SweepStats & { remaining?: Gfid[] } {
  const stats: SweepStats & { remaining?: Gfid[] } = { ...noCounts(), byChild: ctx.children.map(noCounts) };
  const failedRun = { healed: false, splitBrain: false, pending: true };
  // The crawl of the first brick that answers finds (and so counts) everything.
  const child = Math.max(0, ctx.children.findIndex((c) => attempt(() => c.lookup(gfidLoc(ROOT_GFID))).ok));
  // A resumed crawl starts from the directories the stopped one had left.
  const dirs: Gfid[] = opts.dirs ? [...opts.dirs] : [ROOT_GFID];
  const seen = new Set<Gfid>(dirs);
  const stop = () => ({ ...stats, remaining: dirs });
  let done = 0;
  while (dirs.length) {
    const dir = dirs.shift()!;
    const r = attempt(() => healInode(ctx, dir, { ...opts, full: true }));
    tally(stats, { ...(r.ok ? r.value : failedRun), child });
    const listing = unionListing(ctx, dir);
    for (const e of listing) if (e.type === 'dir' && !seen.has(e.gfid)) dirs.push(e.gfid);
    if (opts.onInode?.(dir, ++done) === false) return stop();
    let stopped = false;
    for (const e of listing) {
      if (seen.has(e.gfid)) continue;
      seen.add(e.gfid);
      if (e.type === 'dir') continue;
      const f = attempt(() => healInode(ctx, e.gfid, opts));
      tally(stats, { ...(f.ok ? f.value : failedRun), child });
      // A directory's files are healed together: the checkpoint is taken between directories.
      if (opts.onInode?.(e.gfid, ++done) === false) stopped = true;
    }
    if (stopped) return stop();
  }
  return stats;
}

/** Every (gfid, type) named in a directory on any live copy. */
function unionListing(ctx: HealContext, dir: Gfid): { gfid: Gfid; type: string }[] {
  const out = new Map<Gfid, string>();
  ctx.children.forEach((c) => {
    const at = pathOn(c, gfidLoc(dir));
    if (at === undefined) return;
    const listed = attempt(() => c.readdir({ path: at }, PLAIN_READDIR));
    if (!listed.ok) return;
    for (const e of listed.value) {
      if (at === '/' && ctx.anonName && e.name === ctx.anonName) continue;
      if (e.iatt.gfid && !out.has(e.iatt.gfid)) out.set(e.iatt.gfid, e.iatt.type);
    }
  });
  return [...out].map(([gfid, type]) => ({ gfid, type }));
}
