// Port of GlusterFS 10.3 tests/basic/afr/split-brain-heal-info.t: `heal info split-brain` on
// replica 2 with the self-heal daemon off counts a data split-brain (a file written with each
// brick down in turn), a metadata split-brain (a directory chmod-ed with each brick down in turn)
// and an entry split-brain (espb/a created as a file with one brick down and as a directory with
// the other down): 3 entries on each of the 2 bricks, 6 in all.
//
// volume_start_force's waits for afr_child_up_status, and the EXPECT_WITHIN for the child going
// down after kill_brick, have nothing to wait for here (kill_brick checks the brick is down).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness } from './harness.js';

let h: Harness;
const V0 = 'patchy';
let SPB_FILES = 0;

beforeAll(async () => {
  h = new Harness('split-brain-heal-info');
  await h.TEST('volume', 'create', V0, 'replica', '2', h.brick(`${V0}0`), h.brick(`${V0}1`));
  await h.TEST('volume', 'start', V0);
  await h.TEST('volume', 'set', V0, 'cluster.self-heal-daemon', 'off');
});
afterAll(() => h?.cleanup());

describe('tests/basic/afr/split-brain-heal-info.t', () => {
  it('a data, a metadata and an entry split-brain are each counted on both bricks', async () => {
    await h.fsOk('mkdir', h.M0('/dspb'));
    await h.fsOk('mkdir', h.M0('/mspb'));
    await h.fsOk('mkdir', h.M0('/espb'));
    await h.fsOk('touch', h.M0('/dspb/file'));

    // Simulate data-split-brain
    await h.kill_brick(V0, h.b(`${V0}0`));
    await h.echo('/dspb/file', 'abc');
    await h.volume_start_force(V0);
    await h.kill_brick(V0, h.b(`${V0}1`));
    await h.echo('/dspb/file', 'def');
    await h.volume_start_force(V0);
    SPB_FILES += 1;

    // Simulate metadata-split-brain
    await h.kill_brick(V0, h.b(`${V0}0`));
    await h.fsOk('chmod', '757', h.M0('/mspb'));
    await h.volume_start_force(V0);
    await h.kill_brick(V0, h.b(`${V0}1`));
    await h.fsOk('chmod', '747', h.M0('/mspb'));
    await h.volume_start_force(V0);
    SPB_FILES += 1;

    // Simulate entry-split-brain
    await h.kill_brick(V0, h.b(`${V0}0`));
    await h.fsOk('touch', h.M0('/espb/a'));
    await h.volume_start_force(V0);
    await h.kill_brick(V0, h.b(`${V0}1`));
    await h.fsOk('mkdir', h.M0('/espb/a'));
    await h.volume_start_force(V0);
    SPB_FILES += 1;

    // Multiply by 2, for each brick in replica pair
    SPB_FILES *= 2;
    expect(await h.afr_get_split_brain_count(V0)).toBe(SPB_FILES);
  });
});
