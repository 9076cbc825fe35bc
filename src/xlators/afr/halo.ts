// Halo replication (cluster.halo-enabled): a client uses only the nearest copies of each replica
// set, at most halo-max-replicas of them, and treats the others as down (its writes then blame
// them, and a heal brings them level later). Every brick here is on this machine, so every copy
// that is up is within halo-max-latency: the first halo-max-replicas of them (in brick order,
// 10.3 breaking latency ties the same way) are used. The self-heal daemon, heal info and the
// CLI's split-brain commands use every copy, as 10.3's shd does (it ignores halo-max-replicas).
import { FopError } from '../../libglusterfs/errors.js';
import { optionFlag } from '../../libglusterfs/cparse.js';
import type { Xlator } from '../types.js';

export interface Halo {
  enabled: boolean;
  maxReplicas: number;
}

/** The halo options of a replicate translator's volfile options (10.3's defaults). */
export function haloOf(opt: (key: string) => string | undefined): Halo {
  const max = Number(opt('halo-max-replicas') ?? 99999);
  return { enabled: optionFlag(opt('halo-enabled'), false), maxReplicas: Number.isInteger(max) && max > 0 ? max : 99999 };
}

/** Which of the copies that are up a client uses (all of them without halo). */
export function haloChosen(up: readonly boolean[], halo: Halo): boolean[] {
  if (!halo.enabled) return [...up];
  let left = halo.maxReplicas;
  return up.map((u) => u && left-- > 0);
}

/**
 * The children a client's AFR works with. With halo, each call first asks which copies are up
 * now (a brick killed or revived by another process changes it) and a copy left out answers as a
 * brick that is down does.
 */
export function haloChildren(children: readonly Xlator[], halo: Halo): readonly Xlator[] {
  if (!halo.enabled) return children;
  const inUse = (i: number) => haloChosen(children.map((c) => (c as { isDown?: boolean }).isDown !== true), halo)[i];
  return children.map(
    (child, i) =>
      new Proxy(child, {
        get(target, prop, receiver) {
          const v = Reflect.get(target, prop, receiver);
          if (typeof v !== 'function') return v;
          return (...args: unknown[]) => {
            if (!inUse(i)) throw new FopError('ENOTCONN', child.name);
            return Reflect.apply(v, target, args);
          };
        },
      }),
  );
}
