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

// Leftovers of earlier builds in the shared dist/: the build removes them once an hour old.
const HOUR_AGO = new Date(Date.now() - 2 * 3600 * 1000);
const stale = [path.join(ROOT, 'dist/cli/chunk-ZZSTALE1.cjs'), path.join(ROOT, 'dist/old-ZZSTALE2.js'), path.join(ROOT, 'dist/cli/x.cjs.4242.tmp')];
const recent = path.join(ROOT, 'dist/cli/chunk-ZZRECENT.cjs');

let dir: string;
beforeAll(() => {
  fs.mkdirSync(path.join(ROOT, 'dist/cli'), { recursive: true });
  for (const f of [...stale, recent]) fs.writeFileSync(f, '');
  for (const f of stale) fs.utimesSync(f, HOUR_AGO, HOUR_AGO);
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-startup-'));
  // Records the built-in modules the process loaded, as it exits.
  fs.writeFileSync(
    path.join(dir, 'record.cjs'),
    "process.on('exit', () => require('fs').writeFileSync(process.env.TG_RECORD, JSON.stringify(process.moduleLoadList)));\n",
  );
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const f of [...stale, recent]) fs.rmSync(f, { force: true });
});

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

test('fs ls (xattrs through fs-xattr, an ES module package; commander) loads no ESM loader, crypto or child_process', () => {
  const home = path.join(dir, 'home-fs');
  const env = { TGLUSTER_HOME: home };
  expect(run(TGLUSTER, ['--mode=script', 'volume', 'create', 'data', `server1:${path.join(dir, 'b2')}`, 'force'], env).status).toBe(0);
  expect(run(TGLUSTER, ['volume', 'start', 'data'], env).status).toBe(0);
  const r = run(TGLUSTER, ['fs', 'mkdir', 'data:/d'], env);
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
  const ls = run(TGLUSTER, ['fs', 'ls', 'data:/'], env);
  expect({ status: ls.status, stdout: ls.stdout }).toEqual({ status: 0, stdout: 'd\n' });
  const costly = ['NativeModule internal/modules/esm/loader', 'NativeModule crypto', 'NativeModule child_process', 'NativeModule net'];
  expect(costly.filter((m) => ls.loaded.includes(m))).toEqual([]);
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

test('the build removes outputs of earlier builds an hour old, not recent ones nor its own', () => {
  expect(stale.filter((f) => fs.existsSync(f))).toEqual([]);
  expect(fs.existsSync(recent)).toBe(true);
  const entry = fs.readFileSync(path.join(ROOT, 'dist/cli/tgluster.cjs'), 'utf8');
  const required = [...entry.matchAll(/require\("\.\/(chunk-[A-Z0-9]+\.cjs)"\)/g)].map((m) => m[1]);
  expect(required.length).toBeGreaterThan(0);
  for (const chunk of required) expect(fs.existsSync(path.join(ROOT, 'dist/cli', chunk))).toBe(true);
});

test('dist/api.js stays an ES module; dist/main.js still runs the CLI', async () => {
  const api = await import(path.join(ROOT, 'dist/api.js'));
  expect(typeof api.openVolume).toBe('function');
  expect(fs.readFileSync(path.join(ROOT, 'dist/api.js'), 'utf8')).toMatch(/^export \{/m);
  const r = run(path.join(ROOT, 'dist/main.js'), ['--version']);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^glusterfs 10\.3\n/);
});
