// Building a translator graph from volfiles, as a GlusterFS client (and the brick processes it
// talks to) does: the client volfile gives the stack above the bricks, each protocol/client
// names its brick, and that brick's volfile gives the stack the brick runs (storage/posix here).
// Translators tgluster has no data path for (performance/*, features/utime, the client's
// debug/io-stats) pass fops straight through; the api does utime's job (one timestamp for every
// replica). A brick's io-stats counts its fops while the volume is profiled; a delay-gen there
// slows the fops it is told to. A client mounted with --aux-gfid-mount has features/gfid-access
// on top (the `/.gfid` directory). features/shard (features.shard on) cuts files into blocks.
import { optionsOf, type Volfile, type VolfileXlator } from '../libglusterfs/volfile.js';
import { FopError } from '../libglusterfs/errors.js';
import { optionFlag } from '../libglusterfs/cparse.js';
import type { Xlator } from './types.js';
import { IoStats } from './io-stats/io-stats.js';
import { DelayGen } from './delay-gen/delay-gen.js';
import { GfidAccess, type GfidAccessState } from './gfid-access/gfid-access.js';
import { Shard } from './shard/shard.js';

export type XlatorCtor<O> = new (name: string, children: readonly Xlator[], options: O) => Xlator;

/** A translator's volfile options by their own names (`quorum-type`, `lookup-optimize`, ...). */
export type XlatorOptions = Record<string, string>;

export interface PosixOptions {
  path: string;
  /** The index watches trusted.afr.<volname>-* (from features/index's watch list). */
  volname?: string;
  options?: XlatorOptions;
  inodeTable?: string;
}
export interface ClientOptions {
  /** The brick "process" is dead (debug kill-brick): every fop gets ENOTCONN. */
  down?: boolean;
  /** remote-host / remote-subvolume of the volfile (the brick it talks to). */
  remoteHost?: string;
  remoteSubvolume?: string;
}
export interface ClusterOptions {
  options?: XlatorOptions;
  /** AFR: the file of the mount's split-brain choices. */
  splitBrainChoices?: string;
  /** AFR: this client is glusterd's add-replica mount (see AfrOptions). */
  addReplicaMount?: boolean;
  /** AFR: the self-heal daemon's graph, every copy used whatever halo says (see AfrOptions). */
  selfHealDaemon?: boolean;
  /** DHT: the volfile's cluster/nufa (new files on the local subvolume). */
  nufa?: boolean;
}

/** The translator classes a graph is made of (tests may substitute their own). */
export interface GraphParts {
  posix: XlatorCtor<PosixOptions>;
  client: XlatorCtor<ClientOptions>;
  afr: XlatorCtor<ClusterOptions>;
  dht: XlatorCtor<ClusterOptions>;
}

export interface BuildOptions {
  parts: GraphParts;
  /** The volfile of the brick a protocol/client names (its remote-subvolume). */
  brickVolfile(client: VolfileXlator): Volfile;
  /** Whether the brick behind a client is down now (its name). */
  isDown?(clientName: string): boolean;
  /** The file of the inode table of the brick behind a client (PosixOptions.inodeTable). */
  inodeTable?(clientName: string): string | undefined;
  /** The file of the io-stats counters of the brick behind a client (counted while profiled). */
  brickStats?(clientName: string): string | undefined;
  /** The file of this client's split-brain choices (every replica set's AFR). */
  splitBrainChoices?: string;
  /** glusterd's add-replica mount (GF_CLIENT_PID_ADD_REPLICA_MOUNT): AFR's quorum waives the root lookup. */
  addReplicaMount?: boolean;
  /** What the client's gfid-access remembers across graph switches. */
  gfidAccessState?: GfidAccessState;
  /** The self-heal daemon's graph (heal, heal info): AFR uses every copy (AfrOptions.selfHealDaemon). */
  selfHealDaemon?: boolean;
}

export interface Graph {
  top: Xlator;
  /** The protocol/client translators by name (what a brick's death or revival reaches). */
  clients: Map<string, Xlator>;
}

const PASS_THROUGH = /^(performance|features|debug)\//;

function brickXlator(volfile: Volfile, parts: GraphParts, inodeTable?: string, statsFile?: string): Xlator {
  const posix = volfile.find((x) => x.type === 'storage/posix');
  const path = posix && optionsOf(posix).directory;
  if (!posix || !path) throw new FopError('EINVAL', 'brick volfile without storage/posix directory');
  const watch = volfile.find((x) => x.type === 'features/index');
  const volname = watch && /^trusted\.afr\.(.+)-$/.exec(optionsOf(watch)['xattrop-pending-watchlist'] ?? '')?.[1];
  const store = new parts.posix(posix.name, [], { path, volname, options: optionsOf(posix), inodeTable });
  const delay = volfile.find((x) => x.type === 'debug/delay-gen');
  const brick = delay ? new DelayGen(delay.name, [store], { options: optionsOf(delay) }) : store;
  const stats = volfile.find((x) => x.type === 'debug/io-stats');
  const o = stats ? optionsOf(stats) : {};
  // GlusterFS counts a fop only with both on (`volume profile start` sets both).
  const profiled = optionFlag(o['latency-measurement'], false) && optionFlag(o['count-fop-hits'], false);
  return stats && profiled && statsFile ? new IoStats(stats.name, [brick], { statsFile }) : brick;
}

export function buildGraph(volfile: Volfile, o: BuildOptions): Graph {
  const byName = new Map(volfile.map((x) => [x.name, x]));
  const built = new Map<string, Xlator>();
  const clients = new Map<string, Xlator>();
  const build = (name: string): Xlator => {
    const done = built.get(name);
    if (done) return done;
    const x = byName.get(name);
    if (!x) throw new FopError('EINVAL', `volfile: no translator named ${name}`);
    const children = x.subvolumes.map(build);
    let made: Xlator;
    switch (x.type) {
      case 'protocol/client': {
        const opts = optionsOf(x);
        made = new o.parts.client(x.name, [brickXlator(o.brickVolfile(x), o.parts, o.inodeTable?.(x.name), o.brickStats?.(x.name))], {
          down: o.isDown?.(x.name) ?? false,
          remoteHost: opts['remote-host'],
          remoteSubvolume: opts['remote-subvolume'],
        });
        clients.set(x.name, made);
        break;
      }
      case 'cluster/replicate':
        made = new o.parts.afr(x.name, children, {
          options: optionsOf(x),
          splitBrainChoices: o.splitBrainChoices,
          addReplicaMount: o.addReplicaMount,
          selfHealDaemon: o.selfHealDaemon,
        });
        break;
      case 'cluster/distribute':
      case 'cluster/nufa':
        made = new o.parts.dht(x.name, children, { options: optionsOf(x), nufa: x.type === 'cluster/nufa' });
        break;
      case 'features/shard':
        // the self-heal daemon's graph has no shard: it heals each shard as the file it is
        made = o.selfHealDaemon ? children[0] : new Shard(x.name, children, { options: optionsOf(x) });
        break;
      case 'features/gfid-access':
        made = new GfidAccess(x.name, children, { state: o.gfidAccessState });
        break;
      default:
        if (!PASS_THROUGH.test(x.type) || children.length !== 1) throw new FopError('ENOTSUP', `${x.name}: ${x.type} translators are not supported yet`);
        made = children[0];
    }
    built.set(name, made);
    return made;
  };
  if (!volfile.length) throw new FopError('EINVAL', 'empty volfile');
  return { top: build(volfile[volfile.length - 1].name), clients };
}
