// Data self-heal of one regular file (AFR's afr-self-heal-data): under the inode lock, decide
// sources and sinks from the data counters (sizes, witnesses and ctimes break ties), copy the
// chosen source's bytes onto each sink (only the blocks that differ, then the size), give the
// sinks the source's times and mdata, and reset the counters. The arbiter keeps no data: as a
// sink it only gets its changelog and times; it is never the source.
import type { Loc } from '../types.js';
import { crashPoint } from '../../libglusterfs/crash.js';
import { narrowDataSources } from './sources.js';
import {
  anyIatt,
  decide,
  everyoneLocked,
  inodeLock,
  iattOf,
  lookupCopies,
  nothingPending,
  undoPending,
  withLocks,
  type Copies,
  type Decision,
  type HealContext,
  type HealStatus,
} from './self-heal-common.js';
import { copyTimes } from './self-heal-times.js';

/** Bytes per read/compare/write step. */
const BLOCK = 128 * 1024;

/** Picks the source of a split-brain (a policy or the CLI), or undefined to leave it. */
export type SplitBrainChooser = (copies: Copies, d: Decision) => number | undefined;

export function healData(ctx: HealContext, loc: Loc, chooser?: SplitBrainChooser): HealStatus {
  const first = lookupCopies(ctx, loc);
  if (anyIatt(first)?.type !== 'file') return 'clean';
  return withLocks(ctx, first.present, inodeLock(ctx, loc), (locked) => {
    const copies = lookupCopies(ctx, loc);
    const d = decide(ctx, copies, 'data', locked);
    if (!everyoneLocked(d)) return nothingPending(d) ? 'clean' : 'pending';
    let sources: boolean[];
    if (d.direction.splitBrain) {
      const pick = chooser?.(copies, d);
      if (pick === undefined) return 'split-brain';
      sources = d.locked.map((_, i) => i === pick);
    } else {
      const info = copies.present.map((_, i) => {
        const a = iattOf(copies, i);
        return a && d.locked[i] ? { size: a.size, ctimeSec: a.ctime.sec } : undefined;
      });
      sources = narrowDataSources(d.direction, info, ctx.arbiter);
    }
    const src = sources.findIndex(Boolean);
    // Every copy not kept as a source is healed from the one chosen (the arbiter: times only).
    const sinks = d.locked.map((l, i) => l && !sources[i] && (d.direction.sinks[i] || d.direction.sources[i]));
    if (src < 0) return nothingPending(d) ? 'clean' : 'pending'; // only the arbiter is good: wait
    if (!sinks.some(Boolean) && nothingPending(d)) return 'clean';
    const size = iattOf(copies, src)!.size;
    sinks.forEach((s, i) => {
      if (s && i !== ctx.arbiter) copyData(ctx, loc, src, i, size, iattOf(copies, i)!.size);
      crashPoint('afr.heal.after-data-copy');
    });
    copyTimes(ctx, loc, copies, src, sinks);
    crashPoint('afr.heal.before-data-undo');
    undoPending(ctx, loc, 'data', d, sources, sinks);
    return 'healed';
  });
}

/** Writes the source's blocks that differ onto the sink, then trims the sink to the source's size. */
function copyData(ctx: HealContext, loc: Loc, src: number, sink: number, size: number, sinkSize: number): void {
  const from = ctx.children[src];
  const to = ctx.children[sink];
  for (let off = 0; off < size; off += BLOCK) {
    const want = from.readv(loc, off, Math.min(BLOCK, size - off));
    const have = off < sinkSize ? to.readv(loc, off, want.length) : undefined;
    if (!have || !have.equals(want)) to.writev(loc, off, want);
    crashPoint('afr.heal.after-data-block');
  }
  if (sinkSize !== size) to.truncate(loc, size);
}
