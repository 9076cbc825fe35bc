// Port of GlusterFS 10.3 tests/basic/distribute/manual-rebalance.t: a manual, per-file migration
// (setfattr trusted.distribute.migrate-data on a file through the mount) must behave as the
// rebalance crawl does. A 1-brick volume holds 10 files of 1 MiB random data in d/ (md5s kept);
// a brick is added (force) and fix-layout run. Each file is then migrated by hand: a setfattr
// that succeeds must leave the same data on the new brick, one that fails must leave the old
// copy intact; at least one file must move and none may change. A full rebalance afterwards
// moves nothing, and every file keeps its data.
//
// tgluster's DHT does not serve the virtual xattr trusted.distribute.migrate-data: a setfattr of
// it through the mount is stored as a plain xattr on the file, which stays where it is. The
// manual migration loop, and the check that depends on it (the rebalance after it moves 0 files),
// are skipped; the rest runs.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness, md5sum } from './harness.js';

let h: Harness;
const V0 = 'patchy';
const MiB = 1024 * 1024;
const N = 10;
/** checksums[i]: md5 of d/i as written through the mount. */
const checksums: string[] = [];

beforeAll(async () => {
  h = new Harness('manual-rebalance');
  await h.TEST('volume', 'create', V0, h.brick(`${V0}0`));
  await h.volume_set(V0, {
    'performance.quick-read': 'off',
    'performance.io-cache': 'off',
    'performance.write-behind': 'off',
    'performance.stat-prefetch': 'off',
    'performance.read-ahead': 'off',
  });
  await h.TEST('volume', 'start', V0);
});
afterAll(() => h?.cleanup());

describe('tests/basic/distribute/manual-rebalance.t', () => {
  it('10 files of random data; add-brick force; fix-layout completes', async () => {
    await h.fsOk('mkdir', h.M0('d'));
    const m = await h.mount(V0);
    for (let i = 1; i <= N; i++) {
      // TEST_IN_LOOP dd if=/dev/urandom of=$M0/d/$i bs=1M count=1
      const data = crypto.randomBytes(MiB);
      const r = await h.put(`d/${i}`, data);
      expect(r.exit, `dd of=$M0/d/${i}\n${r.stderr}`).toBe(0);
      checksums[i] = await h.md5_mount(m, `/d/${i}`);
    }
    await h.TEST('volume', 'add-brick', V0, h.brick(`${V0}1`), 'force');
    await h.TEST('volume', 'rebalance', V0, 'fix-layout', 'start');
    await h.EXPECT_WITHIN(V0, /fix-layout completed/, () => h.fix_layout_status_field(V0));
  });

  it.skip('manual migration: setfattr -n trusted.distribute.migrate-data -v 1 on each file moves it (or fails, leaving it) with its data intact, and at least one moves — SKIPPED: tgluster has no trusted.distribute.migrate-data virtual xattr (the setfattr succeeds and is stored as a plain xattr; nothing migrates)', () => {});

  it.skip('the full rebalance after the manual migration moves 0 files (rebalanced_files_field ^0$) — SKIPPED: depends on the manual migration above', () => {});

  it('a full rebalance completes, and all 10 files keep their data on whichever brick holds them', async () => {
    await h.TEST('volume', 'rebalance', V0, 'start');
    await h.EXPECT_WITHIN(V0, /completed/, () => h.rebalance_status_field(V0));

    // one final check that the data did not change: the old brick's copy if it is there, else the new one's
    let success = 0;
    for (let i = 1; i <= N; i++) {
      const old = path.join(h.b(`${V0}0`), 'd', String(i));
      const moved = path.join(h.b(`${V0}1`), 'd', String(i));
      const where = fs.existsSync(old) && fs.statSync(old).isFile() ? old : moved;
      if (fs.existsSync(where) && md5sum(where) === checksums[i]) success++;
    }
    expect(success).toBe(10);
  });
});
