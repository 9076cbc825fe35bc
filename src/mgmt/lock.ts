// The cluster-wide transaction lock (glusterd's mgmt_v3 lock, without the daemon). One flock(2)
// on <home>/.transaction.lock serialises every mutating command across processes; the kernel
// drops it when the holder dies, even by kill -9, so there is no stale lock to clean up.
// A waiter polls for a bounded time (TGLUSTER_LOCK_WAIT_MS, default 5000) and then fails the
// way glusterd does when another transaction holds the lock.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MgmtError } from './errors.js';
import { logGlusterd } from './log.js';
import { tryFlock } from '../fsutil/flock.js';
import { ensureDir } from './atomic.js';
import { nodeUuid } from './store.js';
import { crashPoint } from '../libglusterfs/crash.js';

const POLL_MS = 25;

function waitBudgetMs(): number {
  const v = Number(process.env.TGLUSTER_LOCK_WAIT_MS);
  return Number.isFinite(v) && v >= 0 ? v : 5000;
}

export function lockBusyError(volName: string): MgmtError {
  return new MgmtError(`Another transaction is in progress for ${volName}. Please try again after some time.`);
}

/** Lock depth per home, so a transaction may call helpers that take the lock again. */
const held = new Map<string, { fd: number; depth: number }>();

async function acquire(home: string, volName: string): Promise<number> {
  ensureDir(home);
  const fd = fs.openSync(path.join(home, '.transaction.lock'), 'a', 0o600);
  const deadline = Date.now() + waitBudgetMs();
  try {
    while (!tryFlock(fd)) {
      if (Date.now() >= deadline) throw lockBusyError(volName);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
  return fd;
}

/**
 * Runs `fn` holding the cluster-wide transaction lock. Load state INSIDE `fn` (what was read
 * before may be stale). Throws MgmtError `Another transaction is in progress for <VOL>. ...`
 * when the lock stays busy past the wait budget; the caller prints it like any glusterd error.
 */
export async function withTransaction<T>(home: string, volName: string, fn: () => T | Promise<T>): Promise<T> {
  const key = path.resolve(home);
  const mine = held.get(key);
  if (mine) {
    mine.depth++;
    try {
      return await fn();
    } finally {
      mine.depth--;
    }
  }
  const fd = await acquire(home, volName);
  held.set(key, { fd, depth: 1 });
  crashPoint('mgmt-txn-locked');
  try {
    // glusterd does not start with a damaged glusterd.info: no change is made past one either.
    nodeUuid(home);
    return await fn();
  } catch (e) {
    if (e instanceof MgmtError) logGlusterd(home, 'E', `transaction ${volName}`, e.reason ? `${e.message} [${e.reason}]` : e.message);
    throw e;
  } finally {
    held.delete(key);
    // Closing the descriptor releases the flock.
    fs.closeSync(fd);
  }
}
