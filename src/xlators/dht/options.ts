// The options DHT reads from its volfile (cluster/distribute's own names), parsed once per graph;
// a missing value falls back to GlusterFS 10.3's default.
import type { HashOptions } from './hash.js';
import { optionFlag } from '../../libglusterfs/cparse.js';
import { dhtKeys, type DhtKeys } from './xattrs.js';

export type OptFn = (key: string) => string | undefined;

export interface DhtOptions {
  lookupOptimize: boolean;
  weighted: boolean;
  readdirOptimize: boolean;
  /** use-readdirp (dht.force-readdirp): a plain readdir from above goes to the subvolumes as readdirp. */
  useReaddirp: boolean;
  randomizeByGfid: boolean;
  /** rebalance.ensure-durability: a migration fsyncs the destination's copy before switching to it. */
  ensureDurability: boolean;
  /** cluster.subvols-per-directory; 0 = all. */
  spreadCount: number;
  /** cluster.min-free-disk as a percentage, or as bytes when given with a size unit. */
  minFreeDisk: { percent: number } | { bytes: number };
  minFreeInodes: number;
  hash: HashOptions;
  /** xattr-name (cluster.dht-xattr-name): the keys of layouts, linkto files, MDS markers and the commit hash. */
  keys: DhtKeys;
}

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, k: 1024, mb: 1 << 20, m: 1 << 20, gb: 1 << 30, g: 1 << 30, tb: 2 ** 40, t: 2 ** 40, pb: 2 ** 50, p: 2 ** 50 };

/** "10%", "10", "5GB" → percent or bytes, as dht parses min-free-disk (a bare number is a percentage). */
export function parseMinFree(v: string | undefined): { percent: number } | { bytes: number } {
  const s = (v ?? '10%').trim().toLowerCase();
  const pct = /^(\d+(?:\.\d+)?)%?$/.exec(s);
  if (pct) return { percent: Number(pct[1]) };
  const size = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/.exec(s);
  if (size && size[2] in UNITS) return { bytes: Number(size[1]) * UNITS[size[2]] };
  return { percent: 10 };
}

export function dhtOptions(opt: OptFn = () => undefined): DhtOptions {
  const spread = Number(opt('directory-layout-spread') ?? 0);
  return {
    lookupOptimize: optionFlag(opt('lookup-optimize'), true),
    weighted: optionFlag(opt('weighted-rebalance'), true),
    readdirOptimize: optionFlag(opt('readdir-optimize'), false),
    useReaddirp: optionFlag(opt('use-readdirp'), true),
    randomizeByGfid: optionFlag(opt('randomize-hash-range-by-gfid'), false),
    ensureDurability: optionFlag(opt('ensure-durability'), true),
    spreadCount: Number.isFinite(spread) && spread > 0 ? spread : 0,
    minFreeDisk: parseMinFree(opt('min-free-disk')),
    minFreeInodes: Number(/^(\d+(?:\.\d+)?)/.exec(opt('min-free-inodes') ?? '5')?.[1] ?? 5),
    hash: {
      extraHashRegex: opt('extra-hash-regex'),
      rsyncHashRegex: opt('rsync-hash-regex'),
    },
    keys: dhtKeys(opt('xattr-name')),
  };
}
