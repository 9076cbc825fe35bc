// A just-created volume for option tests: the capture's volume ID and glusterd's create-time options.
import { createTimeOptions } from '../../../../src/mgmt/options/create-time.js';
import type { Volume, VolumeType } from '../../../../src/mgmt/types.js';

export function freshVolume(type: VolumeType, extra: Partial<Volume> = {}): Volume {
  const v: Volume = {
    name: 'v',
    // The capture's volume ID, so `volume info` compares without normalising.
    id: '4e98dcf4-4064-42d2-915e-9a04a0b6aa49',
    type,
    status: 'Created',
    replicaCount: 1,
    arbiterCount: 0,
    disperseCount: 0,
    redundancyCount: 0,
    stripeCount: 0,
    transport: 'tcp',
    bricks: [],
    options: [],
    ...extra,
  };
  v.options = createTimeOptions(v);
  return v;
}
