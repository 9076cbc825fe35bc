// The stretches of a regular file that hold data, found with the seek fop (SEEK_DATA/SEEK_HOLE):
// heal and rebalance copy those and leave the holes alone, as 10.3's data heal and migration
// do, so a sparse file (a VM image, a 20 GB file with 10 KB in it) costs what its data costs.
import { FopError } from '../libglusterfs/errors.js';
import type { Loc, Xlator } from './types.js';

export type Range = [start: number, end: number];

/** Up to this size a file is taken whole: reading it costs less than the seeks that map it. */
const MAP_FROM = 1 << 20;

/** [start, end) stretches of data below `size`, in order; all of it when seek cannot tell. */
export function dataRanges(x: Xlator, loc: Loc, size: number): Range[] {
  if (size <= MAP_FROM) return size > 0 ? [[0, size]] : [];
  const out: Range[] = [];
  let off = 0;
  try {
    while (off < size) {
      const start = x.seek(loc, off, 'data');
      if (start >= size) break;
      const end = Math.min(x.seek(loc, start, 'hole'), size);
      out.push([start, end]);
      off = end;
    }
  } catch (e) {
    if (!(e instanceof FopError)) throw e;
    if (e.code === 'ENXIO') return out; // no data at or after `off`
    if (e.code === 'EINVAL' || e.code === 'ENOTSUP') return size > 0 ? [[0, size]] : [];
    throw e;
  }
  return out;
}

/** The union of sorted range lists, merged where they touch. */
export function unionRanges(...lists: Range[][]): Range[] {
  const all = lists.flat().sort((a, b) => a[0] - b[0]);
  const out: Range[] = [];
  for (const [s, e] of all) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}
