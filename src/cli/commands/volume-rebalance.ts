// `volume rebalance VOL {fix-layout start | start [force] | stop | status}`: glusterd's checks and
// task record (mgmt/rebalance), the rebalance process as the volume's task (tasks/kinds/rebalance),
// gluster's texts, tables and XML. tgluster's own `--wait` keeps a start in the foreground, with
// its progress on a TTY, until the run ends (Ctrl-C stops it cleanly).
import type { Ctx } from '../context.js';
import { usageError } from '../usage.js';
import { asFailure, jsonText, printFailure, printSuccess } from '../output/emit.js';
import { cliOutputXml, el } from '../output/xml.js';
import { beginRebalance, forgetRebalance, REBALANCE_OP, stageRebalance, type RebalanceOp } from '../../mgmt/rebalance.js';
import { requireVolume } from '../../mgmt/store.js';
import { startTask, stopTask } from '../../tasks/runner.js';
import { rebalanceJson, rebalanceTable, rebalanceXml } from '../output/rebalance-status.js';
import { processRunning, taskRow } from '../volume-task.js';
import { waitForTask } from '../task-wait.js';
import { isTTY } from '../stdio.js';
import type { RebalanceParams } from '../../tasks/kinds/rebalance.js';

function parse(w: string[]): RebalanceOp | undefined {
  const [, a, b] = w;
  if (w.length === 2 && (a === 'start' || a === 'stop' || a === 'status')) return a;
  if (w.length === 3 && a === 'start' && b === 'force') return 'start-force';
  if (w.length === 3 && a === 'fix-layout' && b === 'start') return 'fix-layout';
  return undefined;
}

const STOP_NOTE =
  'rebalance process may be in the middle of a file migration.\nThe process will be fully stopped once the migration of the file is complete.\n' +
  'Please check rebalance process for completion before doing any further brick related tasks on the volume.\n';

export async function run(ctx: Ctx, words: string[]): Promise<number> {
  const wait = words.includes('--wait');
  const w = words.filter((x) => x !== '--wait');
  const op = parse(w);
  if (!op) return usageError(ctx, 'volume rebalance');
  const vol = w[0];
  if (op === 'status' || op === 'stop') return report(ctx, vol, op);
  return start(ctx, vol, op, wait);
}

async function start(ctx: Ctx, vol: string, op: 'start' | 'start-force' | 'fix-layout', wait: boolean): Promise<number> {
  const label = { failPrefix: `volume rebalance: ${vol}`, failXml: () => [el('volRebalance', el('op', REBALANCE_OP[op]))] };
  let id: string;
  try {
    const { task, commitHash } = await beginRebalance(ctx.home, vol, op, processRunning(ctx.home, vol));
    const params: RebalanceParams = { mode: op === 'fix-layout' ? 'fix-layout' : 'rebalance', commitHash, taskId: task.id };
    await startTask(ctx.home, vol, 'rebalance', { ...params }, { fresh: true, id: task.id });
    id = task.id;
  } catch (e) {
    const f = asFailure(e);
    if (!f) throw e;
    return printFailure(ctx, label, f);
  }
  const text =
    `volume rebalance: ${vol}: success: Rebalance on ${vol} has been started successfully. Use rebalance status command to check status of the rebalance process.\n` +
    `ID: ${id}\n`;
  if (!wait) {
    return printSuccess(ctx, { text, xml: [el('volRebalance', el('task-id', id), el('op', REBALANCE_OP[op]))], json: { volume: vol, taskId: id, message: text.split('\n')[0] } });
  }
  if (ctx.format === 'text') ctx.out(text);
  await waitForTask(ctx.home, vol, ctx.format === 'text' && isTTY(2));
  return report(ctx, vol, 'status');
}

/** status and stop: the table, or glusterd's refusal (exit 1 in every format). */
async function report(ctx: Ctx, vol: string, op: 'status' | 'stop'): Promise<number> {
  let out: { text: string; xml: ReturnType<typeof rebalanceXml>; json: unknown };
  try {
    const v = stageRebalance(ctx.home, vol, op, processRunning(ctx.home, vol));
    const task = v.task!;
    if (op === 'stop') stopTask(ctx.home, vol);
    const rows = [taskRow(ctx.home, requireVolume(ctx.home, vol), task, op === 'stop')];
    if (op === 'stop') await forgetRebalance(ctx.home, vol, task.id);
    const tail = op === 'stop' ? `volume rebalance: ${vol}: success: ${STOP_NOTE}\n` : `volume rebalance: ${vol}: success\n`;
    out = { text: rebalanceTable(rows) + tail, xml: rebalanceXml(task.id, REBALANCE_OP[op], rows), json: rebalanceJson(vol, task.id, rows) };
  } catch (e) {
    const f = asFailure(e);
    if (!f) throw e;
    if (ctx.format === 'xml') ctx.out(cliOutputXml(-1, f.opErrno, f.message, [el('cliOp', 'volRebalance'), el('output', f.message)]));
    else if (ctx.format === 'json') ctx.out(jsonText({ error: { code: f.opErrno, message: f.message } }));
    else ctx.err(`volume rebalance: ${vol}: failed: ${f.message}\n`);
    return 1;
  }
  return printSuccess(ctx, { text: out.text, xml: [out.xml], json: out.json });
}
