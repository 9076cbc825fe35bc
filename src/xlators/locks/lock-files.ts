// The lock scheme used without the native addon (or with TGLUSTER_NATIVE_LOCKS=0): each key is
// one lock file `<brick base>/<key hash>` locked with flock(2), which the kernel drops when its
// holder dies (even by kill -9), so nothing stale survives a crash. No two keys ever share a file.
//
// Lock files are deleted only by a process that holds their flock; whoever obtains a flock
// checks that the path still names the inode it locked and otherwise retries on the new file.
// So a waiter that slept on a file deleted meanwhile never believes it holds the key.
//
// Hot path: after a release the descriptor stays open (unlocked) in a small per-process cache,
// so relocking a recent key costs flock + fstat + stat + flock, with no file created or removed.
// The cache lives for one burst of synchronous work: it is emptied when the event loop next
// runs a macrotask (a loop of awaited api calls is one burst), when it overflows (least recent
// first), and at exit. A descriptor leaving it deletes its file when nobody holds it; the few
// files of a process killed mid-burst are reused, and deleted, by the next process that locks
// their keys. The per-brick directory is removed at exit when empty.
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { brickLockBase, openLockFile, sha } from './lock-root.js';

type FsExt = { flockSync(fd: number, flags: 'ex' | 'exnb' | 'un'): void };
let fsExt: FsExt | undefined;
function flockLib(): FsExt {
  fsExt ??= createRequire(import.meta.url)('fs-ext') as FsExt;
  return fsExt;
}

interface LockFd {
  fd: number;
  file: string;
}

/** Descriptors of unheld keys kept open for reuse, by `<brick>\0<key>`, least recent first. */
export const IDLE_FDS = 64;
const idle = new Map<string, LockFd>();
/** Descriptors of the keys this process holds, by `<brick>\0<key>`. */
const held = new Map<string, LockFd>();
/** Lock directory of each brick this process has locked on (also: what to tidy at exit). */
const dirs = new Map<string, string>();

/** Directory of the lock files of one brick (keyed by the brick's real path). */
export function lockDir(brickReal: string): string {
  let d = dirs.get(brickReal);
  if (d === undefined) {
    d = brickLockBase(brickReal);
    if (dirs.size === 0) process.once('exit', dropIdle);
    dirs.set(brickReal, d);
  }
  return d;
}

export function lockFile(brickReal: string, key: string): string {
  return path.join(lockDir(brickReal), sha(key).slice(0, 40));
}

/** Closes every cached descriptor, deleting the files nobody holds. */
function discardIdle(): void {
  sweep = undefined;
  for (const [id, l] of idle) {
    idle.delete(id);
    discard(l);
  }
}

/**
 * discardIdle, then removes the lock directories this process used that are left empty (runs
 * at exit; tests call it directly).
 */
export function dropIdle(): void {
  if (sweep) clearImmediate(sweep);
  discardIdle();
  for (const d of dirs.values()) {
    try {
      fs.rmdirSync(d);
    } catch {
      /* not empty, or gone */
    }
  }
}

/** Closes an unheld descriptor; its file goes too unless another process holds the key now. */
function discard(l: LockFd): void {
  try {
    flockLib().flockSync(l.fd, 'exnb');
    // Ours now: delete (waiters on this inode will see it is stale), then close (unlocks).
    fs.unlinkSync(l.file);
  } catch {
    /* busy: its holder deletes it when it is done with it */
  }
  fs.closeSync(l.fd);
}

let sweep: NodeJS.Immediate | undefined;

/** Keeps a released descriptor for reuse, making room by discarding the least recent one. */
function keepIdle(id: string, l: LockFd): void {
  idle.set(id, l);
  // End of the burst: the next macrotask empties the cache (never keeping the process alive).
  sweep ??= setImmediate(discardIdle).unref();
  if (idle.size > IDLE_FDS) {
    const [oldId, old] = idle.entries().next().value as [string, LockFd];
    idle.delete(oldId);
    discard(old);
  }
}

function sameInode(fd: number, file: string): boolean {
  const a = fs.fstatSync(fd);
  try {
    const b = fs.statSync(file);
    return a.ino === b.ino && a.dev === b.dev;
  } catch {
    return false;
  }
}

const heldId = (brickReal: string, key: string) => `${brickReal}\0${key}`;

/** Takes `key` on `brickReal` (not held by this process), blocking unless `wait` is false; false when busy. */
export function take(brickReal: string, key: string, wait: boolean): boolean {
  const id = heldId(brickReal, key);
  let l = idle.get(id);
  if (l) idle.delete(id);
  for (;;) {
    if (!l) {
      const file = lockFile(brickReal, key);
      l = { fd: openLockFile(file), file };
    }
    try {
      flockLib().flockSync(l.fd, wait ? 'ex' : 'exnb');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (!wait && (code === 'EAGAIN' || code === 'EWOULDBLOCK')) {
        keepIdle(id, l);
        return false;
      }
      fs.closeSync(l.fd);
      throw e;
    }
    if (sameInode(l.fd, l.file)) {
      held.set(id, l);
      return true;
    }
    // Its holder deleted this file (while we waited, or while it sat in our cache): start again.
    fs.closeSync(l.fd);
    l = undefined;
  }
}

/** Releases a key this process took; its descriptor goes to the idle cache. */
export function drop(brickReal: string, key: string): void {
  const id = heldId(brickReal, key);
  const cur = held.get(id);
  if (!cur) return;
  held.delete(id);
  flockLib().flockSync(cur.fd, 'un');
  keepIdle(id, cur);
}
