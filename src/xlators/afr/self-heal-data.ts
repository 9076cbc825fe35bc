// Data self-heal of one regular file (AFR's afr-self-heal-data): under the inode lock, decide
// sources and sinks from the data counters (sizes, witnesses and ctimes break ties), copy the
// chosen source's bytes onto each sink (only the blocks that differ, then the size), give the
// sinks the source's times and mdata, and reset the counters. The arbiter keeps no data: as a
// sink it only gets its changelog and times; it is never the source.
import type { Loc } from '../types.js';
import { crashPoint } from '../../libglusterfs/crash.js';
import { narrowDataSources } from './sources.js';
import { dataRanges, unionRanges, type Range } from '../sparse.js';
import { attempt } from '../outcome.js';
import { healTypes } from './self-heal-inode.js';
import {
  anyIatt,
  decide,
  everyoneLocked,
  iattOf,
  lookupCopies,
  nothingPending,
  type Copies,
  type Decision,
  type HealContext,
  type HealStatus,
} from './self-heal-common.js';

/** Bytes per read/compare/write step. */
const BLOCK = 128 * 1024;

/** Picks the source of a split-brain (a policy or the CLI), or undefined to leave it. */
export type SplitBrainChooser = (copies: Copies, d: Decision) => number | undefined;

/** What a data heal will do, decided under the lock; `status` alone when there is nothing to do. */
export interface HealPlan {
  status: HealStatus;
  src: number;
  sources: boolean[];
  sinks: boolean[];
  d: Decision;
  /**
   * Nobody was blamed, yet copies differ: the sources first blame the sinks (on disk, so that a
   * heal cut short is picked up again), 10.3's metadata heal without pending xattrs.
   */
  blameFirst?: boolean;
}

export function planData(ctx: HealContext, copies: Copies, locked: boolean[], chooser?: SplitBrainChooser): HealPlan {
  const d = decide(ctx, copies, 'data', locked);
  const none = (status: HealStatus): HealPlan => ({ status, src: -1, sources: [], sinks: [], d });
  if (anyIatt(copies)?.type !== 'file') return none('clean');
  if (!everyoneLocked(d)) return none(nothingPending(d) ? 'clean' : 'pending');
  let sources: boolean[];
  if (d.direction.splitBrain) {
    const pick = chooser?.(copies, d);
    if (pick === undefined) return none('split-brain');
    sources = d.locked.map((_, i) => i === pick);
  } else {
    const info = copies.present.map((_, i) => {
      const a = iattOf(copies, i);
      return a && d.locked[i] ? { size: a.size, ctimeSec: a.ctime.sec } : undefined;
    });
    sources = narrowDataSources(d.direction, info, ctx.arbiter);
    // The arbiter alone blames the others and the file is empty everywhere: there is no data to
    // lack, so it serves as the source (times, counters), as 10.3 heals such a file.
    const arbiterOnly = ctx.arbiter >= 0 && !sources.some(Boolean) && d.direction.sources[ctx.arbiter] && d.locked[ctx.arbiter];
    if (arbiterOnly && info.every((c, i) => !d.locked[i] || c?.size === 0)) sources = d.locked.map((_, i) => i === ctx.arbiter);
  }
  const src = sources.findIndex(Boolean);
  // Every copy not kept as a source is healed from the one chosen (the arbiter: times only).
  const sinks = d.locked.map((l, i) => l && !sources[i] && (d.direction.sinks[i] || d.direction.sources[i]));
  if (src < 0) return none(nothingPending(d) ? 'clean' : 'pending'); // only the arbiter is good: wait
  if (!sinks.some(Boolean) && nothingPending(d)) return none('clean');
  return { status: 'healed', src, sources, sinks, d };
}

export function applyData(ctx: HealContext, loc: Loc, copies: Copies, plan: HealPlan): void {
  const size = iattOf(copies, plan.src)!.size;
  let srcData: Range[] | undefined; // the source's data, mapped once for every sink
  plan.sinks.forEach((s, i) => {
    if (s && i !== ctx.arbiter) {
      srcData ??= dataRanges(ctx.children[plan.src], loc, size);
      copyData(ctx, loc, plan.src, i, size, iattOf(copies, i)!.size, srcData);
    }
    crashPoint('afr.heal.after-data-copy');
  });
  // The data reaches the sinks' disks before their counters are reset; a sink whose fsync fails
  // is not healed (its counters stay).
  if (!ctx.ensureDurability) return;
  plan.sinks.forEach((s, i) => {
    if (s && i !== ctx.arbiter && !attempt(() => ctx.children[i].fsync(loc)).ok) plan.sinks[i] = false;
  });
}

/** `first`: the copies as an unlocked look just saw them (saves a lookup round). */
export function healData(ctx: HealContext, loc: Loc, chooser?: SplitBrainChooser, first = lookupCopies(ctx, loc)): HealStatus {
  return healTypes(ctx, loc, { data: true }, chooser, first).data!;
}

/**
 * Brings the sink to the source's size first (10.3's __afr_selfheal_truncate_sinks: a shorter
 * sink grows by a hole), then writes the source's blocks that differ: a block of zeros over a
 * hole is equal and never written, so a sparse source heals into a sparse sink.
 */
function copyData(ctx: HealContext, loc: Loc, src: number, sink: number, size: number, sinkSize: number, srcData: Range[]): void {
  const from = ctx.children[src];
  const to = ctx.children[sink];
  if (sinkSize !== size) to.truncate(loc, size);
  // Where either copy has data (seek fop): what is a hole in both is equal already.
  for (const [start, end] of unionRanges(srcData, dataRanges(to, loc, size))) {
    for (let off = start; off < end; off += BLOCK) {
      const want = from.readv(loc, off, Math.min(BLOCK, end - off));
      const have = to.readv(loc, off, want.length);
      if (!have.equals(want)) to.writev(loc, off, want);
      crashPoint('afr.heal.after-data-block');
    }
  }
}
