// glusterd's volgen: the volfiles of a volume, built from its definition and options as 10.3
// builds them. The client volfile is what `system:: getspec VOL` prints and what a client
// (tgluster's api, the fs commands) builds its graph from; a brick volfile is what a brick
// process builds its stack from. Options reach each translator as in glusterd: first what volgen
// sets when it makes the translator, then every row of the option map in map order (the value
// set on the volume, else the row's own value), then a few fixed ones; a translator's option
// table lists the newest key first (libglusterfs/volfile OptionTable), hence the volfile's order.
import * as fs from 'node:fs';
import { OptionTable, type Volfile, type VolfileXlator } from '../libglusterfs/volfile.js';
import { MAP } from './options/catalogue.js';
import { optionFlag } from '../libglusterfs/cparse.js';
import type { Brick, Volume } from './types.js';

/** The client stack above DHT, bottom up, each with the on/off key that loads it. */
const PERFORMANCE: ReadonlyArray<[suffix: string, type: string, key: string]> = [
  ['write-behind', 'performance/write-behind', 'performance.write-behind'],
  ['readdir-ahead', 'performance/readdir-ahead', 'performance.readdir-ahead'],
  ['io-cache', 'performance/io-cache', 'performance.io-cache'],
  ['open-behind', 'performance/open-behind', 'performance.open-behind'],
  ['quick-read', 'performance/quick-read', 'performance.quick-read'],
  ['nl-cache', 'performance/nl-cache', 'performance.nl-cache'],
  ['md-cache', 'performance/md-cache', 'performance.stat-prefetch'],
  ['io-threads', 'performance/io-threads', 'performance.client-io-threads'],
];


/** The value volgen works with: set on the volume, else the map row's own value. */
function dictOrTable(volume: Volume, key: string): string | undefined {
  return volume.options.find(([k]) => k === key)?.[1] ?? MAP.find((e) => e.key === key && e.value !== undefined)?.value;
}

const isOn = (volume: Volume, key: string): boolean => optionFlag(dictOrTable(volume, key), false);

interface Node {
  name: string;
  type: string;
  table: OptionTable;
  subvolumes: string[];
}

const node = (name: string, type: string, subvolumes: string[] = []): Node => ({ name, type, table: new OptionTable(), subvolumes });

/** Every option-map row whose translator is in the graph: the set value, else the row's value. */
function setGenericOptions(nodes: Node[], volume: Volume): void {
  const set = new Map(volume.options);
  for (const e of MAP) {
    if (!e.voltype || !e.option || e.option.startsWith('!')) continue;
    const value = set.get(e.key) ?? e.value;
    if (value === undefined) continue;
    for (const n of nodes) if (n.type === e.voltype) n.table.set(e.option, value);
  }
}

const finish = (nodes: Node[]): Volfile => nodes.map((n): VolfileXlator => ({ name: n.name, type: n.type, options: n.table.list(), subvolumes: n.subvolumes }));

/**
 * The brick credentials of the volfile, derived from the volume id so that they are stable
 * (glusterd stores random ones; no brick checks them here, and loading a hash module for them
 * would cost every fs command its start-up time).
 */
function credential(volume: Volume, rotate: number): string {
  const h = volume.id.replace(/-/g, '');
  const r = h.slice(rotate) + h.slice(0, rotate);
  return `${r.slice(0, 8)}-${r.slice(8, 12)}-4${r.slice(13, 16)}-${((parseInt(r[16], 16) & 3) | 8).toString(16)}${r.slice(17, 20)}-${r.slice(20, 32)}`;
}

/** A brick's client translator: named by the brick's own id (glusterd's brick-id), never renumbered. */
export const clientName = (volume: Volume, brick: Brick): string => `${volume.name}-client-${brick.brickId}`;

/** The DHT subvolumes (replica or disperse sets, else the bricks' clients), in volfile order. */
export function dhtSubvolumeNames(volume: Volume): Array<{ name: string; bricks: Brick[] }> {
  const size = volume.disperseCount > 1 ? volume.disperseCount : volume.replicaCount > 1 ? volume.replicaCount : 1;
  const kind = volume.disperseCount > 1 ? 'disperse' : 'replicate';
  if (size === 1) return volume.bricks.map((b) => ({ name: clientName(volume, b), bricks: [b] }));
  const out: Array<{ name: string; bricks: Brick[] }> = [];
  for (let k = 0; k * size < volume.bricks.length; k++) out.push({ name: `${volume.name}-${kind}-${k}`, bricks: volume.bricks.slice(k * size, (k + 1) * size) });
  return out;
}

/** The client volfile (FUSE graph), as `gluster system:: getspec VOL` prints it. */
export function clientVolfile(volume: Volume): Volfile {
  const V = volume.name;
  const nodes: Node[] = [];
  const clients = volume.bricks.map((b) => {
    const n = node(clientName(volume, b), 'protocol/client');
    n.table
      .set('ping-timeout', '42')
      .set('remote-host', b.host)
      .set('remote-subvolume', b.path)
      .set('transport-type', volume.transport === 'rdma' ? 'rdma' : 'tcp')
      .set('transport.address-family', 'inet')
      .set('username', credential(volume, 7))
      .set('password', credential(volume, 19));
    return n;
  });
  nodes.push(...clients);
  const sets = dhtSubvolumeNames(volume);
  if (volume.replicaCount > 1 || volume.disperseCount > 1) {
    for (const s of sets) {
      const members = s.bricks.map((b) => clients[volume.bricks.indexOf(b)].name);
      const n = node(s.name, volume.disperseCount > 1 ? 'cluster/disperse' : 'cluster/replicate', members);
      if (volume.disperseCount > 1) n.table.set('redundancy', String(volume.redundancyCount));
      else {
        n.table.set('afr-pending-xattr', members.join(',')).set('volume-id', volume.id);
        if (volume.arbiterCount > 0) n.table.set('arbiter-count', '1');
      }
      nodes.push(n);
    }
  }
  // cluster.nufa on: glusterd's volgen makes the DHT node a cluster/nufa (whose options, being
  // cluster/distribute's, then stay out of the volfile)
  const dht = node(`${V}-dht`, isOn(volume, 'cluster.nufa') ? 'cluster/nufa' : 'cluster/distribute', sets.map((s) => s.name));
  const decommissioned = sets.filter((s) => s.bricks.length > 0 && s.bricks.every((b) => b.decommissioned)).map((s) => s.name);
  if (decommissioned.length) dht.table.set('decommissioned-bricks', decommissioned.join(','));
  nodes.push(dht);
  let below = dht.name;
  const stack = (suffix: string, type: string): Node => {
    const n = node(`${V}-${suffix}`, type, [below]);
    nodes.push(n);
    below = n.name;
    return n;
  };
  // features/shard right above the cluster stack, under utime (client_graph_builder)
  if (isOn(volume, 'features.shard')) stack('shard', 'features/shard');
  if (isOn(volume, 'features.ctime')) stack('utime', 'features/utime');
  for (const [suffix, type, key] of PERFORMANCE) if (isOn(volume, key)) stack(suffix, type);
  const top = stack('', 'debug/io-stats');
  top.name = V;
  top.table.set('log-level', dictOrTable(volume, 'diagnostics.client-log-level') ?? 'INFO').set('threads', dictOrTable(volume, 'config.client-threads') ?? '16');
  setGenericOptions(nodes, volume);
  for (const c of clients) c.table.set('send-gids', 'true');
  return finish(nodes);
}

function deviceOf(p: string): number | undefined {
  try {
    return fs.statSync(p).dev;
  } catch {
    return undefined;
  }
}

/** Bricks of the volume on the brick's node and filesystem (at least 1): posix divides statfs by it. */
export function sharedBrickCount(volume: Volume, brick: Brick): number {
  const dev = deviceOf(brick.path);
  if (dev === undefined) return 1;
  return Math.max(1, volume.bricks.filter((b) => b.nodeUuid === brick.nodeUuid && deviceOf(b.path) === dev).length);
}

/**
 * A brick's volfile, the part tgluster's brick "process" runs: storage/posix over the brick
 * directory (GlusterFS adds locks, index and the server above it; tgluster's posix does the
 * locking and indexing itself, and the index watches the volume's changelog keys).
 */
/** The short names glusterd's volgen gives the translators of a brick graph (debug.* placement). */
const BRICK_XLATORS = new Set([
  'posix', 'selinux', 'trash', 'changelog', 'bitrot-stub', 'acl', 'locks', 'worm', 'read-only', 'leases', 'upcall',
  'io-threads', 'barrier', 'index', 'marker', 'quota', 'sdfs',
]);

export function brickVolfile(volume: Volume, brick: Brick): Volfile {
  const posix = node(`${volume.name}-posix`, 'storage/posix');
  posix.table.set('directory', brick.path).set('volume-id', volume.id).set('shared-brick-count', String(sharedBrickCount(volume, brick)));
  // debug.delay-gen naming a brick translator: debug/delay-gen goes in above it, which here is
  // above posix (the only translator of a tgluster brick that does the work)
  const delayGen = BRICK_XLATORS.has(dictOrTable(volume, 'debug.delay-gen') ?? '') ? node(`${volume.name}-delay-gen`, 'debug/delay-gen', [posix.name]) : undefined;
  const index = node(`${volume.name}-index`, 'features/index', [delayGen?.name ?? posix.name]);
  index.table.set('xattrop-pending-watchlist', `trusted.afr.${volume.name}-`).set('index-base', `${brick.path}/.glusterfs/indices`);
  // io-stats, named after the brick, counts what reaches the brick while it is profiled.
  const stats = node(brick.path, 'debug/io-stats', [index.name]);
  stats.table.set('unique-id', brick.path);
  const top = node(`${volume.name}-server`, 'protocol/server', [stats.name]);
  const nodes = [posix, ...(delayGen ? [delayGen] : []), index, stats, top];
  setGenericOptions(nodes, volume);
  return finish(nodes);
}
