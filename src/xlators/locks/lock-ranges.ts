// The lock scheme used when tgluster's native addon is built: every key of a brick is one byte
// of a single file, `<brick base>.ranges`, locked with an OFD byte-range lock (native/locks.c).
// Taking or releasing a key is one fcntl: no lock file per key to create, check and delete
// (lock-files.ts), which was a third of the syscalls of a small replicated write.
//
// The file is opened once per process and brick, and deleted only once its brick directory is gone
// (lock-root's sweepLocks): a process that deleted it while another held a byte would let a third
// one lock a new inode under the same name.
import * as fs from 'node:fs';
import type { NativeAddon } from '../../native/addon.js';
import { brickLockBase, openBrickLockFile } from './lock-root.js';

const fds = new Map<string, number>();

export function rangesFile(brickReal: string): string {
  return `${brickLockBase(brickReal)}.ranges`;
}

function fdOf(brickReal: string): number {
  let fd = fds.get(brickReal);
  if (fd === undefined) {
    fd = openBrickLockFile(rangesFile(brickReal), brickReal);
    fds.set(brickReal, fd);
  }
  return fd;
}

/** The scheme (see index.ts): take, drop, and close (forgetting a brick: every key there goes). */
export function rangeLocks(addon: NativeAddon) {
  return {
    name: 'ranges' as const,
    take: (brickReal: string, key: string, wait: boolean): boolean => addon.lockKey(fdOf(brickReal), key, wait ? 1 : 2),
    drop: (brickReal: string, key: string): void => {
      addon.lockKey(fdOf(brickReal), key, 0);
    },
    close: (brickReal: string): void => {
      const fd = fds.get(brickReal);
      if (fd === undefined) return;
      fds.delete(brickReal);
      fs.closeSync(fd);
    },
  };
}
