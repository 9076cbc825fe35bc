// glusterd's working directory, without the daemon. Layout under TGLUSTER_HOME (modelled on
// /var/lib/glusterd):
//
//   glusterd.info        UUID=<node uuid>, operating-version=100000 (created on first use)
//   vols/<VOL>/info      the whole volume definition in ONE key=value file, so that a save is a
//                        single atomic rename (glusterd splits bricks into vols/<VOL>/bricks/*;
//                        we keep them inline as brick-N.* keys for atomicity):
//                          type, status (0 Created, 1 Started, 2 Stopped), volume-id, counts,
//                          transport-type (0 tcp, 1 rdma, 2 tcp,rdma), brick-count, option-count,
//                          brick-N=<host>:<path>, brick-N.{uuid,id,port,arbiter,decommissioned,down},
//                          ta-brick-0=<host>:<path> (thin-arbiter volumes only),
//                          option.<key>=<value> (in Volume.options order, most recent first),
//                          task.{kind,id,status,fix-layout}, task.removed-brick (repeated),
//                          end=1 (always last: detects a file cut at a line boundary).
//   peers/<uuid>         uuid=, state=3 (Peer in Cluster), hostname1=, connected=0|1
//   tasks/<VOL>/         the volume's long-running task (src/tasks): task.json, worker.lock
//
// Every write is atomic (temp file, fsync, rename, fsync dir). A file that cannot be parsed
// raises StateCorruptError naming it. Mutations must run inside withTransaction (lock.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from '../builtins.js'; // node:crypto only when a UUID is made
import type { Brick, Peer, Volume, VolumeStatus, VolumeTask, VolumeType } from './types.js';
import { MgmtError, StateCorruptError } from './errors.js';
import { createFileAtomic, removeDurably, writeFileAtomic } from './atomic.js';
import { formatKv, KvReader, parseKv } from './kv.js';

export const OP_VERSION = 100000;
/** First port glusterd hands to bricks (base-port). */
export const BASE_PORT = 49152;
const MAX_PORT = 60999;

const VOLUME_TYPES: readonly VolumeType[] = [
  'Distribute',
  'Replicate',
  'Distributed-Replicate',
  'Disperse',
  'Distributed-Disperse',
  'Stripe',
  'Distributed-Stripe',
];
const STATUSES: readonly VolumeStatus[] = ['Created', 'Started', 'Stopped'];
const TRANSPORTS = ['tcp', 'rdma', 'tcp,rdma'] as const;
const TASK_KINDS: readonly VolumeTask['kind'][] = ['rebalance', 'remove-brick'];
const TASK_STATUSES: readonly VolumeTask['status'][] = ['in progress', 'completed', 'stopped', 'failed', 'reset due to replace-brick', 'reset due to reset-brick'];

/** Names that can never be a directory under vols/ (keeps lookups inside the state dir). */
function isStorableName(name: string): boolean {
  // 255: NAME_MAX, the longest directory name (glusterd's own limit is its 256-byte volname buffer).
  return /^[A-Za-z0-9_-]+$/.test(name) && name.length <= 255;
}

const volsDir = (home: string) => path.join(home, 'vols');
const peersDir = (home: string) => path.join(home, 'peers');
export const volumeInfoFile = (home: string, name: string) => path.join(volsDir(home), name, 'info');

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new StateCorruptError(file, (e as Error).message);
  }
}

// ---------------------------------------------------------------- node identity

/** This node's UUID, created (race-free) on first use. */
export function nodeUuid(home: string): string {
  const file = path.join(home, 'glusterd.info');
  let text = readText(file);
  if (text === undefined) {
    createFileAtomic(file, formatKv([['UUID', randomUUID()], ['operating-version', OP_VERSION]]));
    text = readText(file);
    if (text === undefined) throw new StateCorruptError(file, 'vanished after creation');
  }
  return new KvReader(file, parseKv(file, text)).uuid('UUID');
}

/** Entries of a state directory; none when it does not exist yet (a fresh TGLUSTER_HOME). */
function readDirOrEmpty(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

// ---------------------------------------------------------------- volumes

/** Volume names in strcmp order, as gluster lists them. */
export function listVolumeNames(home: string): string[] {
  return readDirOrEmpty(volsDir(home))
    .filter((n) => isStorableName(n) && fs.existsSync(volumeInfoFile(home, n)))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function encodeVolume(vol: Volume): string {
  const e: Array<[string, string | number | boolean]> = [
    ['type', vol.type],
    ['status', STATUSES.indexOf(vol.status)],
    ['volume-id', vol.id],
    ['replica_count', vol.replicaCount],
    ['arbiter_count', vol.arbiterCount],
    ['disperse_count', vol.disperseCount],
    ['redundancy_count', vol.redundancyCount],
    ['stripe_count', vol.stripeCount],
    ['transport-type', TRANSPORTS.indexOf(vol.transport)],
    ['brick-count', vol.bricks.length],
    ['option-count', vol.options.length],
  ];
  vol.bricks.forEach((b, i) => {
    const k = `brick-${i}`;
    e.push([k, `${b.host}:${b.path}`], [`${k}.uuid`, b.nodeUuid], [`${k}.id`, b.brickId], [`${k}.port`, b.port]);
    e.push([`${k}.arbiter`, b.arbiter], [`${k}.decommissioned`, !!b.decommissioned], [`${k}.down`, !!b.down]);
  });
  if (vol.thinArbiter) e.push(['ta-brick-0', `${vol.thinArbiter.host}:${vol.thinArbiter.path}`]);
  for (const [k, v] of vol.options) e.push([`option.${k}`, v]);
  if (vol.task) {
    const t = vol.task;
    e.push(['task.kind', t.kind], ['task.id', t.id], ['task.status', t.status]);
    if (t.fixLayout !== undefined) e.push(['task.fix-layout', t.fixLayout]);
    for (const rb of t.removedBricks ?? []) e.push(['task.removed-brick', rb]);
  }
  // Last line on purpose: a file cut at a line boundary lacks it and is reported corrupt.
  e.push(['end', 1]);
  return `# tgluster volume ${vol.name}; written atomically, do not edit while tgluster runs\n${formatKv(e)}`;
}

/** A `host:/path` value under key `k`. */
function decodeBrickRef(r: KvReader, k: string): { host: string; path: string } {
  const ref = r.str(k);
  const colon = ref.indexOf(':');
  if (colon <= 0 || !ref.slice(colon + 1).startsWith('/')) r.fail(`key "${k}" is not host:/path: "${ref}"`);
  return { host: ref.slice(0, colon), path: ref.slice(colon + 1) };
}

function decodeBrick(r: KvReader, i: number): Brick {
  const k = `brick-${i}`;
  const b: Brick = {
    ...decodeBrickRef(r, k),
    brickId: r.int(`${k}.id`),
    nodeUuid: r.uuid(`${k}.uuid`),
    port: r.int(`${k}.port`),
    arbiter: r.bool(`${k}.arbiter`),
  };
  if (r.bool(`${k}.decommissioned`)) b.decommissioned = true;
  if (r.bool(`${k}.down`)) b.down = true;
  return b;
}

function decodeVolume(file: string, name: string, text: string): Volume {
  const entries = parseKv(file, text);
  const r = new KvReader(file, entries);
  if (entries[entries.length - 1]?.[0] !== 'end') r.fail('file is truncated (no "end" line)');
  const brickCount = r.int('brick-count');
  const optionCount = r.int('option-count');
  const bricks: Brick[] = [];
  for (let i = 0; i < brickCount; i++) bricks.push(decodeBrick(r, i));
  if (r.has(`brick-${brickCount}`)) r.fail(`more bricks than brick-count=${brickCount}`);
  const options = entries
    .filter(([k]) => k.startsWith('option.'))
    .map(([k, v]): [string, string] => [k.slice('option.'.length), v]);
  if (options.length !== optionCount) {
    r.fail(`option-count=${optionCount} but ${options.length} options found`);
  }
  const vol: Volume = {
    name,
    id: r.uuid('volume-id'),
    type: r.oneOf('type', VOLUME_TYPES),
    status: STATUSES[r.int('status')] ?? r.fail(`unknown status ${r.str('status')}`),
    replicaCount: r.int('replica_count'),
    arbiterCount: r.int('arbiter_count'),
    disperseCount: r.int('disperse_count'),
    redundancyCount: r.int('redundancy_count'),
    stripeCount: r.int('stripe_count'),
    transport: TRANSPORTS[r.int('transport-type')] ?? r.fail(`unknown transport-type ${r.str('transport-type')}`),
    bricks,
    options,
  };
  if (r.has('ta-brick-0')) vol.thinArbiter = decodeBrickRef(r, 'ta-brick-0');
  if (r.has('task.kind')) {
    const task: VolumeTask = {
      kind: r.oneOf('task.kind', TASK_KINDS),
      id: r.uuid('task.id'),
      status: r.oneOf('task.status', TASK_STATUSES),
    };
    if (r.has('task.fix-layout')) task.fixLayout = r.bool('task.fix-layout');
    const removed = entries.filter(([k]) => k === 'task.removed-brick').map(([, v]) => v);
    if (removed.length) task.removedBricks = removed;
    vol.task = task;
  }
  return vol;
}

export function loadVolume(home: string, name: string): Volume | undefined {
  if (!isStorableName(name)) return undefined;
  const file = volumeInfoFile(home, name);
  const text = readText(file);
  if (text === undefined) return undefined;
  return decodeVolume(file, name, text);
}

/** The volume, or MgmtError `Volume <name> does not exist`. */
export function requireVolume(home: string, name: string): Volume {
  const vol = loadVolume(home, name);
  if (!vol) throw new MgmtError(`Volume ${name} does not exist`);
  return vol;
}

/** All volumes in list order. */
export function loadAllVolumes(home: string): Volume[] {
  return listVolumeNames(home).map((n) => requireVolume(home, n));
}

export function saveVolume(home: string, vol: Volume): void {
  if (!isStorableName(vol.name)) throw new MgmtError(`Invalid volume name ${vol.name}`);
  writeFileAtomic(volumeInfoFile(home, vol.name), encodeVolume(vol));
}

export function removeVolume(home: string, name: string): void {
  if (!isStorableName(name)) return;
  const dir = path.join(volsDir(home), name);
  // Drop the info file first: a crash mid-removal leaves a directory that is not listed.
  const info = volumeInfoFile(home, name);
  if (fs.existsSync(info)) removeDurably(info);
  removeDurably(dir);
  // Its task record (src/tasks) goes with it: a volume re-created under the name starts afresh.
  fs.rmSync(path.join(home, 'tasks', name), { recursive: true, force: true });
}

// ---------------------------------------------------------------- peers

const peerFile = (home: string, uuid: string) => path.join(peersDir(home), uuid);

function decodePeer(file: string, text: string): Peer {
  const r = new KvReader(file, parseKv(file, text));
  if (r.int('state') !== 3) r.fail(`unsupported peer state ${r.str('state')}`);
  return { uuid: r.uuid('uuid'), hostname: r.str('hostname1'), state: 'Peer in Cluster', connected: r.bool('connected', true) };
}

/** Emulated peers, in the order glusterd lists them (by hostname, then uuid: stable). */
export function listPeers(home: string): Peer[] {
  const peers: Peer[] = [];
  for (const n of readDirOrEmpty(peersDir(home))) {
    if (n.startsWith('.')) continue;
    const file = peerFile(home, n);
    const text = readText(file);
    if (text !== undefined) peers.push(decodePeer(file, text));
  }
  return peers.sort((a, b) => a.hostname.localeCompare(b.hostname) || a.uuid.localeCompare(b.uuid));
}

export function savePeer(home: string, peer: Peer): void {
  writeFileAtomic(
    peerFile(home, peer.uuid),
    formatKv([
      ['uuid', peer.uuid],
      ['state', 3],
      ['hostname1', peer.hostname],
      ['connected', peer.connected],
    ]),
  );
}

export function removePeer(home: string, uuid: string): void {
  const file = peerFile(home, uuid);
  if (fs.existsSync(file)) removeDurably(file);
}

// ---------------------------------------------------------------- ports

/**
 * `n` free brick ports, lowest first from 49152, unique across every volume's bricks. A brick
 * keeps its port for life (stored in the volume), so call this once when a brick is created,
 * inside the transaction that saves it.
 */
export function nextFreePorts(home: string, n: number, alsoTaken: Iterable<number> = []): number[] {
  const taken = new Set<number>(alsoTaken);
  for (const v of loadAllVolumes(home)) for (const b of v.bricks) taken.add(b.port);
  const out: number[] = [];
  for (let p = BASE_PORT; out.length < n; p++) {
    if (p > MAX_PORT) throw new MgmtError('No free ports available for bricks');
    if (!taken.has(p)) out.push(p);
  }
  return out;
}
