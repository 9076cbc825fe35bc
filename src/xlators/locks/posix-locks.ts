// features/locks' posix domain: the record locks a mount's fcntl(F_SETLK) and flock(2) calls take
// (GlusterFS's fuse-bridge sends both as LK fops), kept as OFD locks on the brick's own file.
//
// This process holds one descriptor of the file per lock owner, so the kernel does what the locks
// translator does: owners conflict with one another, across processes too; one owner's locks
// merge, split and convert as POSIX says; and a client that dies (even by kill -9) loses its
// locks, as a brick drops the locks of a client that disconnects. Nothing is written anywhere.
import * as fs from 'node:fs';
import { FopError } from '../../libglusterfs/errors.js';
import { nativeAddon, type NativeAddon } from '../../native/addon.js';
import type { Flock } from '../types.js';

type PosixLock = NonNullable<NativeAddon['posixLock']>;

/** `<brick>\0<gfid>\0<owner>` -> the descriptor holding that owner's locks on that file. */
const held = new Map<string, number>();

const TYPES = { read: 0, write: 1, unlock: 2 } as const;

function native(): PosixLock {
  const addon = nativeAddon();
  if (!addon?.posixLock) throw new FopError('ENOTSUP', 'record locks need the native addon');
  return addon.posixLock.bind(addon);
}

/** A descriptor able to carry write locks when the file lets us write it, else read locks only. */
function openForLocks(file: string): number {
  try {
    return fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_NOFOLLOW);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EACCES' && (e as NodeJS.ErrnoException).code !== 'EROFS') throw e;
    return fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  }
}

/** Closes the owner's descriptor: the kernel drops every lock it held. */
function release(id: string): void {
  const fd = held.get(id);
  if (fd === undefined) return;
  held.delete(id);
  fs.closeSync(fd);
}

/**
 * One LK fop on the brick `brick`, for the file `file` (its gfid handle) whose gfid is `gfid`.
 * An unlock of the whole file (start 0, len 0: what a close or a flock(LOCK_UN) sends) lets the
 * owner's descriptor go.
 */
export function posixLk(brick: string, gfid: string, file: string, cmd: 'get' | 'set', lock: Flock, owner: string): Flock {
  if (!(lock.start >= 0) || !(lock.len >= 0)) throw new FopError('EINVAL', `lock range ${lock.start}+${lock.len}`);
  const lk = native();
  const id = `${brick}\0${gfid}\0${owner}`;
  const mine = held.get(id);
  if (cmd === 'get') {
    if (lock.type === 'unlock') throw new FopError('EINVAL', 'F_GETLK of F_UNLCK');
    const fd = mine ?? openForLocks(file);
    try {
      const r = lk(fd, 0, TYPES[lock.type], lock.start, lock.len);
      if (!Array.isArray(r)) return { ...lock, type: 'unlock' };
      // OFD locks do not say which process holds them: the pid stays unknown (0).
      return { type: r[0] === 0 ? 'read' : 'write', start: r[1], len: r[2], pid: 0 };
    } finally {
      if (mine === undefined) fs.closeSync(fd);
    }
  }
  if (lock.type === 'unlock') {
    if (mine === undefined) return lock;
    if (lock.start === 0 && lock.len === 0) release(id);
    else lk(mine, 1, TYPES.unlock, lock.start, lock.len);
    return lock;
  }
  const fd = mine ?? openForLocks(file);
  let taken = false;
  try {
    taken = lk(fd, 1, TYPES[lock.type], lock.start, lock.len) === true;
  } finally {
    if (!taken && mine === undefined) fs.closeSync(fd);
  }
  if (!taken) throw new FopError('EAGAIN', 'a conflicting lock is held');
  held.set(id, fd);
  return lock;
}

/** This process's locks on `brick` go, as a brick that dies takes its clients' locks with it. */
export function dropBrickLocks(brick: string): void {
  for (const id of [...held.keys()]) if (id.startsWith(`${brick}\0`)) release(id);
}
