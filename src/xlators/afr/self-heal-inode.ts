// Data and metadata heal of one inode under one inode lock (AFR heals them one after the other,
// each with its own lock round; the end state is the same): one lookup under the lock, each
// type decided and applied, the sinks' times from the source, one changelog reset per brick.
import { crashPoint } from '../../libglusterfs/crash.js';
import type { Loc } from '../types.js';
import { applyData, planData, type HealPlan, type SplitBrainChooser } from './self-heal-data.js';
import { applyMetadata, planMetadata } from './self-heal-metadata.js';
import { decide, inodeLock, lookupCopies, markPending, undoPending, withLocks, type Copies, type HealContext, type HealStatus } from './self-heal-common.js';
import { copyTimes } from './self-heal-times.js';

export interface TypesHealed {
  data?: HealStatus;
  metadata?: HealStatus;
}

export function healTypes(
  ctx: HealContext,
  loc: Loc,
  types: { data?: boolean; metadata?: boolean },
  chooser?: SplitBrainChooser,
  first?: Copies,
): TypesHealed {
  // Without an unlocked look first, every child is asked for the lock (one lacking the inode refuses).
  const on = first?.present ?? ctx.children.map(() => true);
  return withLocks(ctx, on, inodeLock(ctx, loc), (locked) => {
    let copies = lookupCopies(ctx, loc);
    const data = types.data ? planData(ctx, copies, locked, chooser) : undefined;
    const meta = types.metadata ? planMetadata(ctx, copies, locked, chooser) : undefined;
    if (meta?.blameFirst) {
      // The counters reset afterwards are the ones on disk now: look again after the marks.
      markPending(ctx, loc, meta.sources, meta.sinks, [0, 1, 0]);
      copies = lookupCopies(ctx, loc);
      meta.d = decide(ctx, copies, 'metadata', locked);
    }
    const healing = [data, meta].filter((p): p is HealPlan => p?.status === 'healed');
    if (data?.status === 'healed') applyData(ctx, loc, copies, data);
    if (meta?.status === 'healed') applyMetadata(ctx, loc, copies, meta);
    if (healing.length) {
      // The data source's times when data was healed, else the metadata source's.
      const src = healing[0].src;
      copyTimes(ctx, loc, copies, src, copies.present.map((_, i) => healing.some((p) => p.sinks[i])));
      crashPoint('afr.heal.before-undo');
      undoPending(ctx, loc, [
        ...(data?.status === 'healed' ? [{ type: 'data' as const, d: data.d, sources: data.sources, healedSinks: data.sinks }] : []),
        ...(meta?.status === 'healed' ? [{ type: 'metadata' as const, d: meta.d, sources: meta.sources, healedSinks: meta.sinks }] : []),
      ]);
    }
    return { data: data?.status, metadata: meta?.status };
  });
}
