// A client's graph of a volume, as a GlusterFS client gets it: the client volfile from glusterd
// (mgmt/volgen, what `system:: getspec` prints) and, for each brick it names, that brick's volfile
// (the stack a brick process runs, in this process here).
import { MgmtError } from '../mgmt/errors.js';
import type { Volume } from '../mgmt/types.js';
import { brickVolfile, clientVolfile } from '../mgmt/volgen.js';
import { brickStatsPath, inodeTablePath, splitBrainChoicesPath } from '../mgmt/run-state.js';
import { FopError } from '../libglusterfs/errors.js';
import { buildGraph, type BuildOptions, type Graph, type GraphParts } from '../xlators/graph.js';
import type { Volfile } from '../libglusterfs/volfile.js';
import { fnmatch } from '../libglusterfs/fnmatch.js';

/** Refuses what the data path cannot serve, with the error the CLI prints. */
export function checkServable(volume: Volume): void {
  if (volume.disperseCount > 0 || volume.type.includes('Disperse')) {
    throw new MgmtError(`Volume ${volume.name} is a ${volume.type} volume: disperse volumes are not supported yet`);
  }
  if (volume.stripeCount > 1 || volume.type.includes('Stripe')) {
    throw new MgmtError(`Volume ${volume.name} is a ${volume.type} volume: stripe volumes are not supported yet`);
  }
  if (volume.thinArbiter) {
    throw new MgmtError(`Volume ${volume.name} is a ${volume.type} volume with a thin-arbiter: thin-arbiter volumes are not supported yet`);
  }
  if (volume.status !== 'Started') {
    // A mount of a volume whose bricks are not running cannot reach any brick.
    throw new FopError('ENOTCONN', `Volume ${volume.name} is not started`);
  }
  if (volume.bricks.length === 0) throw new MgmtError(`Volume ${volume.name} has no bricks`);
  if (volume.replicaCount > 1 && volume.bricks.length % volume.replicaCount !== 0) {
    throw new MgmtError(`Volume ${volume.name}: ${volume.bricks.length} bricks is not a multiple of replica count ${volume.replicaCount}`);
  }
}

/** The brick behind each client translator of the volume's volfile. */
export function bricksByClient(volume: Volume): Map<string, Volume['bricks'][number]> {
  const byPath = new Map(volume.bricks.map((b) => [`${b.host}:${b.path}`, b]));
  const out = new Map<string, Volume['bricks'][number]>();
  for (const x of clientVolfile(volume)) {
    if (x.type !== 'protocol/client') continue;
    const o = Object.fromEntries(x.options);
    const b = byPath.get(`${o['remote-host']}:${o['remote-subvolume']}`);
    if (b) out.set(x.name, b);
  }
  return out;
}

/**
 * Builds the volume's client graph; bricks killed in its definition are down. With the state
 * dir (`home`), each brick keeps its inode table there (mgmt/inode-tables).
 */
/** A glusterfs client's --xlator-option XLATOR.KEY=VALUE: one option of its volfile, overridden. */
export interface XlatorOption {
  xlator: string;
  key: string;
  value: string;
}

/** The client volfile with the client's own --xlator-option values in place. */
function withXlatorOptions(volfile: Volfile, overrides: readonly XlatorOption[]): Volfile {
  if (overrides.length === 0) return volfile;
  return volfile.map((x) => {
    // glusterfsd matches the translator name as a pattern (fnmatch): `*dht` reaches VOL-dht
    const mine = overrides.filter((o) => fnmatch(o.xlator, x.name));
    if (mine.length === 0) return x;
    const options = new Map(x.options);
    for (const o of mine) options.set(o.key, o.value);
    return { ...x, options: [...options] };
  });
}

/** GlusterFS's name for the gfid-access translator glusterfsd loads for --aux-gfid-mount. */
export const GFID_ACCESS_XLATOR = 'gfid-access-autoload';

/** The client volfile with features/gfid-access on top, as glusterfsd inserts it for --aux-gfid-mount. */
function withGfidAccess(volfile: Volfile): Volfile {
  const top = volfile[volfile.length - 1];
  return [...volfile, { name: GFID_ACCESS_XLATOR, type: 'features/gfid-access', options: [], subvolumes: [top.name] }];
}

export interface ClientExtras extends Pick<BuildOptions, 'addReplicaMount' | 'gfidAccessState' | 'selfHealDaemon'> {
  xlatorOptions?: readonly XlatorOption[];
  /** --aux-gfid-mount: the `/.gfid` directory (features/gfid-access). */
  auxGfidMount?: boolean;
}

export function volumeGraph(volume: Volume, parts: GraphParts, home?: string, extra: ClientExtras = {}): Graph {
  checkServable(volume);
  const bricks = bricksByClient(volume);
  const { xlatorOptions = [], auxGfidMount, ...build } = extra;
  const volfile = withXlatorOptions(clientVolfile(volume), xlatorOptions);
  return buildGraph(auxGfidMount ? withGfidAccess(volfile) : volfile, {
    parts,
    brickVolfile: (client) => brickVolfile(volume, bricks.get(client.name)!),
    isDown: (name) => bricks.get(name)?.down === true,
    inodeTable: (name) => (home ? inodeTablePath(home, volume.name, bricks.get(name)!) : undefined),
    brickStats: (name) => (home ? brickStatsPath(home, volume.name, bricks.get(name)!) : undefined),
    splitBrainChoices: home ? splitBrainChoicesPath(home, volume.name) : undefined,
    ...build,
  });
}
