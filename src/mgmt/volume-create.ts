// `volume create` on glusterd's side: the stage checks in glusterd's order and with its messages,
// then the commit (volume-id on every brick, brick preparation, the volume definition).
//
// Where tgluster differs from glusterd, on purpose:
//   - glusterd creates brick directories and writes volume-ids while it validates, and leaves
//     them behind when a later brick (or volfile generation) fails. Here a failed create leaves
//     no trace: directories it made are removed and bricks it touched are restored.
//   - every node's bricks are directories of this machine, so a brick may not contain or sit
//     inside any other brick, of any node, including the other bricks of the same command
//     (glusterd only compares bricks of one node against existing volumes).
import { randomUUID } from 'node:crypto';
import type { Brick, ThinArbiterBrick, Volume, VolumeType } from './types.js';
import { MgmtError } from './errors.js';
import { withTransaction } from './lock.js';
import { listPeers, loadAllVolumes, loadVolume, nextFreePorts, saveVolume } from './store.js';
import { resolveBrickHost, type ResolvedHost } from './hosts.js';
import type { CreateRequest } from './create-parse.js';
import {
  BrickCheckError,
  brickPathLengthProblem,
  brickVolfileName,
  checkBrickAvailable,
  errnoText,
  realPathOrSelf,
  splitBrick,
  validateBrickDir,
  type BrickRef,
} from './brick-checks.js';
import { BrickJournal } from './create-journal.js';
import { createTimeOptions } from './options/create-time.js';
import type { BrickProcesses } from './volume-ops.js';
import { setXattr } from '../xattr/index.js';
import { gfidToBytes } from '../libglusterfs/uuid.js';
import { crashPoint } from '../libglusterfs/crash.js';

export interface CreateResult {
  volume: Volume;
  /** glusterd's op_errstr on success: "<path> is already part of a volume" overridden by force. */
  notice?: string;
}

/** A brick of the request with the node it belongs to (undefined: unknown host). */
export interface PlannedBrick extends BrickRef {
  node?: ResolvedHost;
}

const stagingFailed = (where: string) => `Staging failed on ${where}. Please check the log file for more details.`;

export function resolveOrUndefined(home: string, host: string): ResolvedHost | undefined {
  try {
    return resolveBrickHost(home, host);
  } catch (e) {
    if (e instanceof MgmtError) return undefined;
    throw e;
  }
}

function subvolumeSize(req: CreateRequest): number {
  if (req.kind === 'replicate') return req.replicaCount;
  if (req.kind === 'disperse') return req.disperseCount;
  if (req.kind === 'stripe') return req.stripeCount;
  return 1;
}

/**
 * glusterd_check_brick_order (no force, replicate/disperse only): no two bricks of one replica
 * or disperse set on the same server. Skipped, as in glusterd, when a host does not resolve.
 */
function checkBrickOrder(req: CreateRequest, bricks: PlannedBrick[]): void {
  if (req.force || (req.kind !== 'replicate' && req.kind !== 'disperse')) return;
  checkSetServers(bricks, subvolumeSize(req), req.kind);
}

/** The bricks, cut in consecutive groups of `size`, each on distinct servers (create, add-brick). */
export function checkSetServers(bricks: PlannedBrick[], size: number, kind: 'replicate' | 'disperse', existing: string[] = []): void {
  if (bricks.some((b) => !b.node)) return;
  const g = Math.min(size, bricks.length);
  for (let start = 0; start < bricks.length; start += g) {
    const servers = bricks.slice(start, start + g).map((b) => b.node!.uuid);
    if (new Set(servers).size !== servers.length || servers.some((s) => existing.includes(s))) throw sameServer(kind);
  }
}

const sameServer = (kind: string) =>
  new MgmtError(
    `Multiple bricks of a ${kind} volume are present on the same server. This setup is not optimal. Bricks should be on different nodes to have best fault tolerant configuration. Use 'force' at the end of the command if you want to override this behavior. `,
  );

/**
 * The stage phase for new bricks (create, add-brick): every check glusterd makes, in its order.
 * Returns the force-overridden notice.
 */
export function stageBricks(home: string, req: Pick<CreateRequest, 'name' | 'force'>, bricks: PlannedBrick[], journal: BrickJournal): string | undefined {
  let notice: string | undefined;
  const peers = listPeers(home);
  const taken = loadAllVolumes(home).flatMap((v) => v.bricks.map((x) => realPathOrSelf(x.path)));
  const dirOptions = { force: req.force, volname: req.name, workdir: home, onCreated: (p: string) => journal.created(p) };
  // A check without a message of its own reports what force overrode, else glusterd's generic text.
  const asMgmt = (e: unknown) =>
    e instanceof BrickCheckError ? new MgmtError(e.detail ?? notice ?? stagingFailed('localhost'), undefined, e.reason) : e;
  // The originating glusterd: every brick's name and node, and its own bricks' directories.
  for (const b of bricks) {
    const lengthProblem = brickPathLengthProblem(home, req.name, b);
    if (lengthProblem) throw new MgmtError(lengthProblem);
    if (!b.node) throw new MgmtError(`Host ${b.host} is not in 'Peer in Cluster' state`);
    try {
      taken.push(checkBrickAvailable(b, taken));
      if (b.node.local) {
        notice = validateBrickDir(b, dirOptions).notice ?? notice;
      } else if (peers.find((p) => p.uuid === b.node!.uuid)?.connected === false) {
        throw new BrickCheckError(`Host ${b.host} not connected`);
      }
    } catch (e) {
      throw asMgmt(e);
    }
  }
  // Then each peer's glusterd checks its own bricks; its failures come back prefixed.
  for (const peer of peers) {
    for (const b of bricks.filter((x) => x.node && !x.node.local && x.node.uuid === peer.uuid)) {
      try {
        validateBrickDir(b, dirOptions);
      } catch (e) {
        if (!(e instanceof BrickCheckError)) throw e;
        const why = e.detail ? `Error: ${e.detail}` : 'Please check log file for details.';
        throw new MgmtError(`Staging failed on ${peer.hostname}. ${why}`);
      }
    }
  }
  return notice;
}

/** Longest file name a directory entry may have (NAME_MAX). */
const NAME_MAX = 255;

/**
 * Whether glusterd's volgen (commit phase) could write this volume's volfiles: a replica set
 * needs exactly replica-count bricks, and every volfile name plus volgen's ".tmp" suffix must fit
 * in NAME_MAX (the longest volume-wide one is trusted-<vol>.<transport>-gfproxy-fuse.vol).
 */
function volfilesPossible(req: CreateRequest, bricks: BrickRef[]): boolean {
  const size = subvolumeSize(req);
  if (req.kind === 'replicate' && (bricks.length < size || bricks.length % size !== 0)) return false;
  const transports = req.transport === 'tcp,rdma' ? ['tcp', 'rdma'] : [req.transport];
  const names = [
    ...transports.map((t) => `trusted-${req.name}.${t}-gfproxy-fuse.vol`),
    ...bricks.map((b) => brickVolfileName(req.name, b)),
  ];
  return names.every((n) => Buffer.byteLength(`${n}.tmp`) <= NAME_MAX);
}

function volumeType(req: CreateRequest, brickCount: number): VolumeType {
  const whole = brickCount === subvolumeSize(req);
  switch (req.kind) {
    case 'replicate':
      return whole ? 'Replicate' : 'Distributed-Replicate';
    case 'disperse':
      return whole ? 'Disperse' : 'Distributed-Disperse';
    case 'stripe':
      return whole ? 'Stripe' : 'Distributed-Stripe';
    default:
      return 'Distribute';
  }
}

function buildVolume(home: string, req: CreateRequest, bricks: PlannedBrick[]): Volume {
  const ports = nextFreePorts(home, bricks.length);
  const replica = req.kind === 'replicate' ? req.replicaCount : 1;
  // With a thin-arbiter, each replica set's next id names its thin-arbiter client (<VOL>-ta-N), so
  // the data bricks are <VOL>-client-0, -1, -3, -4, ... as in glusterd.
  const brickId = (i: number) => (req.taBrick ? i + Math.floor(i / replica) : i);
  const volumeBricks: Brick[] = bricks.map((b, i) => ({
    host: b.host,
    path: b.path,
    brickId: brickId(i),
    nodeUuid: b.node!.uuid,
    port: ports[i],
    arbiter: req.arbiterCount === 1 && i % replica === replica - 1,
  }));
  const shape = {
    type: volumeType(req, bricks.length),
    transport: req.transport,
  };
  return {
    name: req.name,
    id: randomUUID(),
    ...shape,
    status: 'Created',
    replicaCount: replica,
    arbiterCount: req.arbiterCount,
    disperseCount: req.disperseCount,
    redundancyCount: req.redundancyCount,
    stripeCount: req.kind === 'stripe' ? req.stripeCount : 1,
    bricks: volumeBricks,
    options: createTimeOptions(shape),
    ...(req.taBrick ? { thinArbiter: thinArbiterOf(req.taBrick) } : {}),
  };
}

function thinArbiterOf(text: string): ThinArbiterBrick {
  const { host, path } = splitBrick(text);
  return { host, path };
}

/**
 * glusterd keeps each brick in a file named after host and path; a thin-arbiter brick equal to a
 * data brick overwrites that brick's file and the store fails (its host and path are never checked).
 */
function checkThinArbiterStorable(req: CreateRequest): void {
  if (req.taBrick && req.bricks.includes(req.taBrick)) throw new MgmtError('Failed to store the Volume information');
}

function commitFailed(e: unknown): MgmtError {
  if (e instanceof MgmtError) return e;
  return new MgmtError(`Commit failed on localhost. Error: ${(e as Error)?.message ?? String(e)}`);
}

/** The commit phase: mark every brick with the volume-id, prepare it, then record the volume. */
function commit(home: string, req: CreateRequest, volume: Volume, journal: BrickJournal, procs: BrickProcesses): void {
  const id = gfidToBytes(volume.id); // a volume-id is stored like a gfid: 16 raw bytes
  for (const b of volume.bricks) journal.snapshot(b.path);
  for (const b of volume.bricks) {
    try {
      setXattr(b.path, 'trusted.glusterfs.volume-id', id, req.force ? 0 : 'create');
    } catch (e) {
      throw new MgmtError(`Failed to set extended attributes trusted.glusterfs.volume-id, reason: ${errnoText(e)}`);
    }
  }
  crashPoint('create-after-volume-id');
  procs.start(volume, false);
  crashPoint('create-before-save');
  saveVolume(home, volume);
}

function createLocked(home: string, req: CreateRequest, procs: BrickProcesses): CreateResult {
  if (loadVolume(home, req.name)) throw new MgmtError(`Volume ${req.name} already exists`, 0);
  const bricks: PlannedBrick[] = req.bricks.map((text) => {
    const ref = splitBrick(text);
    return { ...ref, node: resolveOrUndefined(home, ref.host) };
  });
  checkBrickOrder(req, bricks);
  const journal = new BrickJournal();
  try {
    const notice = stageBricks(home, req, bricks, journal);
    checkThinArbiterStorable(req);
    if (!volfilesPossible(req, bricks)) throw new MgmtError('Failed to create volume files');
    const volume = buildVolume(home, req, bricks);
    try {
      commit(home, req, volume, journal, procs);
    } catch (e) {
      throw commitFailed(e);
    }
    return { volume, notice };
  } catch (e) {
    journal.rollback();
    throw e;
  }
}

/**
 * Creates the volume under the cluster-wide transaction lock. Throws MgmtError on rejection.
 * `procs` prepares the bricks as their first start would (tgluster does it at create: README).
 */
export function createVolume(home: string, req: CreateRequest, procs: BrickProcesses): Promise<CreateResult> {
  return withTransaction(home, req.name, () => createLocked(home, req, procs));
}
