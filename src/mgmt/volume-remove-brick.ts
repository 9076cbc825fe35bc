// `volume remove-brick` on glusterd's side (glusterd-brick-ops.c, glusterd-rebalance.c): the
// handler's checks (opErrno 0), the stage checks (30800) and what each operation does.
//   start   the bricks are decommissioned (DHT gives their subvolumes no range) and a task is
//           recorded; the caller then runs the migration (a rebalance process in remove-brick mode)
//   status  / stop   through glusterd's rebalance path; stop forgets the task and the bricks are
//           back in service (what moved stays moved)
//   commit  (after a migration that completed without failures) and force (any time, no
//           migration): the bricks leave the volume; nothing is done to their directories.
// Brick ids are never renumbered.
import { randomUUID } from 'node:crypto';
import type { Brick, Volume, VolumeTask } from './types.js';
import { MgmtError } from './errors.js';
import { withTransaction } from './lock.js';
import { loadVolume, saveVolume } from './store.js';
import { resolveOrUndefined } from './volume-create.js';
import { splitBrick } from './brick-checks.js';
import { displayType, legSize, markArbiters } from './volume-shape.js';
import type { RemoveBrickRequest } from './remove-brick-parse.js';

/** What the rebalance process of the volume's task tells glusterd (tasks/ knows it). */
export interface MigrationState {
  /** A rebalance process runs for the volume now. */
  running: boolean;
  /** How the last remove-brick migration ended, with its failures and skipped files. */
  status?: 'in progress' | 'completed' | 'failed';
  failures: number;
  skipped: number;
}

const handler = (m: string) => new MgmtError(m, 0);

/** The volume's bricks the request names, matched by node and path (so any alias of the node). */
function namedBricks(home: string, v: Volume, bricks: string[], incorrect: (b: string) => MgmtError): Brick[] {
  return bricks.map((text) => {
    const { host, path } = splitBrick(text);
    const node = resolveOrUndefined(home, host);
    const b = v.bricks.find((x) => x.path === path && node !== undefined && x.nodeUuid === node.uuid);
    if (!b) throw incorrect(text);
    return b;
  });
}

/**
 * __glusterd_handle_remove_brick: the counts, the sets, the arbiters. Returns the volume, the
 * bricks in command order, and the replica count the commit leaves (a reduction only).
 */
function handlerChecks(home: string, req: RemoveBrickRequest): { v: Volume; bricks: Brick[]; reduceTo?: number } {
  const v = loadVolume(home, req.name);
  if (!v) throw handler(`Volume ${req.name} does not exist`);
  const c = req.bricks.length;
  const R = v.replicaCount;
  let reduceTo: number | undefined;
  if (req.replica !== undefined) {
    const N = req.replica;
    if (R === 1) throw handler(`replica count (${N}) option given for non replicate volume ${v.name}`);
    if (N > R) throw handler(`given replica count (${N}) option is more than volume ${v.name}'s replica count (${R})`);
    if (N === R) {
      if (c % legSize(v)) throw handler(`number of bricks provided (${c}) is not valid. need at least ${legSize(v)} (or ${legSize(v)}xN)`);
    } else {
      const nodes = (v.bricks.length / R) * (R - N);
      if (c % nodes) throw handler(`need ${nodes}(xN) bricks for reducing replica count of the volume from ${R} to ${N}`);
      reduceTo = N;
    }
  }
  const leg = legSize(v);
  if (reduceTo === undefined && R > 1 && v.bricks.length === leg) {
    throw handler('Removing bricks from replicate configuration is not allowed without reducing replica count explicitly.');
  }
  if (reduceTo === undefined && leg > 1 && c % leg) {
    throw handler(`Remove brick incorrect brick count of ${c} for ${v.disperseCount > 0 ? 'disperse' : 'replica'} ${leg}`);
  }
  const bricks = namedBricks(home, v, req.bricks, (b) => handler(`Incorrect brick ${b} for volume ${v.name}`));
  if (leg > 1 && v.bricks.length > leg) {
    const perSet = new Map<number, number>();
    for (const b of bricks) {
      const set = Math.floor(v.bricks.indexOf(b) / leg);
      perSet.set(set, (perSet.get(set) ?? 0) + 1);
    }
    if (reduceTo !== undefined) {
      const want = R - reduceTo;
      for (let s = 0; s * leg < v.bricks.length; s++) {
        if ((perSet.get(s) ?? 0) !== want) throw handler(`Remove exactly ${want} brick(s) from each subvolume.`);
      }
    } else if ([...perSet.values()].some((n) => n % leg !== 0)) {
      throw handler(`Bricks not from same subvol for ${v.disperseCount > 0 ? 'disperse' : 'replica'}`);
    }
  }
  if (reduceTo !== undefined && v.arbiterCount > 0) {
    const isArbiter = (b: Brick) => v.bricks.indexOf(b) % R === R - 1;
    if (reduceTo === 2 && !bricks.every(isArbiter)) throw handler('Remove arbiter brick(s) only when converting from arbiter to replica 2 subvolume.');
    if (reduceTo === 1 && bricks.filter(isArbiter).length !== v.bricks.length / R) {
      throw handler('Removed bricks must contain arbiter when converting to plain distribute.');
    }
  }
  return { v, bricks, reduceTo };
}

/** glusterd_op_stage_remove_brick for start, commit and force. */
function stageChecks(home: string, req: RemoveBrickRequest, v: Volume, reduceTo: number | undefined, m: MigrationState): void {
  if (req.bricks.length === v.bricks.length) throw new MgmtError('Deleting all the bricks of the volume is not allowed');
  const incorrect = (b: string) => new MgmtError(`Incorrect brick ${b} for volume ${v.name}`);
  if (req.op === 'start') {
    if (reduceTo !== undefined) throw new MgmtError("Migration of data is not needed when reducing replica count. Use the 'force' option");
    if (v.status !== 'Started') {
      throw new MgmtError(`Volume ${v.name} needs to be started before remove-brick (you can use 'force' or 'commit' to override this behavior)`);
    }
    if (v.task?.kind === 'remove-brick') {
      throw new MgmtError(`An earlier remove-brick task exists for volume ${v.name}. Either commit it or stop it before starting a new task.`);
    }
    if (m.running) throw new MgmtError('Rebalance is in progress. Please retry after completion');
    const bricks = namedBricks(home, v, req.bricks, incorrect);
    const down = bricks.findIndex((b) => b.down);
    if (down >= 0) throw new MgmtError(`Found stopped brick ${req.bricks[down]}. Use force option to remove the offline brick`);
  } else if (req.op === 'commit') {
    if (v.task?.kind === 'remove-brick') {
      if (m.running) throw new MgmtError("use 'force' option as migration is in progress");
      if (m.status === 'failed') throw new MgmtError("use 'force' option as migration has failed");
      if (m.failures > 0 || m.skipped > 0) throw new MgmtError("use 'force' option as migration of some files might have been skipped or has failed");
    }
    const bricks = namedBricks(home, v, req.bricks, incorrect);
    const kept = bricks.findIndex((b) => !b.decommissioned);
    if (kept >= 0) throw new MgmtError(`Brick ${req.bricks[kept]} is not decommissioned. Use start or force option`);
  }
}

/** Non-replicate volumes get client-io-threads on, first among the options, as glusterd sets it. */
function withIoThreads(v: Volume): Array<[string, string]> {
  if (v.replicaCount > 1) return v.options;
  return [['performance.client-io-threads', 'on'], ...v.options.filter(([k]) => k !== 'performance.client-io-threads')];
}

/** start: the checks, then the bricks decommissioned and the task recorded. */
export function beginRemoveBrick(home: string, req: RemoveBrickRequest, m: MigrationState): Promise<{ volume: Volume; task: VolumeTask }> {
  return withTransaction(home, req.name, () => {
    const { v, bricks, reduceTo } = handlerChecks(home, req);
    stageChecks(home, req, v, reduceTo, m);
    const task: VolumeTask = { kind: 'remove-brick', id: randomUUID(), status: 'in progress', removedBricks: req.bricks };
    const next: Volume = { ...v, task, bricks: v.bricks.map((b) => (bricks.includes(b) ? { ...b, decommissioned: true } : b)) };
    next.options = withIoThreads(next);
    saveVolume(home, next);
    return { volume: next, task };
  });
}

/** commit and force: the bricks leave the volume; returns the new volume and the task it ended. */
export function commitRemoveBrick(home: string, req: RemoveBrickRequest, m: MigrationState): Promise<{ volume: Volume; taskId?: string }> {
  return withTransaction(home, req.name, () => {
    const { v, bricks, reduceTo } = handlerChecks(home, req);
    stageChecks(home, req, v, reduceTo, m);
    const taskId = v.task?.kind === 'remove-brick' ? v.task.id : undefined;
    const next: Volume = { ...v, bricks: v.bricks.filter((b) => !bricks.includes(b)) };
    if (taskId) delete next.task;
    if (reduceTo !== undefined) {
      next.replicaCount = reduceTo;
      next.arbiterCount = 0;
    }
    markArbiters(next);
    next.type = displayType(next);
    next.options = withIoThreads(next);
    saveVolume(home, next);
    return { volume: next, taskId };
  });
}

/** status and stop go through glusterd's rebalance checks; returns the task. */
export function stageRemoveBrickReport(home: string, req: RemoveBrickRequest): { volume: Volume; task: VolumeTask } {
  const v = loadVolume(home, req.name);
  if (!v) throw new MgmtError(`Volume ${req.name} does not exist`);
  if (v.bricks.length <= legSize(v)) {
    throw new MgmtError(`Volume ${v.name} is not a distribute volume or contains only 1 brick.\nNot performing rebalance`);
  }
  if (v.status !== 'Started') throw new MgmtError(`Volume ${v.name} needs to be started to perform rebalance`);
  if (v.task?.kind !== 'remove-brick') throw new MgmtError(`remove-brick not started for volume ${v.name}.`);
  const bad = () => new MgmtError(`Incorrect brick for volume ${v.name}`);
  if (namedBricks(home, v, req.bricks, bad).some((b) => !b.decommissioned)) throw bad();
  return { volume: v, task: v.task };
}

/** stop, once the migration has stopped: the task is forgotten and the bricks are back in service. */
export function forgetRemoveBrick(home: string, name: string, id: string): Promise<void> {
  return withTransaction(home, name, () => {
    const v = loadVolume(home, name);
    if (!v || v.task?.id !== id) return;
    const next: Volume = { ...v, bricks: v.bricks.map(({ decommissioned: _d, ...b }) => b) };
    delete next.task;
    saveVolume(home, next);
  });
}
