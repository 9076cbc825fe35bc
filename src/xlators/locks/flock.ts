// Cross-process exclusive locks on named keys, as the features/locks translator of a brick
// provides them to every client of that brick.
//
// Each key is one lock file `<lock root>/tgluster-locks[-<uid>]/<brick hash>/<key hash>` locked with
// flock(2): the kernel drops the lock when its holder dies (even by kill -9), so nothing stale
// survives a crash. No two keys ever share a file (no false conflicts, hence no deadlocks that
// callers could not see).
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
// The lock root is /dev/shm when it is there (tmpfs: making and removing lock files costs no
// journal commit, which on a busy disk costs more than the fop), else the temp dir;
// TGLUSTER_LOCK_DIR overrides both. Every process on the machine must use the same one.
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
import { ensureDir } from '../../fsutil/ensure-dir.js';

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
/** Held keys of this process, by `<brick>\0<key>`. */
const held = new Map<string, LockFd & { count: number }>();
/** Lock directory of each brick this process has locked on (also: what to tidy at exit). */
const dirs = new Map<string, string>();

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

const SHM = '/dev/shm';

/** Where lock directories live (see the header). */
export function lockRoot(): string {
  const env = process.env.TGLUSTER_LOCK_DIR;
  if (env) return env;
  try {
    if (fs.statSync(SHM).isDirectory()) {
      fs.accessSync(SHM, fs.constants.W_OK | fs.constants.X_OK);
      return SHM;
    }
  } catch {
    /* no usable /dev/shm */
  }
  return os.tmpdir();
}

/**
 * `tgluster-locks` for root; `tgluster-locks-<uid>` for anyone else, since the first process to
 * make the directory owns it (0700) and no other user could enter it. Users therefore never share
 * locks, which is fine as they never share bricks: the xattr namespaces differ (src/xattr).
 */
export function locksDirName(uid = process.getuid?.() ?? 0): string {
  return uid === 0 ? 'tgluster-locks' : `tgluster-locks-${uid}`;
}

/** Directory of the lock files of one brick (keyed by the brick's real path). */
export function lockDir(brickReal: string): string {
  let d = dirs.get(brickReal);
  if (d === undefined) {
    d = path.join(lockRoot(), locksDirName(), sha(brickReal).slice(0, 20));
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

/** Takes `key` on `brickReal`, blocking until it is free. Returns false only for `wait: false` when busy. */
export function acquire(brickReal: string, key: string, wait = true): boolean {
  const id = heldId(brickReal, key);
  const cur = held.get(id);
  if (cur) {
    cur.count++;
    return true;
  }
  let l = idle.get(id);
  if (l) idle.delete(id);
  for (;;) {
    l ??= openLockFile(lockFile(brickReal, key));
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
      held.set(id, { ...l, count: 1 });
      return true;
    }
    // Its holder deleted this file (while we waited, or while it sat in our cache): start again.
    fs.closeSync(l.fd);
    l = undefined;
  }
}

/** Opens (creating) a lock file; its directory may have been removed by an exiting process. */
function openLockFile(file: string): LockFd {
  for (;;) {
    try {
      return { fd: fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600), file };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      ensureDir(path.dirname(file), 0o700);
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
  flockLib().flockSync(cur.fd, 'un');
  keepIdle(id, { fd: cur.fd, file: cur.file });
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
