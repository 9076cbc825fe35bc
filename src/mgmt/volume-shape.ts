// What follows from a volume's brick list and counts once bricks come or go (add-brick,
// remove-brick): the type `volume info` shows and which bricks are arbiters. glusterd keeps only
// "replicate" or "disperse" internally; the "Distributed-" prefix says there is more than one set.
import type { Volume, VolumeType } from './types.js';

/** Bricks per distribute leg: the replica, disperse or stripe count (1 for plain distribute). */
export function legSize(v: Volume): number {
  if (v.disperseCount > 0) return v.disperseCount;
  if (v.stripeCount > 1) return v.stripeCount;
  return v.replicaCount;
}

export function displayType(v: Volume): VolumeType {
  const whole = v.bricks.length === legSize(v);
  if (v.disperseCount > 0) return whole ? 'Disperse' : 'Distributed-Disperse';
  if (v.stripeCount > 1) return whole ? 'Stripe' : 'Distributed-Stripe';
  if (v.replicaCount > 1) return whole ? 'Replicate' : 'Distributed-Replicate';
  return 'Distribute';
}

/** Arbiters are positional: the last brick of each replica set of an arbiter volume. */
export function markArbiters(v: Volume): void {
  v.bricks.forEach((b, i) => {
    b.arbiter = v.arbiterCount === 1 && i % v.replicaCount === v.replicaCount - 1;
  });
}

/** The brick id (`<VOL>-client-N`) a new brick gets: one past the highest, never reused. */
export function nextBrickId(v: Volume): number {
  return v.bricks.reduce((m, b) => Math.max(m, b.brickId), -1) + 1;
}
