// Healing one inode the way AFR's afr_selfheal does it: data, then metadata, then entries, each
// under its own lock; then every inode the entry heal made on a sink, in turn (their marks say
// what they miss), so that one call leaves a whole new subtree level with its source.
import type { Gfid, Iatt } from '../types.js';
import type { SplitBrainChooser } from './self-heal-data.js';
import { healTypes } from './self-heal-inode.js';
import { healEntry } from './self-heal-entry.js';
import { policyChooser } from './self-heal-policy.js';
import { gfidLoc, iattOf, lookupCopies, type Copies, type HealContext, type HealStatus } from './self-heal-common.js';

export interface InodeHeal {
  /** Some type of some inode was healed. */
  healed: boolean;
  /** Some type could not be decided: split-brain (data, metadata, entry or a gfid/type mismatch). */
  splitBrain: boolean;
  /** Some type still waits (a brick down, too few copies, only the arbiter good). */
  pending: boolean;
  /** The inode needed nothing: an index entry of it is stale (a crash between pre-op and post-op). */
  clean?: boolean;
  /** Every inode this heal went through (the one asked for, and those its entry heal made). */
  visited: Gfid[];
}

export interface HealOptions {
  /** Winner of a split-brain; default: cluster.favorite-child-policy. */
  chooser?: SplitBrainChooser;
  /** heal full: every name of a directory is checked, pending or not. */
  full?: boolean;
  /** Which types to heal (default all three). */
  types?: { data?: boolean; metadata?: boolean; entry?: boolean };
  /**
   * The inodes an entry heal made are healed too, in the same run (the daemon's crawl); a
   * client healing what it touched leaves them to their own access or the daemon, as 10.3's
   * client-side heal does (their new-entry marks keep them pending).
   */
  followCreated?: boolean;
}

export function healInode(ctx: HealContext, gfid: Gfid, opts: HealOptions = {}): InodeHeal {
  const out: InodeHeal = { healed: false, splitBrain: false, pending: false, visited: [] };
  const chooser = opts.chooser ?? policyChooser(ctx.favoriteChild);
  const note = (s: HealStatus) => {
    if (s === 'healed') out.healed = true;
    else if (s === 'split-brain') out.splitBrain = true;
    else if (s === 'pending') out.pending = true;
  };
  const types = opts.types ?? { data: true, metadata: true, entry: true };
  // The inode asked for, then those its entry heal made (whose needs are known: no unlocked look).
  const queue: { gfid: Gfid; made?: Iatt['type'] }[] = [{ gfid }];
  for (let k = 0; k < queue.length; k++) {
    const { gfid: g, made } = queue[k];
    const loc = gfidLoc(g);
    // One unlocked look first (AFR's unlocked inspect): only what it shows pending is healed.
    const first = made === undefined ? lookupCopies(ctx, loc) : undefined;
    const need = first
      ? inspect(first, opts.full === true, opts.chooser !== undefined)
      : { data: made === 'file', metadata: true, entry: made === 'dir', missing: false };
    const st: HealStatus[] = need.missing ? ['pending'] : [];
    const data = types.data && need.data;
    const metadata = types.metadata && need.metadata;
    if (data || metadata) {
      const r = healTypes(ctx, loc, { data, metadata }, chooser, first);
      if (r.data) st.push(r.data);
      if (r.metadata) st.push(r.metadata);
    }
    if (types.entry && need.entry) {
      const e = healEntry(ctx, loc, { full: opts.full }, first);
      st.push(e.status);
      if (opts.followCreated !== false) queue.push(...e.created.map((m) => ({ gfid: m.gfid, made: m.type })));
    }
    st.forEach(note);
    if (k === 0) out.clean = st.every((s) => s === 'clean');
  }
  out.visited = queue.map((q) => q.gfid);
  return out;
}

/**
 * What an inode needs, from one unlocked look: a type whose counters (or dirty) are set anywhere,
 * data whose sizes differ, metadata whose owner or mode differ; every directory's entries with
 * `full`; everything when a split-brain is being resolved. `missing`: a live brick lacks the
 * inode (its parent's entry heal makes it first).
 */
function inspect(c: Copies, full: boolean, all: boolean): { data: boolean; metadata: boolean; entry: boolean; missing: boolean } {
  const present = c.present.flatMap((p, i) => (p ? [i] : []));
  const iatts = present.map((i) => iattOf(c, i)!);
  const missing = c.present.some((p, i) => !p && c.up[i]) && present.length > 0;
  const isDir = iatts[0]?.type === 'dir';
  const isFile = iatts[0]?.type === 'file';
  const flagged = (idx: number) => c.logs.some((l) => l && (l.dirty[idx] !== 0 || l.pending.some((p) => p[idx] !== 0)));
  const differ = (key: (a: Iatt) => string) => new Set(iatts.map(key)).size > 1;
  return {
    data: isFile && (all || flagged(0) || differ((a) => String(a.size))),
    metadata: all || flagged(1) || differ((a) => `${a.uid}:${a.gid}:${a.mode}`) || differ((a) => a.type),
    entry: isDir && (all || full || flagged(2) || flagged(0)),
    missing,
  };
}
