// Where a brick's "inode table" lives between commands. A brick process of 10.3 names an inode by
// path (heal info's `/a/f`) only when it has looked that name up since it started, else by gfid
// (`<gfid:...>`). tgluster's bricks have no process, so posix records the gfids it would know
// in a file of the state directory, and glusterd empties it whenever the brick (re)starts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Brick, Volume } from './types.js';

export function inodeTablePath(home: string, volume: string, brick: Pick<Brick, 'host' | 'path'>): string {
  return path.join(home, 'vols', volume, 'run', `${brick.host}${brick.path.replace(/\//g, '-')}.inodes`);
}

/** The bricks' processes start afresh: what they knew is forgotten. */
export function resetInodeTables(home: string, volume: Volume, bricks: readonly Brick[]): void {
  for (const b of bricks) fs.rmSync(inodeTablePath(home, volume.name, b), { force: true });
}
