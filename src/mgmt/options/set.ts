// `volume set`: glusterd's staging (every pair is checked before anything changes) and commit.
import { MgmtError } from '../errors.js';
import { withTransaction } from '../lock.js';
import { listPeers, loadAllVolumes, requireVolume, saveVolume } from '../store.js';
import type { Volume } from '../types.js';
import { isClusterWide, isGlobalOption, lookupKey, mapEntries, OP_VERSION } from './catalogue.js';
import { loadClusterOptions, saveClusterOptions } from './cluster-store.js';
import { putOption } from './create-time.js';
import { getOption } from './values.js';
import { toBoolean, toUInt } from '../../libglusterfs/cparse.js';
import { glusterdValidate, InvalidValue, xlatorValidate, type ValidateContext } from './validate.js';

export interface SetRequest {
  /** A volume name, or "all" for the cluster-wide options. */
  volName: string;
  /** Key/value pairs in command-line order (keys as typed). */
  pairs: Array<[string, string]>;
  /**
   * Set by commands that own a key glusterd refuses through `volume set` (heal's
   * granular-entry-heal enable|disable), like glusterd's "is-special-key".
   */
  specialKey?: boolean;
}

const fail = (msg: string): never => {
  throw new MgmtError(msg);
};

/** User keys go through untouched, as glusterd passes them to hook scripts. */
const isUserKey = (key: string) => key.startsWith('user.');

function bitrotCommand(key: string): string | undefined {
  const use: Record<string, string> = {
    bitrot: '{enable|disable}',
    'scrub-freq': 'scrub-frequency {hourly|daily|weekly|biweekly|monthly}',
    scrub: 'scrub {pause|resume}',
    'scrub-throttle': 'scrub-throttle  {lazy|normal|aggressive}',
  };
  const short = key.replace(/^features\./, '');
  if (!Object.hasOwn(use, short) || (key !== short && key !== `features.${short}`)) return undefined;
  return ` 'gluster volume set <VOLNAME> ${key}' is invalid command. Use 'gluster volume bitrot <VOLNAME> ${use[short]}' instead.`;
}

function quotaCommand(key: string, value: string): string | undefined {
  const short = key.replace(/^features\./, '');
  if (!['quota', 'inode-quota'].includes(short) || (key !== short && key !== `features.${short}`)) return undefined;
  const on = toBoolean(value);
  if (on === undefined) return 'Error, Validation Failed';
  const verb = short === 'inode-quota' && on ? 'volume inode-quota <VOLNAME> enable' : `volume quota <VOLNAME> ${on ? 'enable' : 'disable'}`;
  return ` 'gluster volume set <VOLNAME> ${key} ${value}' is deprecated. Use 'gluster ${verb}' instead.`;
}

/** glusterd's op-version key: only on `all`, alone, and (with one op-version) never accepted. */
function checkOpVersion(all: boolean, index: number, key: string, value: string): void {
  if (!all) fail(`Option "${key}" is not valid for a single volume`);
  if (index !== 0) fail(`Option "${key}" cannot be set along with other options`);
  const v = toUInt(value);
  if (v === undefined) fail(`invalid number format "${value}" in option "${key}"`);
  const shown = v! | 0; // glusterd prints it with %d
  if (v! > Number(OP_VERSION) || v! < 1) {
    fail(`Required op_version (${shown}) is not supported. Max supported op version is ${OP_VERSION}`);
  }
  fail(`Required op-version (${shown}) should not be equal or lower than current cluster op-version (${OP_VERSION}).`);
}

/** Cluster-wide options with their own glusterd checks (set all). */
function checkClusterValue(home: string, key: string, value: string, cluster: Map<string, string>): void {
  const valid = (list: string) => `Invalid option(${value}). Valid options are ${list}`;
  if (key === 'cluster.enable-shared-storage') {
    if (value !== 'enable' && value !== 'disable') fail(valid("'enable' and 'disable'"));
    if (value === 'disable') {
      if ((cluster.get(key) ?? 'disable').startsWith('disable')) {
        fail('Shared storage volume does not exist. Please enable shared storage for creating shared storage volume.');
      }
      return;
    }
    const nodes = 1 + listPeers(home).filter((p) => p.connected).length;
    if (nodes <= 1) fail('More than one node should be up/present in the cluster to enable this option');
  } else if (key === 'cluster.localtime-logging') {
    if (value !== 'enable' && value !== 'disable') fail(valid("'enable' and 'disable'"));
  } else if (key === 'cluster.daemon-log-level') {
    if (!['INFO', 'WARNING', 'DEBUG', 'TRACE', 'ERROR'].includes(value)) {
      fail(valid("'INFO' or 'WARNING' or 'ERROR' or 'DEBUG' or  'TRACE'"));
    }
  }
}

/**
 * glusterd validates the graphs the volume would get with this one pair added: the new value,
 * and every value already set whose translator is (now) in a graph. A value accepted while its
 * translator was off can so block turning the translator on.
 */
function validateGraph(volume: Volume, key: string, value: string): void {
  const next: Volume = { ...volume, options: putOption(volume.options, key, value) };
  const get = (k: string) => getOption(next, k);
  xlatorValidate(mapEntries(key), value, next, get);
  for (const [k, v] of next.options) if (k !== key && !isUserKey(k)) xlatorValidate(mapEntries(k), v, next, get);
}

interface Staged {
  key: string;
  value: string;
}

/** glusterd_op_stage_set_volume: resolve and check every pair; throws on the first problem. */
function stage(home: string, req: SetRequest, volume: Volume | undefined, cluster: Map<string, string>): Staged[] {
  const all = volume === undefined;
  const vctx: ValidateContext = {
    volume,
    brickMultiplex: toBoolean(cluster.get('cluster.brick-multiplex') ?? 'disable') === true,
  };
  const staged: Staged[] = [];
  req.pairs.forEach(([typed, value], index) => {
    if (typed === 'config.transport') {
      if (!['rdma', 'tcp', 'tcp,rdma', 'rdma,tcp'].includes(value.toLowerCase())) fail(`transport-type ${value} does not exist`);
    } else if (typed !== 'config.memory-accounting' && typed !== 'ganesha.enable') {
      const msg = bitrotCommand(typed) ?? quotaCommand(typed, value);
      if (msg) fail(msg);
    }
    if (isUserKey(typed)) {
      // Staging lets user.* through for `all`; glusterd's commit then finds no such global key.
      if (all && index === 0) fail('Commit failed on localhost. Please check the log file for more details.');
      if (/[=\n\r]/.test(typed)) fail(`option : ${typed} does not exist`);
      staged.push({ key: typed, value });
      return;
    }
    try {
      glusterdValidate(vctx, typed, value);
    } catch (e) {
      if (e instanceof InvalidValue) fail(e.message);
      throw e;
    }
    const found = lookupKey(typed);
    if (found.key === undefined) {
      fail(`option : ${typed} does not exist${found.hint ? `\nDid you mean ${found.hint}?` : ''}`);
    }
    const key = found.key!;
    if ((key === 'storage.linux-aio' || key === 'storage.linux-io_uring') && volume?.status === 'Started') {
      fail(`Changing '${key}' is not supported when the volume is in started state. Please stop the volume first.`);
    }
    if (key === 'cluster.granular-entry-heal') {
      if (volume && volume.status !== 'Created' && !req.specialKey) {
        fail(
          ` 'gluster volume set <VOLNAME> ${key} {enable, disable}' is not supported. Use 'gluster volume heal <VOLNAME> granular-entry-heal {enable, disable}' instead.`,
        );
      }
    } else if (key === 'cluster.op-version') {
      checkOpVersion(all, index, key, value);
    }
    if (key === 'cluster.max-op-version') fail('Not a valid option to set');
    if (all && !isClusterWide(key)) fail('Not a valid option for all volumes');
    if (!all && isClusterWide(key)) fail('Not a valid option for single volume');
    if (all) checkClusterValue(home, key, value, cluster);
    if (key === 'features.trash-dir' && volume) {
      const trash = volume.options.find(([k]) => k === 'features.trash')?.[1] ?? 'off';
      if (toBoolean(trash) !== true) fail(`Trash translator is not enabled. Use volume set ${volume.name} trash on`);
      if (value.includes('/')) fail('Path is not allowed as option');
    }
    try {
      if (volume) validateGraph(volume, key, value);
      else xlatorValidate(mapEntries(key), value);
    } catch (e) {
      if (e instanceof InvalidValue) fail(e.message);
      throw e;
    }
    staged.push({ key, value });
  });
  return staged;
}

/** Apply staged pairs to one volume (glusterd_op_set_volume). Global options reach every volume. */
function commitVolume(home: string, volume: Volume, staged: Staged[]): void {
  const others = new Map<string, Volume>();
  for (const { key, value } of staged) {
    if (key === 'config.transport') {
      const t = value.toLowerCase();
      volume.transport = t === 'rdma' ? 'rdma' : t === 'tcp' ? 'tcp' : 'tcp,rdma';
    }
    if (isGlobalOption(key)) {
      if (!others.size) for (const v of loadAllVolumes(home)) if (v.name !== volume.name) others.set(v.name, v);
      for (const v of others.values()) v.options = putOption(v.options, key, value);
    }
    volume.options = putOption(volume.options, key, value);
  }
  for (const v of others.values()) saveVolume(home, v);
  saveVolume(home, volume);
}

function commitCluster(home: string, cluster: Map<string, string>, staged: Staged[]): void {
  // glusterd_op_set_all_volume_options commits only the first pair: the others are staged
  // (checked) and then dropped.
  const { key, value } = staged[0]!;
  // glusterd keeps no op-version entry in its options file.
  if (key !== 'cluster.op-version') cluster.set(key, value);
  saveClusterOptions(home, cluster);
}

/**
 * `volume set NAME|all KEY VALUE...`: all pairs are checked first; nothing changes unless every
 * pair is valid. Throws MgmtError with glusterd's message.
 */
export async function setOptions(home: string, req: SetRequest): Promise<void> {
  if (!req.pairs.length) fail('Options not specified');
  const all = req.volName.toLowerCase() === 'all';
  await withTransaction(home, req.volName, () => {
    const cluster = loadClusterOptions(home);
    const volume = all ? undefined : requireVolume(home, req.volName);
    const staged = stage(home, req, volume, cluster);
    if (volume) commitVolume(home, volume, staged);
    else commitCluster(home, cluster, staged);
  });
}
