// `volume profile VOL start|stop`: glusterd keeps profiling as two options of the volume
// (diagnostics.latency-measurement and diagnostics.count-fop-hits, both on while it runs), which
// `volume info` then lists. tgluster has no per-fop statistics to report (`info` while started).
import { MgmtError } from './errors.js';
import { setOptions } from './options/set.js';
import { requireVolume } from './store.js';
import type { Volume } from './types.js';

const KEYS = ['diagnostics.latency-measurement', 'diagnostics.count-fop-hits'] as const;

export function isProfileOn(volume: Volume): boolean {
  return KEYS.every((k) => volume.options.find(([key]) => key === k)?.[1] === 'on');
}

/** Starts or stops profiling; MgmtError `Profile on Volume X is already started / not started`. */
export async function setProfile(home: string, name: string, on: boolean): Promise<void> {
  const v = requireVolume(home, name);
  if (isProfileOn(v) === on) throw new MgmtError(`Profile on Volume ${name} is ${on ? 'already started' : 'not started'}`);
  await setOptions(home, { volName: name, pairs: KEYS.map((k): [string, string] => [k, on ? 'on' : 'off']) });
}
