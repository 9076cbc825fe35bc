// In-process CLI runs for tests: captured output, scripted stdin, a throw-away TGLUSTER_HOME.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli, type CliIO } from '../../src/cli/run.js';

export interface Captured {
  io: CliIO;
  stdout: () => string;
  stderr: () => string;
}

/** stdin: the lines the process would read (then EOF). */
export function fakeIO(stdin: string[] = [], opts: { stdinIsTTY?: boolean; stdoutIsTTY?: boolean; env?: Record<string, string> } = {}): Captured {
  let out = '';
  let err = '';
  const lines = [...stdin];
  return {
    io: {
      out: (s) => void (out += s),
      err: (s) => void (err += s),
      env: opts.env ?? {},
      stdinIsTTY: opts.stdinIsTTY ?? false,
      stdoutIsTTY: opts.stdoutIsTTY ?? false,
      readLine: () => lines.shift(),
    },
    stdout: () => out,
    stderr: () => err,
  };
}

/** Runs argv in-process with TGLUSTER_HOME = home. */
export async function cli(home: string, argv: string[], stdin: string[] = [], opts: Parameters<typeof fakeIO>[1] = {}) {
  const c = fakeIO(stdin, opts);
  const saved = process.env.TGLUSTER_HOME;
  process.env.TGLUSTER_HOME = home;
  try {
    const exit = await runCli(argv, c.io);
    return { exit, stdout: c.stdout(), stderr: c.stderr() };
  } finally {
    if (saved === undefined) delete process.env.TGLUSTER_HOME;
    else process.env.TGLUSTER_HOME = saved;
  }
}

export function tempHome(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'tgh-'));
}
