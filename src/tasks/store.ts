// Where a volume's task lives in the state directory: tasks/<VOL>/task.json (the record, replaced
// atomically) and tasks/<VOL>/worker.lock (flocked by the one worker for its whole life, so the
// kernel tells whether a worker runs, even after kill -9).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../mgmt/atomic.js';
import { StateCorruptError } from '../mgmt/errors.js';
import { ensureDir } from '../fsutil/ensure-dir.js';
import { tryFlock, unflock } from '../fsutil/flock.js';
import type { TaskRecord } from './types.js';

export const taskDir = (home: string, volume: string): string => path.join(home, 'tasks', volume);
export const recordFile = (home: string, volume: string): string => path.join(taskDir(home, volume), 'task.json');
const lockFile = (home: string, volume: string): string => path.join(taskDir(home, volume), 'worker.lock');

export function readRecord(home: string, volume: string): TaskRecord | undefined {
  const file = recordFile(home, volume);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    return JSON.parse(text) as TaskRecord;
  } catch {
    throw new StateCorruptError(file, 'not a task record');
  }
}

export function writeRecord(home: string, rec: TaskRecord): void {
  writeFileAtomic(recordFile(home, rec.volume), `${JSON.stringify(rec, null, 2)}\n`);
}

export function removeTask(home: string, volume: string): void {
  fs.rmSync(taskDir(home, volume), { recursive: true, force: true });
}

/** Opens the volume's worker lock file (created when missing). */
export function openWorkerLock(home: string, volume: string): number {
  ensureDir(taskDir(home, volume), 0o700);
  return fs.openSync(lockFile(home, volume), fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_NOFOLLOW, 0o600);
}

/** Whether a worker holds the volume's lock now (a live worker, whatever the record says). */
export function workerAlive(home: string, volume: string): boolean {
  if (!fs.existsSync(lockFile(home, volume))) return false;
  const fd = openWorkerLock(home, volume);
  try {
    if (!tryFlock(fd)) return true;
    unflock(fd);
    return false;
  } finally {
    fs.closeSync(fd);
  }
}
