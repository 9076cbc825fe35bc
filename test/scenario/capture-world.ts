// A world laid out as the CLI captures were (bricks under /bricks/cli, gluster's volume names), for
// scenario tests that replay captures the corpus harness cannot reach: a task caught while it runs
// is held still after a checkpoint (TGLUSTER_TASK_PAUSE) while the captured command runs.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'vitest';
import { inWorld, makeBrickParents, makeWorld, removeWorld, runCommand, TGLUSTER, type World } from '../cli/corpus-run.js';
import { parseCase } from '../cli/corpus-parse.js';
import { normalise } from '../cli/corpus-normalise.js';
import { waitWorkerGone } from './fs-helpers.js';

const FIXTURES = path.resolve(__dirname, '../../fixtures/corpus');

export interface CaptureWorld {
  w: World;
  /** tgluster --mode=script ARGS (capture paths mapped into the world). */
  tg(args: string[], env?: Record<string, string>): { exit: number; stdout: string; stderr: string };
  /** The same, expecting exit 0; returns stdout. */
  ok(args: string[], env?: Record<string, string>): string;
  /** A brick's directory in the world. */
  dir(brick: string): string;
  /** Runs a task-starting command whose worker stops still after its `n`-th checkpoint. */
  startPaused(args: string[], n: number): void;
  /** Blocks until the volume's task worker has exited. */
  workerGone(volume: string): void;
  /** Runs capture `name`'s command as gluster and compares it with the capture. */
  matchesCapture(name: string): Promise<void>;
  remove(): void;
}

export function captureWorld(): CaptureWorld {
  const w = makeWorld();
  const tg: CaptureWorld['tg'] = (args, env = {}) => {
    const mapped = args.map((a) => inWorld(w, a));
    mapped.forEach(makeBrickParents);
    const r = spawnSync(TGLUSTER, ['--mode=script', ...mapped], { env: { ...process.env, TGLUSTER_HOME: w.home, NO_COLOR: '1', ...env }, encoding: 'utf8' });
    return { exit: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  const ok: CaptureWorld['ok'] = (args, env) => {
    const r = tg(args, env);
    expect(r.exit, `${args.join(' ')}\n${r.stdout}${r.stderr}`).toBe(0);
    return r.stdout;
  };
  return {
    w,
    tg,
    ok,
    dir: (brick) => inWorld(w, brick.slice(brick.lastIndexOf(':') + 1)),
    startPaused(args, n) {
      const fifo = path.join(w.root, `pause-${Math.random().toString(36).slice(2)}`);
      execFileSync('mkfifo', [fifo]);
      ok(args, { TGLUSTER_TASK_PAUSE: `${n}:${fifo}` });
      expect(fs.readFileSync(fifo, 'utf8')).toBe('paused\n');
    },
    workerGone: (volume) => waitWorkerGone(w.home, volume),
    async matchesCapture(name) {
      const c = parseCase(path.join(FIXTURES, `${name}.txt`), name);
      const r = await runCommand(w, c.command, c.stdin, false);
      const n = (s: string) => normalise(s, w.root, c.command);
      expect({ exit: r.exit, stdout: n(r.stdout), stderr: n(r.stderr) }, name).toEqual({ exit: c.exit, stdout: n(c.stdout), stderr: n(c.stderr) });
    },
    remove: () => removeWorld(w),
  };
}
