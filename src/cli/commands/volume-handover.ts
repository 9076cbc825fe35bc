// `volume handover <VOLNAME> [--force]` (tgluster's own): the shell script that recreates the
// volume on a real GlusterFS 10.3 pool over the same bricks (--json: the plan as data). The plan
// is glusterd's side (src/mgmt/handover.ts); what heal info and the volume's task say now is
// measured here, where the data path and the task runner may be reached.
import type { Ctx } from '../context.js';
import { runOp } from '../output/emit.js';
import { el } from '../output/xml.js';
import { handoverScript } from '../output/handover-script.js';
import { planHandover, type BrickHeal } from '../../mgmt/handover.js';
import { loadVolume } from '../../mgmt/store.js';
import type { Volume } from '../../mgmt/types.js';
import { ownUsage, ownHelp } from './own-volume-help.js';

/**
 * heal info of a replicated volume, per brick (nothing to say for other types). A stopped volume
 * (as it should be before a handover) is read as if its bricks were up: what is pending is in the
 * bricks' indices and changelogs, whatever brick was down when it stopped.
 */
async function healsOf(v: Volume, home: string): Promise<BrickHeal[]> {
  if (v.replicaCount <= 1) return [];
  const { volumeHealInfo } = await import('../../api/heal.js');
  const { isSplitBrain } = await import('../../xlators/afr/heal-info.js');
  const view: Volume = v.status === 'Started' ? v : { ...v, status: 'Started', bricks: v.bricks.map((b) => ({ ...b, down: undefined })) };
  return volumeHealInfo(view, { home }).map(({ brick, info }) => ({
    brick: `${brick.host}:${brick.path}`,
    entries: info.entries.length,
    splitBrain: info.entries.filter((e) => isSplitBrain(e.status)).length,
    ...(info.error ? { down: true } : {}),
  }));
}

async function runningTask(home: string, vol: string): Promise<string | undefined> {
  const { taskStatus } = await import('../../tasks/runner.js');
  const st = taskStatus(home, vol);
  return st?.alive ? st.record.kind : undefined;
}

export async function run(ctx: Ctx, words: string[]): Promise<number> {
  if (words.length === 1 && (words[0] === 'help' || words[0] === '--help')) return ownHelp(ctx, 'handover');
  const force = words.includes('--force');
  const rest = words.filter((w) => w !== '--force');
  if (rest.length !== 1 || rest[0].startsWith('--')) return ownUsage(ctx, 'handover');
  const name = rest[0];
  return runOp(ctx, { failPrefix: `volume handover: ${name}` }, async () => {
    const v = loadVolume(ctx.home, name);
    const facts = { force, heals: v ? await healsOf(v, ctx.home) : [], runningTask: v ? await runningTask(ctx.home, name) : undefined };
    const plan = planHandover(ctx.home, name, facts);
    const script = handoverScript(plan);
    return {
      text: script,
      xml: [el('volHandover', el('volume', el('name', plan.volume)), el('script', script))],
      json: { handover: plan },
    };
  });
}
