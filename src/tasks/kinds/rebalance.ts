// The rebalance process (glusterd starts one per `rebalance start`, `fix-layout start` or
// `remove-brick start`): the DHT crawl over the volume's graph, its counters recorded as it goes
// so that `rebalance status` shows them, stopped between two files when asked. Every run is a
// fresh crawl: after a stop or a kill -9, a new start finds the files already moved in place
// and moves the rest (a file caught half-way is in a state the migration itself resumes). Its log
// is VOL-rebalance.log (rebalance-log.ts).
import { requireVolume } from '../../mgmt/store.js';
import { endRebalance } from '../../mgmt/rebalance.js';
import { distributeOf, usedBytes } from '../../api/rebalance.js';
import { crawlSteps, type CrawlCounters, type CrawlMode } from '../../xlators/dht/crawl.js';
import type { TaskContext, TaskRunner } from '../types.js';
import { RebalanceLog } from './rebalance-log.js';

/** Counters as `rebalance status` shows them, plus `processed` and `total` bytes for its estimate. */
export const REBALANCE_COUNTERS = ['files', 'size', 'scanned', 'failures', 'skipped'] as const;

/** Files between two records of progress (a stop takes effect at the next one). */
const EVERY = 32;

export interface RebalanceParams {
  mode: CrawlMode;
  commitHash?: number;
  /** The glusterd task this run is (its ID). */
  taskId: string;
}

export const rebalance: TaskRunner = {
  async run(ctx: TaskContext): Promise<void> {
    const p = ctx.params as unknown as RebalanceParams;
    const volume = requireVolume(ctx.home, ctx.volume);
    const dht = distributeOf(volume, ctx.home);
    const total = usedBytes(volume);
    let processed = 0;
    const counters = (c: CrawlCounters) => ({ files: c.files, size: c.size, scanned: c.scanned, failures: c.failures, skipped: c.skipped, processed, total });
    const log = new RebalanceLog(ctx.home, ctx.volume);
    let last: CrawlCounters = { files: 0, size: 0, scanned: 0, failures: 0, skipped: 0 };
    const steps = crawlSteps(dht, { mode: p.mode, commitHash: p.commitHash });
    if (!(await ctx.checkpoint(undefined, counters(last)))) return log.end('stopped', last);
    try {
      for (let n = 1; ; n++) {
        const s = steps.next();
        if (s.done) {
          last = s.value;
          await ctx.checkpoint(undefined, counters(last));
          break;
        }
        last = s.value.counters;
        log.step(s.value);
        processed += s.value.size;
        if (n % EVERY === 0 && !(await ctx.checkpoint(undefined, counters(last)))) {
          steps.return(undefined as never);
          return log.end('stopped', last);
        }
      }
    } catch (e) {
      log.end('failed', last);
      throw e;
    }
    log.end('completed', last);
    await endRebalance(ctx.home, ctx.volume, p.taskId, 'completed');
  },
};
