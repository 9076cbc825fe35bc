// `volume start <VOLNAME> [force]`: glusterd's start (src/mgmt/volume-ops) with this machine's
// brick processes; force also revives killed bricks.
import type { Ctx } from '../context.js';
import { startVolume } from '../../mgmt/volume-ops.js';
import { brickProcesses } from '../../glusterfsd/brick-processes.js';
import { usageError } from '../usage.js';
import { runOp } from '../output/emit.js';
import { lifecycleSuccess, parseVolForce } from './volume-lifecycle.js';

export async function run(ctx: Ctx, words: string[]): Promise<number> {
  const args = parseVolForce(words, true);
  if (!args) return usageError(ctx, 'volume start');
  const { name, force } = args;
  return runOp(ctx, { failPrefix: `volume start: ${name}` }, async () =>
    lifecycleSuccess('start', await startVolume(ctx.home, name, force, brickProcesses)),
  );
}
