// Start-up cost of the binary, checked by what it loads rather than by timing: scripts run
// `tgluster volume info` hundreds of times, and each of these Node modules costs milliseconds
// (the ESM loader ~10, stream objects for a pipe ~8, node:tty with node:net ~3, node:crypto ~2).
import { afterAll, beforeAll, expect, test } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HELP_SCREENS } from '../../src/cli/commands/help.js';
import { TGLUSTER } from './corpus-run.js';

const ROOT = path.resolve(__dirname, '../..');
const COSTLY = [
  'NativeModule internal/modules/esm/loader',
  'NativeModule stream',
  'NativeModule net',
  'NativeModule tty',
  'NativeModule crypto',
  'NativeModule internal/fs/promises',
  'NativeModule internal/readline/interface',
];

let dir: string;
beforeAll(() => {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-startup-'));
  // Records the built-in modules the process loaded, as it exits.
  fs.writeFileSync(
    path.join(dir, 'record.cjs'),
    "process.on('exit', () => require('fs').writeFileSync(process.env.TG_RECORD, JSON.stringify(process.moduleLoadList)));\n",
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs `node <file> args` as scripts do (stdout and stderr pipes); returns what it loaded. */
function run(file: string, args: string[], env: Record<string, string> = {}) {
  const record = path.join(dir, 'loaded.json');
  const r = spawnSync(process.execPath, ['-r', path.join(dir, 'record.cjs'), file, ...args], {
    env: { ...process.env, ...env, TG_RECORD: record },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { status: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString(), loaded: JSON.parse(fs.readFileSync(record, 'utf8')) as string[] };
}

test('volume info through bin/tgluster loads none of the costly modules', () => {
  const home = path.join(dir, 'home');
  const env = { TGLUSTER_HOME: home };
  const brick = path.join(dir, 'b1');
  expect(run(TGLUSTER, ['--mode=script', 'volume', 'create', 'fast', `server1:${brick}`, 'force'], env).status).toBe(0);
  const r = run(TGLUSTER, ['volume', 'info'], env);
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
  expect(r.stdout).toContain(`\nVolume Name: fast\nType: Distribute\n`);
  expect(r.stdout).toContain(`\nBrick1: server1:${brick}\n`);
  expect(COSTLY.filter((m) => r.loaded.includes(m))).toEqual([]);
});

test('the check can fail: the ESM entry loads the ESM loader, a stdout stream loads net and stream', () => {
  const esm = run(path.join(ROOT, 'dist', 'main.js'), ['--version']);
  expect(esm.status).toBe(0);
  expect(esm.loaded).toContain('NativeModule internal/modules/esm/loader');
  const script = path.join(dir, 'stream.cjs');
  fs.writeFileSync(script, "process.stdout.write('x\\n');\n");
  const stream = run(script, []);
  expect(stream.loaded).toEqual(expect.arrayContaining(['NativeModule net', 'NativeModule stream']));
});

test('every help screen is named `help` or `... help` (dispatch loads the help module only for those)', () => {
  for (const command of Object.keys(HELP_SCREENS)) expect(command === 'help' || command.endsWith(' help')).toBe(true);
});
