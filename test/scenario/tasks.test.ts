// The task model (src/tasks) through its smallest real task, `debug crawl`: a detached worker that
// outlives the command, progress in the state directory, a clean stop, resume after stop and after
// kill -9 with the counts of an uninterrupted run, and never a second worker for a volume.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVolume, makeEnv, waitWorkerGone as waitWorkerGoneOf, type Env } from './fs-helpers.js';
import { readRecord } from '../../src/tasks/store.js';

let e: Env;
const V = 'tk';
/** 4 top directories, each with 3 subdirectories of 5 files: 17 + root directories, 60 files. */
const EXPECTED = { dirs: 1 + 4 + 12, files: 60, symlinks: 4, others: 0, bytes: 0 };

beforeAll(() => {
  e = makeEnv('tasks');
  const bricks = createVolume(e, V, 3, 3);
  // Written through the bricks' own client (fs import), so the crawl sees a real tree.
  const src = path.join(e.dir, 'src');
  let bytes = 0;
  for (let d = 0; d < 4; d++) {
    fs.symlinkSync('nowhere', path.join(fs.mkdirSync(path.join(src, `d${d}`), { recursive: true })!, 'ln'));
    for (let s = 0; s < 3; s++) {
      const dir = path.join(src, `d${d}`, `s${s}`);
      fs.mkdirSync(dir);
      for (let f = 0; f < 5; f++) {
        const data = 'x'.repeat(d * 100 + s * 10 + f);
        bytes += data.length;
        fs.writeFileSync(path.join(dir, `f${f}`), data);
      }
    }
  }
  EXPECTED.bytes = bytes;
  const imp = e.run(['fs', 'import', src, `${V}:/`]);
  if (imp.code !== 0) throw new Error(imp.stderr);
  expect(bricks.length).toBe(3);
});
afterAll(() => e.cleanup());

const status = () => JSON.parse(e.run(['--json', 'debug', 'crawl', V, 'status']).stdout).task;
/** Blocks until the volume's worker has exited (its lock is free): no polling, no sleep. */
const waitWorkerGone = () => waitWorkerGoneOf(e.home, V);
function pauseFifo(): string {
  const fifo = path.join(e.dir, `pause-${Math.random().toString(36).slice(2)}`);
  execFileSync('mkfifo', [fifo]);
  return fifo;
}

describe('task model: debug crawl', () => {
  it('runs detached and records its counts; status reads them', () => {
    const r = e.run(['debug', 'crawl', V, 'start']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^debug crawl: tk: started, ID: [0-9a-f-]{36}\n$/);
    waitWorkerGone();
    const st = status();
    expect(st).toMatchObject({ kind: 'crawl', status: 'completed', alive: false, runs: 1, counters: EXPECTED });
    const text = e.run(['debug', 'crawl', V, 'status']).stdout;
    expect(text).toContain('Status      : completed\n');
    expect(text).toContain(`Files       : ${EXPECTED.files}\n`);
  });

  it('start --wait stays until done; a completed task starts afresh', () => {
    const before = status().id;
    const r = e.run(['debug', 'crawl', V, 'start', '--wait']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Status      : completed\n');
    expect(status().id).not.toBe(before);
  });

  it('one worker per volume; stop is clean; a stopped task resumes to the same counts', () => {
    const fifo = pauseFifo();
    expect(e.run(['debug', 'crawl', V, 'start'], '', { TGLUSTER_TASK_PAUSE: `3:${fifo}` }).code).toBe(0);
    expect(fs.readFileSync(fifo, 'utf8')).toBe('paused\n'); // the worker sits after its 3rd checkpoint
    const running = status();
    expect(running).toMatchObject({ status: 'running', alive: true, runs: 1 });
    // A second start while the worker lives: refused, the task untouched.
    const again = e.run(['debug', 'crawl', V, 'start']);
    expect([again.code, again.stderr]).toEqual([1, 'debug crawl: tk: failed: a crawl task is already running on volume tk\n']);
    expect(readRecord(e.home, V)?.id).toBe(running.id);
    const stop = e.run(['--json', 'debug', 'crawl', V, 'stop']);
    const stopped = JSON.parse(stop.stdout).task;
    expect(stopped).toMatchObject({ id: running.id, status: 'stopped', alive: false });
    expect(stopped.counters.files).toBeLessThan(EXPECTED.files);
    const resumed = e.run(['debug', 'crawl', V, 'start', '--wait']);
    expect(resumed.stdout).toMatch(/^debug crawl: tk: resumed \(run 2\), ID: /);
    expect(status()).toMatchObject({ id: running.id, status: 'completed', runs: 2, counters: EXPECTED });
  });

  it('kill -9 of the worker: status says failed; the next start resumes from the checkpoint', () => {
    const r = e.run(['debug', 'crawl', V, 'start'], '', { TGLUSTER_CRASH_AT: 'task.after-checkpoint#5' });
    expect(r.code).toBe(0);
    waitWorkerGone();
    const dead = status();
    expect(dead).toMatchObject({ status: 'failed', alive: false, runs: 1 });
    expect(dead.counters.dirs).toBeGreaterThan(0);
    expect(dead.counters.dirs).toBeLessThan(EXPECTED.dirs);
    const resumed = e.run(['debug', 'crawl', V, 'start', '--wait']);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('resumed (run 2)');
    expect(status()).toMatchObject({ id: dead.id, status: 'completed', runs: 2, counters: EXPECTED });
  });

  it('two starts at once: exactly one worker', async () => {
    const fifo = pauseFifo();
    const env = { TGLUSTER_TASK_PAUSE: `1:${fifo}` };
    const both = Promise.all([e.runAsync(['debug', 'crawl', V, 'start'], env), e.runAsync(['debug', 'crawl', V, 'start'], env)]);
    expect(fs.readFileSync(fifo, 'utf8')).toBe('paused\n');
    const codes = (await both).map((r) => r.code).sort();
    expect(codes).toEqual([0, 1]);
    e.run(['debug', 'crawl', V, 'stop']);
    expect(status().status).toBe('stopped');
  });

  it('status of a volume without a task, and of no volume, fail gluster-style', () => {
    const none = e.run(['debug', 'crawl', 'nosuchvol', 'status']);
    expect([none.code, none.stderr]).toEqual([1, 'debug crawl: nosuchvol: failed: Volume nosuchvol does not exist\n']);
    const j = e.run(['--json', 'debug', 'crawl', 'nosuchvol', 'start']);
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout)).toEqual({ error: { code: expect.any(Number), message: 'Volume nosuchvol does not exist' } });
  });

  it('volume delete removes the task record', () => {
    expect(e.run(['--mode=script', 'volume', 'stop', V]).code).toBe(0);
    expect(e.run(['--mode=script', 'volume', 'delete', V]).code).toBe(0);
    expect(fs.existsSync(path.join(e.home, 'tasks', V))).toBe(false);
  });
});
