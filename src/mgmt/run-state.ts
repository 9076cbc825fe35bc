// What GlusterFS's long-lived processes keep in memory and tgluster's one-shot commands keep in
// `vols/<VOL>/run/` of the state dir:
// - each brick's "inode table": a brick process of 10.3 names an inode by path (heal info's
//   `/a/f`) only when it has looked that name up since it started, else by gfid (`<gfid:...>`);
//   posix records the gfids it would know, and glusterd empties the record when the brick
//   (re)starts;
// - each brick's io-stats counters (what `volume profile VOL info` reports), which start from
//   zero when the brick (re)starts;
// - the mount's split-brain choices (AFR's, per client in 10.3);
// - the self-heal daemon's crawl history (heal-history.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Brick, Volume } from './types.js';

export function runDir(home: string, volume: string): string {
  return path.join(home, 'vols', volume, 'run');
}

export function inodeTablePath(home: string, volume: string, brick: Pick<Brick, 'host' | 'path'>): string {
  return path.join(runDir(home, volume), `${brick.host}${brick.path.replace(/\//g, '-')}.inodes`);
}

/** A brick's io-stats counters (xlators/io-stats/stats-file.ts), mapped by every process. */
export function brickStatsPath(home: string, volume: string, brick: Pick<Brick, 'host' | 'path'>): string {
  return path.join(runDir(home, volume), `${brick.host}${brick.path.replace(/\//g, '-')}.iostats`);
}

export function splitBrainChoicesPath(home: string, volume: string): string {
  return path.join(runDir(home, volume), 'split-brain-choices.json');
}

/** The bricks' processes start afresh: what they knew and counted is forgotten. */
export function resetBrickRunState(home: string, volume: Volume, bricks: readonly Brick[]): void {
  for (const b of bricks) {
    fs.rmSync(inodeTablePath(home, volume.name, b), { force: true });
    zeroInPlace(brickStatsPath(home, volume.name, b));
  }
}

/**
 * All zeros is a fresh counters file. Zeroed where it is, never removed or truncated: a running
 * mount maps it, and must count into the same file (and a mapping past the end would fault).
 */
function zeroInPlace(file: string): void {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDWR);
  } catch {
    return; // never profiled
  }
  try {
    fs.writeSync(fd, Buffer.alloc(fs.fstatSync(fd).size), 0, undefined, 0);
  } finally {
    fs.closeSync(fd);
  }
}
