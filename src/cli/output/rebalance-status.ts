// The table of `rebalance status` / `stop` and `remove-brick status` / `stop`, as gluster 10.3's
// CLI prints it (gf_cli_print_rebalance_status): fixed-width columns scripts cut with awk, sizes
// in binary units with glibc's rounding, run time as h:m:s, the estimate lines; and its --xml.
import { el, type XmlElement } from './xml.js';
import { cFixed } from '../../libglusterfs/printf.js';

/** One node's row (tgluster has one node: localhost). */
export interface RebalanceRow {
  node: string;
  nodeId: string;
  files: number;
  size: number;
  scanned: number;
  failures: number;
  skipped: number;
  /** cli_vol_task_status_str's code: 1 in progress, 2 stopped, 3 completed, 4 failed, 5-8 fix-layout. */
  status: number;
  /** Whole seconds. */
  runtime: number;
  /** Seconds left by the rebalance process's estimate (0: none). */
  timeLeft: number;
}

export const TASK_STATUS_TEXT = [
  'not started', 'in progress', 'stopped', 'completed', 'failed', 'fix-layout in progress', 'fix-layout stopped',
  'fix-layout completed', 'fix-layout failed', 'reset due to replace-brick', 'reset due to reset-brick', 'unknown',
];
export const statusText = (code: number) => TASK_STATUS_TEXT[Math.min(code, 11)];

/** gf_uint64_2human_readable. */
export function humanSize(n: number): string {
  const units: Array<[number, string]> = [
    [1024 ** 5, 'PB'],
    [1024 ** 4, 'TB'],
    [1024 ** 3, 'GB'],
    [1024 ** 2, 'MB'],
    [1024, 'KB'],
  ];
  for (const [u, name] of units) if (n >= u) return `${cFixed(n / u, 1)}${name}`;
  return `${n}Bytes`;
}

const hms = (sec: number) => `${String(Math.floor(sec / 3600)).padStart(8)}:${String(Math.floor((sec % 3600) / 60)).padStart(2, '0')}:${String(sec % 60).padStart(2, '0')}`;
const right = (s: string | number, w: number) => String(s).padStart(w);

/** The table and the estimate lines (remove-brick folds skipped into failures). */
export function rebalanceTable(rows: RebalanceRow[], removeBrick = false): string {
  const fixLayout = rows.length > 0 && rows[0].status >= 5;
  let out = '';
  if (fixLayout) {
    out += `${right('Node', 35)} ${right('status', 41)} ${right('run time in h:m:s', 27)}\n`;
    out += `${right('---------', 35)} ${right('-----------', 41)} ${right('------------', 27)}\n`;
    for (const r of rows) out += `${right(r.node, 35)} ${right(statusText(r.status), 50)} ${hms(r.runtime)}\n`;
    return out;
  }
  const head = ['Node', 'Rebalanced-files', 'size', 'scanned', 'failures', 'skipped', 'status', 'run time in h:m:s'];
  const dash = ['---------', '-----------', '-----------', '-----------', '-----------', '-----------', '------------', '--------------'];
  const widths = [40, 16, 13, 13, 13, 13, 20, 18];
  for (const cols of [head, dash]) out += `${cols.map((c, i) => right(c, widths[i])).join(' ')}\n`;
  for (const r of rows) {
    const failures = removeBrick ? r.failures + r.skipped : r.failures;
    const skipped = removeBrick ? 0 : r.skipped;
    const cells = [right(r.node, 40), right(r.files, 16), right(humanSize(r.size), 13), right(r.scanned, 13), right(failures, 13), right(skipped, 13), right(statusText(r.status), 20)];
    out += `${cells.join(' ')} ${hms(r.runtime)}\n`;
  }
  const maxLeft = Math.max(0, ...rows.map((r) => r.timeLeft));
  const maxRun = Math.max(0, ...rows.map((r) => r.runtime));
  const running = rows.some((r) => r.status === 1);
  if (maxLeft > 0) out += `Estimated time left for rebalance to complete : ${hms(maxLeft)}\n`;
  else if (running && maxRun <= 600) out += 'The estimated time for rebalance to complete will be unavailable for the first 10 minutes.\n';
  else if (running) out += 'Rebalance estimated time unavailable. Please try again later.\n';
  return out;
}

/** The aggregate's status: in progress, then failed, stopped, completed, not started. */
function aggregateStatus(rows: RebalanceRow[]): number {
  for (const want of [1, 4, 2, 3]) if (rows.some((r) => r.status === want)) return want;
  return rows[0]?.status ?? 0;
}

function counterEls(r: Pick<RebalanceRow, 'files' | 'size' | 'scanned' | 'failures' | 'skipped' | 'status' | 'runtime'>): XmlElement[] {
  return [
    el('files', r.files),
    el('size', r.size),
    el('lookups', r.scanned),
    el('failures', r.failures),
    el('skipped', r.skipped),
    el('status', r.status),
    el('statusStr', statusText(r.status)),
    el('runtime', r.runtime.toFixed(2)),
  ];
}

/** `<volRebalance>` (op given) or `<volRemoveBrick>` (op undefined) of a status or stop reply. */
export function rebalanceXml(taskId: string | undefined, op: number | undefined, rows: RebalanceRow[], removeBrick = false): XmlElement {
  const fold = (r: RebalanceRow) => (removeBrick ? { ...r, failures: r.failures + r.skipped, skipped: 0 } : r);
  const sum = (k: 'files' | 'size' | 'scanned' | 'failures' | 'skipped') => rows.map(fold).reduce((s, r) => s + r[k], 0);
  const agg = { files: sum('files'), size: sum('size'), scanned: sum('scanned'), failures: sum('failures'), skipped: sum('skipped'), status: aggregateStatus(rows), runtime: Math.max(0, ...rows.map((r) => r.runtime)) };
  return el(
    removeBrick ? 'volRemoveBrick' : 'volRebalance',
    taskId ? el('task-id', taskId) : null,
    op !== undefined ? el('op', op) : null,
    el('nodeCount', rows.length),
    rows.map((r) => el('node', el('nodeName', r.node), el('id', r.nodeId), counterEls(fold(r)))),
    el('aggregate', counterEls(agg)),
  );
}

/** JSON shape (docs/json-output.md). */
export function rebalanceJson(volume: string, taskId: string | undefined, rows: RebalanceRow[]) {
  return {
    volume,
    ...(taskId ? { taskId } : {}),
    nodes: rows.map((r) => ({
      node: r.node,
      id: r.nodeId,
      rebalancedFiles: r.files,
      size: r.size,
      scanned: r.scanned,
      failures: r.failures,
      skipped: r.skipped,
      status: statusText(r.status),
      runtimeSeconds: r.runtime,
      ...(r.timeLeft > 0 ? { estimatedSecondsLeft: r.timeLeft } : {}),
    })),
  };
}
