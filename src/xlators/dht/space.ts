// cluster.min-free-disk / min-free-inodes (docs/on-disk-format.md §4.5): a create whose hashed subvolume is
// too full goes to the subvolume with the most free space, with a linkto left on the hashed one.
import type { Statfs, Xlator } from '../types.js';
import type { DhtCtx } from './ctx.js';

interface Usage {
  child: Xlator;
  /** Integer percentage of available blocks (GlusterFS divides in integers). */
  availPercent: number;
  availBytes: number;
  availInodes: number;
}

function usageOf(child: Xlator, st: Statfs): Usage {
  return {
    child,
    availPercent: st.blocks ? Math.floor((st.bavail * 100) / st.blocks) : 0,
    availBytes: st.bavail * (st.frsize || st.bsize),
    availInodes: st.files ? Math.floor((st.ffree * 100) / st.files) : 100,
  };
}

function usage(ctx: DhtCtx, child: Xlator): Usage | undefined {
  const st = ctx.statfsOf(child);
  return st && usageOf(child, st);
}

const freeMeasure = (ctx: DhtCtx, u: Usage) => ('percent' in ctx.o.minFreeDisk ? u.availPercent : u.availBytes);
const minFree = (ctx: DhtCtx) => ('percent' in ctx.o.minFreeDisk ? ctx.o.minFreeDisk.percent : ctx.o.minFreeDisk.bytes);

/** dht_is_subvol_filled */
export function isFilled(ctx: DhtCtx, child: Xlator): boolean {
  const u = usage(ctx, child);
  if (!u) return false;
  return freeMeasure(ctx, u) < minFree(ctx) || u.availInodes < ctx.o.minFreeInodes;
}

/**
 * dht_free_disk_available_subvol: among the candidates (subvolumes holding the parent directory,
 * not decommissioned), one above both thresholds with the most room; else the one with the most
 * space and some inodes; else `fallback`.
 */
export function mostFreeSubvol(ctx: DhtCtx, candidates: readonly Xlator[], fallback: Xlator): Xlator {
  const us = candidates.filter((c) => !ctx.decommissioned.has(c.name)).map((c) => usage(ctx, c)).filter((u): u is Usage => !!u);
  let best: Usage | undefined;
  let max = 0;
  let maxInodes = 0;
  for (const u of us) {
    if (freeMeasure(ctx, u) > minFree(ctx) && u.availInodes > ctx.o.minFreeInodes && (u.availInodes > maxInodes || freeMeasure(ctx, u) > max)) {
      max = freeMeasure(ctx, u);
      maxInodes = u.availInodes;
      best = u;
    }
  }
  if (best) return best.child;
  max = 0;
  for (const u of us) {
    if (freeMeasure(ctx, u) > max && u.availInodes > 0) {
      max = freeMeasure(ctx, u);
      best = u;
    }
  }
  return best?.child ?? fallback;
}
