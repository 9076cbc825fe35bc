// `volume delete <VOLNAME>` (prompts before any check). Forgets the volume; the bricks keep
// their data and their trusted.glusterfs.volume-id, as with gluster (a later create over them
// needs force).
import type { Ctx } from '../context.js';
import { deleteVolume } from '../../mgmt/volume-ops.js';
import { brickProcesses } from '../../glusterfsd/brick-processes.js';
import { usageError } from '../usage.js';
import { runOp } from '../output/emit.js';
import { lifecycleSuccess, parseVolForce } from './volume-lifecycle.js';

export const DELETE_QUESTION = 'Deleting volume will erase all information about the volume. Do you want to continue?';

export async function run(ctx: Ctx, words: string[]): Promise<number> {
  const args = parseVolForce(words, false);
  if (!args) return usageError(ctx, 'volume delete');
  if (!(await ctx.confirm(DELETE_QUESTION))) return 0;
  const { name } = args;
  return runOp(ctx, { failPrefix: `volume delete: ${name}` }, async () =>
    lifecycleSuccess('delete', await deleteVolume(ctx.home, name, brickProcesses)),
  );
}
