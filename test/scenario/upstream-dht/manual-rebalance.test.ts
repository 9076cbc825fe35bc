// Port of GlusterFS 10.3 tests/basic/distribute/manual-rebalance.t: a manual, per-file migration
// (setfattr trusted.distribute.migrate-data on a file through the mount) must behave as the
// rebalance crawl does. A 1-brick volume holds 10 files of 1 MiB random data in d/ (md5s kept);
// a brick is added (force) and fix-layout run. Each file is then migrated by hand: a setfattr
// that succeeds must leave the same data on the new brick, one that fails must leave the old
// copy intact; at least one file must move and none may change. A full rebalance afterwards
// moves nothing, and every file keeps its data.

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

  it('manual migration: a setfattr of trusted.distribute.migrate-data moves the file with its data, or fails and leaves it; at least one moves', async () => {
    let errors = 0;
    let migrations = 0;
    for (let i = 1; i <= N; i++) {
      const r = await h.fs('setfattr', '-n', 'trusted.distribute.migrate-data', '-v', '1', h.M0(`d/${i}`));
      if (r.exit === 0) {
        // migration happened for the file: its data on the new brick must not have changed
        if (checksums[i] !== md5sum(path.join(h.b(`${V0}1`), 'd', String(i)))) errors++;
        else migrations++;
      } else if (checksums[i] !== md5sum(path.join(h.b(`${V0}0`), 'd', String(i)))) {
        // migration is not applicable: the data on the old brick must not have changed
        errors++;
      }
    }
    expect(migrations).not.toBe(0);
    expect(errors).toBe(0);
  });

  it('the rebalance crawl is equivalent to the manual rebalance: it moves nothing more', async () => {
    await h.TEST('volume', 'rebalance', V0, 'start');
    await h.EXPECT_WITHIN(V0, /completed/, () => h.rebalance_status_field(V0));
    expect(await h.rebalanced_files_field(V0)).toMatch(/^0$/);
  });

  it('all 10 files keep their data on whichever brick holds them', async () => {
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
