// The volume definition: what glusterd keeps in /var/lib/glusterd/vols/<VOL>/.
export type VolumeType =
  | 'Distribute'
  | 'Replicate'
  | 'Distributed-Replicate'
  | 'Disperse'
  | 'Distributed-Disperse'
  | 'Stripe'
  | 'Distributed-Stripe';

export type VolumeStatus = 'Created' | 'Started' | 'Stopped';

export interface Brick {
  /** Host name as the user typed it (server1, an emulated peer name, ...). */
  host: string;
  /** Absolute brick directory path on this machine. */
  path: string;
  /** Global brick number N: the brick is `<VOL>-client-N`; never renumbered. */
  brickId: number;
  /** UUID of the node that owns the brick (this node or an emulated peer). */
  nodeUuid: string;
  /** Stable TCP port shown by `volume status` (no process listens on it). */
  port: number;
  /** Arbiter brick (third of each replica set of an arbiter volume). */
  arbiter: boolean;
  /** remove-brick start marked it; DHT gives it a zero range. */
  decommissioned?: boolean;
  /** The brick "process" is dead (debug kill-brick, reset-brick start). */
  down?: boolean;
}

export interface Volume {
  name: string;
  id: string;
  type: VolumeType;
  status: VolumeStatus;
  /** Bricks per replica set (1 when not replicated). */
  replicaCount: number;
  arbiterCount: number;
  disperseCount: number;
  redundancyCount: number;
  stripeCount: number;
  transport: 'tcp' | 'rdma' | 'tcp,rdma';
  bricks: Brick[];
  /** Options set on the volume, most recently set first (the order `volume info` prints). */
  options: Array<[string, string]>;
  /** Running/finished rebalance or remove-brick task, if any. */
  task?: VolumeTask;
  /** `replica 2 thin-arbiter 1`: the one thin-arbiter brick every replica pair shares. */
  thinArbiter?: ThinArbiterBrick;
}

/**
 * A thin-arbiter brick. glusterd only records it (`ta-brick-0`, brick-id `<VOL>-ta-2`): it never
 * resolves its host, checks or creates its directory, or starts it (a thin-arbiter process run
 * apart from glusterd serves it), so it is not one of Volume.bricks.
 */
export interface ThinArbiterBrick {
  host: string;
  path: string;
}

export interface VolumeTask {
  kind: 'rebalance' | 'remove-brick';
  id: string;
  /** `reset due to ...`: the task's bricks changed under it (replace-brick, reset-brick commit). */
  status: 'in progress' | 'completed' | 'stopped' | 'failed' | 'reset due to replace-brick' | 'reset due to reset-brick';
  fixLayout?: boolean;
  removedBricks?: string[];
}

export interface Peer {
  uuid: string;
  hostname: string;
  state: 'Peer in Cluster';
  connected: boolean;
}
