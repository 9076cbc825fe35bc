// glusterd's side of `volume heal`: what it checks before the self-heal daemon is asked (the stage
// of the heal op), and the options the heal commands set (`enable|disable` is the self-heal
// daemon's option, `granular-entry-heal` its own special key). Every refusal is glusterd's text.
import { optionFlag } from '../libglusterfs/cparse.js';
import { MgmtError } from './errors.js';
import { setOptions } from './options/set.js';
import { loadVolume } from './store.js';
import type { Volume } from './types.js';

export type HealOp = 'index' | 'full' | 'statistics' | 'heal-count' | 'heal-count-replica';

const optionOf = (v: Volume, key: string) => v.options.find(([k]) => k === key)?.[1];

export const isReplicate = (v: Volume) => v.replicaCount > 1;
export const isDisperse = (v: Volume) => v.disperseCount > 0;

export function isSelfHealDaemonOn(v: Volume): boolean {
  const key = isDisperse(v) ? 'cluster.disperse-self-heal-daemon' : 'cluster.self-heal-daemon';
  return (isReplicate(v) || isDisperse(v)) && optionFlag(optionOf(v, key), true);
}

/** The heal op's stage: the volume as it may be healed, or glusterd's refusal. */
export function stageHeal(home: string, name: string, op: HealOp): Volume {
  const v = loadVolume(home, name);
  if (!v) throw new MgmtError(`Volume ${name} does not exist`);
  if (v.status !== 'Started') throw new MgmtError(`Volume ${name} is not started.`);
  if (!isSelfHealDaemonOn(v)) throw new MgmtError(`Self-heal-daemon is disabled. Heal will not be triggered on volume ${name}`);
  if (isDisperse(v) && op !== 'index' && op !== 'full') {
    throw new MgmtError(`This command is supported for only volume of replicated type. Volume ${name} is not of type replicate`);
  }
  return v;
}

/** `heal VOL enable|disable`: the self-heal daemon's option, stored as glusterd stores it. */
export async function setSelfHealDaemon(home: string, name: string, enable: boolean): Promise<void> {
  const v = loadVolume(home, name);
  if (!v) throw new MgmtError(`Volume ${name} does not exist`);
  if (!isReplicate(v) && !isDisperse(v)) throw new MgmtError('operation failed');
  const key = isDisperse(v) ? 'cluster.disperse-self-heal-daemon' : 'cluster.self-heal-daemon';
  await setOptions(home, { volName: name, pairs: [[key, enable ? 'enable' : 'disable']] });
}

/** `heal VOL granular-entry-heal enable|disable` (its caller checks the heals first for enable). */
export async function setGranularEntryHeal(home: string, name: string, enable: boolean): Promise<void> {
  const v = loadVolume(home, name);
  if (!v) throw new MgmtError(`Volume ${name} does not exist`);
  if (!isReplicate(v)) throw new MgmtError('operation failed');
  await setOptions(home, { volName: name, pairs: [['cluster.granular-entry-heal', enable ? 'enable' : 'disable']], specialKey: true });
}
