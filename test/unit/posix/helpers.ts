// Test bricks: a fresh temp directory prepared as a brick process would, and a Posix over it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { initBrick } from '../../../src/xlators/posix/brick-init.js';
import { Posix, type PosixOptions } from '../../../src/xlators/posix/posix.js';
import { getAllXattrs } from '../../../src/xattr/index.js';
import { forgetBrickLocks } from '../../../src/xlators/locks/index.js';
import type { Timespec, Xdata } from '../../../src/xlators/types.js';

export const ROOT = '00000000-0000-0000-0000-000000000001';

export interface TestBrick {
  dir: string;
  posix: Posix;
  cleanup(): void;
}

export function makeBrick(opts: Partial<PosixOptions> = {}): TestBrick {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-posix-'));
  const dir = path.join(base, 'brick');
  fs.mkdirSync(dir);
  initBrick(dir, randomUUID());
  const posix = new Posix('vol-posix', [], { path: dir, volname: 'vol', ...opts });
  const cleanup = () => {
    fs.rmSync(base, { recursive: true, force: true });
    forgetBrickLocks(posix.root);
  };
  return { dir: posix.root, posix, cleanup };
}

export const T1: Timespec = { sec: 1795289112, nsec: 540339066 };
export const T2: Timespec = { sec: 1795289121, nsec: 197053593 };

/** xdata for a new inode with a fresh gfid, stamped at `time`. */
export function newInode(time: Timespec = T1, gfid: string = randomUUID()): Xdata & { gfidReq: string } {
  return { gfidReq: gfid, time };
}

/** xattrs of an object as getfattr -e hex shows them: name -> 0x... */
export function hexXattrs(p: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(getAllXattrs(p)).sort(([a], [b]) => (a < b ? -1 : 1))) {
    out[k] = '0x' + v.toString('hex');
  }
  return out;
}

export const gfidHex = (g: string) => '0x' + g.replace(/-/g, '');
export const handleOf = (brick: string, g: string) => path.join(brick, '.glusterfs', g.slice(0, 2), g.slice(2, 4), g);
