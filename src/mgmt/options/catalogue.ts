// The option catalogue: glusterd's volume-set map (catalogue-data.ts, generated from GlusterFS
// 10.3) plus the rules glusterd applies to names: exact keys, unique short keys, hints, and the
// ten cluster-wide options that live outside any volume.
import { MAP } from './catalogue-data.js';
import type { MapEntry, ShownRow } from './catalogue-types.js';
import { keyHint } from './hint.js';

export type { MapEntry, ShownRow, ValueCheck } from './catalogue-types.js';
export { MAP };

/** What `volume get VOL all` lists on a fresh volume (before per-type defaults), in order. */
export const SHOWN: ShownRow[] = MAP.filter((e) => e.get).map((e) => [e.key, e.get![0], e.get![1]]);

const ALL_KEYS: readonly string[] = MAP.map((e) => e.key);
const BY_KEY = new Map<string, MapEntry>();
for (const e of MAP) if (!BY_KEY.has(e.key)) BY_KEY.set(e.key, e);

/** First map entry for a full key. */
export function mapEntry(key: string): MapEntry | undefined {
  return BY_KEY.get(key);
}

/** Every map entry for a full key (a few keys are served by two translators). */
export function mapEntries(key: string): MapEntry[] {
  return MAP.filter((e) => e.key === key);
}

export const OP_VERSION = '100000';

/** Options of the whole pool (`volume get all all`), in gluster's order, with their defaults. */
export const CLUSTER_WIDE: ReadonlyArray<readonly [string, string]> = [
  ['cluster.server-quorum-ratio', '51'],
  ['cluster.enable-shared-storage', 'disable'],
  ['cluster.op-version', OP_VERSION],
  ['cluster.max-op-version', OP_VERSION],
  ['cluster.brick-multiplex', 'disable'],
  ['cluster.max-bricks-per-process', '250'],
  ['glusterd.vol_count_per_thread', '100'],
  ['cluster.localtime-logging', 'disable'],
  ['cluster.daemon-log-level', 'INFO'],
  ['cluster.brick-graceful-cleanup', 'disable'],
];

export function isClusterWide(key: string): boolean {
  return CLUSTER_WIDE.some(([k]) => k === key);
}

/** Map entries glusterd treats as global (set on one volume, applied to every volume). */
export function isGlobalOption(key: string): boolean {
  const d = mapEntry(key)?.doc;
  return d === 'GLOBAL_DOC' || d === 'GLOBAL_NO_DOC';
}

export type KeyLookup = { key: string } | { key?: undefined; hint?: string };

/**
 * glusterd_check_option_exists: a key with a dot must be a map key; a key without one is
 * completed when exactly one map key ends in `.<key>` after its first dot. Otherwise the
 * result carries glusterd's hint (if any).
 */
export function lookupKey(input: string): KeyLookup {
  if (!input.includes('.')) {
    const matches = new Set(ALL_KEYS.filter((k) => k.slice(k.indexOf('.') + 1) === input));
    if (matches.size === 1) return { key: [...matches][0]! };
    return { hint: keyHint(ALL_KEYS, input) };
  }
  if (BY_KEY.has(input)) return { key: input };
  return { hint: keyHint(ALL_KEYS, input) };
}

/** Keys for shell completion: documented per-volume keys. */
export function completionKeys(): string[] {
  return [...new Set(MAP.filter((e) => !e.doc).map((e) => e.key))];
}
