// The smallest real task: a walk of the whole volume through the client, counting directories,
// files, symlinks and bytes (`tgluster debug crawl VOL start`). It is what heal full and rebalance
// crawl, and shows the task model's guarantees: the checkpoint is taken between directories (the
// directories still to visit, the counts of those done), so a stop or a kill -9 resumes with
// counts equal to an uninterrupted run's.
import { openVolume } from '../../api/index.js';
import { STAT_ONLY } from '../../xlators/types.js';
import type { TaskContext, TaskRunner } from '../types.js';

interface CrawlCheckpoint {
  /** Directories still to visit, the next one last. */
  pending: string[];
}

export const CRAWL_COUNTERS = ['dirs', 'files', 'symlinks', 'others', 'bytes'] as const;

const join = (dir: string, name: string) => (dir === '/' ? `/${name}` : `${dir}/${name}`);

export const crawl: TaskRunner = {
  async run(ctx: TaskContext): Promise<void> {
    const vol = await openVolume(ctx.volume, { home: ctx.home });
    const resumed = ctx.resumeFrom as CrawlCheckpoint | undefined;
    const pending = resumed ? [...resumed.pending] : ['/'];
    const counters: Record<string, number> = Object.fromEntries(CRAWL_COUNTERS.map((k) => [k, ctx.counters[k] ?? 0]));
    if (!resumed && !(await ctx.checkpoint({ pending }, counters))) return;
    while (pending.length) {
      const dir = pending.pop()!;
      const entries = await vol.readdirp(dir, STAT_ONLY);
      counters.dirs++;
      // Children in reverse name order on the stack: directories are visited in name order.
      for (const e of [...entries].sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0))) {
        if (e.iatt.type === 'dir') pending.push(join(dir, e.name));
        else if (e.iatt.type === 'file') {
          counters.files++;
          counters.bytes += e.iatt.size;
        } else if (e.iatt.type === 'symlink') counters.symlinks++;
        else counters.others++;
      }
      if (!(await ctx.checkpoint({ pending }, counters))) return;
    }
  },
};
