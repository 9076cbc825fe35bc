// volgen: the client graph of a volume, built from its definition as glusterd's volgen builds
// the FUSE volfile (minus the performance translators):
//
//   VOL-dht ─┬─ VOL-replicate-0 ─┬─ VOL-client-<brickId> ── posix(brick.path)
//            │                   └─ ...
//            └─ VOL-replicate-1 ...        (plain distribute: clients directly under DHT)
//
// DHT is always present, even over one child. Replica sets are consecutive bricks in volume
// order and are numbered by position; clients by the brick's global brickId.
import type { Brick, Volume } from '../mgmt/types.js';
import { MgmtError } from '../mgmt/errors.js';
import { FopError } from './errors.js';
import { getOption } from '../mgmt/options/values.js';
import type { Xlator } from './types.js';

/** Effective value of a volume option (set value, else GlusterFS 10.3's default). */
export type OptFn = (key: string) => string;

export type XlatorCtor<O> = new (name: string, children: readonly Xlator[], options: O) => Xlator;

// Options each translator's owner documents (posix/posix.ts, client/client.ts, afr/afr.ts,
// dht); volgen adapts the volume definition to them.
export interface PosixOptions {
  path: string;
  volname: string;
  opt: OptFn;
}
export interface ClientOptions {
  /** The brick "process" was killed (debug kill-brick): every fop gets ENOTCONN. */
  down: boolean;
}
export interface AfrOptions {
  opt: OptFn;
  volumeId: string;
  /** The last child is the arbiter brick. */
  arbiter: boolean;
}
export interface DhtOptions {
  volume: Volume;
  opt: OptFn;
}

/** The translator classes a graph is made of (tests may substitute their own). */
export interface GraphParts {
  posix: XlatorCtor<PosixOptions>;
  client: XlatorCtor<ClientOptions>;
  afr: XlatorCtor<AfrOptions>;
  dht: XlatorCtor<DhtOptions>;
}

export interface BuildOptions {
  /** TGLUSTER_HOME of the volume (no translator needs the state dir today). */
  home: string;
  parts: GraphParts;
  /** Option lookup; defaults to the volume's own options over the 10.3 defaults. */
  opt?: OptFn;
}

/** The data path's view of the volume's options: the option catalogue's effective value. */
export function volumeOptFn(volume: Volume): OptFn {
  const cache = new Map<string, string>();
  return (key) => {
    let v = cache.get(key);
    if (v === undefined) {
      try {
        v = getOption(volume, key);
      } catch {
        v = ''; // not a catalogue key: translators fall back to their own default
      }
      cache.set(key, v);
    }
    return v;
  };
}

/** Refuses what the data path cannot serve, with the error the CLI prints. */
export function checkServable(volume: Volume): void {
  if (volume.disperseCount > 0 || volume.type.includes('Disperse')) {
    throw new MgmtError(`Volume ${volume.name} is a ${volume.type} volume: disperse volumes are not supported yet`);
  }
  if (volume.stripeCount > 1 || volume.type.includes('Stripe')) {
    throw new MgmtError(`Volume ${volume.name} is a ${volume.type} volume: stripe volumes are not supported yet`);
  }
  if (volume.thinArbiter) {
    throw new MgmtError(
      `Volume ${volume.name} is a ${volume.type} volume with a thin-arbiter: thin-arbiter volumes are not supported yet`,
    );
  }
  if (volume.status !== 'Started') {
    // A mount of a volume whose bricks are not running cannot reach any brick.
    throw new FopError('ENOTCONN', `Volume ${volume.name} is not started`);
  }
  if (volume.bricks.length === 0) throw new MgmtError(`Volume ${volume.name} has no bricks`);
}

export function buildGraph(volume: Volume, options: BuildOptions): Xlator {
  return buildGraphWithClients(volume, options).top;
}

/** The graph, and its client translators by brickId (what a brick's death or revival reaches). */
export function buildGraphWithClients(volume: Volume, options: BuildOptions): { top: Xlator; clients: Map<number, Xlator> } {
  checkServable(volume);
  const { parts } = options;
  const opt = options.opt ?? volumeOptFn(volume);
  const V = volume.name;
  const client = (brick: Brick): Xlator => {
    const posix = new parts.posix(`${V}-posix-${brick.brickId}`, [], { path: brick.path, volname: V, opt });
    return new parts.client(`${V}-client-${brick.brickId}`, [posix], { down: !!brick.down });
  };
  const clients = volume.bricks.map(client);
  const byBrick = new Map(volume.bricks.map((b, i) => [b.brickId, clients[i]]));
  let subvols: Xlator[];
  const r = volume.replicaCount;
  if (r > 1) {
    if (volume.bricks.length % r !== 0) {
      throw new MgmtError(`Volume ${V}: ${volume.bricks.length} bricks is not a multiple of replica count ${r}`);
    }
    subvols = [];
    for (let k = 0; k * r < clients.length; k++) {
      const arbiter = volume.bricks[(k + 1) * r - 1].arbiter;
      subvols.push(new parts.afr(`${V}-replicate-${k}`, clients.slice(k * r, (k + 1) * r), { opt, volumeId: volume.id, arbiter }));
    }
  } else {
    subvols = clients;
  }
  return { top: new parts.dht(`${V}-dht`, subvols, { volume, opt }), clients: byBrick };
}
