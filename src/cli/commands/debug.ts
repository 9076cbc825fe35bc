// `tgluster debug`: fault injection for rehearsals. Killing a brick only marks it down in the
// volume definition (there is no process to kill): its client xlator then answers ENOTCONN and
// `volume status` shows it offline, until `volume start VOL force` revives it.
import type { Ctx } from '../context.js';
import { runOp } from '../output/emit.js';
import { MgmtError } from '../../mgmt/errors.js';
import { withTransaction } from '../../mgmt/lock.js';
import { loadAllVolumes, requireVolume, saveVolume } from '../../mgmt/store.js';
import { resolveBrickHost } from '../../mgmt/hosts.js';
import type { Brick, Volume } from '../../mgmt/types.js';

const USAGE = 'debug kill-brick <VOLNAME> <HOSTNAME:BRICKPATH> | debug kill-node <HOSTNAME>';

const brickName = (b: Brick) => `${b.host}:${b.path}`;

/** Marks the bricks down and saves; returns their names. */
function markDown(home: string, vol: Volume, pick: (b: Brick) => boolean): string[] {
  const killed: string[] = [];
  for (const b of vol.bricks) {
    if (!pick(b)) continue;
    b.down = true;
    killed.push(brickName(b));
  }
  if (killed.length) saveVolume(home, vol);
  return killed;
}

function killBrick(ctx: Ctx, volName: string, brick: string): Promise<number> {
  return runOp(ctx, { failPrefix: `debug kill-brick: ${volName}` }, async () => {
    await withTransaction(ctx.home, volName, () => {
      const vol = requireVolume(ctx.home, volName);
      if (vol.status !== 'Started') throw new MgmtError(`Volume ${volName} is not started`);
      const target = vol.bricks.find((b) => brickName(b) === brick);
      if (!target) throw new MgmtError(`Incorrect brick ${brick} for volume ${volName}`);
      markDown(ctx.home, vol, (b) => b === target);
    });
    return {
      text: `debug kill-brick: ${volName}: success: brick ${brick} is down\n`,
      json: { volume: { name: volName, killedBricks: [brick] } },
    };
  });
}

function killNode(ctx: Ctx, host: string): Promise<number> {
  return runOp(ctx, { failPrefix: `debug kill-node: ${host}` }, async () => {
    const killed = await withTransaction(ctx.home, 'all', () => {
      const { uuid } = resolveBrickHost(ctx.home, host);
      const out: Array<{ name: string; bricks: string[] }> = [];
      for (const vol of loadAllVolumes(ctx.home)) {
        if (vol.status !== 'Started') continue;
        const bricks = markDown(ctx.home, vol, (b) => b.nodeUuid === uuid && !b.down);
        if (bricks.length) out.push({ name: vol.name, bricks });
      }
      return out;
    });
    const n = killed.reduce((s, v) => s + v.bricks.length, 0);
    return {
      text: `debug kill-node: ${host}: success: ${n} brick${n === 1 ? '' : 's'} down\n`,
      json: { volumes: killed.map((v) => ({ name: v.name, killedBricks: v.bricks })) },
    };
  });
}

export async function run(ctx: Ctx, words: string[]): Promise<number> {
  const [sub, ...args] = words;
  if (sub === 'kill-brick' && args.length === 2) return killBrick(ctx, args[0], args[1]);
  if (sub === 'kill-node' && args.length === 1) return killNode(ctx, args[0]);
  if (sub === 'help' && args.length === 0) {
    ctx.out(
      'debug kill-brick <VOLNAME> <HOSTNAME:BRICKPATH> - mark one brick of a started volume down\n' +
        'debug kill-node <HOSTNAME>                      - mark every brick of a node down\n' +
        '(volume start <VOLNAME> force brings them back)\n',
    );
    return 0;
  }
  ctx.err(`\nUsage:\n${USAGE}\n\n`);
  return 1;
}
