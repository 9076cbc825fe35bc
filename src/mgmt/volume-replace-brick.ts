// `volume replace-brick VOL SRC DST commit force` on glusterd's side (glusterd-replace-brick.c):
// its checks in order (every failure with opErrno 0), then the commit that reset-brick shares:
// DST takes SRC's place, brick id and port; SRC's directory is left as it is; on a replicated
// volume DST is marked empty (its root dirty, the set's up members accusing it through AFR's
// trusted.replace-brick) so that heal fills it; a rebalance or remove-brick task on record is
// "reset due to replace-brick".
import type { Brick, Volume } from './types.js';
import { MgmtError } from './errors.js';
import { withTransaction } from './lock.js';
import { loadAllVolumes, loadVolume, saveVolume } from './store.js';
import { BrickCheckError, brickPathLengthProblem, checkBrickAvailable, realPathOrSelf, splitBrick, validateBrickDir, type BrickRef } from './brick-checks.js';
import { BrickJournal } from './create-journal.js';
import { resolveOrUndefined } from './volume-create.js';
import { EMPTY_BRICK_DIRTY, type EmptyBrickMarker } from './volume-add-brick.js';
import type { BrickProcesses } from './volume-ops.js';
import { setXattr } from '../xattr/index.js';
import { gfidToBytes } from '../libglusterfs/uuid.js';
import { resetBrickRunState } from './run-state.js';

/** A glusterd refusal of replace-brick and reset-brick: always opErrno 0. */
export const refuse = (message: string) => new MgmtError(message, 0);

/**
 * The checks replace-brick and reset-brick share; returns the volume and SRC's brick.
 * `migrating`: a rebalance process runs for the volume now.
 */
export function brickOpPrerequisites(home: string, name: string, src: string, migrating: boolean): { v: Volume; old: Brick } {
  const v = loadVolume(home, name);
  if (!v) throw refuse(`Volume ${name} does not exist`);
  if (v.status !== 'Started') throw refuse(`volume: ${name} is not started`);
  if (migrating) {
    throw refuse(`Volume name ${name} rebalance is in progress. Please retry after completion`);
  }
  const { host, path } = splitBrick(src);
  const old = v.bricks.find((b) => b.host === host && b.path === path);
  if (!old) throw refuse(`brick: ${src} does not exist in volume: ${name}`);
  return { v, old };
}

/** DST's directory checked and marked, then DST in SRC's place; a failure undoes DST's changes. */
export function commitReplacement(
  home: string,
  v: Volume,
  old: Brick,
  dst: BrickRef,
  force: boolean,
  why: 'reset due to replace-brick' | 'reset due to reset-brick',
  procs: BrickProcesses,
  marker: EmptyBrickMarker,
): Volume {
  const journal = new BrickJournal();
  try {
    prepareDestination(home, v, dst, force, journal);
    return performReplace(home, v, old, dst, why, procs, marker);
  } catch (e) {
    journal.rollback();
    throw e;
  }
}

/** DST's directory: glusterd's brick checks (force: no mount-point or root-partition check). */
function prepareDestination(home: string, v: Volume, dst: BrickRef, force: boolean, journal: BrickJournal): void {
  try {
    validateBrickDir(dst, { force, volname: v.name, workdir: home, onCreated: (p) => journal.created(p) });
  } catch (e) {
    throw e instanceof BrickCheckError ? refuse(e.detail ?? 'Staging failed on localhost. Please check the log file for more details.') : e;
  }
  journal.snapshot(dst.path);
  setXattr(dst.path, 'trusted.glusterfs.volume-id', gfidToBytes(v.id), force ? 0 : 'create');
}

/**
 * glusterd_op_perform_replace_brick and what follows: DST in SRC's place with SRC's id and port,
 * marked empty on a replicated volume, then started.
 */
function performReplace(
  home: string,
  v: Volume,
  old: Brick,
  dst: BrickRef,
  why: 'reset due to replace-brick' | 'reset due to reset-brick',
  procs: BrickProcesses,
  marker: EmptyBrickMarker,
): Volume {
  const node = resolveOrUndefined(home, dst.host)!;
  const fresh: Brick = { host: dst.host, path: dst.path, brickId: old.brickId, nodeUuid: node.uuid, port: old.port, arbiter: old.arbiter };
  const next: Volume = { ...v, bricks: v.bricks.map((b) => (b === old ? fresh : b)) };
  if (next.task) next.task = { ...next.task, status: why };
  if (v.replicaCount > 1) {
    setXattr(dst.path, 'trusted.afr.dirty', EMPTY_BRICK_DIRTY);
    const view: Volume = { ...next, bricks: next.bricks.map((b) => (b === fresh ? { ...b, down: true } : b)) };
    marker.markEmpty(view, fresh, 'replace-brick');
  }
  // the new (or reset) brick's process starts afresh: empty inode table, counters from zero
  resetBrickRunState(home, next, [fresh]);
  procs.start(next, false);
  saveVolume(home, next);
  return next;
}

export interface ReplaceRequest {
  name: string;
  src: string;
  dst: string;
  /** A rebalance process runs for the volume now. */
  migrating?: boolean;
}

function replaceLocked(home: string, req: ReplaceRequest, procs: BrickProcesses, marker: EmptyBrickMarker): Volume {
  const { v, old } = brickOpPrerequisites(home, req.name, req.src, req.migrating === true);
  if (v.replicaCount === 1 && v.disperseCount === 0) {
    throw refuse('replace-brick is not permitted on distribute only volumes. Please use add-brick and remove-brick operations instead.');
  }
  const dst = splitBrick(req.dst);
  const tooLong = brickPathLengthProblem(home, v.name, dst);
  if (tooLong) throw refuse(tooLong);
  if (!resolveOrUndefined(home, dst.host)) throw refuse(`Host ${dst.host} is not in 'Peer in Cluster' state`);
  const taken = loadAllVolumes(home).flatMap((x) => x.bricks.map((b) => realPathOrSelf(b.path)));
  try {
    checkBrickAvailable(dst, taken);
  } catch (e) {
    throw e instanceof BrickCheckError ? refuse(e.message) : e;
  }
  return commitReplacement(home, v, old, dst, true, 'reset due to replace-brick', procs, marker);
}

export function replaceBrick(home: string, req: ReplaceRequest, procs: BrickProcesses, marker: EmptyBrickMarker): Promise<Volume> {
  return withTransaction(home, req.name, () => replaceLocked(home, req, procs, marker));
}
