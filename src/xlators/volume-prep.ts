// What a brick looks like before any client writes to it: what glusterd writes at
// `volume create`/`add-brick` plus what the brick process and the first client lookup create
// (ondisk.md §2.1, §7.4). Called by volume create, add-brick and start.
import type { Volume } from '../mgmt/types.js';
import { emptyUnlinkDir, initBrick } from './posix/brick-init.js';
import { initRootLayout } from './dht/root-layout.js';
import { ensureAnonymousInodeDir } from './afr/anonymous-inode.js';

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
