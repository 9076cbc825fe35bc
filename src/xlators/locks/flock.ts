// Cross-process exclusive locks on named keys, as the features/locks translator of a brick
// provides them to every client of that brick.
//
// Each held key is one lock file `<tmpdir>/tgluster-locks/<brick hash>/<key hash>` locked with
// flock(2): the kernel drops the lock when its holder dies (even by kill -9), so nothing stale
// survives a crash. The holder deletes the file on release; a waiter that wakes up on a deleted
// file sees that its inode is no longer the one at the path and retries, so the directory only
// holds files for keys in use and no two keys ever share a file (no false conflicts, hence no
// deadlocks that callers could not see).
//
// Within one process a key is re-entrant (reference counted): flock on a second fd of the same
// file would deadlock against ourselves, and fops run one at a time per process.
//
// Acquisition order (avoids cross-process deadlock): a caller holding several locks takes them
// bricks in graph order (client index) and, per brick, keys in `compareLockKeys` order; use
// `lockAll` when a single step needs several keys.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

type FsExt = { flockSync(fd: number, flags: 'ex' | 'exnb' | 'un'): void };
let fsExt: FsExt | undefined;
function flockLib(): FsExt {
  fsExt ??= createRequire(import.meta.url)('fs-ext') as FsExt;
  return fsExt;
}

const held = new Map<string, { fd: number; count: number }>();

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** Directory of the lock files of one brick (keyed by the brick's real path). */
export function lockDir(brickReal: string): string {
  return path.join(os.tmpdir(), 'tgluster-locks', sha(brickReal).slice(0, 20));
}

export function lockFile(brickReal: string, key: string): string {
  return path.join(lockDir(brickReal), sha(key).slice(0, 40));
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

/** Takes `key` on `brickReal`, blocking until it is free. Returns false only for `wait: false` when busy. */
export function acquire(brickReal: string, key: string, wait = true): boolean {
  const file = lockFile(brickReal, key);
  const cur = held.get(file);
  if (cur) {
    cur.count++;
    return true;
  }
  for (;;) {
    const fd = openLockFile(file);
    try {
      flockLib().flockSync(fd, wait ? 'ex' : 'exnb');
    } catch (e) {
      fs.closeSync(fd);
      const code = (e as NodeJS.ErrnoException).code;
      if (!wait && (code === 'EAGAIN' || code === 'EWOULDBLOCK')) return false;
      throw e;
    }
    if (sameInode(fd, file)) {
      held.set(file, { fd, count: 1 });
      return true;
    }
    // The previous holder released and deleted this file while we waited: start again.
    fs.closeSync(fd);
  }
}

/** Opens (creating) a lock file; its directory may have just been removed by a releaser. */
function openLockFile(file: string): number {
  for (;;) {
    try {
      return fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    }
  }
}

/** Releases one reference; false when the key was not held by this process. */
export function release(brickReal: string, key: string): boolean {
  const file = lockFile(brickReal, key);
  const cur = held.get(file);
  if (!cur) return false;
  if (--cur.count > 0) return true;
  held.delete(file);
  // Unlink before unlocking, so a waiter that gets the lock sees a stale inode and retries.
  fs.rmSync(file, { force: true });
  flockLib().flockSync(cur.fd, 'un');
  fs.closeSync(cur.fd);
  // Leave no empty per-brick directory behind (fails harmlessly while other keys are held).
  try {
    fs.rmdirSync(path.dirname(file));
  } catch {
    /* not empty, or gone */
  }
  return true;
}

/** Number of references this process holds on key (tests, diagnostics). */
export function heldCount(brickReal: string, key: string): number {
  return held.get(lockFile(brickReal, key))?.count ?? 0;
}

export interface LockRequest {
  brick: string;
  key: string;
}

/** The documented order: by brick, then by key (plain string order). */
export function compareLockKeys(a: LockRequest, b: LockRequest): number {
  if (a.brick !== b.brick) return a.brick < b.brick ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** Takes several locks in the documented order; returns a function releasing them all. */
export function lockAll(reqs: LockRequest[]): () => void {
  const sorted = [...reqs].sort(compareLockKeys);
  const got: LockRequest[] = [];
  try {
    for (const r of sorted) {
      acquire(r.brick, r.key);
      got.push(r);
    }
  } catch (e) {
    for (const r of got.reverse()) release(r.brick, r.key);
    throw e;
  }
  return () => {
    for (const r of [...got].reverse()) release(r.brick, r.key);
  };
}

/** Key of an inodelk (features/locks: per inode and domain). */
export function inodeLockKey(gfid: string, domain: string): string {
  return `inode\0${gfid}\0${domain}`;
}

/**
 * Key of an entrylk. GlusterFS locks (directory, basename) and lets a whole-directory lock
 * conflict with every name; here every entrylk of a directory and domain takes the same key,
 * which is coarser (serialises entry operations of one directory) but never weaker.
 */
export function entryLockKey(dirGfid: string, domain: string): string {
  return `entry\0${dirGfid}\0${domain}`;
}
