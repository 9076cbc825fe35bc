// Metadata self-heal of one inode (AFR's afr-self-heal-metadata): under the inode lock, decide from
// the metadata counters, take the first source, and make every sink (and every other source that
// differs from it in owner, mode or xattrs) equal to it: owner, mode, the xattrs (the sink's
// extra ones removed), then times and mdata; then reset the counters.
import type { LookupReply, Loc } from '../types.js';
import { crashPoint } from '../../libglusterfs/crash.js';
import { isAfrKey } from './changelog.js';
import {
  decide,
  everyoneLocked,
  inodeLock,
  lookupCopies,
  nothingPending,
  replyOf,
  undoPending,
  withLocks,
  type HealContext,
  type HealStatus,
} from './self-heal-common.js';
import type { SplitBrainChooser } from './self-heal-data.js';
import { copyTimes, MDATA_KEY } from './self-heal-times.js';

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

export function healMetadata(ctx: HealContext, loc: Loc, chooser?: SplitBrainChooser): HealStatus {
  const first = lookupCopies(ctx, loc);
  return withLocks(ctx, first.present, inodeLock(ctx, loc), (locked) => {
    const copies = lookupCopies(ctx, loc);
    const d = decide(ctx, copies, 'metadata', locked);
    if (!everyoneLocked(d)) return nothingPending(d) ? 'clean' : 'pending';
    let src = d.direction.sources.findIndex((s, i) => s && d.locked[i]);
    if (d.direction.splitBrain) {
      const pick = chooser?.(copies, d);
      if (pick === undefined) return 'split-brain';
      src = pick;
    }
    const ref = replyOf(copies, src)!;
    const sources = d.locked.map((_, i) => i === src || (d.direction.sources[i] && !d.direction.splitBrain && sameMetadata(ref, replyOf(copies, i)!)));
    const sinks = d.locked.map((l, i) => l && !sources[i]);
    if (!sinks.some(Boolean) && nothingPending(d)) return 'clean';
    sinks.forEach((s, i) => {
      if (s) copyMetadata(ctx, loc, ref, replyOf(copies, i)!, i);
    });
    copyTimes(ctx, loc, copies, src, sinks);
    crashPoint('afr.heal.before-metadata-undo');
    undoPending(ctx, loc, 'metadata', d, sources, sinks);
    return 'healed';
  });
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
