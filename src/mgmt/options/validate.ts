// Value checks for `volume set`: glusterd's own per-key validators, then the translator's
// option type (bool, enum, int range, size, percent, time, ...), each with gluster's message.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isIP } from 'node:net';
import type { Volume } from '../types.js';
import type { MapEntry, ValueCheck } from './catalogue-types.js';
import { MAP } from './catalogue-data.js';
import { isDisperse, isReplicate } from './volume-kind.js';
import { fnmatch } from '../../libglusterfs/fnmatch.js';
import {
  toBoolean,
  toByteSize,
  toDouble,
  toInt,
  toLongLong,
  toPercent,
  toPercentOrSize,
  toTime,
  toUInt,
} from '../../libglusterfs/cparse.js';

/** A rejected value; the message is exactly what glusterd reports. */
export class InvalidValue extends Error {}

const GENERIC_FAILURE = 'Error, Validation Failed';

/** C's %.0f for range bounds ("inf" for INFINITY). */
const fmtBound = (n: number) => (n === Infinity ? 'inf' : String(Math.round(n)));
/** C's %lf / %f. */
const fmtDouble = (n: number) => (n === Infinity ? 'inf' : n.toFixed(6));

/** Subvolumes DHT sees: bricks / bricks-per-set. */
function subvolCount(v: Volume): number {
  const per = isReplicate(v) ? v.replicaCount : isDisperse(v) ? v.disperseCount : 1;
  return Math.max(1, Math.floor(v.bricks.length / Math.max(1, per)));
}

export interface ValidateContext {
  volume?: Volume;
  /** cluster.brick-multiplex is on (cluster-wide). */
  brickMultiplex: boolean;
}

type GlusterdValidator = (ctx: ValidateContext, key: string, value: string) => string | undefined;

/** glusterd's validate_fn table (glusterd-volume-set.c), by name. */
const GLUSTERD_VALIDATORS: Record<string, GlusterdValidator> = {
  validate_defrag_throttle_option: (_c, key, value) => {
    if (['lazy', 'normal', 'aggressive'].includes(value.toLowerCase())) return undefined;
    const cores = os.availableParallelism();
    const n = toInt(value);
    if (n === undefined) return `${key} should be {lazy|normal|aggressive} or a number up to number of cores available (cores available - ${cores})`;
    return n > 0 && n <= cores ? undefined : `${key} should be within range of 0 and maximum number of cores available (cores available - ${cores})`;
  },
  // glusterd runs in / : a relative path is looked up from there.
  validate_statedump_path: (_c, _key, value) => (isDirectory(path.resolve('/', value)) ? undefined : `Failed: ${value} is not a directory`),
  validate_boolean: (_c, key, value) =>
    toBoolean(value) === undefined ? `${value} is not a valid boolean value. ${key} expects a valid boolean value.` : undefined,
  validate_replica: ({ volume }, key) =>
    volume && volume.replicaCount <= 1 ? `Cannot set ${key} for a non-replicate volume.` : undefined,
  validate_replica_heal_enable_disable: ({ volume }) =>
    volume && !isReplicate(volume) ? `Volume ${volume.name} is not of replicate type` : undefined,
  validate_disperse: ({ volume }, key) =>
    volume && !isDisperse(volume) ? `Cannot set ${key} for a non-disperse volume.` : undefined,
  validate_disperse_heal_enable_disable: ({ volume }) =>
    volume && !isDisperse(volume) ? `Volume ${volume.name} is not of disperse type` : undefined,
  validate_quorum_count: ({ volume }, key, value) => {
    const n = toInt(value);
    if (n === undefined) return `${value} is not an integer. ${key} expects a valid integer value.`;
    const max = volume?.replicaCount ?? 1;
    return n < 1 || n > max ? `${n} in ${key} ${n} is out of range [1 - ${max}]` : undefined;
  },
  validate_disperse_quorum_count: ({ volume }, key, value) => {
    const n = toInt(value);
    if (n === undefined) return `${value} is not an integer. ${key} expects a valid integer value.`;
    if (!volume || !isDisperse(volume)) return `Cannot set ${key} for a non-disperse volume.`;
    const data = volume.disperseCount - volume.redundancyCount;
    return n < data || n > volume.disperseCount
      ? `${n} for ${key} is out of range [${data} - ${volume.disperseCount}]`
      : undefined;
  },
  validate_subvols_per_directory: ({ volume }, _key, value) => {
    const n = Number.parseInt(value, 10) || 0;
    const subvols = volume ? subvolCount(volume) : 0;
    return n > subvols ? `subvols-per-directory(${n}) is greater than the number of subvolumes(${subvols}).` : undefined;
  },
  validate_lock_migration_option: ({ volume }, _key, value) => {
    if (volume && (volume.replicaCount > 1 || volume.disperseCount > 0)) {
      return 'Lock migration is a experimental feature. Currently works with pure distribute volume only';
    }
    return toBoolean(value) === undefined ? 'Invalid value for volume set command. Use on/off only.' : undefined;
  },
  validate_mandatory_locking: (_c, _key, value) =>
    ['off', 'file', 'forced', 'optimal'].includes(value)
      ? undefined
      : `Invalid option value '${value}': Available options are 'off', 'file', 'forced' or 'optimal'`,
  validate_mux_limit: ({ brickMultiplex }, key, value) => {
    if (!brickMultiplex) {
      return 'Brick-multiplexing is not enabled. Please enable brick multiplexing before trying to set this option.';
    }
    const n = toUInt(value);
    if (n === 1) {
      return 'Brick-multiplexing is enabled. Please set this option to a value other than 1 to make use of the brick-multiplexing feature.';
    }
    return n === undefined ? `${value} is not a valid count. ${key} expects an unsigned integer.` : undefined;
  },
  validate_volume_per_thread_limit: ({ brickMultiplex }, _key, value) => {
    if (!brickMultiplex) {
      return 'Brick-multiplexing is not enabled. Please enable brick multiplexing before trying to set this option.';
    }
    const n = toUInt(value) ?? 0;
    return n < 5 || n > 200
      ? 'Please set this option to a value between 5 and 200 tooptimize processing large numbers of volumes in parallel.'
      : undefined;
  },
};

/**
 * glusterd_volopt_validate: the first map entry with a glusterd validator whose full key or
 * short key (after the first dot) equals the key as typed.
 */
export function glusterdValidate(ctx: ValidateContext, typedKey: string, value: string): void {
  const vme = MAP.find(
    (e) => e.validateFn && (e.key === typedKey || e.key.slice(e.key.indexOf('.') + 1) === typedKey),
  );
  if (!vme) return;
  // A per-volume validator cannot run without a volume (`volume set all`): glusterd fails it silently.
  if (!ctx.volume && vme.doc !== 'GLOBAL_DOC' && vme.doc !== 'GLOBAL_NO_DOC') throw new InvalidValue(GENERIC_FAILURE);
  const fn = vme.validateFn ? GLUSTERD_VALIDATORS[vme.validateFn] : undefined;
  const msg = fn?.(ctx, typedKey, value);
  if (msg !== undefined) throw new InvalidValue(msg);
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * valid_internet_address as the server translator checks auth.allow/auth.reject: every
 * comma-separated entry (empty ones skipped) is an IPv4 or IPv6 address, an IPv4 CIDR (prefix up
 * to 32), or a host name of letters, digits, '-' and '*' wildcards in dot-separated labels
 * (no empty label, not starting or ending with '-').
 */
export function isInternetAddressList(value: string): boolean {
  return value
    .split(',')
    .filter((e) => e !== '')
    .every((e) => {
      const cidr = /^(.+)\/(\d+)$/.exec(e);
      if (cidr) return isIP(cidr[1]) === 4 && Number(cidr[2]) <= 32;
      if (isIP(e) !== 0) return true;
      return e.length <= 255 && !e.includes('..') && /^[A-Za-z0-9*][A-Za-z0-9*.-]*$/.test(e) && /[A-Za-z0-9*]$/.test(e);
    });
}

function rangeMsg(shown: string, name: string, value: string, min: number, max: number): string {
  return `'${shown}' in 'option ${name} ${value}' is out of range [${fmtBound(min)} - ${fmtBound(max)}]`;
}

/** xlator_option_validate: one translator option's type check. `name` is the xlator's option name. */
export function checkValue(check: ValueCheck, name: string, value: string): string | undefined {
  const min = check.min ?? 0;
  const max = check.max ?? 0;
  const noRange = min === 0 && max === 0;
  switch (check.type) {
    case 'bool':
      if (toBoolean(value) !== undefined) return undefined;
      return check.generic ? GENERIC_FAILURE : `option ${name} ${value}: '${value}' is not a valid boolean value`;
    case 'str': {
      const values = check.values ?? [];
      if (!values.length) return undefined;
      if (!/^ *$/.test(value) && values.some((p) => fnmatch(p, value))) return undefined;
      return `option ${name} ${value}: '${value}' is not valid (possible options are ${values.join(', ')}.)`;
    }
    case 'int': {
      const n = toLongLong(value);
      if (n === undefined) return `invalid number format "${value}" in option "${name}"`;
      if (noRange && !check.validate) return undefined;
      const x = Number(n);
      if (check.validate === 'min') {
        return x < min ? `'${n}' in 'option ${name} ${value}' is smaller than minimum value '${fmtBound(min)}'` : undefined;
      }
      if (check.validate === 'max') {
        return x > max ? `'${n}' in 'option ${name} ${value}' is greater than maximum value '${fmtBound(max)}'` : undefined;
      }
      return x < min || x > max ? rangeMsg(String(n), name, value, min, max) : undefined;
    }
    case 'size': {
      const n = toByteSize(value);
      if (n === undefined) return `invalid number format "${value}" in option "${name}"`;
      if (noRange) return undefined;
      return n < min || n > max ? rangeMsg(String(n), name, value, min, max) : undefined;
    }
    case 'percent': {
      const p = toPercent(value);
      if (p === undefined) return `invalid percent format "${value}" in "option ${name}"`;
      return p < 0 || p > 100 ? `'${fmtDouble(p)}' in 'option ${name} ${value}' is out of range [0 - 100]` : undefined;
    }
    case 'percent-or-size': {
      const r = toPercentOrSize(value);
      if (!r) return `invalid number format "${value}" in "option ${name}"`;
      if (r.percent) {
        return r.value < 0 || r.value > 100
          ? `'${fmtDouble(r.value)}' in 'option ${name} ${value}' is out of range [0 - 100]`
          : undefined;
      }
      if (!Number.isInteger(r.value)) {
        return `'${fmtDouble(r.value)}' in 'option ${name} ${value}' should not be fractional value. Use valid unsigned integer value.`;
      }
      if (noRange) return undefined;
      return r.value < min || r.value > max ? rangeMsg(fmtDouble(r.value), name, value, min, max) : undefined;
    }
    case 'time': {
      const t = toTime(value);
      if (t === undefined) return `invalid time format "${value}" in "option ${name}"`;
      if (noRange) return undefined;
      return t < min || t > max ? rangeMsg(String(t), name, value, min, max) : undefined;
    }
    case 'double': {
      const d = toDouble(value);
      if (d === undefined) return `invalid number format "${value}" in option "${name}"`;
      if (noRange && !check.validate) return undefined;
      if (check.validate === 'min') {
        return d < min ? `'${fmtDouble(d)}' in 'option ${name} ${value}' is smaller than minimum value '${fmtDouble(min)}'` : undefined;
      }
      if (check.validate === 'max') {
        return d > max ? `'${fmtDouble(d)}' in 'option ${name} ${value}' is greater than maximum value '${fmtDouble(max)}'` : undefined;
      }
      return d < min || d > max
        ? `'${fmtDouble(d)}' in 'option ${name} ${value}' is out of range [${fmtDouble(min)} - ${fmtDouble(max)}]`
        : undefined;
    }
    case 'path':
      if (value.includes('../')) return `invalid path given '${value}'`;
      return value.startsWith('/') ? undefined : `option ${name} ${value}: '${value}' is not an absolute path name`;
    default:
      // any, addresses, lists, xlator names: accepted as given.
      return undefined;
  }
}

/**
 * Translators that are only in a volume's graphs when a switch option turns them on: glusterd
 * validates a value against the graphs it would build, so an absent translator checks nothing.
 */
const SWITCHES: Record<string, string> = {
  'performance/io-cache': 'performance.io-cache',
  'performance/read-ahead': 'performance.read-ahead',
  'performance/write-behind': 'performance.write-behind',
  'performance/quick-read': 'performance.quick-read',
  'performance/open-behind': 'performance.open-behind',
  'performance/nl-cache': 'performance.nl-cache',
  'performance/md-cache': 'performance.stat-prefetch',
  'performance/readdir-ahead': 'performance.readdir-ahead',
  'features/shard': 'features.shard',
  'features/cdc': 'network.compression',
  'features/utime': 'features.ctime',
  'features/sdfs': 'features.sdfs',
  'features/cloudsync': 'features.cloudsync',
};

/** Keys real gluster 10.3 does not check at all although their translator is loaded. */
const UNCHECKED = new Set(['performance.quick-read-cache-size']);

/** Is the translator serving this entry part of the volume's graphs? (`get` = effective value). */
function inGraph(e: MapEntry, volume: Volume | undefined, get: (key: string) => string): boolean {
  if (!volume || !e.voltype) return true;
  if (e.voltype === 'cluster/replicate') return isReplicate(volume);
  if (e.voltype === 'cluster/disperse') return isDisperse(volume);
  if (e.voltype === 'nfs/server') return toBoolean(get('nfs.disable')) === false;
  const sw = SWITCHES[e.voltype];
  // The switch itself is always checked; the translator's other options only when it is on.
  if (!sw || sw === e.key) return true;
  return toBoolean(get(sw)) !== false;
}

/**
 * The translator checks of every map entry serving `key` (a few keys reach two translators),
 * for the translators present in the volume's graphs. `get` gives an option's effective value.
 */
export function xlatorValidate(entries: MapEntry[], value: string, volume?: Volume, get: (key: string) => string = () => ''): void {
  // The server translator's auth.addr.<brick>.allow|reject: named after the first brick.
  const auth = /^auth\.(allow|reject)$/.exec(entries[0]?.key ?? '');
  if (auth && volume?.bricks.length && !isInternetAddressList(value)) {
    throw new InvalidValue(`option auth.addr.${volume.bricks[0].path}.${auth[1]} ${value}: '${value}' is not a valid internet-address-list`);
  }
  for (const e of entries) {
    if (!e.check || UNCHECKED.has(e.key) || !inGraph(e, volume, get)) continue;
    const msg = checkValue(e.check, e.check.name, value);
    if (msg !== undefined) throw new InvalidValue(msg);
  }
}
