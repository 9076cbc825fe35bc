// The binary's own behaviour around the streams it writes to.
import { expect, test } from 'vitest';
import { spawn } from 'node:child_process';
import { TGLUSTER } from './corpus-run.js';

test('a reader that goes away gets no stack trace: exit 141 like a SIGPIPE death', async () => {
  const child = spawn(TGLUSTER, ['help', 'all'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy(); // close the read end before tgluster has started writing
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect({ code, stderr }).toEqual({ code: 141, stderr: '' });
});

// Run as `tgluster`, --help/help name tgluster's own commands and --version says which tgluster;
// run through a symlink named `gluster` (what scripts need), every screen is gluster's alone.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AS_GLUSTER } from './corpus-run.js';
import { TOP_HELP, VERSION } from '../../src/cli/help/texts.js';

const out = (bin: string, ...args: string[]) => spawnSync(bin, args, { encoding: 'utf8' });

test('--version: gluster block, then the tgluster line; only the gluster block as gluster', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  expect(out(TGLUSTER, '--version').stdout).toBe(`${VERSION}tgluster ${pkg.version} (GlusterFS 10.3 in a box: daemon-less, single machine)\n`);
  expect(out(AS_GLUSTER, '--version').stdout).toBe(VERSION);
});

test('--help and help: fs and debug named as tgluster; gluster alone as gluster', () => {
  for (const args of [['--help'], ['help']]) {
    const t = out(TGLUSTER, ...args);
    expect(t.status).toBe(0);
    expect(t.stdout).toContain(' fs --help ');
    expect(t.stdout).toContain(' debug kill-brick <VOLNAME> <HOSTNAME:BRICKPATH>');
    expect(t.stdout.startsWith(TOP_HELP.slice(0, -1))).toBe(true);
    const g = out(AS_GLUSTER, ...args);
    expect(g.stdout).toBe(args[0] === '--help' ? TOP_HELP.slice(0, -1) : TOP_HELP);
  }
});

test('--print-logdir names the state dir\'s log directory, where the cli and glusterd logs go', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-logdir-'));
  try {
    const env = { ...process.env, TGLUSTER_HOME: home };
    const r = spawnSync(TGLUSTER, ['--print-logdir', '--version'], { encoding: 'utf8', env });
    expect([r.status, r.stdout]).toEqual([0, `${home}/log\n`]);
    // A failed create: gluster's message on stderr, the real reason in glusterd.log; cli.log has the line.
    fs.writeFileSync(path.join(home, 'file'), '');
    const c = spawnSync(TGLUSTER, ['volume', 'create', 'lg', `server1:${home}/file/b1`, 'force'], { encoding: 'utf8', env });
    expect(c.stderr).toBe('volume create: lg: failed: Staging failed on localhost. Please check the log file for more details.\n');
    expect(fs.readFileSync(path.join(home, 'log/glusterd.log'), 'utf8')).toMatch(/\] E \[transaction lg\] 0-management: Staging failed on localhost\. .*\[realpath \(\) failed for brick .*\/file\/b1\. .*Not a directory\]\n$/);
    expect(fs.readFileSync(path.join(home, 'log/cli.log'), 'utf8')).toMatch(/\] I \[cli\] 0-cli: volume create lg server1:.*: exiting with: 1\n$/);
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});
