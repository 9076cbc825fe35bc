// Cross-process exclusive locks on named keys, as the features/locks translator of a brick
// provides them to every client of that brick (inodelk, entrylk, and posix's xattrop leaf lock).
//
// Two schemes, picked once per process: byte-range locks on one file per brick when the native
// addon is built (lock-ranges.ts: a lock is one fcntl), else one flock(2)ed file per key
// (lock-files.ts). Both are dropped by the kernel when the holder dies, even by kill -9.
// Processes locking the same bricks at the same time must use the same scheme: an install whose
// addon failed to build must not share bricks with one whose addon works while both run.
// TGLUSTER_NATIVE_LOCKS=0 forces the file scheme (tests).
//
// Within one process a key is re-entrant (reference counted): a second lock on it from the same
// process would deadlock against ourselves (flock) or silently merge (OFD), and fops run one at
// a time per process.
//
// Acquisition order (avoids cross-process deadlock): a caller holding several locks takes them
// bricks in graph order (client index) and, per brick, keys in `compareLockKeys` order; use
// `lockAll` when a single step needs several keys.
import * as fs from 'node:fs';
import { nativeAddon } from '../../native/addon.js';
import * as files from './lock-files.js';
import { rangeLocks, rangesFile } from './lock-ranges.js';

export { lockRoot, locksDirName, sweepLocks } from './lock-root.js';

interface Scheme {
  name: 'ranges' | 'files';
  take(brickReal: string, key: string, wait: boolean): boolean;
  drop(brickReal: string, key: string): void;
  /** This process's state of a brick goes (its keys are released). */
  close(brickReal: string): void;
}

const fileScheme: Scheme = { name: 'files', take: files.take, drop: files.drop, close: () => files.dropIdle() };
let scheme: Scheme | undefined;

function pick(): Scheme {
  if (scheme) return scheme;
  const addon = process.env.TGLUSTER_NATIVE_LOCKS === '0' ? undefined : nativeAddon();
  scheme = addon ? rangeLocks(addon) : fileScheme;
  return scheme;
}

/** Which scheme this process locks with. */
export function lockScheme(): 'ranges' | 'files' {
  return pick().name;
}

/** References this process holds, by `<brick>\0<key>`. */
const held = new Map<string, number>();
const heldId = (brickReal: string, key: string) => `${brickReal}\0${key}`;

/** Takes `key` on `brickReal`, blocking until it is free. Returns false only for `wait: false` when busy. */
export function acquire(brickReal: string, key: string, wait = true): boolean {
  const id = heldId(brickReal, key);
  const n = held.get(id);
  if (n !== undefined) {
    held.set(id, n + 1);
    return true;
  }
  if (!pick().take(brickReal, key, wait)) return false;
  held.set(id, 1);
  return true;
}

/** Releases one reference; false when the key was not held by this process. */
export function release(brickReal: string, key: string): boolean {
  const id = heldId(brickReal, key);
  const n = held.get(id);
  if (n === undefined) return false;
  if (n > 1) {
    held.set(id, n - 1);
    return true;
  }
  held.delete(id);
  pick().drop(brickReal, key);
  return true;
}

/**
 * Whether another process holds `key` now: a try that fails (taken) or that succeeds and is
 * given back at once. A key this process holds itself counts as held.
 */
export function isHeld(brickReal: string, key: string): boolean {
  if (held.has(heldId(brickReal, key))) return true;
  if (!pick().take(brickReal, key, false)) return true;
  pick().drop(brickReal, key);
  return false;
}

/** Number of references this process holds on key (tests, diagnostics). */
export function heldCount(brickReal: string, key: string): number {
  return held.get(heldId(brickReal, key)) ?? 0;
}

/** Closes the file scheme's idle descriptors now instead of at the end of the burst (tests, exit). */
export function dropIdle(): void {
  if (scheme?.name === 'files') files.dropIdle();
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

/**
 * Closes this process's lock state of a brick and deletes its lock files (tests, when a brick
 * directory is removed). Only safe when no other process uses the brick any more.
 */
export function forgetBrickLocks(brickReal: string): void {
  scheme?.close(brickReal);
  fs.rmSync(rangesFile(brickReal), { force: true });
  fs.rmSync(files.lockDir(brickReal), { recursive: true, force: true });
}
