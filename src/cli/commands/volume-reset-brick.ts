// `volume reset-brick VOL SRC start` | `VOL SRC DST commit [force]`: gluster's parse (the operation
// words before the bricks), then glusterd's checks and commit (mgmt/volume-reset-brick).
import type { Ctx } from '../context.js';
import { usageError } from '../usage.js';
import { runOp } from '../output/emit.js';
import { resetBrickCommit, resetBrickStart } from '../../mgmt/volume-reset-brick.js';
import { brickProcesses } from '../../glusterfsd/brick-processes.js';
import { emptyBrickMarker } from '../../api/empty-brick-marks.js';
import { brickShapeProblem } from './brick-words.js';
import { processRunning } from '../volume-task.js';
import type { Volume } from '../../mgmt/types.js';

type Parsed = { start: true; src: string } | { start: false; src: string; dst: string; force: boolean } | { problem?: string };

function parse(w: string[]): Parsed {
  const [, src, third, fourth, fifth] = w;
  const invalid = (what: string) => ({ problem: `Invalid option '${what}' for reset-brick. Please enter valid reset-brick command` });
  const bricks = (list: string[], ok: Parsed): Parsed => {
    const problem = brickShapeProblem(list);
    return problem ? { problem } : ok;
  };
  if (w.length === 3) return third === 'start' ? bricks([src], { start: true, src }) : invalid(third);
  if (w.length === 4) return fourth === 'commit' ? bricks([src, third], { start: false, src, dst: third, force: false }) : invalid(fourth);
  if (w.length === 5) {
    return fourth === 'commit' && fifth === 'force' ? bricks([src, third], { start: false, src, dst: third, force: true }) : invalid(`${fourth} ${fifth}`);
  }
  return {};
}

export async function run(ctx: Ctx, words: string[]): Promise<number> {
  const p = parse(words);
  if (!('start' in p)) return usageError(ctx, 'volume reset-brick', p.problem);
  const name = words[0];
  const message = p.start ? 'reset-brick start operation successful' : `reset-brick commit${p.force ? ' force' : ''} operation successful`;
  return runOp(ctx, { failPrefix: 'volume reset-brick' }, async () => {
    const v: Volume = p.start
      ? await resetBrickStart(ctx.home, name, p.src, processRunning(ctx.home, name))
      : await resetBrickCommit(ctx.home, { name, src: p.src, dst: p.dst, force: p.force, migrating: processRunning(ctx.home, name) }, brickProcesses, emptyBrickMarker(ctx.home));
    return {
      text: `volume reset-brick: success: ${message}\n`,
      xmlOpErrstr: message,
      json: { message, volume: { name: v.name, bricks: v.bricks.map((b) => `${b.host}:${b.path}`) } },
    };
  });
}
