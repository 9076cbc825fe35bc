// `volume reset-brick VOL SRC start` and `VOL SRC DST commit [force]` on glusterd's side
// (glusterd-reset-brick.c): start kills the brick's process; commit, once it is down, checks that
// DST is that same brick again (a new one belongs to replace-brick) and makes it the brick anew
// the way replace-brick does, marks for heal included. Every failure has opErrno 0.
import type { Volume } from './types.js';
import { withTransaction } from './lock.js';
import { saveVolume } from './store.js';
import { brickPathLengthProblem, pathsNest, realPathOrSelf, splitBrick } from './brick-checks.js';
import { resolveOrUndefined } from './volume-create.js';
import { brickOpPrerequisites, commitReplacement, refuse } from './volume-replace-brick.js';
import type { EmptyBrickMarker } from './volume-add-brick.js';
import type { BrickProcesses } from './volume-ops.js';
import { getXattrOpt } from '../xattr/index.js';

export function resetBrickStart(home: string, name: string, src: string, migrating = false): Promise<Volume> {
  return withTransaction(home, name, () => {
    const { v, old } = brickOpPrerequisites(home, name, src, migrating);
    const next: Volume = { ...v, bricks: v.bricks.map((b) => (b === old ? { ...b, down: true } : b)) };
    saveVolume(home, next);
    return next;
  });
}

export interface ResetCommitRequest {
  name: string;
  src: string;
  dst: string;
  force: boolean;
  /** A rebalance process runs for the volume now. */
  migrating?: boolean;
}

const hasVolumeId = (p: string): boolean => {
  try {
    return getXattrOpt(p, 'trusted.glusterfs.volume-id') !== undefined;
  } catch {
    return false;
  }
};

function commitLocked(home: string, req: ResetCommitRequest, procs: BrickProcesses, marker: EmptyBrickMarker): Volume {
  const { v, old } = brickOpPrerequisites(home, req.name, req.src, req.migrating === true);
  const dst = splitBrick(req.dst);
  const tooLong = brickPathLengthProblem(home, v.name, dst);
  if (tooLong) throw refuse(tooLong);
  const node = resolveOrUndefined(home, dst.host);
  if (!node) throw refuse(`Host ${dst.host} is not in 'Peer in Cluster' state`);
  // glusterd only asks that DST overlap some brick of the volume (normally: is SRC's path).
  const real = realPathOrSelf(dst.path);
  if (!v.bricks.some((b) => pathsNest(realPathOrSelf(b.path), real))) {
    throw refuse('When destination brick is new, please use gluster volume replace-brick <volname> <src-brick> <dst-brick> commit force');
  }
  if (!old.down) throw refuse('Source brick must be stopped. Please use gluster volume reset-brick <volname> <dst-brick> start.');
  if (node.uuid !== old.nodeUuid || (hasVolumeId(dst.path) && !req.force)) {
    throw refuse("Brick not available.It may be containing or be contained by an existing brick.Use 'force' option to override this.");
  }
  return commitReplacement(home, v, old, dst, req.force, 'reset due to reset-brick', procs, marker);
}

export function resetBrickCommit(home: string, req: ResetCommitRequest, procs: BrickProcesses, marker: EmptyBrickMarker): Promise<Volume> {
  return withTransaction(home, req.name, () => commitLocked(home, req, procs, marker));
}
