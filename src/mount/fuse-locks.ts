// The mount's record locks, as GlusterFS's fuse-bridge serves them: fcntl locks (F_GETLK,
// F_SETLK, F_SETLKW) and flock(2) locks (whole-file locks owned by the open file) go to the volume
// as LK fops, so that every client of the volume sees them and AFR applies client quorum to them.
//
// The graph never blocks, so a lock that must wait (F_SETLKW, flock without LOCK_NB) is tried
// again after a pause that grows, until it is taken, fails otherwise, or the waiting process gets
// a signal (the kernel's INTERRUPT: EINTR, which is what lets `flock -w` time out).
// A close drops the closing process's fcntl locks on the file (FLUSH carries its owner); the last
// close of an open file drops its flock (RELEASE with FUSE_RELEASE_FLOCK_UNLOCK).
import { constants } from 'node:os';
import { FopError } from '../libglusterfs/errors.js';
import type { Handle, Handles } from '../api/handles.js';
import type { Flock } from '../xlators/types.js';
import type { FuseNative, FuseRequest } from './fuse-native.js';

const E = constants.errno;

/** struct flock's l_type numbers on Linux (F_RDLCK, F_WRLCK, F_UNLCK). */
const TYPE_OF = ['read', 'write', 'unlock'] as const;
const NUMBER_OF = { read: 0, write: 1, unlock: 2 } as const;

/** First pause before a waiting lock is tried again, and the longest (ms). */
const FIRST_RETRY_MS = 5;
const LONGEST_RETRY_MS = 200;

const WHOLE_FILE_UNLOCK: Flock = { type: 'unlock', start: 0, len: 0, pid: 0 };

export class FuseLocks {
  /** Waiting lock requests, by request: the timer of their next try. */
  private readonly waiting = new Map<number, NodeJS.Timeout>();
  /** `<node>:<owner>` of every owner that took a lock through this mount and may still hold it. */
  private readonly owners = new Set<string>();

  constructor(
    private readonly fs: Handles,
    private readonly native: FuseNative,
    private readonly node: (ino: number) => Handle,
    private readonly log: (line: string) => void,
  ) {}

  getlk(r: FuseRequest): void {
    const lock = lockOf(r);
    if (lock.type === 'unlock') throw new FopError('EINVAL', 'F_GETLK of F_UNLCK');
    const found = this.fs.lk(this.node(r.ino), 'get', lock, r.owner!);
    this.native.fuseReplyLock(r.req, NUMBER_OF[found.type], found.start, found.len, found.pid);
  }

  /** F_SETLK, F_SETLKW and flock: answered now, or once the wait ends. */
  setlk(r: FuseRequest): void {
    if (this.trySet(r) || !r.lkSleep) return;
    this.waitFor(r, FIRST_RETRY_MS);
  }

  /** The kernel's INTERRUPT of request `req`: a waiting lock gives up with EINTR. */
  interrupt(req: number): void {
    const timer = this.waiting.get(req);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.waiting.delete(req);
    this.native.fuseReplyErr(req, E.EINTR);
  }

  /** A close by `owner` (flush), or the last close of a file that held a flock (release). */
  closed(ino: number, owner: string | undefined): void {
    const id = `${ino}:${owner}`;
    if (owner === undefined || !this.owners.delete(id)) return;
    try {
      this.fs.lk(this.node(ino), 'set', WHOLE_FILE_UNLOCK, owner);
    } catch (e) {
      // A brick that cannot be reached lost the lock with its connection, as in GlusterFS.
      if (!(e instanceof FopError)) this.log(`unlock on close failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }

  /** The mount ends: nobody waits any more. */
  close(): void {
    for (const t of this.waiting.values()) clearTimeout(t);
    this.waiting.clear();
  }

  /** One try: true when the request got its answer (success or an error other than a conflict). */
  private trySet(r: FuseRequest): boolean {
    const lock = lockOf(r);
    try {
      this.fs.lk(this.node(r.ino), 'set', lock, r.owner!);
    } catch (e) {
      if (e instanceof FopError && e.code === 'EAGAIN' && r.lkSleep) return false;
      const errno = e instanceof FopError && e.errno > 0 ? e.errno : E.EIO;
      if (!(e instanceof FopError)) this.log(`setlk failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      this.native.fuseReplyErr(r.req, errno);
      return true;
    }
    const id = `${r.ino}:${r.owner}`;
    if (lock.type === 'unlock' && lock.start === 0 && lock.len === 0) this.owners.delete(id);
    else if (lock.type !== 'unlock') this.owners.add(id);
    this.native.fuseReplyErr(r.req, 0);
    return true;
  }

  private waitFor(r: FuseRequest, pause: number): void {
    const timer = setTimeout(() => {
      this.waiting.delete(r.req);
      if (!this.trySet(r)) this.waitFor(r, Math.min(pause * 2, LONGEST_RETRY_MS));
    }, pause);
    this.waiting.set(r.req, timer);
  }
}

function lockOf(r: FuseRequest): Flock {
  const type = TYPE_OF[r.lkType ?? -1];
  if (type === undefined || r.owner === undefined) throw new FopError('EINVAL', `lock type ${r.lkType}`);
  return { type, start: r.lkStart ?? 0, len: r.lkLen ?? 0, pid: r.lkPid ?? 0 };
}
