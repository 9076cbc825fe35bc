// Background processes of tgluster's own CLI (a task's worker, a mount's FUSE client): started
// detached so they outlive the command, and heard once on fd 3, where each says whether it took
// its work ("ready", "busy", "error ...") before the command returns.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { packageRoot } from './package-root.js';

/** The CLI a background process runs as (dist/cli/tgluster.cjs of this package). */
export function cliEntry(): string {
  return path.join(packageRoot(), 'dist', 'cli', 'tgluster.cjs');
}

/**
 * Runs `tgluster ARGS...` detached with TGLUSTER_HOME=home; `output` is the descriptor its stdout
 * and stderr go to ('ignore' for none). Resolves with what it wrote on fd 3, trimmed.
 */
export function spawnDetached(home: string, args: string[], output: number | 'ignore' = 'ignore'): Promise<string> {
  const child = spawn(process.execPath, [cliEntry(), ...args], {
    detached: true,
    stdio: ['ignore', output, output, 'pipe'],
    env: { ...process.env, TGLUSTER_HOME: home },
  });
  return new Promise((resolve, reject) => {
    let said = '';
    const pipe = child.stdio[3] as NodeJS.ReadableStream;
    pipe.setEncoding('utf8');
    pipe.on('data', (s: string) => (said += s));
    pipe.on('end', () => {
      child.unref();
      resolve(said.trim());
    });
    child.on('error', reject);
  });
}
