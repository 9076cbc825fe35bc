// The real translator classes volgen assembles. (Interim: AFR and DHT are still being written;
// until each lands, building a graph that needs it fails with a clear error.)
import type { GraphParts } from './volgen.js';
import type { Xlator } from './types.js';
import { MgmtError } from '../mgmt/errors.js';
import { Posix } from './posix/posix.js';
import { Client } from './client/client.js';
import { Afr } from './afr/afr.js';

class NotYet {
  constructor(name: string, _children: readonly Xlator[], _options: unknown) {
    throw new MgmtError(`data path translator for ${name} is not available yet`);
  }
}

export const defaultParts: GraphParts = {
  posix: Posix,
  client: Client,
  afr: Afr,
  dht: NotYet as unknown as GraphParts['dht'],
};
