// A heal of the whole volume as one run of the self-heal daemon's crawls, recorded in the crawl
// history (`heal VOL statistics`): in the foreground for `volume heal VOL [full]`, or as the
// volume's task for `--background`. The task heals in batches with a checkpoint after each, so a
// stop takes effect between batches and a re-run (after a stop or a kill -9) goes on: index heal
// finds what is still pending in the indices themselves; full heal records the directories left.
import type { Volume } from '../../mgmt/types.js';
import { requireVolume } from '../../mgmt/store.js';
import { recordCrawls, type CrawlEvent } from '../../mgmt/heal-history.js';
import { healVolume, replicaBricks, type FullHealResume } from '../../api/heal.js';
import type { SweepStats } from '../../xlators/afr/self-heald.js';
import type { TaskContext, TaskRunner } from '../types.js';

export const HEAL_COUNTERS = ['healed', 'splitBrain', 'failed'] as const;

const nowSec = () => Math.floor(Date.now() / 1000);

/**
 * Heals the volume now (index or full), records one crawl per brick that took part, and returns
 * the stats per replica set. `onInode` sees the running count; returning false stops early.
 */
export function healNow(
  home: string,
  volume: Volume,
  full: boolean,
  onInode?: (done: number) => boolean | void,
  resume?: FullHealResume,
): { stats: SweepStats[]; resume?: FullHealResume } {
  const start = nowSec();
  const { stats, resume: next } = healVolume(volume, { home, full, onInode, resume });
  const end = nowSec();
  const events: Record<string, CrawlEvent> = {};
  const bricks = replicaBricks(volume, { home });
  let k = 0;
  stats.forEach((set) =>
    set.byChild.forEach((c) => {
      const b = bricks[k++]?.brick;
      if (b && !b.down) events[`${b.host}:${b.path}`] = { type: full ? 'FULL' : 'INDEX', start, end, ...c };
    }),
  );
  recordCrawls(home, volume.name, events);
  return { stats, resume: next };
}

/** Inodes healed between two checkpoints of the background task. */
const BATCH = 256;

export const heal: TaskRunner = {
  async run(ctx: TaskContext): Promise<void> {
    const full = ctx.params.full === true;
    const counters: Record<string, number> = Object.fromEntries(HEAL_COUNTERS.map((k) => [k, ctx.counters[k] ?? 0]));
    let resume = (ctx.resumeFrom as { resume?: FullHealResume } | undefined)?.resume;
    for (;;) {
      const volume = requireVolume(ctx.home, ctx.volume);
      let batchFull = false;
      const r = healNow(ctx.home, volume, full, (done) => {
        batchFull = done >= BATCH;
        return !batchFull;
      }, resume);
      for (const s of r.stats) for (const k of HEAL_COUNTERS) counters[k] += s[k];
      resume = r.resume;
      // An index heal goes on from the indices; a full heal from the directories it had left.
      const more = full ? resume !== undefined : batchFull;
      if (!(await ctx.checkpoint({ full, resume }, counters)) || !more) return;
    }
  },
};

