// glusterfsd, as glusterd starts it: what a brick looks like once its process has started and the
// first client has looked up the root (the .glusterfs tree and root gfid of posix's init, the
// root layout of DHT, AFR's anonymous-inode directory). glusterd's operations (src/mgmt) get this
// as their BrickProcesses, so that the management plane never reaches into the data path.
import type { Volume } from '../mgmt/types.js';
import type { BrickProcesses } from '../mgmt/volume-ops.js';
import { BrickInitError, emptyUnlinkDir, initBrick } from '../xlators/posix/brick-init.js';
import { initRootLayout, type RootLayoutPlan } from '../xlators/dht/root-layout.js';
import { MgmtError } from '../mgmt/errors.js';
import { clientVolfile, dhtSubvolumeNames, sharedBrickCount } from '../mgmt/volgen.js';
import { optionsOf } from '../libglusterfs/volfile.js';
import { optionFlag } from '../libglusterfs/cparse.js';
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
    try {
      initBrick(b.path, volume.id);
    } catch (e) {
      // What glusterd reports when a brick process refuses to start.
      if (e instanceof BrickInitError) throw new MgmtError(e.message);
      throw e;
    }
    if (starting) emptyUnlinkDir(b.path);
  }
  initRootLayout(rootLayoutPlan(volume, starting && volume.status === 'Created'));
  // AFR makes its anonymous-inode dir at the first lookup of the root of a started volume,
  // unless it is not to use one (cluster.use-anonymous-inode off, which may be set before start)
  const anon = optionFlag(volume.options.find(([k]) => k === 'cluster.use-anonymous-inode')?.[1], true);
  const running = starting || volume.status === 'Started';
  if (volume.replicaCount > 1 && anon && running) ensureAnonymousInodeDir(up.map((b) => b.path), volume.id);
  // A volume coming up is a good moment to drop lock files of bricks that no longer exist.
  if (starting) sweepLocks();
}

/**
 * The first client's view of the root: DHT's subvolumes and options from the client volfile.
 * `firstStart`: the volume, never started, starts now (see RootLayoutPlan).
 */
export function rootLayoutPlan(volume: Volume, firstStart = false): RootLayoutPlan {
  const dht = clientVolfile(volume).find((x) => x.type === 'cluster/distribute' || x.type === 'cluster/nufa');
  return {
    subvols: dhtSubvolumeNames(volume).map((sv) => ({
      name: sv.name,
      decommissioned: sv.bricks.length > 0 && sv.bricks.every((b) => b.decommissioned),
      bricks: sv.bricks.map((b) => ({ path: b.path, up: !b.down, sharedBy: sharedBrickCount(volume, b) })),
    })),
    options: dht ? optionsOf(dht) : {},
    firstStart,
  };
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
