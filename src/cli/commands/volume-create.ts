// `volume create`: parse as gluster's CLI does (prompts included), then glusterd's checks and
// commit (src/mgmt/volume-create.ts), printed in text, --xml or --json.
import type { Ctx } from '../context.js';
import { usageError } from '../usage.js';
import { printFailure, printSuccess, asFailure } from '../output/emit.js';
import { cliOutputXml, el } from '../output/xml.js';
import { parseCreate } from '../../mgmt/create-parse.js';
import { createVolume } from '../../mgmt/volume-create.js';
import { brickProcesses } from '../../glusterfsd/brick-processes.js';
import { thinArbiterJson } from '../output/volume-info.js';

/** Printed (stderr) whenever the GlusterFS 3.x `stripe` keyword is used. */
export const STRIPE_DEPRECATION =
  'Warning: stripe volumes are deprecated (removed in GlusterFS 6); tgluster accepts them as GlusterFS 3.x did. ' +
  'Use sharding instead: volume set <VOLNAME> features.shard on\n';

export async function run(ctx: Ctx, words: string[]): Promise<number> {
  const parsed = await parseCreate(words, ctx.confirm);
  if (!parsed.ok) return usageError(ctx, 'volume create', parsed.lines.length ? parsed.lines.join('\n') : undefined);
  for (const w of parsed.warnings) ctx.err(`${w}\n`);
  // --wignore makes the CLI send force (the replica 2 question above is still asked).
  const req = ctx.wignore ? { ...parsed.request, force: true } : parsed.request;
  if (req.kind === 'stripe') ctx.err(STRIPE_DEPRECATION);

  const label = { failPrefix: `volume create: ${req.name}` };
  let result;
  try {
    result = await createVolume(ctx.home, req, brickProcesses);
  } catch (e) {
    const f = asFailure(e);
    if (!f) throw e;
    return printFailure(ctx, label, f);
  }
  const { volume, notice } = result;
  const body = [el('volCreate', el('volume', el('name', volume.name), el('id', volume.id)))];
  if (ctx.format === 'xml' && notice) {
    // glusterd still reports what force overrode, in opErrstr of a successful reply.
    ctx.out(cliOutputXml(0, 0, notice, body));
    return 0;
  }
  const text = `volume create: ${volume.name}: success: please start the volume to access data\n`;
  return printSuccess(ctx, {
    text,
    xml: body,
    json: {
      message: text.trimEnd(),
      volume: {
        name: volume.name,
        id: volume.id,
        type: volume.type,
        status: volume.status,
        transport: volume.transport,
        bricks: volume.bricks.map((b) => ({
          name: `${b.host}:${b.path}`,
          host: b.host,
          path: b.path,
          hostUuid: b.nodeUuid,
          isArbiter: b.arbiter,
        })),
        ...thinArbiterJson(volume),
      },
      ...(notice ? { notice } : {}),
    },
  });
}
