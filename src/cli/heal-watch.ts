// `volume heal VOL --watch` (tgluster's own): heals as the self-heal daemon would, an index crawl
// now and then every cluster.heal-timeout seconds, until interrupted; one line per crawl.
import type { Ctx } from './context.js';
import { requireVolume } from '../mgmt/store.js';
import { healNow } from '../tasks/kinds/heal.js';
import { toUInt } from '../libglusterfs/cparse.js';

const DEFAULT_TIMEOUT_S = 600;

export async function watch(ctx: Ctx, vol: string, full: boolean): Promise<number> {
  let stop = false;
  let wake: (() => void) | undefined;
  const onInt = () => {
    stop = true;
    wake?.();
  };
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onInt);
  try {
    for (let first = true; !stop; first = false) {
      const v = requireVolume(ctx.home, vol);
      const timeout = toUInt(v.options.find(([k]) => k === 'cluster.heal-timeout')?.[1] ?? '') ?? DEFAULT_TIMEOUT_S;
      if (v.status === 'Started') {
        const { stats } = healNow(ctx.home, v, full && first);
        const sum = (k: 'healed' | 'splitBrain' | 'failed') => stats.reduce((s, x) => s + x[k], 0);
        ctx.out(`${new Date().toISOString()} ${full && first ? 'FULL' : 'INDEX'} crawl of ${vol}: healed ${sum('healed')}, split-brain ${sum('splitBrain')}, failed ${sum('failed')}\n`);
      }
      // Until the next crawl is due, or an interrupt cuts the wait short.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, timeout * 1000);
        function done() {
          clearTimeout(timer);
          wake = undefined;
          resolve();
        }
        wake = done;
        if (stop) done();
      });
    }
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onInt);
  }
  return 0;
}
