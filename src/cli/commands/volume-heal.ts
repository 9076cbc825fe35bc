// `volume heal VOL [full | enable | disable | info [summary|split-brain] | statistics [heal-count
// [replica H:B]] | split-brain ... | granular-entry-heal enable|disable]`, as gluster 10.3 answers
// each (the glusterd ops and glfsheal's), plus tgluster's own `--background` (the heal runs as the
// volume's task) and `--watch` (heals as the self-heal daemon would, every heal-timeout seconds).
// There is no daemon: `heal VOL` and `heal VOL full` heal in the command, to completion.
import type { Ctx } from '../context.js';
import { usageError } from '../usage.js';
import { jsonText, printFailure } from '../output/emit.js';
import { el, renderXmlDocument } from '../output/xml.js';
import { healInfoJson, healInfoText, healInfoXml, type HealInfoMode } from '../output/heal-info.js';
import { MgmtError } from '../../mgmt/errors.js';
import { loadVolume } from '../../mgmt/store.js';
import type { Volume } from '../../mgmt/types.js';
import { isDisperse, isReplicate, setGranularEntryHeal, setSelfHealDaemon, stageHeal } from '../../mgmt/heal.js';
import { isTTY } from '../stdio.js';

/** gluster's parser: which heal lines are well formed. */
function wellFormed(w: string[]): boolean | string {
  const [, op, a, b, c] = w;
  const n = w.length;
  const isBrick = (x: string | undefined) => x !== undefined && /^[^:/]+:\/./.test(x);
  const brickErr = (x: string) => `Wrong brick type: ${x}, use <HOSTNAME>:<export-dir-abs-path>`;
  if (n === 0) return false;
  if (n === 1) return true;
  if (n === 2) return ['enable', 'disable', 'full', 'statistics', 'info'].includes(op);
  if (op === 'info') return n === 3 && (a === 'summary' || a === 'split-brain');
  if (op === 'granular-entry-heal') return n === 3 && (a === 'enable' || a === 'disable');
  if (op === 'statistics') {
    if (a !== 'heal-count' || (n !== 3 && !(n === 5 && b === 'replica'))) return false;
    return n === 5 && !isBrick(c) ? brickErr(c) : true;
  }
  if (op === 'split-brain') {
    if (a === 'bigger-file' || a === 'latest-mtime') return n === 4;
    if (a !== 'source-brick' || (n !== 4 && n !== 5)) return false;
    return isBrick(b) ? true : brickErr(b);
  }
  return false;
}

/** tgluster's own words after a heal line (never gluster's). */
const OWN_FLAGS = ['--background', '--watch'];

export async function run(ctx: Ctx, words: string[]): Promise<number> {
  const flags = new Set(words.filter((w) => OWN_FLAGS.includes(w)));
  const w = words.filter((x) => !OWN_FLAGS.includes(x));
  const ok = wellFormed(w);
  if (ok !== true) return usageError(ctx, 'volume heal', typeof ok === 'string' ? ok : undefined);
  const [vol, op, a] = w;
  switch (op) {
    case undefined:
    case 'full':
      return heal(ctx, vol, op === 'full', flags);
    case 'enable':
    case 'disable':
      return simple(ctx, vol, `${op === 'enable' ? 'Enable' : 'Disable'} heal`, () => setSelfHealDaemon(ctx.home, vol, op === 'enable'));
    case 'granular-entry-heal':
      return granular(ctx, vol, a === 'enable');
    case 'info':
      return info(ctx, vol, a === undefined ? 'info' : (a as HealInfoMode));
    case 'statistics':
      return (await import('./volume-heal-statistics.js')).run(ctx, w);
    default:
      return (await import('./volume-heal-split-brain.js')).run(ctx, w);
  }
}

/** A glusterd op whose result is one line: `<what> on volume V has been successful ` or the refusal. */
async function simple(ctx: Ctx, vol: string, what: string, op: () => Promise<unknown>): Promise<number> {
  try {
    await op();
  } catch (e) {
    if (!(e instanceof MgmtError)) throw e;
    return healFailure(ctx, what, vol, e.message, e.opErrno);
  }
  const text = `${what} on volume ${vol} has been successful \n`;
  if (ctx.format === 'json') ctx.out(jsonText({ message: text.trimEnd() }));
  else ctx.out(text);
  return 0;
}

/** `<what> on volume V has been unsuccessful:\n<why>` on stderr (--xml prints the same text). */
export function healFailure(ctx: Ctx, what: string, vol: string, why: string, code = 30800): number {
  if (ctx.format === 'json') {
    ctx.out(jsonText({ error: { code, message: why } }));
    return 1;
  }
  ctx.err(`${what} on volume ${vol} has been unsuccessful:\n${why}\n`);
  return 1;
}

// ---- heal VOL [full] ---------------------------------------------------------------------------

const LAUNCH = (full: boolean) => `Launching heal operation to perform ${full ? 'full' : 'index'} self heal`;

async function heal(ctx: Ctx, vol: string, full: boolean, flags: Set<string>): Promise<number> {
  const what = LAUNCH(full);
  let v: Volume;
  try {
    v = stageHeal(ctx.home, vol, full ? 'full' : 'index');
    if (isDisperse(v)) throw new MgmtError(`'volume heal' of a ${v.type} volume is not supported by tgluster yet`, 95);
  } catch (e) {
    if (!(e instanceof MgmtError)) throw e;
    return healFailure(ctx, what, vol, e.message, e.opErrno);
  }
  if (flags.has('--background')) {
    const { startTask } = await import('../../tasks/runner.js');
    await startTask(ctx.home, vol, 'heal', { full });
  } else if (flags.has('--watch')) {
    return (await import('../heal-watch.js')).watch(ctx, vol, full);
  } else {
    const { runHeal } = await import('../heal-run.js');
    await runHeal(ctx.home, v, full, ctx.format === 'text' && isTTY(2));
  }
  // An index heal with a brick of the set down is refused by the daemon's brick op (the heal
  // still ran on what it could reach, which with a copy missing is nothing).
  if (!full && v.bricks.some((b) => b.down)) {
    return healFailure(ctx, what, vol, "Glusterd Syncop Mgmt brick op 'Heal' failed. Please check glustershd log file for details.");
  }
  const text = `${what} on volume ${vol} has been successful \nUse heal info commands to check status.\n`;
  if (ctx.format === 'json') ctx.out(jsonText({ message: text.split('\n')[0].trimEnd(), background: flags.has('--background') }));
  else ctx.out(text);
  return 0;
}

// ---- granular-entry-heal ------------------------------------------------------------------------

async function granular(ctx: Ctx, vol: string, enable: boolean): Promise<number> {
  const what = `${enable ? 'Enable' : 'Disable'} granular entry heal`;
  if (enable) {
    // glfsheal first: nothing may be pending and every brick must be up.
    const refused = await glfshealChecks(ctx, vol, true);
    if (refused !== undefined) return refused;
    const v = loadVolume(ctx.home, vol)!;
    const { volumeHealInfo } = await import('../../api/heal.js');
    const reports = volumeHealInfo(v, { home: ctx.home });
    if (reports.some((r) => r.info.error)) {
      return glfshealFailure(ctx, 'One or more bricks could be down. Please execute the command again after bringing all bricks online and finishing any pending heals', 107, 107);
    }
    if (reports.some((r) => r.info.entries.length)) {
      return glfshealFailure(ctx, 'One or more entries need heal. Please execute the command again after there are no entries to be healed', 11, 11);
    }
  }
  return simple(ctx, vol, what, () => setGranularEntryHeal(ctx.home, vol, enable));
}

// ---- info --------------------------------------------------------------------------------------

/**
 * What glfsheal refuses before it crawls: no such volume, not a replicate/disperse volume
 * (replicate only for split-brain work), volume stopped. Printed with glfsheal's exit status.
 */
export async function glfshealChecks(ctx: Ctx, vol: string, replicateOnly: boolean): Promise<number | undefined> {
  const v = loadVolume(ctx.home, vol);
  if (!v) return glfshealFailure(ctx, `Volume ${vol} does not exist`, 2, 254);
  const kind = replicateOnly ? 'replicate' : 'replicate/disperse';
  if (!(isReplicate(v) || (!replicateOnly && isDisperse(v)))) {
    return glfshealFailure(ctx, `This command is supported for only volumes of ${kind} type. Volume ${vol} is not of type ${kind}`, 22, 234);
  }
  // With every brick dead glfsheal cannot even start its client (measured on 10.3: as stopped).
  if (v.status !== 'Started' || v.bricks.every((b) => b.down)) return glfshealFailure(ctx, `${vol}: Not able to fetch volfile from glusterd`, 5, 251);
  if (isDisperse(v)) return printFailure(ctx, { failPrefix: 'volume heal' }, { message: `'volume heal' of a ${v.type} volume is not supported by tgluster yet`, opErrno: 95 });
  return undefined;
}

/** glfsheal's failure: the message, then the CLI's "Volume heal failed." (XML: the healInfo error document). */
export function glfshealFailure(ctx: Ctx, message: string, opErrno: number, exit: number): number {
  if (ctx.format === 'json') ctx.out(jsonText({ error: { code: opErrno, message } }));
  else if (ctx.format === 'xml') {
    ctx.out(renderXmlDocument(el('cliOutput', el('healInfo', el('bricks')), el('opRet', -1), el('opErrno', opErrno), el('opErrstr', message))));
  } else ctx.out(`${message}\nVolume heal failed.\n`);
  return exit;
}

async function info(ctx: Ctx, vol: string, mode: HealInfoMode): Promise<number> {
  const refused = await glfshealChecks(ctx, vol, mode === 'split-brain');
  if (refused !== undefined) return refused;
  const v = loadVolume(ctx.home, vol)!;
  const { volumeHealInfo } = await import('../../api/heal.js');
  const reports = volumeHealInfo(v, { home: ctx.home, noDedupe: mode === 'summary' });
  // A background heal (tgluster's --background) shows in the summary, after gluster's blocks,
  // under the name tgluster only: as `gluster` the screen stays gluster's.
  const task = mode === 'summary' ? await healTask(ctx, vol) : undefined;
  if (ctx.format === 'json') ctx.out(jsonText({ ...(healInfoJson(mode, vol, reports) as object), ...(task ? { task: task.json } : {}) }));
  else if (ctx.format === 'xml') ctx.out(healInfoXml(mode, reports));
  else ctx.out(healInfoText(mode, reports) + (task && ctx.tgluster ? task.text : ''));
  return 0;
}

async function healTask(ctx: Ctx, vol: string): Promise<{ text: string; json: unknown } | undefined> {
  const { taskStatus } = await import('../../tasks/runner.js');
  const st = taskStatus(ctx.home, vol);
  if (!st || st.record.kind !== 'heal') return undefined;
  const c = st.record.counters;
  const state = st.state === 'running' ? 'in progress' : st.state;
  const n = (k: string) => c[k] ?? 0;
  return {
    text: `Background heal (ID ${st.record.id}): ${state}, healed ${n('healed')}, split-brain ${n('splitBrain')}, failed ${n('failed')}\n`,
    json: { id: st.record.id, status: st.state, alive: st.alive, counters: c, startedAt: st.record.startedAt, updatedAt: st.record.updatedAt },
  };
}
