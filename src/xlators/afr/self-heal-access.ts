// What a client does about a damaged inode when it touches it (AFR's inode refresh): with
// cluster.data/metadata/entry-self-heal on, it heals the types whose option is on (10.3 queues
// that heal in the background; here it runs before the fop, so the fop sees the healed copies);
// with a cluster.favorite-child-policy, a split-brain the policy decides is settled on the spot
// (the losing copies stop blaming the winner), so the fop is served from the winner and the next
// heal copies it, as 10.3 does even with client-side heal off.
import type { Gfid, Loc } from '../types.js';
import { changelogXattrs, isAfrKey, TXN_INDEX, type Counters, type TxnType } from './changelog.js';
import type { InodeState } from './inode-state.js';
import { healInode } from './self-heal.js';
import { healTypes } from './self-heal-inode.js';
import { policyChooser } from './self-heal-policy.js';
import { decide, gfidLoc, inodeLock, lookupCopies, withLocks, type HealContext } from './self-heal-common.js';

export interface AccessHeal {
  data: boolean;
  metadata: boolean;
  entry: boolean;
}

export const anyAccessHeal = (h: AccessHeal) => h.data || h.metadata || h.entry;

/** Heals the types `on` names of one inode; true when something changed. */
export function healOnAccess(ctx: HealContext, gfid: Gfid, on: AccessHeal): boolean {
  return healInode(ctx, gfid, { types: on, followCreated: false }).healed;
}

/**
 * Settles a data or metadata split-brain of one inode by the favorite-child policy: on every
 * other copy the counter blaming the winner and its own dirty go back to zero. True if it did.
 */
export function applyFavoriteChild(ctx: HealContext, gfid: Gfid, type: Extract<TxnType, 'data' | 'metadata'>): boolean {
  const choose = policyChooser(ctx.favoriteChild);
  if (!choose) return false;
  const loc: Loc = gfidLoc(gfid);
  const first = lookupCopies(ctx, loc);
  return withLocks(ctx, first.present, inodeLock(ctx, loc), (locked) => {
    const copies = lookupCopies(ctx, loc);
    const d = decide(ctx, copies, type, locked);
    if (!d.direction.splitBrain || !d.locked.every(Boolean)) return false;
    const win = choose(copies, d);
    if (win === undefined) return false;
    const idx = TXN_INDEX[type];
    ctx.children.forEach((child, j) => {
      const row = d.matrix.matrix[j];
      if (j === win || !row) return;
      const pending = ctx.pendingKeys.map((_, k): Counters => {
        const c: Counters = [0, 0, 0];
        if (k === win) c[idx] = -row[k];
        return c;
      });
      const dirty: Counters = [0, 0, 0];
      dirty[idx] = -(d.matrix.dirty[j] ?? 0);
      child.xattrop(loc, changelogXattrs(ctx.pendingKeys, pending, dirty));
    });
    return true;
  });
}

/** Keys a copy's metadata comparison leaves out: AFR's changelog, the gfid and GlusterFS's own. */
const notCompared = (k: string) => isAfrKey(k) || k === 'trusted.gfid' || k.startsWith('trusted.glusterfs.') || k.startsWith('trusted.gfid2path.');

function sameXattrs(a: Record<string, Buffer>, b: Record<string, Buffer>): boolean {
  const ka = Object.keys(a).filter((k) => !notCompared(k));
  const kb = Object.keys(b).filter((k) => !notCompared(k));
  return ka.length === kb.length && ka.every((k) => b[k] !== undefined && a[k].equals(b[k]));
}

/**
 * 10.3's afr_can_start_metadata_self_heal: with cluster.metadata-self-heal on, a lookup heals
 * the metadata of copies that agree on gfid and type and that no changelog marks as changed,
 * when their owners, mode or xattrs still differ (a copy changed on its brick, behind
 * GlusterFS's back). The heal then takes the first brick's metadata (healMetadataFromFirst).
 */
export function metadataDiffersUnmarked(state: InodeState): boolean {
  const replies = state.outcomes.flatMap((o) => (o.ok ? [o.value] : []));
  if (replies.length < 2) return false;
  const marked = state.logs.some((l) => l && (l.dirty[TXN_INDEX.metadata] !== 0 || l.pending.some((c) => c[TXN_INDEX.metadata] !== 0)));
  if (marked) return false;
  const [first, ...rest] = replies;
  let differ = false;
  for (const r of rest) {
    if (r.iatt.gfid !== first.iatt.gfid || r.iatt.type !== first.iatt.type) return false;
    if (r.iatt.uid !== first.iatt.uid || r.iatt.gid !== first.iatt.gid || (r.iatt.mode & 0o7777) !== (first.iatt.mode & 0o7777)) differ = true;
    else if (!sameXattrs(first.xattrs, r.xattrs)) differ = true;
  }
  return differ;
}

/**
 * The metadata heal a lookup makes with cluster.metadata-self-heal on (glfsheal, which runs the
 * split-brain commands, has it on): when the first copy is good for metadata, every copy whose
 * owner, mode or xattrs (mdata included) differ from it is made like it. Nothing when the first
 * copy is itself blamed. This is what gives 10.3's resolutions the first brick's times on the
 * parent directories.
 */
export function healMetadataFromFirst(ctx: HealContext, gfid: Gfid): void {
  const loc = gfidLoc(gfid);
  const first = lookupCopies(ctx, loc);
  const d = decide(ctx, first, 'metadata', first.present);
  if (!d.locked.every(Boolean) || !d.direction.sources[0]) return;
  healTypes(ctx, loc, { metadata: true }, undefined, first);
}
