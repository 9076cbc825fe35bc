// `tgluster debug crawl VOL start [--wait] | status | stop`: the smallest real task (a counted walk
// of the volume) run by the task model (src/tasks), in gluster's output style.
import type { Ctx } from '../context.js';
import { runOp } from '../output/emit.js';
import { MgmtError } from '../../mgmt/errors.js';
import { requireVolume } from '../../mgmt/store.js';
import { startTask, stopTask, taskStatus, type TaskStatus } from '../../tasks/runner.js';
import { CRAWL_COUNTERS } from '../../tasks/kinds/crawl.js';
import { waitForTask } from '../task-wait.js';
import { isTTY } from '../stdio.js';

const STATE_TEXT: Record<string, string> = { running: 'in progress', completed: 'completed', stopped: 'stopped', failed: 'failed' };

function statusText(st: TaskStatus): string {
  const r = st.record;
  const rows: Array<[string, string | number]> = [
    ['Task', r.kind],
    ['ID', r.id],
    ['Status', STATE_TEXT[st.state]],
    ['Runs', r.runs],
    ...CRAWL_COUNTERS.map((k): [string, number] => [k[0].toUpperCase() + k.slice(1), r.counters[k] ?? 0]),
    ...(r.error ? [['Error', r.error] as [string, string]] : []),
  ];
  return rows.map(([k, v]) => `${k.padEnd(12)}: ${v}\n`).join('');
}

const statusJson = (st: TaskStatus) => ({
  task: { kind: st.record.kind, id: st.record.id, volume: st.record.volume, status: st.state, alive: st.alive, runs: st.record.runs, counters: st.record.counters, startedAt: st.record.startedAt, updatedAt: st.record.updatedAt, ...(st.record.error ? { error: st.record.error } : {}) },
});

export function run(ctx: Ctx, vol: string, op: 'start' | 'status' | 'stop', wait: boolean): Promise<number> {
  return runOp(ctx, { failPrefix: `debug crawl: ${vol}` }, async () => {
    if (op === 'start') {
      const { record, resumed } = await startTask(ctx.home, vol, 'crawl');
      const head = `debug crawl: ${vol}: ${resumed ? `resumed (run ${record.runs})` : 'started'}, ID: ${record.id}\n`;
      if (!wait) return { text: head, json: { task: { id: record.id, resumed, runs: record.runs } } };
      const st = await waitForTask(ctx.home, vol, ctx.format === 'text' && isTTY(2));
      if (!st) throw new MgmtError(`no crawl task on volume ${vol}`);
      return { text: head + statusText(st), json: statusJson(st), exitCode: st.state === 'completed' ? 0 : 1 };
    }
    requireVolume(ctx.home, vol);
    const st = op === 'stop' ? stopTask(ctx.home, vol) : taskStatus(ctx.home, vol);
    if (!st) throw new MgmtError(`no crawl task on volume ${vol}`);
    return { text: statusText(st), json: statusJson(st) };
  });
}
