// What GlusterFS's meta translator shows under a mount's /.meta: the client's active graph, one
// directory per translator with its type, its options (one file per option, the value and a
// newline) and, for a replica set, AFR's private state ("key = value" lines under a
// "[type.name]" header, as afr_priv_dump writes them: child_up[i], quorum-type, up, ...), and the
// volfile. Read-only; the rest of 10.3's tree (frames, logging, history, profile) is not served. Built from the volume's state as the
// client sees it now (its volfile and which bricks run), so a brick killed by another process
// shows child_up 0 here, as the mount's AFR sees it.
import { loadVolume } from '../mgmt/store.js';
import { clientVolfile, dhtSubvolumeNames } from '../mgmt/volgen.js';
import type { Volume } from '../mgmt/types.js';
import { renderVolfile, type VolfileXlator } from '../libglusterfs/volfile.js';
import { optionFlag } from '../libglusterfs/cparse.js';
import { dhtOptions } from '../xlators/dht/options.js';
import { cFixed } from '../libglusterfs/printf.js';
import { hasQuorum, resolveQuorum } from '../xlators/afr/quorum.js';
import { haloChosen, haloOf } from '../xlators/afr/halo.js';
import { bricksByClient } from './graph.js';

/** A node of the /.meta tree: a directory (its children by name) or a file (its content). */
export type MetaNode = { dir: Map<string, MetaNode> } | { content: () => string };

const dir = (entries: Array<[string, MetaNode]>): MetaNode => ({ dir: new Map(entries) });
const file = (content: () => string): MetaNode => ({ content });

/** AFR's private dump of one replica set, from the volfile and the bricks' states. */
function afrPrivate(volume: Volume, x: VolfileXlator): string {
  const opts = new Map(x.options);
  const bricks = bricksByClient(volume);
  const reachable = x.subvolumes.map((c) => volume.status === 'Started' && bricks.get(c)?.down !== true);
  // with halo, a copy that is up and near (every copy here) is halo-up; the client uses some of them
  const halo = haloOf((k) => opts.get(k));
  const up = haloChosen(reachable, halo);
  const q = resolveQuorum(up.length, opts.get('quorum-type'), opts.get('quorum-count'));
  const on = (k: string, dflt: boolean) => (optionFlag(opts.get(k), dflt) ? 1 : 0);
  const lines: Array<[string, string | number]> = [['child_count', up.length]];
  x.subvolumes.forEach((c, i) => {
    const latency = halo.enabled && !reachable[i] ? -1 : 0;
    const haloUp = halo.enabled && reachable[i] ? 1 : 0;
    lines.push([`child_up[${i}]`, up[i] ? 1 : 0], [`pending_key[${i}]`, `trusted.afr.${c}`], [`pending_reads[${i}]`, 0], [`child_latency[${i}]`, latency], [`halo_child_up[${i}]`, haloUp]);
  });
  lines.push(
    ['data_self_heal', on('data-self-heal', false)],
    ['metadata_self_heal', on('metadata-self-heal', false)],
    ['entry_self_heal', on('entry-self-heal', false)],
    ['read_child', readChild(x, up)],
    ['wait_count', 1],
    ['heal-wait-queue-length', Number(opts.get('heal-wait-queue-length') ?? 128)],
    ['heal-waiters', 0],
    ['background-self-heal-count', Number(opts.get('background-self-heal-count') ?? 8)],
    ['healers', 0],
    ['read-hash-mode', Number(opts.get('read-hash-mode') ?? 1)],
    ['use-anonymous-inode', on('use-anonymous-inode', true)],
    ['quorum-type', q.type],
  );
  if (q.type === 'fixed') lines.push(['quorum-count', q.count]);
  lines.push(['up', hasQuorum(q, up) ? 1 : 0]);
  return `[${x.type}.${x.name}]\n` + lines.map(([k, v]) => `${k} = ${v}\n`).join('');
}

/** DHT's private dump (dht_priv_dump's settled fields): its subvolumes and the options it holds. */
function dhtPrivate(volume: Volume, x: VolfileXlator): string {
  const opts = new Map(x.options);
  const o = dhtOptions((k) => opts.get(k));
  const types = new Map(clientVolfile(volume).map((y) => [y.name, y.type]));
  const members = new Map(dhtSubvolumeNames(volume).map((sv) => [sv.name, sv.bricks]));
  // a subvolume is up while any brick under it is (a replica set answers with one brick up)
  const up = (name: string): boolean => volume.status === 'Started' && (members.get(name) ?? []).some((b) => b.down !== true);
  const lines: Array<[string, string | number]> = [['subvol_cnt', x.subvolumes.length]];
  x.subvolumes.forEach((c, i) => lines.push([`subvolumes[${i}]`, `${types.get(c)}.${c}`], [`subvolume_status[${i}]`, up(c) ? 1 : 0]));
  const unhashed = (opts.get('lookup-unhashed') ?? 'on').toLowerCase();
  const percent = 'percent' in o.minFreeDisk;
  lines.push(
    ['search_unhashed', unhashed === 'auto' ? 2 : optionFlag(unhashed, true) ? 1 : 0],
    ['min_free_disk', cFixed(percent ? (o.minFreeDisk as { percent: number }).percent : (o.minFreeDisk as { bytes: number }).bytes, 6)],
    ['min_free_inodes', cFixed(o.minFreeInodes, 6)],
    ['disk_unit percentage', percent ? 1 : 0],
    ['use-readdirp', o.useReaddirp ? 1 : 0],
  );
  return `[${x.type}.${x.name}]\n` + lines.map(([k, v]) => `${k} = ${v}\n`).join('');
}

/**
 * AFR's priv->read_child: read-subvolume(-index) when set; else, with choose-local on, what local
 * discovery picks (every brick is local here: the first one up that is not the arbiter, which is
 * the copy tgluster's reads go to first); -1 with choose-local off (10.3 resets it on reconfigure).
 */
function readChild(x: VolfileXlator, up: boolean[]): number {
  const opts = new Map(x.options);
  const bySubvol = x.subvolumes.indexOf(opts.get('read-subvolume') ?? '');
  if (bySubvol >= 0) return bySubvol;
  const byIndex = Number(opts.get('read-subvolume-index') ?? -1);
  if (Number.isInteger(byIndex) && byIndex >= 0 && byIndex < up.length) return byIndex;
  if (!optionFlag(opts.get('choose-local'), true)) return -1;
  const arbiter = opts.get('arbiter-count') === '1' ? up.length - 1 : -1;
  return up.findIndex((u, i) => u && i !== arbiter);
}

function xlatorNode(home: string, name: string, x: VolfileXlator): MetaNode {
  const entries: Array<[string, MetaNode]> = [
    ['type', file(() => `${x.type}\n`)],
    ['name', file(() => `${x.name}\n`)],
    ['options', dir(x.options.map(([k, v]) => [k, file(() => `${v}\n`)]))],
  ];
  const dump = x.type === 'cluster/replicate' ? afrPrivate : x.type === 'cluster/distribute' || x.type === 'cluster/nufa' ? dhtPrivate : undefined;
  if (dump) {
    entries.push(['private', file(() => {
      const v = loadVolume(home, name);
      return v ? dump(v, clientVolfile(v).find((y) => y.name === x.name) ?? x) : '';
    })]);
  }
  return dir(entries);
}

/** The /.meta tree of a mount of volume `name` (undefined when the volume is gone). */
export function metaTree(home: string, name: string): MetaNode | undefined {
  const volume = loadVolume(home, name);
  if (!volume) return undefined;
  const graph = clientVolfile(volume);
  const active = dir(graph.map((x): [string, MetaNode] => [x.name, xlatorNode(home, name, x)]));
  (active as { dir: Map<string, MetaNode> }).dir.set('volfile', file(() => renderVolfile(graph)));
  return dir([
    ['graphs', dir([['active', active]])],
    ['version', file(() => '10.3\n')],
  ]);
}

/** The node at `rel` ("", "graphs/active/...") of a tree. */
export function metaLookup(tree: MetaNode | undefined, rel: string): MetaNode | undefined {
  let cur = tree;
  for (const part of rel.split('/').filter(Boolean)) {
    if (!cur || !('dir' in cur)) return undefined;
    cur = cur.dir.get(part);
  }
  return cur;
}
