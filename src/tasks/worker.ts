// The detached worker process of a volume's task (`tgluster __task-worker HOME VOL`, started by
// runner.ts). It holds tasks/<VOL>/worker.lock for its whole life (so there is never a second
// worker for a volume, and the kernel frees the lock if it dies), reports "ready" to its starter
// on fd 3 once it owns the task, then runs the task's runner with checkpoints written atomically.
// SIGTERM asks it to stop: the runner returns at its next checkpoint and the record says stopped.
import * as fs from 'node:fs';
import { crashPoint } from '../libglusterfs/crash.js';
import { tryFlock } from '../fsutil/flock.js';
import { openWorkerLock, readRecord, writeRecord } from './store.js';
import { loadRunner } from './kinds/index.js';
import type { TaskContext, TaskRecord } from './types.js';

const STARTER_FD = 3;

function tellStarter(line: string): void {
  try {
    fs.writeSync(STARTER_FD, `${line}\n`);
    fs.closeSync(STARTER_FD);
  } catch {
    // the starter is gone: nobody to tell
  }
}

/**
 * Test hook: TGLUSTER_TASK_PAUSE="N:FIFO" pauses after the N-th checkpoint, announcing it by
 * writing a line into FIFO (the open blocks until the test reads), until SIGTERM or SIGUSR1.
 */
function pauseHook(): { at: number; fifo: string } | undefined {
  const m = /^(\d+):(.+)$/.exec(process.env.TGLUSTER_TASK_PAUSE ?? '');
  return m ? { at: Number(m[1]), fifo: m[2] } : undefined;
}

export async function runWorker(home: string, volume: string): Promise<number> {
  const lockFd = openWorkerLock(home, volume);
  if (!tryFlock(lockFd)) {
    tellStarter('busy');
    return 1;
  }
  const rec = readRecord(home, volume);
  if (!rec || rec.state !== 'running') {
    tellStarter('no task');
    return 1;
  }
  const save = (patch: Partial<TaskRecord>): void => {
    Object.assign(rec, patch, { updatedAt: new Date().toISOString() });
    writeRecord(home, rec);
  };
  save({ pid: process.pid });
  tellStarter('ready');

  let stop = false;
  let wake: (() => void) | undefined;
  const onSignal = () => {
    stop = true;
    wake?.();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGUSR1', () => wake?.());

  const pause = pauseHook();
  let checkpoints = 0;
  const ctx: TaskContext = {
    home,
    volume,
    params: rec.params,
    resumeFrom: rec.checkpoint,
    counters: { ...rec.counters },
    stopping: () => stop,
    async checkpoint(checkpoint, counters) {
      save({ checkpoint, counters: { ...counters } });
      crashPoint('task.after-checkpoint');
      if (pause && ++checkpoints === pause.at && !stop) {
        // A pending promise alone does not keep a process alive: a timer does, until woken.
        const keep = setInterval(() => undefined, 1 << 30);
        const waiting = new Promise<void>((resolve) => (wake = resolve));
        fs.writeFileSync(pause.fifo, 'paused\n');
        await waiting;
        clearInterval(keep);
      }
      // Let a pending signal's handler run before the runner goes on.
      await new Promise((resolve) => setImmediate(resolve));
      return !stop;
    },
  };
  try {
    await (await loadRunner(rec.kind)).run(ctx);
    save({ state: stop ? 'stopped' : 'completed' });
    return 0;
  } catch (e) {
    save({ state: 'failed', error: e instanceof Error ? e.message : String(e) });
    return 1;
  }
}
