// Starting, stopping and reading a volume's task. A start writes the record, then starts the
// detached worker (worker.ts) and returns once the worker owns the task, so the command can end
// while the task goes on. An interrupted task (stopped, or its worker killed) is resumed by the
// next start of the same kind and parameters, from its last checkpoint.
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MgmtError } from '../mgmt/errors.js';
import { withTransaction } from '../mgmt/lock.js';
import { requireVolume } from '../mgmt/store.js';
import { flockWait } from '../fsutil/flock.js';
import { spawnDetached } from '../fsutil/detached.js';
import { openWorkerLock, readRecord, workerAlive, writeRecord } from './store.js';
import type { TaskRecord, TaskState } from './types.js';

/** A task as `status` shows it: the record, and whether its worker is alive now. */
export interface TaskStatus {
  record: TaskRecord;
  alive: boolean;
  /** The record's state, except that a 'running' task without a live worker has failed (crashed). */
  state: TaskState;
}

export class TaskBusyError extends MgmtError {
  constructor(readonly record: TaskRecord) {
    super(`a ${record.kind} task is already running on volume ${record.volume}`);
  }
}

const sameParams = (a: Record<string, unknown>, b: Record<string, unknown>) => JSON.stringify(a) === JSON.stringify(b);

/** Interrupted and resumable: stopped, or running without a worker (killed), or failed. */
const resumable = (r: TaskRecord | undefined, kind: string, params: Record<string, unknown>): r is TaskRecord =>
  r !== undefined && r.kind === kind && r.state !== 'completed' && sameParams(r.params, params);

/** Starts the worker and waits for its first word on fd 3 ("ready", "busy", ...). */
const spawnWorker = (home: string, volume: string): Promise<string> => spawnDetached(home, ['__task-worker', home, volume]);

export interface StartOptions {
  /** Never resume: a new task (rebalance and remove-brick always start afresh, as in glusterd). */
  fresh?: boolean;
  /** The new task's ID (glusterd's, when it made one); default a new UUID. */
  id?: string;
}

/**
 * Starts (or resumes) `kind` on the volume. Throws TaskBusyError when a worker runs for it.
 * Returns the record as the worker took it over.
 */
export async function startTask(
  home: string,
  volume: string,
  kind: string,
  params: Record<string, unknown> = {},
  opts: StartOptions = {},
): Promise<{ record: TaskRecord; resumed: boolean }> {
  return withTransaction(home, volume, async () => {
    requireVolume(home, volume);
    const prev = readRecord(home, volume);
    if (prev && workerAlive(home, volume)) {
      if (prev.state === 'running') throw new TaskBusyError(prev);
      waitWorkerExit(home, volume); // it has recorded its end and is exiting
    }
    const now = new Date().toISOString();
    const resumed = !opts.fresh && resumable(prev, kind, params);
    const record: TaskRecord = resumed
      ? { ...prev, state: 'running', pid: 0, updatedAt: now, runs: prev.runs + 1, error: undefined }
      : { kind, id: opts.id ?? randomUUID(), volume, params, state: 'running', pid: 0, startedAt: now, updatedAt: now, runs: 1, counters: {} };
    writeRecord(home, record);
    const said = await spawnWorker(home, volume);
    if (said === 'busy') throw new TaskBusyError(readRecord(home, volume) ?? record);
    if (said !== 'ready') throw new MgmtError(`the ${kind} worker for volume ${volume} did not start${said ? `: ${said}` : ''}`);
    return { record: readRecord(home, volume) ?? record, resumed };
  });
}

export function taskStatus(home: string, volume: string): TaskStatus | undefined {
  const record = readRecord(home, volume);
  if (!record) return undefined;
  const alive = record.state === 'running' && workerAlive(home, volume);
  return { record, alive, state: record.state === 'running' && !alive ? 'failed' : record.state };
}

/**
 * Asks the running worker to stop and waits until it has (its last checkpoint written, its lock
 * released). Returns the final status, or undefined when there is no task at all.
 */
export function stopTask(home: string, volume: string): TaskStatus | undefined {
  const st = taskStatus(home, volume);
  if (!st || !st.alive) return st;
  if (st.record.pid > 0) {
    try {
      process.kill(st.record.pid, 'SIGTERM');
    } catch {
      // exited meanwhile
    }
  }
  waitWorkerExit(home, volume);
  return taskStatus(home, volume);
}

/** Blocks until the volume's worker has exited (its lock is free then). */
function waitWorkerExit(home: string, volume: string): void {
  const fd = openWorkerLock(home, volume);
  try {
    flockWait(fd);
  } finally {
    fs.closeSync(fd);
  }
}
