// `volume heal` end to end through the built CLI: heal info's names (a brick names an entry by
// path only while its inode table knows it), the crawl statistics' format, heal-count per
// replica set, the background heal task, and kill -9 at every step of a heal: a re-run converges,
// nothing is lost, and no sink ends up newer than its source.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { indexEntries, snapshotBrick } from '../helpers/brick-snapshot.js';
import { spawn } from 'node:child_process';
import { MAIN, gfidOn, makeEnv, type Env } from './fs-helpers.js';
import { setXattr } from '../../src/xattr/index.js';
import * as locks from '../../src/xlators/locks/index.js';
import { waitForTask } from '../../src/cli/task-wait.js';

let env: Env;
const tg = (args: string[], input?: string, extra?: Record<string, string>) => env.run(['--mode=script', ...args], input, extra);
function ok(args: string[], input?: string): string {
  const r = tg(args, input);
  if (r.code !== 0) throw new Error(`${args.join(' ')}: exit ${r.code}: ${r.stdout}${r.stderr}`);
  return r.stdout;
}
const brick = (i: number) => path.join(env.dir, `b${i}`);
const spec = (i: number) => `server${((i - 1) % 3) + 1}:${brick(i)}`;
/** The entry lines of each brick block of `heal info`. */
const entriesOf = (text: string) => text.split('\n\n').filter(Boolean).map((b) => b.split('\n').slice(1).filter((l) => !/^(Status|Number)/.test(l)).sort());

/** replica 3 (or 2 x 3) with a tree, then changes made while brick 3 was down; brick 3 back. */
function degraded(bricks = 3): void {
  const list = Array.from({ length: bricks }, (_, i) => spec(i + 1));
  ok(['volume', 'create', 'hv', 'replica', '3', ...list, 'force']);
  ok(['volume', 'start', 'hv']);
  ok(['fs', 'mkdir', '-p', 'hv:/d/e']);
  for (let k = 0; k < 6; k++) ok(['fs', 'put', '-', `hv:/d/f${k}`], `file ${k}\n`);
  ok(['debug', 'kill-brick', 'hv', spec(3)]);
  for (let k = 0; k < 6; k++) ok(['fs', 'put', '-', `hv:/d/f${k}`], `file ${k} written again while a brick was down\n`);
  ok(['fs', 'put', '-', 'hv:/d/e/new'], 'new\n');
  ok(['fs', 'chmod', '600', 'hv:/d/f0']);
  ok(['fs', 'rm', 'hv:/d/f5']);
  ok(['volume', 'start', 'hv', 'force']);
}

beforeEach(() => {
  env = makeEnv('healcli');
});
afterEach(() => env.cleanup());

describe('heal info names entries as each brick knows them', () => {
  test('paths on bricks that met the names, gfids after a brick restart, paths again after a lookup', () => {
    degraded();
    const before = entriesOf(ok(['volume', 'heal', 'hv', 'info']));
    // The root did not change: /d (f5 removed), /d/e (new made), the files written or made.
    expect(before[0]).toEqual(['/d ', '/d/e ', '/d/e/new ', '/d/f0 ', '/d/f1 ', '/d/f2 ', '/d/f3 ', '/d/f4 ']);
    expect(before[1]).toEqual(before[0]);
    expect(before[2]).toEqual([]);
    // Brick 1's process restarts: its inode table is empty.
    ok(['debug', 'kill-brick', 'hv', spec(1)]);
    ok(['volume', 'start', 'hv', 'force']);
    const restarted = entriesOf(ok(['volume', 'heal', 'hv', 'info']))[0];
    expect(restarted.filter((l) => /^<gfid:[0-9a-f-]{36}> $/.test(l))).toHaveLength(8);
    // A named lookup through a client teaches the brick the name again.
    ok(['fs', 'stat', 'hv:/d/f1']);
    expect(entriesOf(ok(['volume', 'heal', 'hv', 'info']))[0]).toContain('/d/f1 ');
    // summary counts the same, xattrop and dirty each (no entry is in both here).
    const summary = ok(['volume', 'heal', 'hv', 'info', 'summary']);
    expect(summary).toContain('Total Number of entries: 8\nNumber of entries in heal pending: 8\n');
  });

  test('heal-count per replica set, and the crawl statistics a heal leaves', () => {
    degraded(6);
    const all = ok(['volume', 'heal', 'hv', 'statistics', 'heal-count']);
    expect(all).toMatch(/^Gathering count of entries to be healed on volume hv has been successful \n/);
    const perReplica = ok(['volume', 'heal', 'hv', 'statistics', 'heal-count', 'replica', spec(1)]);
    const blocks = perReplica.split('\n\n').slice(1);
    expect(blocks).toHaveLength(6);
    blocks.forEach((b, i) => {
      if (Math.floor(i / 3) === 0) expect(b).toMatch(/Number of entries: \d+/);
      else expect(b).toMatch(/No gathered input for this brick\n?$/);
    });
    ok(['volume', 'heal', 'hv']);
    const stats = ok(['volume', 'heal', 'hv', 'statistics']);
    const event = /\nStarting time of crawl: \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}\n\nEnding time of crawl: .+\n\nType of crawl: INDEX\nNo\. of entries healed: \d+\nNo\. of entries in split-brain: 0\nNo\. of heal failed entries: 0\n/;
    expect(stats.split('------------------------------------------------\n')).toHaveLength(7);
    expect(stats).toMatch(event);
    expect(ok(['volume', 'heal', 'hv', 'info'])).not.toMatch(/Number of entries: [1-9]/);
  });
});

describe('heal info with every brick dead (bug-880898.t)', () => {
  test('glfsheal cannot start its client: the stopped-volume failure, exit 251 (measured on 10.3)', () => {
    ok(['volume', 'create', 'hv', 'replica', '2', spec(1), spec(2), 'force']);
    ok(['volume', 'start', 'hv']);
    ok(['debug', 'kill-brick', 'hv', spec(1)]);
    expect(tg(['volume', 'heal', 'hv', 'info']).code).toBe(0);
    ok(['debug', 'kill-brick', 'hv', spec(2)]);
    const r = tg(['volume', 'heal', 'hv', 'info']);
    expect([r.code, r.stdout]).toEqual([251, 'hv: Not able to fetch volfile from glusterd\nVolume heal failed.\n']);
  });
});

describe('heal info and a write in flight (heal-info.t, self-heald.t)', () => {
  test('dirty once on every copy while a client holds the transaction lock: not listed; the lock gone: listed', () => {
    ok(['volume', 'create', 'hv', 'replica', '2', spec(1), spec(2), 'force']);
    ok(['volume', 'start', 'hv']);
    ok(['fs', 'put', '-', 'hv:/f'], 'data\n');
    // What a write's pre-op leaves until its post-op: dirty 1 on both copies, the dirty index entry.
    const gfid = gfidOn(path.join(brick(1), 'f'))!;
    for (const i of [1, 2]) {
      setXattr(path.join(brick(i), 'f'), 'trusted.afr.dirty', Buffer.from('000000010000000000000000', 'hex'));
      fs.writeFileSync(path.join(brick(i), '.glusterfs/indices/dirty', gfid), '');
    }
    const count = () => tg(['volume', 'heal', 'hv', 'info']).stdout.match(/Number of entries: \d+/g);
    const keys = [1, 2].map((i) => ({ brick: fs.realpathSync(brick(i)), key: locks.inodeLockKey(gfid, 'hv-replicate-0') }));
    const release = locks.lockAll(keys);
    try {
      expect(count()).toEqual(['Number of entries: 0', 'Number of entries: 0']);
    } finally {
      release();
    }
    expect(count()).toEqual(['Number of entries: 1', 'Number of entries: 1']);
  });
});

describe('a heal in the background is the volume task', () => {
  test('--background heals as a task; heal info summary (as tgluster) shows it', async () => {
    degraded();
    expect(ok(['volume', 'heal', 'hv', '--background'])).toBe(
      'Launching heal operation to perform index self heal on volume hv has been successful \nUse heal info commands to check status.\n',
    );
    const st = await waitForTask(env.home, 'hv', false);
    expect(st?.state).toBe('completed');
    expect(st?.record.counters.healed).toBeGreaterThan(0);
    expect(ok(['volume', 'heal', 'hv', 'info', 'summary'])).toMatch(/Background heal \(ID [0-9a-f-]{36}\): completed, healed \d+, split-brain 0, failed 0\n$/);
    for (let i = 1; i <= 3; i++) expect(indexEntries(brick(i))).toEqual([]);
  });
});

describe('--watch heals as the self-heal daemon would, until interrupted', () => {
  test('a crawl at once, one line per crawl; SIGINT ends it with exit 0', async () => {
    degraded();
    const child = spawn(process.execPath, [MAIN, 'volume', 'heal', 'hv', '--watch'], { env: { ...process.env, TGLUSTER_HOME: env.home } });
    // The first crawl's line (no timer involved: it runs as soon as the command starts).
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]);
      });
      child.on('exit', () => reject(new Error(`exited before a crawl line: ${out}`)));
    });
    expect(line).toMatch(/^\d{4}-\d\d-\d\dT.* INDEX crawl of hv: healed \d+, split-brain 0, failed 0$/);
    expect(entriesOf(ok(['volume', 'heal', 'hv', 'info']))).toEqual([[], [], []]);
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGINT');
    });
    expect(code).toBe(0);
  });
});

describe('kill -9 inside a heal: a re-run converges', () => {
  for (const point of [
    'afr.heal.after-data-block',
    'afr.heal.after-data-copy',
    'afr.heal.before-undo',
    'afr.heal.after-recreate',
    'afr.heal.after-expunge',
    'afr.heal.before-entry-undo',
  ]) {
    test(point, () => {
      degraded();
      const crashed = tg(['volume', 'heal', 'hv'], undefined, { TGLUSTER_CRASH_AT: point });
      expect(crashed.code, crashed.stderr).toBe(137);
      // Whatever the crash left: no sink newer than its source (brick 3 never has data brick 1 lacks).
      for (let k = 0; k < 5; k++) {
        const f = path.join(brick(3), 'd', `f${k}`);
        if (fs.existsSync(f)) expect(['', `file ${k}\n`, `file ${k} written again while a brick was down\n`]).toContain(fs.readFileSync(f, 'utf8').slice(0, 60));
      }
      ok(['volume', 'heal', 'hv']);
      expect(entriesOf(ok(['volume', 'heal', 'hv', 'info']))).toEqual([[], [], []]);
      const [s1, s2, s3] = [1, 2, 3].map((i) => snapshotBrick(brick(i)));
      expect(s3).toEqual(s1);
      expect(s2).toEqual(s1);
      expect(fs.readFileSync(path.join(brick(3), 'd', 'f1'), 'utf8')).toBe('file 1 written again while a brick was down\n');
      expect(fs.existsSync(path.join(brick(3), 'd', 'f5'))).toBe(false);
    });
  }
});
