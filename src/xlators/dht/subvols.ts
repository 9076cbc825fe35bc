// DHT's children as GlusterFS names them (ondisk.md §4.2): plain distribute uses the bricks'
// client xlators (`VOL-client-<brickId>`), replicated/dispersed volumes one AFR/EC xlator per set,
// numbered by position (`VOL-replicate-K`, `VOL-disperse-K`).
import type { Brick, Volume } from '../../mgmt/types.js';

export interface DhtSubvol {
  name: string;
  bricks: Brick[];
}

/** Bricks per DHT subvolume and the xlator kind grouping them. */
function grouping(v: Volume): { size: number; kind: 'client' | 'replicate' | 'disperse' | 'stripe' } {
  if (v.disperseCount > 1) return { size: v.disperseCount, kind: 'disperse' };
  if (v.replicaCount > 1) return { size: v.replicaCount, kind: 'replicate' };
  if (v.stripeCount > 1) return { size: v.stripeCount, kind: 'stripe' };
  return { size: 1, kind: 'client' };
}

/** The DHT subvolumes of a volume, in volfile order. */
export function dhtSubvolumes(v: Volume): DhtSubvol[] {
  const { size, kind } = grouping(v);
  if (kind === 'client') return v.bricks.map((b) => ({ name: `${v.name}-client-${b.brickId}`, bricks: [b] }));
  const out: DhtSubvol[] = [];
  for (let k = 0; k * size < v.bricks.length; k++) {
    out.push({ name: `${v.name}-${kind}-${k}`, bricks: v.bricks.slice(k * size, (k + 1) * size) });
  }
  return out;
}
