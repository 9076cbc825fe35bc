// Disk usage as DHT sees it through its children's statfs (docs/on-disk-format.md §4.3): posix divides by the
// shared-brick-count (bricks of the volume on one filesystem, glusterd counts them), a replica set
// reports its child with the least available space, a disperse set its smallest brick times the
// data bricks.
import * as fs from 'node:fs';
import type { Statfs } from '../types.js';

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
