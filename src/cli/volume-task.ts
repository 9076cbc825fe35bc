// A volume's rebalance or remove-brick task as glusterd reports it at this moment: its record in
// the volume definition, whose "in progress" becomes "failed" once the process running it is gone
// without a last word (glusterd sees the rebalance process disconnect), and the counters the
// process recorded.
import type { Volume, VolumeTask } from '../mgmt/types.js';
import { nodeUuid } from '../mgmt/store.js';
import { taskStatus } from '../tasks/runner.js';
import type { RebalanceRow } from './output/rebalance-status.js';

const CODE: Record<string, number> = { 'in progress': 1, stopped: 2, completed: 3, failed: 4, 'reset due to replace-brick': 9, 'reset due to reset-brick': 10 };

/**
 * A rebalance process (rebalance or remove-brick) runs for the volume: its worker lives and has
 * not yet said how it ended (a worker that recorded its end is finishing, not running).
 */
export function processRunning(home: string, vol: string): boolean {
  const st = taskStatus(home, vol);
  return st?.alive === true && st.record.kind === 'rebalance';
}

export function taskAsShown(home: string, v: Volume): VolumeTask | undefined {
  const t = v.task;
  if (!t || t.status !== 'in progress') return t;
  // The process's own record says how it stands; glusterd's copy may lag behind it.
  const st = taskStatus(home, v.name);
  if (!st || st.record.id !== t.id) return { ...t, status: 'failed' };
  return { ...t, status: st.state === 'running' ? 'in progress' : st.state };
}

/** The status row of the task: its counters, status code and run time (stopped: as `stop` leaves it). */
export function taskRow(home: string, v: Volume, t: VolumeTask, stopped = false): RebalanceRow {
  const st = taskStatus(home, v.name);
  const rec = st && st.record.id === t.id ? st.record : undefined;
  const c = (k: string) => rec?.counters[k] ?? 0;
  const shown = taskAsShown(home, v) ?? t;
  let status = stopped && shown.status !== 'completed' ? 2 : CODE[shown.status];
  if (t.fixLayout && status >= 1 && status <= 4) status += 4;
  const started = rec ? Date.parse(rec.startedAt) : Date.now();
  const ended = st?.alive && !stopped ? Date.now() : rec ? Date.parse(rec.updatedAt) : started;
  const runtime = Math.max(0, Math.floor((ended - started) / 1000));
  // 10.3's estimate: the bytes in use over the rate so far, from ten minutes on
  const rate = c('processed') / Math.max(runtime, 1);
  const timeLeft = status === 1 && runtime >= 600 && rate > 0 ? Math.max(0, Math.floor(c('total') / rate) - runtime) : 0;
  return {
    node: 'localhost',
    nodeId: nodeUuid(home),
    files: c('files'),
    size: c('size'),
    scanned: c('scanned'),
    failures: c('failures'),
    skipped: c('skipped'),
    status,
    runtime,
    timeLeft,
  };
}
