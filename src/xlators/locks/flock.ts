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
// Hot path: a lock/unlock pair is open(O_CREAT) + flock + fstat + stat, then unlink + close (the
// close drops the flock). The per-brick directory stays while the process runs (creating and
// removing it on every lock cost more than everything else together) and is removed, when empty,
// as the process exits; one left behind by a killed process is empty and harmless.
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

/** Held keys of this process, by `<brick>\0<key>`. */
const held = new Map<string, { fd: number; count: number; file: string }>();
/** Lock directory of each brick this process has locked on (also: what to tidy at exit). */
const dirs = new Map<string, string>();

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** Directory of the lock files of one brick (keyed by the brick's real path). */
export function lockDir(brickReal: string): string {
  let d = dirs.get(brickReal);
  if (d === undefined) {
    d = path.join(os.tmpdir(), 'tgluster-locks', sha(brickReal).slice(0, 20));
    if (dirs.size === 0) process.once('exit', removeIdleLockDirs);
    dirs.set(brickReal, d);
  }
  return d;
}

export function lockFile(brickReal: string, key: string): string {
  return path.join(lockDir(brickReal), sha(key).slice(0, 40));
}

/**
 * Removes the lock directories this process used that hold no lock file any more (runs at
 * exit; other processes' files keep theirs, and a racing locker re-creates a removed one).
 */
export function removeIdleLockDirs(): void {
  for (const d of dirs.values()) {
    try {
      fs.rmdirSync(d);
    } catch {
      /* not empty, or gone */
    }
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

/** Takes `key` on `brickReal`, blocking until it is free. Returns false only for `wait: false` when busy. */
export function acquire(brickReal: string, key: string, wait = true): boolean {
  const id = heldId(brickReal, key);
  const cur = held.get(id);
  if (cur) {
    cur.count++;
    return true;
  }
  const file = lockFile(brickReal, key);
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
      held.set(id, { fd, count: 1, file });
      return true;
    }
    // The previous holder released and deleted this file while we waited: start again.
    fs.closeSync(fd);
  }
}

/** Opens (creating) a lock file; its directory may have been removed by an exiting process. */
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
  const id = heldId(brickReal, key);
  const cur = held.get(id);
  if (!cur) return false;
  if (--cur.count > 0) return true;
  held.delete(id);
  // Unlink before unlocking, so a waiter that gets the lock sees a stale inode and retries.
  // Closing our only descriptor of the file releases the flock.
  try {
    fs.unlinkSync(cur.file);
  } catch {
    /* already gone */
  }
  fs.closeSync(cur.fd);
  return true;
}

/** Number of references this process holds on key (tests, diagnostics). */
export function heldCount(brickReal: string, key: string): number {
  return held.get(heldId(brickReal, key))?.count ?? 0;
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
