// Port of tests/bugs/distribute/missing-files-rebalance.t. GlusterFS 10.3 has no such file: the
// test came with the fix "dht/rebalance: Fix a problem deleting data file" (release-11, v11.1;
// commit 5ecb716443 in the mirror), and is ported from there. It guards against rebalance
// deleting a data file in place of its link file: on a 2-brick distribute volume, 100 files are
// created and each renamed (which leaves link files where the new names hash); after adding two
// bricks and rebalancing, the mount must still list all 100 files, every one with the files'
// ordinary permissions (no link file, mode ---------T, showing through).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness } from './harness.js';

let h: Harness;
const V0 = 'patchy';

beforeAll(async () => {
  h = new Harness('missing-files');
});
afterAll(() => h?.cleanup());

describe('tests/bugs/distribute/missing-files-rebalance.t', () => {
  it('renamed files survive a rebalance: 100 files listed, none with a wrong mode', async () => {
    await h.TEST('volume', 'info');
    // a distribute volume of two bricks
    await h.TEST('volume', 'create', V0, h.brick(`${V0}1`), h.brick(`${V0}2`));
    await h.TEST('volume', 'start', V0);

    await h.fsOk('mkdir', h.M0('dir'));
    await h.fsOk('touch', ...Array.from({ length: 100 }, (_, i) => h.M0(`dir/foo${i + 1}`)));
    // TEST_IN_LOOP mv foo$i new$i
    for (let i = 1; i <= 100; i++) await h.fsOk('mv', h.M0(`dir/foo${i}`), h.M0(`dir/new${i}`));

    await h.TEST('volume', 'add-brick', V0, h.brick(`${V0}3`), h.brick(`${V0}4`));
    await h.TEST('volume', 'rebalance', V0, 'start');
    await h.EXPECT_WITHIN(V0, /completed/, () => h.rebalance_status_field(V0));

    // every file is still there: ls $M0/dir | grep -v '^\.' | wc -l
    const names = (await h.fsOk('ls', h.M0('dir'))).stdout.split('\n').filter((l) => l !== '' && !l.startsWith('.'));
    // and each has the same permissions: ls -l | grep -v -- -rw-r | grep -v total | wc -l
    const listing = await h.ls_l('dir');
    const wrongPerm = listing.split('\n').filter((l) => l !== '' && !l.includes('-rw-r') && !l.includes('total'));
    expect.soft(names.length, 'number of files listed in $M0/dir').toBe(100);
    expect.soft(wrongPerm, 'ls -l lines without -rw-r').toEqual([]);
  });
});
