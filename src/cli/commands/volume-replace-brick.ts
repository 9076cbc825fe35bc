// `volume replace-brick VOL SRC DST commit force` (the only form 10.3 has): gluster's parse, then
// glusterd's checks and commit (mgmt/volume-replace-brick), in text, --xml or --json.
import type { Ctx } from '../context.js';
import { usageError } from '../usage.js';
import { runOp } from '../output/emit.js';
import { replaceBrick } from '../../mgmt/volume-replace-brick.js';
import { brickProcesses } from '../../glusterfsd/brick-processes.js';
import { emptyBrickMarker } from '../../api/empty-brick-marks.js';
import { brickShapeProblem } from './brick-words.js';
import { processRunning } from '../volume-task.js';

export async function run(ctx: Ctx, words: string[]): Promise<number> {
  if (words.length !== 5) return usageError(ctx, 'volume replace-brick');
  const [name, src, dst, op, force] = words;
  const shape = brickShapeProblem([src, dst]);
  if (shape) return usageError(ctx, 'volume replace-brick', shape);
  if (op !== 'commit' || force !== 'force') {
    return usageError(ctx, 'volume replace-brick', `Invalid option '${op}' '${force}' for replace-brick. Please enter valid replace-brick command`);
  }
  const message = 'replace-brick commit force operation successful';
  return runOp(ctx, { failPrefix: 'volume replace-brick' }, async () => {
    const v = await replaceBrick(ctx.home, { name, src, dst, migrating: processRunning(ctx.home, name) }, brickProcesses, emptyBrickMarker(ctx.home));
    return {
      text: `volume replace-brick: success: ${message}\n`,
      xmlOpErrstr: message,
      json: { message, volume: { name: v.name, bricks: v.bricks.map((b) => `${b.host}:${b.path}`) } },
    };
  });
}
