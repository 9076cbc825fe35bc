// `volume start <VOLNAME> [force]`. There are no brick processes: starting records the state,
// brings every brick "up" (force also revives killed bricks) and prepares the bricks the way a
// starting brick process would (.glusterfs tree, root gfid, root layout).
import type { Ctx } from '../context.js';
import { withTransaction } from '../../mgmt/lock.js';
import { requireVolume, saveVolume } from '../../mgmt/store.js';
import { MgmtError } from '../../mgmt/errors.js';
import { checkBricksForStart } from '../../mgmt/brick-check.js';
import { prepareVolumeBricks } from '../../xlators/volume-prep.js';
import { usageError } from '../usage.js';
import { runOp } from '../output/emit.js';
import { lifecycleSuccess, parseVolForce } from './volume-lifecycle.js';

export async function run(ctx: Ctx, words: string[]): Promise<number> {
  const args = parseVolForce(words, true);
  if (!args) return usageError(ctx, 'volume start');
  const { name, force } = args;
  return runOp(ctx, { failPrefix: `volume start: ${name}` }, async () => {
    const vol = await withTransaction(ctx.home, name, () => {
      const v = requireVolume(ctx.home, name);
      if (!force && v.status === 'Started') throw new MgmtError(`Volume ${name} already started`);
      const unstartable = checkBricksForStart(v, force);
      // The RDMA transport is not built into this GlusterFS; its brick start fails at commit.
      if (v.transport !== 'tcp') throw new MgmtError('Commit failed on localhost. Please check log file for details.');
      for (const b of v.bricks) {
        if (unstartable.has(b)) b.down = true;
        else delete b.down;
      }
      prepareVolumeBricks(v, v.status !== 'Started');
      v.status = 'Started';
      saveVolume(ctx.home, v);
      return v;
    });
    return lifecycleSuccess('start', vol);
  });
}
