// `tgluster debug`: fault injection for rehearsals (src/mgmt/faults). Killing a brick only marks
// it down in the volume definition (there is no process to kill): its client xlator then answers
// ENOTCONN and `volume status` shows it offline, until `volume start VOL force` revives it. A
// killed node is Disconnected in `peer status` and its bricks stay down until `debug revive-node`.
import type { Ctx } from '../context.js';
import { runOp } from '../output/emit.js';
import { killBrick, killNode, reviveNode, type VolumeBricks } from '../../mgmt/faults.js';
import { brickProcesses } from '../../glusterfsd/brick-processes.js';

const USAGE =
  'debug kill-brick <VOLNAME> <HOSTNAME:BRICKPATH> | debug kill-node <HOSTNAME> | debug revive-node <HOSTNAME> | debug crawl <VOLNAME> {start [--wait]|status|stop}';

export const DEBUG_HELP =
  'debug kill-brick <VOLNAME> <HOSTNAME:BRICKPATH> - kill one brick of a started volume (as kill -9 of its process)\n' +
  'debug kill-node <HOSTNAME>                      - kill a node: its peer is Disconnected, every brick of it down\n' +
  'debug revive-node <HOSTNAME>                    - the node comes back: Connected, its bricks started again\n' +
  'debug crawl <VOLNAME> start [--wait]            - walk the volume as a background task (counts dirs, files, bytes)\n' +
  'debug crawl <VOLNAME> status|stop               - show or stop it; a stopped or killed crawl resumes on start\n' +
  '(volume start <VOLNAME> force revives killed bricks, except those of a killed node)\n';

function nodeOp(ctx: Ctx, op: 'kill-node' | 'revive-node', host: string, act: () => Promise<VolumeBricks[]>): Promise<number> {
  return runOp(ctx, { failPrefix: `debug ${op}: ${host}` }, async () => {
    const changed = await act();
    const n = changed.reduce((s, v) => s + v.bricks.length, 0);
    const key = op === 'kill-node' ? 'killedBricks' : 'revivedBricks';
    return {
      text: `debug ${op}: ${host}: success: ${n} brick${n === 1 ? '' : 's'} ${op === 'kill-node' ? 'down' : 'up'}\n`,
      json: { volumes: changed.map((v) => ({ name: v.name, [key]: v.bricks })) },
    };
  });
}

export async function run(ctx: Ctx, words: string[]): Promise<number> {
  const [sub, ...args] = words;
  if (sub === 'kill-brick' && args.length === 2) {
    const [vol, brick] = args;
    return runOp(ctx, { failPrefix: `debug kill-brick: ${vol}` }, async () => {
      const r = await killBrick(ctx.home, vol, brick);
      return { text: `debug kill-brick: ${vol}: success: brick ${brick} is down\n`, json: { volume: { name: r.name, killedBricks: r.bricks } } };
    });
  }
  if (sub === 'kill-node' && args.length === 1) return nodeOp(ctx, sub, args[0], () => killNode(ctx.home, args[0]));
  if (sub === 'revive-node' && args.length === 1) return nodeOp(ctx, sub, args[0], () => reviveNode(ctx.home, args[0], brickProcesses));
  if (sub === 'crawl' && (args.length === 2 || (args.length === 3 && args[1] === 'start' && args[2] === '--wait'))) {
    const [vol, op] = args;
    if (op === 'start' || op === 'status' || op === 'stop') return (await import('./debug-crawl.js')).run(ctx, vol, op, args[2] === '--wait');
  }
  if (sub === 'help' && args.length === 0) {
    ctx.out(DEBUG_HELP);
    return 0;
  }
  ctx.err(`\nUsage:\n${USAGE}\n\n`);
  return 1;
}
