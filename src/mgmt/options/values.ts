// What an option's value is for a volume: the value set on it, else glusterd's per-type
// default, else the catalogue default. Feeds `volume get` and the data path (getOption).
import { MgmtError } from '../errors.js';
import type { Volume } from '../types.js';
import { CLUSTER_WIDE, isClusterWide, lookupKey, MAP, SHOWN } from './catalogue.js';
import { isReplicate } from './volume-kind.js';

export type Row = [key: string, value: string];

/**
 * glusterd found no value to report: a `user.*` key never set (it answers op-ret -2 with no
 * message), or a map key whose translator default it cannot look up (it answers success with
 * an empty table, which the CLI reports as a failure).
 */
export class NoValueError extends Error {
  constructor(readonly kind: 'user-key' | 'no-default') {
    super(kind);
  }
}

const SHOWN_BY_KEY = new Map<string, ShownDefault>();
interface ShownDefault {
  value: string;
  marked: boolean;
}
for (const [k, v, marked] of SHOWN) if (!SHOWN_BY_KEY.has(k)) SHOWN_BY_KEY.set(k, { value: v, marked });

/** glusterd_get_option_value: replicate volumes' own defaults for two keys. */
function typeDefault(volume: Volume, key: string): string | undefined {
  if (!isReplicate(volume)) return undefined;
  if (key === 'performance.client-io-threads') return 'off';
  if (key === 'cluster.quorum-type' && volume.replicaCount % 2 === 1) return 'auto';
  return undefined;
}

function setValue(volume: Volume, key: string): string | undefined {
  return volume.options.find(([k]) => k === key)?.[1];
}

/**
 * The effective value of an option on a volume, as the translators see it: the set value,
 * the per-type default (quorum-type auto on odd replica counts, client-io-threads off on
 * replicate), else the catalogue default; '' for an option with no value at all (what
 * `volume get` shows as "(null)"). Short keys are accepted. Unknown keys throw MgmtError.
 */
export function getOption(volume: Volume, key: string): string {
  const v = effectiveValue(volume, key);
  return v === '(null)' ? '' : v;
}

function effectiveValue(volume: Volume, key: string): string {
  const full = key.includes('.') || key === '' ? key : (lookupKey(key).key ?? key);
  const set = setValue(volume, full);
  if (set !== undefined) return set;
  const typed = typeDefault(volume, full);
  if (typed !== undefined) return typed;
  const shown = SHOWN_BY_KEY.get(full);
  if (shown) return shown.value;
  const vme = MAP.find((e) => e.key === full);
  if (vme?.value !== undefined) return vme.value;
  throw new MgmtError(`option ${key} does not exist`);
}

/** A `volume get` value: cluster-wide, set, per-type, table value, or the default with " (DEFAULT)". */
function shownValue(volume: Volume, key: string, cluster: Map<string, string>, dflt: ShownDefault | undefined): string | undefined {
  const v = cluster.get(key) ?? setValue(volume, key) ?? typeDefault(volume, key);
  if (v !== undefined || !dflt) return v;
  return dflt.marked ? `${dflt.value} (DEFAULT)` : dflt.value;
}

/** `volume get VOL all`: every map entry with a value to show, in glusterd's map order. */
export function volumeGetAll(volume: Volume, cluster: Map<string, string>): Row[] {
  const rows: Row[] = [];
  for (const e of MAP) {
    const v = shownValue(volume, e.key, cluster, e.get && { value: e.get[0], marked: e.get[1] });
    if (v !== undefined) rows.push([e.key, v]);
  }
  return rows;
}

/** `volume get VOL KEY` (key as typed). Throws MgmtError with glusterd's message. */
export function volumeGetOne(volume: Volume, typed: string, cluster: Map<string, string>): Row[] {
  if (typed.startsWith('user.')) {
    const v = setValue(volume, typed);
    if (v === undefined) throw new NoValueError('user-key');
    return [[typed, v]];
  }
  const found = lookupKey(typed);
  if (found.key === undefined) throw new MgmtError(found.hint ? `Did you mean ${found.hint}?` : `Option with name: ${typed} does not exist`);
  const key = found.key;
  if (key === 'cluster.op-version' || key === 'cluster.max-op-version') return [[key, CLUSTER_WIDE.find(([k]) => k === key)![1]]];
  if (key === 'config.memory-accounting') return [[key, 'Disabled']];
  if (key === 'config.transport') return [[key, volume.transport]];
  const global = cluster.get(key);
  if (global !== undefined) return [[key, global]];
  const v = shownValue(volume, key, cluster, SHOWN_BY_KEY.get(key));
  if (v === undefined) throw new NoValueError('no-default');
  return [[key, v]];
}

/** `volume get all KEY|all`: the cluster-wide options. */
export function clusterGet(typed: string, cluster: Map<string, string>): Row[] {
  let key = typed;
  if (typed.toLowerCase() !== 'all') {
    const found = lookupKey(typed);
    if (found.key === undefined) throw new MgmtError(found.hint ? `Did you mean ${found.hint}?` : `Option with name: ${typed} does not exist`);
    key = found.key;
    if (!isClusterWide(key)) throw new MgmtError('Not a valid option for all volumes');
  }
  const rows: Row[] = [];
  for (const [k, dflt] of CLUSTER_WIDE) {
    if (key.toLowerCase() !== 'all' && k !== key) continue;
    if (k === 'cluster.op-version' || k === 'cluster.max-op-version') rows.push([k, dflt]);
    else rows.push([k, cluster.get(k) ?? `${dflt} (DEFAULT)`]);
  }
  return rows;
}

/** Whether a volume-level get of this key prints glusterd's deprecation warning first. */
export function getWarnsGlobal(typed: string): boolean {
  const key = lookupKey(typed).key;
  return key !== undefined && isClusterWide(key) && key !== 'glusterd.vol_count_per_thread' && key !== 'cluster.max-bricks-per-process';
}
