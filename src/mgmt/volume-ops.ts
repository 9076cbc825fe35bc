// glusterd's volume lifecycle as functions that return data: start [force], stop [force],
// delete. The CLI parses and renders; what a starting brick process does to its brick is the
// caller's BrickProcesses (the data path's, so that glusterd does not reach into the xlators).
import { MgmtError } from './errors.js';
import { checkBricksForStart } from './brick-check.js';
import { withTransaction } from './lock.js';
import { removeVolume, requireVolume, saveVolume, listPeers } from './store.js';
import type { Volume } from './types.js';
import { resetBrickRunState } from './run-state.js';

/** What glusterd starts for a volume's bricks (glusterfsd): prepares each brick that comes up. */
export interface BrickProcesses {
  /** `starting`: the volume was not started before (a fresh brick process empties .glusterfs/unlink). */
  start(volume: Volume, starting: boolean): void;
  /** glusterd forgets a volume: whatever the bricks' processes kept for it (locks) goes. */
  forget?(volume: Volume): void;
}

/** Bricks on a node that `debug kill-node` took down stay down until that node comes back. */
function onDeadNode(home: string): (nodeUuid: string) => boolean {
  const dead = new Set(listPeers(home).filter((p) => !p.connected).map((p) => p.uuid));
  return (uuid) => dead.has(uuid);
}

export async function startVolume(home: string, name: string, force: boolean, bricks: BrickProcesses): Promise<Volume> {
  return withTransaction(home, name, () => {
    const v = requireVolume(home, name);
    if (!force && v.status === 'Started') throw new MgmtError(`Volume ${name} already started`);
    const unstartable = checkBricksForStart(v, force);
    // The RDMA transport is not built into this GlusterFS; its brick start fails at commit.
    if (v.transport !== 'tcp') throw new MgmtError('Commit failed on localhost. Please check log file for details.');
    const dead = onDeadNode(home);
    const wasUp = new Set(v.status === 'Started' ? v.bricks.filter((b) => !b.down) : []);
    for (const b of v.bricks) {
      if (unstartable.has(b) || dead(b.nodeUuid)) b.down = true;
      else delete b.down;
    }
    // A brick whose process (re)starts has an empty inode table and counts from zero.
    resetBrickRunState(home, v, v.bricks.filter((b) => !b.down && !wasUp.has(b)));
    bricks.start(v, v.status !== 'Started');
    v.status = 'Started';
    saveVolume(home, v);
    return v;
  });
}

/** `migrating`: a rebalance process (rebalance or remove-brick) runs for the volume now. */
export async function stopVolume(home: string, name: string, force: boolean, migrating = false): Promise<Volume> {
  return withTransaction(home, name, () => {
    const v = requireVolume(home, name);
    if (!force) {
      if (v.status !== 'Started') throw new MgmtError(`Volume ${name} is not in the started state`);
      if (migrating) throw new MgmtError(`rebalance session is in progress for the volume '${name}'`);
    }
    v.status = 'Stopped';
    saveVolume(home, v);
    return v;
  });
}

export async function deleteVolume(home: string, name: string, bricks: Pick<BrickProcesses, 'forget'>): Promise<Volume> {
  return withTransaction(home, name, () => {
    const v = requireVolume(home, name);
    if (v.status === 'Started') {
      throw new MgmtError(`Volume ${name} has been started.Volume needs to be stopped before deletion.`);
    }
    removeVolume(home, name);
    bricks.forget?.(v);
    return v;
  });
}
