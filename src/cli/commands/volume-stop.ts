// `volume stop <VOLNAME> [force]` (prompts). Bricks have no process here: stopping only
// records the state; data stays on the bricks.
import type { Ctx } from '../context.js';
import { stopVolume } from '../../mgmt/volume-ops.js';
import { processRunning } from '../volume-task.js';
import { usageError } from '../usage.js';
import { runOp } from '../output/emit.js';
import { lifecycleSuccess, parseVolForce } from './volume-lifecycle.js';

export const STOP_QUESTION = 'Stopping volume will make its data inaccessible. Do you want to continue?';

export async function run(ctx: Ctx, words: string[]): Promise<number> {
  const args = parseVolForce(words, true);
  if (!args) return usageError(ctx, 'volume stop');
  // A declined or unanswered prompt ends the command with exit 0, as gluster does.
  if (!(await ctx.confirm(STOP_QUESTION))) return 0;
  const { name, force } = args;
  return runOp(ctx, { failPrefix: `volume stop: ${name}` }, async () => lifecycleSuccess('stop', await stopVolume(ctx.home, name, force, processRunning(ctx.home, name))));
}
