// `... start --wait` of a long-running task: stays in the foreground until the task's worker ends,
// with a live line of its counters on a TTY (stderr); Ctrl-C stops the task cleanly (its
// checkpoint kept, so a later start resumes). Without a TTY it blocks on the worker's lock.
import * as fs from 'node:fs';
import { stopTask, taskStatus, type TaskStatus } from '../tasks/runner.js';
import { openWorkerLock } from '../tasks/store.js';
import { flockWait } from '../fsutil/flock.js';

const REFRESH_MS = 250;

function line(st: TaskStatus | undefined): string {
  if (!st) return '';
  const c = Object.entries(st.record.counters).map(([k, v]) => `${k} ${v}`).join(', ');
  return `${st.record.kind} on ${st.record.volume}: ${st.state === 'running' ? 'in progress' : st.state}${c ? ` (${c})` : ''}`;
}

export async function waitForTask(home: string, volume: string, tty: boolean): Promise<TaskStatus | undefined> {
  let interrupted = false;
  const onInt = () => {
    interrupted = true;
  };
  process.on('SIGINT', onInt);
  try {
    if (!tty) {
      const fd = openWorkerLock(home, volume);
      try {
        flockWait(fd);
      } finally {
        fs.closeSync(fd);
      }
      return taskStatus(home, volume);
    }
    for (;;) {
      const st = taskStatus(home, volume);
      process.stderr.write(`\r\x1b[K${line(st)}`);
      if (!st?.alive) {
        process.stderr.write('\n');
        return st;
      }
      if (interrupted) {
        process.stderr.write('\n');
        return stopTask(home, volume);
      }
      await new Promise((r) => setTimeout(r, REFRESH_MS));
    }
  } finally {
    process.off('SIGINT', onInt);
  }
}
