// Port of GlusterFS 10.3 tests/bugs/glusterd/rebalance-operations-in-single-node.t: rebalance and
// remove-brick on one node, gathered from several bugs.
// * bug-1046308: rebalance start on a named volume works.
// * bug-1089668 / bug-963541: remove-brick status before any remove-brick fails; while a
//   remove-brick is started and not committed, rebalance start, rebalance status and another
//   remove-brick start all fail; after commit, rebalance works again; a rebalance that completed
//   can be stopped; a remove-brick can be started and stopped.
// * bug-1351021: the rebalance statistics (files, size, scanned, failures, skipped) are the same
//   before and after glusterd restarts.
// * bug-1004744: fix-layout after add-brick completes, and crawls with READDIR, never READDIRP.
// * bug-1075087: rebalance start force after add-brick completes, and still shows completed right
//   after glusterd restarts.
//
// No daemons in tgluster: a glusterd restart (`pkill glusterd; pkill glusterfsd; glusterd`, or
// `pkill gluster`) is a new tgluster process reading the state directory (CLI_fresh), and the
// bricks glusterd would respawn are simply there. EXPECT_WITHIN on a status waits for the task
// worker to end. The mount is a long-lived api client (harness.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VolumeClient } from '../../../src/api/index.js';
import { Harness, type Result } from './harness.js';

let h: Harness;
const V0 = 'patchy';
const volname = 'StartMigrationDuringRebalanceTest';

beforeAll(async () => {
  h = new Harness('rebalance-single-node');
});
afterAll(() => h?.cleanup());

/** get_rebalanced_info VOL N: field N of the third line of `rebalance VOL status` (from `out`). */
function get_rebalanced_info(out: Result, n: number): string {
  const line = out.stdout.split('\n')[2] ?? '';
  return (line.trim().split(/\s+/)[n - 1] ?? '').replace(/ *$/, '');
}

/** rebalance_status_field from a given status output ($7 of line 3). */
const statusField = (out: Result) => get_rebalanced_info(out, 7);

describe('tests/bugs/glusterd/rebalance-operations-in-single-node.t', () => {
  it('bug-1046308 / bug-1089668 / bug-963541: rebalance and remove-brick exclude each other until commit', async () => {
    await h.TEST('volume', 'info');
    await h.TEST('volume', 'create', volname, ...[1, 2, 3, 4].map((i) => h.brick(`${volname}${i}`)));
    await h.TEST('volume', 'start', volname);

    // rebalance on a named volume
    await h.TEST('volume', 'rebalance', volname, 'start');

    // no remove-brick has been started: its status fails
    await h.TEST_NOT('volume', 'remove-brick', volname, h.brick(`${volname}1`), 'status');

    await h.EXPECT_WITHIN(volname, /completed/, () => h.rebalance_status_field(volname));

    // a remove-brick started and not committed blocks rebalance start/status and another remove-brick
    await h.TEST('volume', 'remove-brick', volname, h.brick(`${volname}1`), 'start');
    await h.TEST_NOT('volume', 'rebalance', volname, 'start');
    await h.TEST_NOT('volume', 'rebalance', volname, 'status');
    await h.TEST_NOT('volume', 'remove-brick', volname, h.brick(`${volname}2`), 'start');

    await h.EXPECT_WITHIN(volname, /completed/, () => h.remove_brick_status_completed_field(volname, h.brick(`${volname}1`)));
    await h.TEST('volume', 'remove-brick', volname, h.brick(`${volname}1`), 'commit');

    // after the commit, rebalance works again, and a completed one can be stopped
    await h.TEST('volume', 'rebalance', volname, 'start');
    await h.EXPECT_WITHIN(volname, /completed/, () => h.rebalance_status_field(volname));
    await h.TEST('volume', 'rebalance', volname, 'stop');

    await h.TEST('volume', 'remove-brick', volname, h.brick(`${volname}2`), 'start');
    await h.TEST('volume', 'remove-brick', volname, h.brick(`${volname}2`), 'stop');
  });

  let m: VolumeClient;

  it('bug-1351021: the rebalance statistics are the same after a glusterd restart', async () => {
    await h.TEST('volume', 'create', V0, ...[1, 2, 3].map((i) => h.brick(`${V0}${i}`)));
    await h.TEST('volume', 'start', V0);

    // mount and create data: dir{1..10}/file{1..10}
    m = await h.mount(V0);
    for (let i = 1; i <= 10; i++) await m.mkdir(`/dir${i}`);
    for (let i = 1; i <= 10; i++) for (let j = 1; j <= 10; j++) await m.writeFile(`/dir${i}/file${j}`, '');

    // add-brick and rebalance
    await h.TEST('volume', 'add-brick', V0, h.brick(`${V0}4`));
    await h.TEST('volume', 'rebalance', V0, 'start');
    await h.EXPECT_WITHIN(V0, /completed/, () => h.rebalance_status_field(V0));

    // the statistics before the restart
    const before = await h.CLI('volume', 'rebalance', V0, 'status');
    // pkill glusterd; pkill glusterfsd; glusterd → the statistics as a new process reads them
    const after = h.CLI_fresh('volume', 'rebalance', V0, 'status');
    for (const [n, what] of [[2, 'rebalanced files'], [3, 'size'], [4, 'scanned'], [5, 'failures'], [6, 'skipped']] as const) {
      expect.soft(get_rebalanced_info(after, n), `${what}: after restart vs before\n${before.stdout}\n${after.stdout}${after.stderr}`).toBe(get_rebalanced_info(before, n));
    }

    // force_umount $M0
    await m.close();
  });

  it('bug-1004744: fix-layout after add-brick completes', async () => {
    await h.TEST('volume', 'start', V0, 'force');
    m = await h.mount(V0);

    // dir_11..dir_20, each with a file and 100 subdirectories holding a file
    for (let i = 11; i <= 20; i++) {
      await m.mkdir(`/dir_${i}`);
      await m.writeFile(`/dir_${i}/file_${i}`, 'file\n');
      for (let j = 1; j <= 100; j++) {
        await m.mkdir(`/dir_${i}/dir_${j}`);
        await m.writeFile(`/dir_${i}/dir_${j}/file_${j}`, 'file\n');
      }
    }

    // add 2 bricks
    await h.TEST('volume', 'add-brick', V0, h.brick(`${V0}5`), h.brick(`${V0}6`));

    // fix-layout, profiled
    await h.TEST('volume', 'profile', V0, 'start');
    await h.TEST('volume', 'rebalance', V0, 'fix-layout', 'start');
    await h.EXPECT_WITHIN(V0, /fix-layout completed/, () => h.fix_layout_status_field(V0));
  });

  it('bug-1004744: the fix-layout crawl shows READDIR and no READDIRP in `volume profile VOL info`', async () => {
    // readdir_count=$($CLI volume profile $V0 info | grep -w READDIR | wc -l), and READDIRP's
    const info = (await h.TEST('volume', 'profile', V0, 'info')).stdout;
    const lines = (fop: string) => info.split('\n').filter((l) => l.trim().split(/\s+/).includes(fop)).length;
    expect(lines('READDIR')).not.toBe(0);
    expect(lines('READDIRP')).toBe(0);
  });

  it('bug-1075087: rebalance start force after add-brick completes, and shows completed right after a glusterd restart', async () => {
    // mkdir dir{21..30}; touch dir{21..30}/files{1..10}
    await h.fsOk('mkdir', ...Array.from({ length: 10 }, (_, i) => h.M0(`dir${i + 21}`)));
    await h.fsOk('touch', ...Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => h.M0(`dir${i + 21}/files${j + 1}`))).flat());

    await h.TEST('volume', 'add-brick', V0, h.brick(`${V0}7`), h.brick(`${V0}8`));

    await h.TEST('volume', 'rebalance', V0, 'start', 'force');
    await h.EXPECT_WITHIN(V0, /completed/, () => h.rebalance_status_field(V0));

    // pkill gluster; glusterd: the status a new process reads says completed at once
    expect(statusField(h.CLI_fresh('volume', 'rebalance', V0, 'status'))).toMatch(/completed/);
  });
});
