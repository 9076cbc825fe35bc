// `volume remove-brick` beyond what the corpus harness can set up: the captures of a migration in
// progress (status, --xml, volume status, commit refused, stop) replayed against a worker held
// still; then a whole start / commit on distribute (every file moved off, reachable, nothing lost),
// a replica set removed from a 2 x 3 volume, a replica count reduced with force, and a kill -9 of
// the migration followed by a new start.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureWorld, type CaptureWorld } from './capture-world.js';

const V = 'cliDist';
const BRICKS = ['server1:/bricks/cli/dist/b1', 'server2:/bricks/cli/dist/b2', 'server3:/bricks/cli/dist/b3', 'server1:/bricks/cli/dist/b4'];
const FILES = 100;
const names = Array.from({ length: FILES }, (_, i) => `file${i}`).sort();
const content = (i: number) => `file ${i}\n`.repeat(1 + (i % 5));

let cw: CaptureWorld;
const ok = (args: string[], env?: Record<string, string>) => cw.ok(args, env);
/** Regular (non-linkto) files of /dirA on a brick. */
const dataFiles = (brick: string) => {
  const d = path.join(cw.dir(brick), 'dirA');
  return fs.existsSync(d) ? fs.readdirSync(d).filter((n) => (fs.lstatSync(path.join(d, n)).mode & 0o7777) !== 0o1000) : [];
};

beforeAll(() => {
  cw = captureWorld();
  ok(['volume', 'create', V, ...BRICKS, 'force']);
  ok(['volume', 'start', V]);
  ok(['fs', 'mkdir', `${V}:/dirA`]);
  const local = path.join(cw.w.root, 'f');
  for (let i = 0; i < FILES; i++) {
    fs.writeFileSync(local, content(i));
    ok(['fs', 'put', local, `${V}:/dirA/file${i}`]);
  }
});
afterAll(() => cw?.remove());

describe('remove-brick in progress, against the captures', () => {
  it('status, status --xml, volume status and a refused commit while it runs; stop, twice', async () => {
    expect(dataFiles(BRICKS[0]).length).toBeGreaterThan(0);
    cw.startPaused(['volume', 'remove-brick', V, BRICKS[0], 'start'], 2);
    for (const name of ['volume-remove-brick-status-running', 'volume-remove-brick-status-running.xml', 'volume-status-during-remove-brick', 'volume-status-during-remove-brick.xml', 'volume-remove-brick-error-commit-before-complete', 'volume-remove-brick-error-commit-before-complete.xml']) {
      await cw.matchesCapture(name);
    }
    await cw.matchesCapture('volume-remove-brick-stop');
    cw.workerGone(V);
    // stop brought the brick back: nothing decommissioned, no task
    expect(ok(['volume', 'status', V])).toContain('There are no active volume tasks');
    cw.startPaused(['volume', 'remove-brick', V, BRICKS[0], 'start'], 2);
    await cw.matchesCapture('volume-remove-brick-stop.xml');
    cw.workerGone(V);
  });
});

describe('remove-brick start and commit', () => {
  it('distribute: every file moves off the brick, stays readable, and the commit leaves it out', () => {
    const r = JSON.parse(ok(['--json', 'volume', 'remove-brick', V, BRICKS[0], 'start', '--wait']));
    expect(r.nodes[0]).toMatchObject({ status: 'completed', failures: 0, skipped: 0 });
    expect(dataFiles(BRICKS[0])).toEqual([]);
    expect(BRICKS.slice(1).flatMap(dataFiles).sort()).toEqual(names);
    // the removed brick's directory got no range in the new layout
    expect(ok(['system::', 'getspec', V])).toMatch(/option decommissioned-bricks cliDist-client-0\n/);
    ok(['volume', 'remove-brick', V, BRICKS[0], 'commit']);
    expect(ok(['volume', 'info', V])).toContain('Number of Bricks: 3\n');
    expect(ok(['fs', 'ls', `${V}:/dirA`]).trim().split('\n').sort()).toEqual(names);
    for (let i = 0; i < FILES; i += 9) expect(ok(['fs', 'cat', `${V}:/dirA/file${i}`])).toBe(content(i));
    // brick ids are not renumbered
    expect(ok(['system::', 'getspec', V])).toMatch(/volume cliDist-client-1\n[\s\S]*volume cliDist-client-3\n/);
    expect(ok(['system::', 'getspec', V])).not.toMatch(/cliDist-client-0\b/);
  });

  it('kill -9 of the migration: status says failed; commit refused; a new start finishes and the commit loses nothing', () => {
    ok(['volume', 'remove-brick', V, BRICKS[1], 'start'], { TGLUSTER_CRASH_AT: 'dht.migrate-phase1#3' });
    cw.workerGone(V);
    expect(ok(['volume', 'remove-brick', V, BRICKS[1], 'status'])).toMatch(/ failed +0:\d\d:\d\d\n/);
    expect(cw.tg(['volume', 'remove-brick', V, BRICKS[1], 'commit']).stderr).toBe(
      "volume remove-brick commit: failed: use 'force' option as migration has failed\n",
    );
    // a new start needs the old task gone: stop it, start again
    ok(['volume', 'remove-brick', V, BRICKS[1], 'stop']);
    const r = JSON.parse(ok(['--json', 'volume', 'remove-brick', V, BRICKS[1], 'start', '--wait']));
    expect(r.nodes[0]).toMatchObject({ status: 'completed', failures: 0 });
    ok(['volume', 'remove-brick', V, BRICKS[1], 'commit']);
    expect(ok(['fs', 'ls', `${V}:/dirA`]).trim().split('\n').sort()).toEqual(names);
    expect(BRICKS.slice(2).flatMap(dataFiles).sort()).toEqual(names);
  });
});

describe('replicated volumes', () => {
  const DR = ['b1', 'b2', 'b3', 'b4', 'b5', 'b6'].map((b, i) => `server${(i % 3) + 1}:/bricks/cli/dr/${b}`);

  it('a 2 x 3 volume loses its second set by start/commit: the set files move to the first, the type becomes Replicate', () => {
    ok(['volume', 'create', 'cliDR', 'replica', '3', ...DR, 'force']);
    ok(['volume', 'start', 'cliDR']);
    ok(['fs', 'mkdir', 'cliDR:/d']);
    for (let i = 0; i < 30; i++) ok(['fs', 'touch', `cliDR:/d/f${i}`]);
    const r = JSON.parse(ok(['--json', 'volume', 'remove-brick', 'cliDR', ...DR.slice(3), 'start', '--wait']));
    expect(r.nodes[0]).toMatchObject({ status: 'completed', failures: 0, skipped: 0 });
    ok(['volume', 'remove-brick', 'cliDR', ...DR.slice(3), 'commit']);
    const info = ok(['volume', 'info', 'cliDR']);
    expect(info).toContain('Type: Replicate\n');
    expect(info).toContain('Number of Bricks: 1 x 3 = 3\n');
    for (const b of DR.slice(0, 3)) expect(fs.readdirSync(path.join(cw.dir(b), 'd')).length).toBe(30);
    expect(ok(['fs', 'ls', 'cliDR:/d']).trim().split('\n')).toHaveLength(30);
  });

  it('replica 3 -> 2 with force: the named brick goes, the others keep every file', () => {
    ok(['volume', 'remove-brick', 'cliDR', 'replica', '2', DR[2], 'force']);
    const info = ok(['volume', 'info', 'cliDR']);
    expect(info).toContain('Number of Bricks: 1 x 2 = 2\n');
    expect(info).not.toContain(DR[2].split(':')[1]);
    ok(['fs', 'touch', 'cliDR:/d/after']);
    for (const b of DR.slice(0, 2)) expect(fs.readdirSync(path.join(cw.dir(b), 'd')).length).toBe(31);
    // the removed brick's directory is left as it was
    expect(fs.readdirSync(path.join(cw.dir(DR[2]), 'd')).length).toBe(30);
  });
});
