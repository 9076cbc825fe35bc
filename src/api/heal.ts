// Self-heal of a whole volume, as glustershd runs it: a graph of the volume (the self-heal
// daemon's is the client graph without DHT's part in healing), each replica set's AFR healing
// its own bricks. The CLI's `volume heal` and the background heal task both come here.
import type { Volume } from '../mgmt/types.js';
import type { GraphParts, Graph } from '../xlators/graph.js';
import { defaultParts } from '../xlators/graph-parts.js';
import type { Xlator } from '../xlators/types.js';
import type { HealContext } from '../xlators/afr/self-heal-common.js';
import { fullHeal, indexHeal, type SweepStats } from '../xlators/afr/self-heald.js';
import type { HealOptions } from '../xlators/afr/self-heal.js';
import { volumeGraph } from './graph.js';

/** A translator that heals its replica set (AFR). */
interface Healer extends Xlator {
  healContext(): HealContext;
}

const isHealer = (x: Xlator): x is Healer => typeof (x as Partial<Healer>).healContext === 'function';

/** The replica sets of a graph, in volfile order. */
export function replicaSets(graph: Graph): Healer[] {
  const out: Healer[] = [];
  const walk = (x: Xlator) => {
    if (isHealer(x)) out.push(x);
    else x.children.forEach(walk);
  };
  walk(graph.top);
  return out;
}

export interface VolumeHealOptions extends HealOptions {
  parts?: GraphParts;
  /** Called after each inode with the running count; false stops the heal. */
  onInode?: (done: number) => boolean | void;
}

/** Heals every replica set of the volume (index heal, or `full`); stats per replica set. */
export function healVolume(volume: Volume, opts: VolumeHealOptions = {}): SweepStats[] {
  const graph = volumeGraph(volume, opts.parts ?? defaultParts);
  let done = 0;
  let stopped = false;
  const hooks = {
    ...opts,
    onInode: () => {
      if (opts.onInode?.(++done) === false) stopped = true;
      return !stopped;
    },
  };
  const out: SweepStats[] = [];
  for (const set of replicaSets(graph)) {
    if (stopped) break;
    const ctx = set.healContext();
    out.push(opts.full ? fullHeal(ctx, hooks) : indexHeal(ctx, hooks));
  }
  return out;
}
