// Choosing the winner of a split-brain: cluster.favorite-child-policy (size, mtime, ctime,
// majority), applied by every heal, and the CLI's resolutions (bigger-file, latest-mtime,
// source-brick), applied to one file on request (docs/on-disk-format.md §6.5).
import type { Iatt } from '../types.js';
import { iattOf, type Copies, type Decision, type FavoriteChildPolicy } from './self-heal-common.js';
import type { SplitBrainChooser } from './self-heal-data.js';

const cmpTime = (a: Iatt['mtime'], b: Iatt['mtime']) => a.sec - b.sec || a.nsec - b.nsec;

/** Participants with their iatts, in brick order. */
function candidates(copies: Copies, d: Decision): { i: number; a: Iatt }[] {
  return d.locked.flatMap((l, i) => {
    const a = iattOf(copies, i);
    return l && a ? [{ i, a }] : [];
  });
}

/** The single copy with the strictly largest size (a tie decides nothing). */
export const biggest: SplitBrainChooser = (copies, d) => {
  const c = candidates(copies, d);
  const max = Math.max(...c.map((x) => x.a.size));
  const top = c.filter((x) => x.a.size === max);
  return top.length === 1 ? top[0].i : undefined;
};

/** The newest by `key`; `ties`: 'first' takes the lowest brick, 'none' decides nothing. */
function newest(key: 'mtime' | 'ctime', ties: 'first' | 'none'): SplitBrainChooser {
  return (copies, d) => {
    const c = candidates(copies, d);
    if (!c.length) return undefined;
    let best = c[0];
    for (const x of c.slice(1)) if (cmpTime(x.a[key], best.a[key]) > 0) best = x;
    if (ties === 'none' && c.some((x) => x !== best && cmpTime(x.a[key], best.a[key]) === 0)) return undefined;
    return best.i;
  };
}

/** A copy whose (mtime, size) equals that of more than half of the set. */
const majority: SplitBrainChooser = (copies, d) => {
  const c = candidates(copies, d);
  const n = d.locked.length;
  for (const x of c) {
    const same = c.filter((y) => y.a.size === x.a.size && cmpTime(y.a.mtime, x.a.mtime) === 0).length;
    if (same * 2 > n) return x.i;
  }
  return undefined;
};

export const latestMtime: SplitBrainChooser = newest('mtime', 'none');

export function policyChooser(policy: FavoriteChildPolicy): SplitBrainChooser | undefined {
  switch (policy) {
    case 'size':
      return biggest;
    case 'mtime':
      return newest('mtime', 'first');
    case 'ctime':
      return newest('ctime', 'first');
    case 'majority':
      return majority;
    default:
      return undefined;
  }
}

/** The named brick, when it holds a copy. */
export function brickChooser(child: number): SplitBrainChooser {
  return (copies, d) => (d.locked[child] && iattOf(copies, child) ? child : undefined);
}

/**
 * The favorite child among copies of one name that differ in gfid (10.3's gfid split-brain
 * source by policy): size, the strictly largest; mtime/ctime, the newest (a tie keeps the first);
 * majority, a gfid more than half of the set holds (never on replica 2). undefined: none.
 */
export function gfidPolicyPick(policy: FavoriteChildPolicy, holders: { i: number; iatt: Iatt }[], setSize: number): number | undefined {
  if (!holders.length) return undefined;
  if (policy === 'size') {
    const max = Math.max(...holders.map((h) => h.iatt.size));
    const top = holders.filter((h) => h.iatt.size === max);
    return top.length === 1 ? top[0].i : undefined;
  }
  if (policy === 'mtime' || policy === 'ctime') {
    let best = holders[0];
    for (const h of holders.slice(1)) if (cmpTime(h.iatt[policy], best.iatt[policy]) > 0) best = h;
    return best.i;
  }
  if (policy === 'majority' && setSize > 2) {
    const win = holders.find((h) => holders.filter((x) => x.iatt.gfid === h.iatt.gfid).length * 2 > setSize);
    return win?.i;
  }
  return undefined;
}
