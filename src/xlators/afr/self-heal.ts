// Healing one inode the way AFR's afr_selfheal does it: data, then metadata, then entries, each
// under its own lock; then every inode the entry heal made on a sink, in turn (their marks say
// what they miss), so that one call leaves a whole new subtree level with its source.
import type { Gfid } from '../types.js';
import { healData, type SplitBrainChooser } from './self-heal-data.js';
import { healEntry } from './self-heal-entry.js';
import { healMetadata } from './self-heal-metadata.js';
import { policyChooser } from './self-heal-policy.js';
import { gfidLoc, type HealContext, type HealStatus } from './self-heal-common.js';

export interface InodeHeal {
  /** Some type of some inode was healed. */
  healed: boolean;
  /** Some type could not be decided: split-brain (data, metadata, entry or a gfid/type mismatch). */
  splitBrain: boolean;
  /** Some type still waits (a brick down, too few copies, only the arbiter good). */
  pending: boolean;
  /** The inode needed nothing: an index entry of it is stale (a crash between pre-op and post-op). */
  clean?: boolean;
}

export interface HealOptions {
  /** Winner of a split-brain; default: cluster.favorite-child-policy. */
  chooser?: SplitBrainChooser;
  /** heal full: every name of a directory is checked, pending or not. */
  full?: boolean;
  /** Which types to heal (default all three). */
  types?: { data?: boolean; metadata?: boolean; entry?: boolean };
}

export function healInode(ctx: HealContext, gfid: Gfid, opts: HealOptions = {}): InodeHeal {
  const out: InodeHeal = { healed: false, splitBrain: false, pending: false };
  const chooser = opts.chooser ?? policyChooser(ctx.favoriteChild);
  const note = (s: HealStatus) => {
    if (s === 'healed') out.healed = true;
    else if (s === 'split-brain') out.splitBrain = true;
    else if (s === 'pending') out.pending = true;
  };
  const types = opts.types ?? { data: true, metadata: true, entry: true };
  const queue: Gfid[] = [gfid];
  for (let k = 0; k < queue.length; k++) {
    const loc = gfidLoc(queue[k]);
    const st: HealStatus[] = [];
    if (types.data) st.push(healData(ctx, loc, chooser));
    if (types.metadata) st.push(healMetadata(ctx, loc, chooser));
    if (types.entry) {
      const e = healEntry(ctx, loc, { full: opts.full });
      st.push(e.status);
      queue.push(...e.created);
    }
    st.forEach(note);
    if (k === 0) out.clean = st.every((s) => s === 'clean');
  }
  return out;
}
