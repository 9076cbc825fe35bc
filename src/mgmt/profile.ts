// `volume profile VOL start|stop`: glusterd keeps profiling as two options of the volume
// (diagnostics.latency-measurement and diagnostics.count-fop-hits, both on while it runs), which
// `volume info` then lists; the bricks' io-stats count fops while both are on, and `info`
// reports what they counted (api/profile.ts).
import { MgmtError } from './errors.js';
import { optionFlag } from '../libglusterfs/cparse.js';
import { setOptions } from './options/set.js';
import { requireVolume } from './store.js';
import type { Volume } from './types.js';

const KEYS = ['diagnostics.latency-measurement', 'diagnostics.count-fop-hits'] as const;

/** Both options on, in any boolean spelling glusterd takes (glusterd_is_profile_on). */
export function isProfileOn(volume: Volume): boolean {
  return KEYS.every((k) => optionFlag(volume.options.find(([key]) => key === k)?.[1], false));
}

/** Starts or stops profiling; MgmtError `Profile on Volume X is already started / not started`. */
export async function setProfile(home: string, name: string, on: boolean): Promise<void> {
  const v = requireVolume(home, name);
  if (isProfileOn(v) === on) throw new MgmtError(`Profile on Volume ${name} is ${on ? 'already started' : 'not started'}`);
  await setOptions(home, { volName: name, pairs: KEYS.map((k): [string, string] => [k, on ? 'on' : 'off']) });
}

/** What glusterd checks before asking the bricks for `profile VOL info`, in its order. */
export function stageProfileInfo(home: string, name: string): Volume {
  const v = requireVolume(home, name);
  if (!isProfileOn(v)) throw new MgmtError(`Profile on Volume ${name} is not started`);
  if (v.status !== 'Started') throw new MgmtError(`Volume ${name} is not started.`);
  return v;
}
