// glusterfsd, as glusterd starts it: what a brick looks like once its process has started and the
// first client has looked up the root (the .glusterfs tree and root gfid of posix's init, the
// root layout of DHT, AFR's anonymous-inode directory). glusterd's operations (src/mgmt) get this
// as their BrickProcesses, so that the management plane never reaches into the data path.
import type { Volume } from '../mgmt/types.js';
import type { BrickProcesses } from '../mgmt/volume-ops.js';
import { emptyUnlinkDir, initBrick } from '../xlators/posix/brick-init.js';
import { initRootLayout } from '../xlators/dht/root-layout.js';
import { ensureAnonymousInodeDir } from '../xlators/afr/anonymous-inode.js';
import { forgetBrickLocks, sweepLocks } from '../xlators/locks/index.js';
import { realpathOr } from '../fsutil/realpath.js';

/**
 * Prepares every brick of the volume (idempotent: safe on adopted or already prepared bricks).
 * `starting`: the volume was stopped and starts now, so its bricks' .glusterfs/unlink is emptied
 * as a starting brick process empties it (never on `start force` of a started volume, whose
 * clients may be staging creates there).
 */
export function prepareVolumeBricks(volume: Volume, starting = false): void {
  // A down brick has no process to create anything (start force skips a missing brick dir).
  const up = volume.bricks.filter((b) => !b.down);
  for (const b of up) {
    initBrick(b.path, volume.id);
    if (starting) emptyUnlinkDir(b.path);
  }
  initRootLayout(volume);
  if (volume.replicaCount > 1) ensureAnonymousInodeDir({ ...volume, bricks: up });
}

/** The brick processes of this machine, as glusterd's operations drive them. */
export const brickProcesses: BrickProcesses = {
  start: prepareVolumeBricks,
  /** A deleted volume's bricks are nobody's any more: their lock files go, with any orphans. */
  forget(volume: Volume): void {
    for (const b of volume.bricks) forgetBrickLocks(realpathOr(b.path));
    sweepLocks();
  },
};
