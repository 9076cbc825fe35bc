// `volume remove-brick VOL [replica N] BRICK... {start|status|stop|commit|force}`: gluster's parse
// and prompts, glusterd's checks and record (mgmt/volume-remove-brick), the migration off the
// bricks as the volume's task (a rebalance process in remove-brick mode), gluster's texts, table
// and XML. tgluster's own `--wait` keeps a start in the foreground until the migration ends.
import type { Ctx } from '../context.js';
import { usageError } from '../usage.js';
import { asFailure, jsonText, printSuccess } from '../output/emit.js';
import { cliOutputXml, el, type XmlChild } from '../output/xml.js';
import { parseRemoveBrick, type RemoveBrickRequest } from '../../mgmt/remove-brick-parse.js';
import {
  beginRemoveBrick,
  commitRemoveBrick,
  forgetRemoveBrick,
  stageRemoveBrickReport,
  type MigrationState,
} from '../../mgmt/volume-remove-brick.js';
import { loadVolume, requireVolume } from '../../mgmt/store.js';
import { startTask, stopTask, taskStatus } from '../../tasks/runner.js';
import type { RebalanceParams } from '../../tasks/kinds/rebalance.js';
import { rebalanceJson, rebalanceTable, rebalanceXml } from '../output/rebalance-status.js';
import { processRunning, taskAsShown, taskRow } from '../volume-task.js';
import { waitForTask } from '../task-wait.js';
import { isTTY } from '../stdio.js';

const START_QUESTION =
  'It is recommended that remove-brick be run with cluster.force-migration option disabled to prevent possible data corruption. ' +
  'Doing so will ensure that files that receive writes during migration will not be migrated and will need to be manually copied ' +
  'after the remove-brick commit operation. Please check the value of the option and update accordingly. ' +
  '\nDo you want to continue with your current cluster.force-migration settings?';
const FORCE_QUESTION =
  'Remove-brick force will not migrate files from the removed bricks, so they will no longer be available on the volume.\nDo you want to continue?';
const STOP_NOTE =
  "'remove-brick' process may be in the middle of a file migration.\nThe process will be fully stopped once the migration of the file is complete.\n" +
  'Please check remove-brick process for completion before doing any further brick related tasks on the volume.\n';
const COMMIT_NOTE =
  'Check the removed bricks to ensure all files are migrated.\nIf files with data are found on the brick path, copy them via a gluster mount point before re-purposing the removed brick. \n';

/** What the volume's rebalance process says of the remove-brick task on record. */
function migrationState(home: string, vol: string): MigrationState {
  const v = loadVolume(home, vol);
  const st = taskStatus(home, vol);
  const rec = st && v?.task && st.record.id === v.task.id ? st.record : undefined;
  const shown = v ? taskAsShown(home, v)?.status : undefined;
  return {
    running: processRunning(home, vol),
    status: shown === 'in progress' || shown === 'completed' || shown === 'failed' ? shown : undefined,
    failures: rec?.counters.failures ?? 0,
    skipped: rec?.counters.skipped ?? 0,
  };
}

export async function run(ctx: Ctx, words: string[]): Promise<number> {
  const wait = words.includes('--wait');
  const parsed = await parseRemoveBrick(words.filter((x) => x !== '--wait'), ctx.confirm);
  if (!parsed.ok) return usageError(ctx, 'volume remove-brick', parsed.lines.length ? parsed.lines.join('\n') : undefined);
  const req = parsed.request;
  // A declined question: nothing done, exit 0.
  if (req.op === 'start' && !(await ctx.confirm(START_QUESTION))) return 0;
  if (req.op === 'force' && !(await ctx.confirm(FORCE_QUESTION))) return 0;
  const opName = req.op === 'force' ? 'commit force' : req.op;
  try {
    return await act(ctx, req, wait);
  } catch (e) {
    const f = asFailure(e);
    if (!f) throw e;
    if (ctx.format === 'xml') ctx.out(cliOutputXml(-1, f.opErrno, f.message, [el('volRemoveBrick')]));
    else if (ctx.format === 'json') ctx.out(jsonText({ error: { code: f.opErrno, message: f.message } }));
    else ctx.err(`volume remove-brick ${opName}: failed: ${f.message}\n`);
    return ctx.format === 'xml' ? 0 : 1;
  }
}

async function act(ctx: Ctx, req: RemoveBrickRequest, wait: boolean): Promise<number> {
  const vol = req.name;
  const ok = (text: string, opErrstr: string, xml: XmlChild[], json: unknown) => printSuccess(ctx, { text, xmlOpErrstr: opErrstr, xml, json });
  switch (req.op) {
    case 'start': {
      const { task } = await beginRemoveBrick(ctx.home, req, migrationState(ctx.home, vol));
      const params: RebalanceParams = { mode: 'remove-brick', taskId: task.id };
      await startTask(ctx.home, vol, 'rebalance', { ...params }, { fresh: true, id: task.id });
      const text = `volume remove-brick start: success\nID: ${task.id}\n`;
      if (!wait) return ok(text, 'Remove Brick start successful', [el('volRemoveBrick', el('task-id', task.id))], { volume: vol, taskId: task.id });
      if (ctx.format === 'text') ctx.out(text);
      await waitForTask(ctx.home, vol, ctx.format === 'text' && isTTY(2));
      return act(ctx, { ...req, op: 'status' }, false);
    }
    case 'status':
    case 'stop': {
      const { task } = stageRemoveBrickReport(ctx.home, req);
      if (req.op === 'stop') stopTask(ctx.home, vol);
      const rows = [taskRow(ctx.home, requireVolume(ctx.home, vol), task, req.op === 'stop')];
      if (req.op === 'stop') await forgetRemoveBrick(ctx.home, vol, task.id);
      const text = rebalanceTable(rows, true) + (req.op === 'stop' ? STOP_NOTE : '');
      return printSuccess(ctx, { text, xml: [rebalanceXml(task.id, undefined, rows, true)], json: rebalanceJson(vol, task.id, rows) });
    }
    case 'commit':
    case 'force': {
      const { volume, taskId } = await commitRemoveBrick(ctx.home, req, migrationState(ctx.home, vol));
      const json = { volume: vol, removed: req.bricks, bricks: volume.bricks.map((b) => `${b.host}:${b.path}`), ...(taskId ? { taskId } : {}) };
      const body = [el('volRemoveBrick', taskId ? el('task-id', taskId) : null)];
      if (req.op === 'force') return ok('volume remove-brick commit force: success\n', 'Remove Brick commit force successful', body, json);
      return ok(`volume remove-brick commit: success\n${COMMIT_NOTE}`, 'Remove Brick commit successful', body, json);
    }
  }
}
