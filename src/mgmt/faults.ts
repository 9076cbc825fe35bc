// Fault injection for rehearsals (tgluster's `debug` commands), as glusterd would see the faults:
// a killed brick process (its brick Online N until `volume start VOL force`), a dead node (peer
// Disconnected, all its bricks down, and they stay down through `start force` until the node is
// revived, as a node's bricks come back only with its glusterd).
import { MgmtError } from './errors.js';
import { resolveBrickHost } from './hosts.js';
import { withTransaction } from './lock.js';
import { checkBricksForStart } from './brick-check.js';
import { listPeers, loadAllVolumes, requireVolume, savePeer, saveVolume } from './store.js';
import type { Brick, Volume } from './types.js';
import type { BrickProcesses } from './volume-ops.js';
import { resetBrickRunState } from './run-state.js';

export const brickName = (b: Brick): string => `${b.host}:${b.path}`;

/** The bricks of each volume that a kill or revival touched. */
export interface VolumeBricks {
  name: string;
  bricks: string[];
}

export async function killBrick(home: string, volName: string, brick: string): Promise<VolumeBricks> {
  return withTransaction(home, volName, () => {
    const vol = requireVolume(home, volName);
    if (vol.status !== 'Started') throw new MgmtError(`Volume ${volName} is not started`);
    const target = vol.bricks.find((b) => brickName(b) === brick);
    if (!target) throw new MgmtError(`Incorrect brick ${brick} for volume ${volName}`);
    target.down = true;
    saveVolume(home, vol);
    return { name: volName, bricks: [brick] };
  });
}

/** Sets `down` on the picked bricks of every started volume; returns what changed. */
function eachStarted(home: string, pick: (b: Brick) => boolean, down: boolean, after?: (v: Volume, changed: Brick[]) => void): VolumeBricks[] {
  const out: VolumeBricks[] = [];
  for (const vol of loadAllVolumes(home)) {
    if (vol.status !== 'Started') continue;
    const changed = vol.bricks.filter((b) => pick(b) && !!b.down !== down);
    if (!changed.length) continue;
    for (const b of changed) {
      if (down) b.down = true;
      else delete b.down;
    }
    after?.(vol, changed);
    saveVolume(home, vol);
    out.push({ name: vol.name, bricks: changed.map(brickName) });
  }
  return out;
}

/** The node's uuid and, for an emulated peer, marks it (dis)connected. */
function setNode(home: string, host: string, connected: boolean): string {
  const { uuid } = resolveBrickHost(home, host);
  const peer = listPeers(home).find((p) => p.uuid === uuid);
  if (peer && peer.connected !== connected) savePeer(home, { ...peer, connected });
  return uuid;
}

export async function killNode(home: string, host: string): Promise<VolumeBricks[]> {
  return withTransaction(home, 'all', () => {
    const uuid = setNode(home, host, false);
    return eachStarted(home, (b) => b.nodeUuid === uuid, true);
  });
}

/**
 * The node's glusterd comes back: the peer is Connected again and the bricks it hosts in started
 * volumes are started (the local node has no peer entry: only its bricks come back).
 */
export async function reviveNode(home: string, host: string, bricks: BrickProcesses): Promise<VolumeBricks[]> {
  return withTransaction(home, 'all', () => {
    const uuid = setNode(home, host, true);
    // A brick whose directory is gone stays down, as its process would fail to start.
    const missing = new Set(loadAllVolumes(home).flatMap((v) => [...checkBricksForStart(v, true)]).map(brickName));
    return eachStarted(home, (b) => b.nodeUuid === uuid && !missing.has(brickName(b)), false, (v, revived) => {
      // their processes start afresh: an empty inode table, counters from zero
      resetBrickRunState(home, v, revived);
      bricks.start(v, false);
    });
  });
}
