// `volume add-brick VOL [replica N [arbiter 1]] BRICK... [force]`: parsed as gluster's CLI does
// (mgmt/add-brick-parse), then glusterd's checks and commit (mgmt/volume-add-brick), printed in
// text, --xml or --json.
import type { Ctx } from '../context.js';
import { usageError } from '../usage.js';
import { runOp } from '../output/emit.js';
import { el } from '../output/xml.js';
import { parseAddBrick } from '../../mgmt/add-brick-parse.js';
import { addBricks } from '../../mgmt/volume-add-brick.js';
import { brickProcesses } from '../../glusterfsd/brick-processes.js';
import { emptyBrickMarker } from '../../api/empty-brick-marks.js';
import { processRunning } from '../volume-task.js';

export async function run(ctx: Ctx, words: string[]): Promise<number> {
  const parsed = await parseAddBrick(words, ctx.confirm);
  if (!parsed.ok) return usageError(ctx, 'volume add-brick', parsed.lines.length ? parsed.lines.join('\n') : undefined);
  for (const w of parsed.warnings) ctx.err(`${w}\n`);
  // --wignore makes the CLI send force.
  const req = ctx.wignore ? { ...parsed.request, force: true } : parsed.request;
  const cliOp = el('cliOp', 'volAddBrick');
  return runOp(ctx, { failPrefix: 'volume add-brick', failXml: (m) => [cliOp, el('output', m)] }, async () => {
    const { volume } = await addBricks(ctx.home, req, brickProcesses, emptyBrickMarker(ctx.home), processRunning(ctx.home, req.name));
    return {
      text: 'volume add-brick: success\n',
      xml: [cliOp, el('output', 'Add Brick successful')],
      json: {
        message: 'volume add-brick: success',
        volume: { name: volume.name, type: volume.type, replicaCount: volume.replicaCount, bricks: volume.bricks.map((b) => `${b.host}:${b.path}`) },
      },
    };
  });
}
