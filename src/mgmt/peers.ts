// Emulated peers: `peer probe` of any name that is not this machine adds a peer node (its own
// uuid, always "Peer in Cluster (Connected)") whose bricks are directories on this machine.
import { randomUUID } from 'node:crypto';
import { MgmtError } from './errors.js';
import { findPeerByHost, isLocalHost } from './hosts.js';
import { loadAllVolumes, removePeer, savePeer } from './store.js';
import type { Peer } from './types.js';

/** glusterd's gf_probe_resp / gf_deprobe_resp codes, reported as opErrno in XML. */
export const GF_PROBE_LOCALHOST = 1;
export const GF_PROBE_FRIEND = 2;
export const GF_DEPROBE_LOCALHOST = 1;
export const GF_DEPROBE_NOT_FRIEND = 2;
export const GF_DEPROBE_BRICK_EXIST = 3;
const ENOTCONN = 107;

export interface ProbeResult {
  message: string;
  /** 0 for a new peer, GF_PROBE_LOCALHOST / GF_PROBE_FRIEND otherwise (still a success). */
  opErrno: number;
  peer?: Peer;
}

/** `.invalid` (RFC 2606) never resolves: such a probe fails as an unreachable host does. */
function unreachable(host: string): boolean {
  return /\.invalid\.?$/i.test(host) || host.length === 0;
}

/** Call inside withTransaction. */
export function probePeer(home: string, host: string): ProbeResult {
  if (isLocalHost(host)) return { message: 'Probe on localhost not needed', opErrno: GF_PROBE_LOCALHOST };
  const known = findPeerByHost(home, host);
  if (known) return { message: `Host ${host} port 24007 already in peer list`, opErrno: GF_PROBE_FRIEND, peer: known };
  if (unreachable(host)) throw new MgmtError('Probe returned with Transport endpoint is not connected', ENOTCONN);
  const peer: Peer = { uuid: randomUUID(), hostname: host, state: 'Peer in Cluster', connected: true };
  savePeer(home, peer);
  return { message: 'success', opErrno: 0, peer };
}

/** Call inside withTransaction. A peer that still hosts bricks cannot leave, even with force. */
export function detachPeer(home: string, host: string): Peer {
  if (isLocalHost(host)) throw new MgmtError(`${host} is localhost`, GF_DEPROBE_LOCALHOST);
  const peer = findPeerByHost(home, host);
  if (!peer) throw new MgmtError(`${host} is not part of cluster`, GF_DEPROBE_NOT_FRIEND);
  if (loadAllVolumes(home).some((v) => v.bricks.some((b) => b.nodeUuid === peer.uuid))) {
    throw new MgmtError(
      `Peer ${host} hosts one or more bricks. If the peer is in not recoverable state then use either replace-brick or remove-brick command with force to remove all bricks from the peer and attempt the peer detach again.`,
      GF_DEPROBE_BRICK_EXIST,
    );
  }
  removePeer(home, peer.uuid);
  return peer;
}
