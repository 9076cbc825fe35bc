// Disk usage as DHT sees it through its children's statfs (ondisk.md §4.3): posix divides by the
// shared-brick-count (bricks of the volume on one filesystem), a replica set reports its child
// with the least available space, a disperse set its smallest brick times the data bricks.
import * as fs from 'node:fs';
import type { Brick, Volume } from '../../mgmt/types.js';
import type { Statfs } from '../types.js';
import type { DhtSubvol } from './subvols.js';

function devOf(p: string): number | undefined {
  try {
    return fs.statSync(p).dev;
  } catch {
    return undefined;
  }
}

/** Bricks of the volume on the same filesystem as `brick` (at least 1), as glusterd counts them. */
export function sharedBrickCount(volume: Volume, brick: Brick): number {
  const dev = devOf(brick.path);
  if (dev === undefined) return 1;
  return Math.max(1, volume.bricks.filter((b) => devOf(b.path) === dev).length);
}

/** statfs of a brick directory divided by its shared-brick-count, like posix_statfs. */
export function brickStatfs(path: string, sharedBy = 1): Statfs {
  const s = fs.statfsSync(path);
  const d = (x: number) => (sharedBy > 1 ? Math.floor(x / sharedBy) : x);
  return { bsize: s.bsize, frsize: s.bsize, blocks: d(s.blocks), bfree: d(s.bfree), bavail: d(s.bavail), files: d(s.files), ffree: d(s.ffree) };
}

/** A replica set's statfs: the child with the least available space, whole struct. */
export function replicaStatfs(children: Statfs[]): Statfs {
  return children.reduce((min, s) => (s.bavail * s.bsize < min.bavail * min.bsize ? s : min));
}

/** A disperse set's statfs: the smallest brick scaled by the number of data bricks. */
export function disperseStatfs(children: Statfs[], dataBricks: number): Statfs {
  const min = (k: keyof Statfs) => Math.min(...children.map((s) => s[k]));
  return {
    bsize: min('bsize'),
    frsize: min('frsize'),
    blocks: min('blocks') * dataBricks,
    bfree: min('bfree') * dataBricks,
    bavail: min('bavail') * dataBricks,
    files: min('files'),
    ffree: min('ffree'),
  };
}

/** statfs of a DHT subvolume computed straight from its brick directories (no graph needed). */
export function subvolStatfs(volume: Volume, sv: DhtSubvol): Statfs {
  const stats = sv.bricks.map((b) => brickStatfs(b.path, sharedBrickCount(volume, b)));
  if (stats.length === 1) return stats[0];
  if (volume.disperseCount > 1) return disperseStatfs(stats, volume.disperseCount - volume.redundancyCount);
  // Arbiter bricks hold no data, but AFR's statfs still takes the minimum over all children.
  return replicaStatfs(stats);
}
