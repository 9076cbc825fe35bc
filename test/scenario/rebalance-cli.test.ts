// `volume rebalance` while it runs: the captures of a rebalance in progress (status, status --xml,
// volume status, a second start, stop) compared byte for byte (after the corpus's normalisation)
// with tgluster's, its worker held still after a checkpoint instead of caught mid-run; then what
// the run leaves: every file where its name hashes, no linkto, directories settled, counters that
// add up; a kill -9 inside a migration and a fresh start that finishes the job.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inWorld } from '../cli/corpus-run.js';
import { getXattrOpt } from '../../src/xattr/index.js';
import { captureWorld, type CaptureWorld } from './capture-world.js';

const V = 'cliDist';
const BRICKS = ['server1:/bricks/cli/dist/b1', 'server2:/bricks/cli/dist/b2', 'server3:/bricks/cli/dist/b3', 'server1:/bricks/cli/dist/b4'];
const FILES = 120;

let cw: CaptureWorld;
const ok = (args: string[], env?: Record<string, string>) => cw.ok(args, env);
const brickDir = (i: number) => cw.dir(BRICKS[i]);
const waitWorkerGone = () => cw.workerGone(V);
const startPaused = (n: number) => cw.startPaused(['volume', 'rebalance', V, 'start'], n);
const matchesCapture = (name: string) => cw.matchesCapture(name);

beforeAll(() => {
  cw = captureWorld();
  ok(['volume', 'create', V, ...BRICKS.slice(0, 2), 'force']);
  ok(['volume', 'start', V]);
  ok(['fs', 'mkdir', `${V}:/dirA`]);
  const local = path.join(cw.w.root, 'f');
  for (let i = 0; i < FILES; i++) {
    fs.writeFileSync(local, `file ${i}\n`.repeat(i % 7));
    ok(['fs', 'put', local, `${V}:/dirA/file${i}`]);
  }
  ok(['volume', 'add-brick', V, BRICKS[2], BRICKS[3], 'force']);
});
afterAll(() => cw?.remove());

describe('rebalance in progress, against the captures', () => {
  it('status, status --xml, volume status and a second start while it runs', async () => {
    startPaused(2);
    for (const name of ['volume-rebalance-status-running', 'volume-rebalance-status-running-2', 'volume-rebalance-status-running.xml', 'volume-status-during-rebalance', 'volume-status-during-rebalance.xml', 'volume-rebalance-error-already-started', 'volume-rebalance-error-already-started.xml']) {
      await matchesCapture(name);
    }
    // glusterd refuses to stop the volume or change its bricks under a running rebalance
    expect(cw.tg(['volume', 'stop', V]).stderr).toBe(`volume stop: ${V}: failed: rebalance session is in progress for the volume '${V}'\n`);
    expect(cw.tg(['volume', 'add-brick', V, 'server2:/bricks/cli/dist/b9', 'force']).stderr).toBe(
      `volume add-brick: failed: Volume name ${V} rebalance is in progress. Please retry after completion\n`,
    );
  });

  it('stop: the table says stopped, the task is forgotten, a new start is a new task that finishes the job', async () => {
    const before = /ID: (\S+)/.exec(ok(['volume', 'status', V]))?.[1];
    await matchesCapture('volume-rebalance-stop');
    waitWorkerGone();
    await matchesCapture('volume-status-after-rebalance-stop');
    const r = ok(['volume', 'rebalance', V, 'start', '--wait']);
    expect(/ID: (\S+)/.exec(r)?.[1]).not.toBe(before);
    expect(r).toMatch(/ completed +0:\d\d:\d\d\n/);
  });
});

describe('what a rebalance leaves', () => {
  it('every file on one brick only, where the layout puts it; no linkto; directories settled with the run commit hash', () => {
    const held = (i: number) => fs.readdirSync(path.join(brickDir(i), 'dirA'));
    const all = [0, 1, 2, 3].flatMap(held);
    expect(all.sort()).toEqual(Array.from({ length: FILES }, (_, i) => `file${i}`).sort());
    for (let i = 0; i < 4; i++) {
      for (const n of held(i)) expect((fs.statSync(path.join(brickDir(i), 'dirA', n)).mode & 0o7777).toString(8)).toBe('644');
      expect(held(i).length).toBeGreaterThan(0);
    }
    const commit = getXattrOpt(brickDir(0), 'trusted.glusterfs.dht.commithash')!.toString().replace(/\0$/, '');
    for (let i = 0; i < 4; i++) {
      const layout = getXattrOpt(path.join(brickDir(i), 'dirA'), 'trusted.glusterfs.dht')!;
      expect(layout.readUInt32BE(0)).toBe(Number(commit));
    }
    // nothing left to move: a new run moves no file and scans each file once
    const again = JSON.parse(ok(['--json', 'volume', 'rebalance', V, 'start', '--wait']));
    expect(again.nodes[0]).toMatchObject({ rebalancedFiles: 0, scanned: FILES, failures: 0, skipped: 0, status: 'completed' });
  });
});

describe('the rebalance log (VOL-rebalance.log, as 10.3 writes it)', () => {
  it('names each file moved, where from and where to, and ends each run with its status and counters', () => {
    const lines = fs.readFileSync(path.join(cw.w.home, 'log', `${V}-rebalance.log`), 'utf8').split('\n').filter(Boolean);
    const moves = lines.flatMap((l) => {
      const m = /^\[[^\]]+\] I \[MSGID: 109022\] \[dht-rebalance\.c:2178:dht_migrate_file\] 0-cliDist-dht: completed migration of (\S+) from subvolume cliDist-client-(\d) to cliDist-client-(\d)$/.exec(l);
      return m ? [{ file: m[1], from: Number(m[2]), to: Number(m[3]) }] : [];
    });
    // every move lands where the file is now (nothing moved it again), and none stays put
    expect(moves.length).toBeGreaterThan(0);
    for (const { file, from, to } of moves) {
      expect(from).not.toBe(to);
      expect(fs.existsSync(path.join(brickDir(to), file))).toBe(true);
    }
    const ends = lines.flatMap((l) => {
      const m = /^\[[^\]]+\] I \[MSGID: 109028\] \[dht-rebalance\.c:4663:gf_defrag_status_get\] 0-DHT: Rebalance is (\w+)\. Time taken is \d+ secs Files migrated: (\d+), size: \d+, lookups: (\d+), failures: (\d+), skipped: (\d+) $/.exec(l);
      return m ? [{ status: m[1], files: Number(m[2]), lookups: Number(m[3]), failures: Number(m[4]) }] : [];
    });
    // the stopped run, the one that finished the job, and the one that found nothing to move
    expect(ends.map((e) => e.status)).toEqual(['stopped', 'completed', 'completed']);
    expect(ends[0].files + ends[1].files).toBe(moves.length);
    expect(ends[2]).toEqual({ status: 'completed', files: 0, lookups: FILES, failures: 0 });
    expect(lines.length).toBe(moves.length + ends.length);
  });
});

describe('kill -9 of the rebalance process', () => {
  it.each(['dht.migrate-after-dst', 'dht.migrate-phase1', 'dht.migrate-after-copy', 'dht.migrate-phase2'])('at %s: status says failed; a new start completes with every file once', (point) => {
    // move the files back towards two bricks' worth of layout by adding a fifth brick
    const extra = `server2:/bricks/cli/dist/b5-${point.replace(/\W/g, '')}`;
    ok(['volume', 'add-brick', V, extra, 'force']);
    ok(['volume', 'rebalance', V, 'start'], { TGLUSTER_CRASH_AT: point });
    waitWorkerGone();
    expect(ok(['volume', 'rebalance', V, 'status'])).toMatch(/ failed +0:\d\d:\d\d\n/);
    expect(ok(['volume', 'status', V])).toContain('Status               : failed              \n');
    // a dead process holds nothing back
    const more = `server3:/bricks/cli/dist/b6-${point.replace(/\W/g, '')}`;
    ok(['volume', 'add-brick', V, more, 'force']);
    const listed = ok(['fs', 'ls', `${V}:/dirA`]).trim().split('\n').sort();
    expect(listed).toEqual(Array.from({ length: FILES }, (_, i) => `file${i}`).sort());
    const done = JSON.parse(ok(['--json', 'volume', 'rebalance', V, 'start', '--wait']));
    expect(done.nodes[0]).toMatchObject({ failures: 0, status: 'completed' });
    const bricks = fs.readdirSync(inWorld(cw.w, '/bricks/cli/dist')).map((b) => path.join(inWorld(cw.w, '/bricks/cli/dist'), b, 'dirA'));
    const names = bricks.flatMap((d) => (fs.existsSync(d) ? fs.readdirSync(d) : []));
    expect(names.sort()).toEqual(Array.from({ length: FILES }, (_, i) => `file${i}`).sort());
    for (let i = 0; i < FILES; i += 17) expect(ok(['fs', 'cat', `${V}:/dirA/file${i}`])).toBe(`file ${i}\n`.repeat(i % 7));
  });
});
