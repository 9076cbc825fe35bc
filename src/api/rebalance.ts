// The client a rebalance process is: the volume's graph, down to its distribute translator, which
// the crawl (xlators/dht/crawl.ts) drives. For remove-brick the volume's definition marks the
// bricks being removed as decommissioned, so their subvolumes get no range.
import * as fs from 'node:fs';
import type { Volume } from '../mgmt/types.js';
import { dhtSubvolumeNames } from '../mgmt/volgen.js';
import { distributeIn, type Dht } from '../xlators/dht/dht.js';
import { defaultParts } from '../xlators/graph-parts.js';
import { volumeGraph } from './graph.js';

export function distributeOf(volume: Volume, home: string): Dht {
  const x = distributeIn(volumeGraph(volume, defaultParts, home).top);
  if (!x) throw new Error(`volume ${volume.name} has no distribute translator`);
  return x;
}

/**
 * What the estimate divides by, as 10.3's rebalance process measures it: the bytes in use on the
 * file system of each subvolume's first brick (the whole file system, not only the volume's).
 */
export function usedBytes(volume: Volume): number {
  let total = 0;
  for (const sv of dhtSubvolumeNames(volume)) {
    const b = sv.bricks[0];
    if (!b) continue;
    try {
      const st = fs.statfsSync(b.path);
      total += (st.blocks - st.bfree) * st.bsize;
    } catch {
      // a brick that cannot be measured adds nothing
    }
  }
  return total;
}
