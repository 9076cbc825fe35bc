// Metadata self-heal of one inode (AFR's afr-self-heal-metadata): under the inode lock, decide from
// the metadata counters, take the first source, and make every sink (and every other source that
// differs from it in owner, mode or xattrs) equal to it: owner, mode, the xattrs (the sink's
// extra ones removed), then times and mdata; then reset the counters. When nobody was blamed and
// copies still differ (changed behind GlusterFS's back), the sources first blame the sinks, as
// 10.3's __afr_selfheal_metadata_mark_pending_xattrs does: the reset then leaves zeros there.
import type { LookupReply, Loc } from '../types.js';
import { isAfrKey } from './changelog.js';
import { decide, everyoneLocked, lookupCopies, nothingPending, replyOf, type Copies, type HealContext, type HealStatus } from './self-heal-common.js';
import type { HealPlan, SplitBrainChooser } from './self-heal-data.js';
import { healTypes } from './self-heal-inode.js';
import { MDATA_KEY } from './self-heal-times.js';

/** xattrs a metadata heal neither compares nor copies: AFR's own, identity, per-name and per-brick ones. */
function healable(key: string): boolean {
  return !(
    isAfrKey(key) ||
    key === 'trusted.gfid' ||
    key.startsWith('trusted.gfid2path.') ||
    key === 'trusted.glusterfs.volume-id' ||
    key === 'security.selinux' ||
    key.startsWith('trusted.glusterfs.quota') ||
    key === MDATA_KEY
  );
}

function sameMetadata(a: LookupReply, b: LookupReply): boolean {
  const x = a.iatt;
  const y = b.iatt;
  if (x.type !== y.type || x.uid !== y.uid || x.gid !== y.gid || (x.mode & 0o7777) !== (y.mode & 0o7777)) return false;
  // mdata is compared (10.3 lists it) though copied with the times.
  const compared = (k: string) => healable(k) || k === MDATA_KEY;
  const ka = Object.keys(a.xattrs).filter(compared).sort();
  const kb = Object.keys(b.xattrs).filter(compared).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a.xattrs[k].equals(b.xattrs[k]));
}

export function planMetadata(ctx: HealContext, copies: Copies, locked: boolean[], chooser?: SplitBrainChooser): HealPlan {
  const d = decide(ctx, copies, 'metadata', locked);
  const none = (status: HealStatus): HealPlan => ({ status, src: -1, sources: [], sinks: [], d });
  if (!everyoneLocked(d)) return none(nothingPending(d) ? 'clean' : 'pending');
  let src = d.direction.sources.findIndex((s, i) => s && d.locked[i]);
  if (d.direction.splitBrain) {
    const pick = chooser?.(copies, d);
    if (pick === undefined) return none('split-brain');
    src = pick;
  }
  const ref = replyOf(copies, src)!;
  const sources = d.locked.map((_, i) => i === src || (d.direction.sources[i] && !d.direction.splitBrain && sameMetadata(ref, replyOf(copies, i)!)));
  const sinks = d.locked.map((l, i) => l && !sources[i]);
  if (!sinks.some(Boolean) && nothingPending(d)) return none('clean');
  const everyoneSource = d.direction.sources.length === ctx.children.length && d.direction.sources.every(Boolean);
  return { status: 'healed', src, sources, sinks, d, blameFirst: everyoneSource && sinks.some(Boolean) };
}

export function applyMetadata(ctx: HealContext, loc: Loc, copies: Copies, plan: HealPlan): void {
  const ref = replyOf(copies, plan.src)!;
  plan.sinks.forEach((s, i) => {
    if (s) copyMetadata(ctx, loc, ref, replyOf(copies, i)!, i);
  });
}

export function healMetadata(ctx: HealContext, loc: Loc, chooser?: SplitBrainChooser, first = lookupCopies(ctx, loc)): HealStatus {
  return healTypes(ctx, loc, { metadata: true }, chooser, first).metadata!;
}

function copyMetadata(ctx: HealContext, loc: Loc, from: LookupReply, to: LookupReply, i: number): void {
  const child = ctx.children[i];
  const a = from.iatt;
  child.setattr(loc, { uid: a.uid, gid: a.gid, ...(a.type === 'symlink' ? {} : { mode: a.mode & 0o7777 }) });
  for (const k of Object.keys(to.xattrs)) {
    if (healable(k) && !(k in from.xattrs)) child.removexattr(loc, k);
  }
  const set: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries(from.xattrs)) if (healable(k) && !to.xattrs[k]?.equals(v)) set[k] = v;
  if (Object.keys(set).length) child.setxattr(loc, set);
}
