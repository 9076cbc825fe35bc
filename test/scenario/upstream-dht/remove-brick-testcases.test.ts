// Port of GlusterFS 10.3 tests/bugs/glusterd/remove-brick-testcases.t: the validations of
// `volume remove-brick`, gathered from several bugs.
// * bug-1225716: start on a brick that is down fails; once it is up, start works, and commit
//   works even after the brick has died again.
// * bug-1121584: status and stop name a brick that is not in the volume → fail; with the brick
//   being removed they work.
// * bug-878004: `force` removes a brick at once (the brick count drops).
// * bug-1027171: commit without a start is refused ("not decommissioned").
// * On a 2 x 3 volume: reducing the replica count with start fails, with commit is refused as not
//   decommissioned, and with force succeeds even with the bricks listed in reverse order
//   (bug-1040408); then a whole replica set is removed with start + commit, and the replica count
//   reduced to 1 with force (bug-1120647).
//
// EXPECT_WITHIN on remove-brick status waits for the remove-brick worker to end (harness.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness } from './harness.js';

let h: Harness;
const V0 = 'patchy';
/** $H0:$B0/${V0}N */
const B = (n: number | string) => h.brick(`${V0}${n}`);

beforeAll(async () => {
  h = new Harness('remove-brick-testcases');
});
afterAll(() => h?.cleanup());

/** `$CLI ... 2>&1 | grep -oE "a|b"`, last match (what EXPECT compares): '' when none. */
async function grepO(re: RegExp, ...argv: string[]): Promise<string> {
  const r = await h.CLI(...argv);
  const all = `${r.stdout}${r.stderr}`.match(new RegExp(re.source, 'g')) ?? [];
  return all[all.length - 1] ?? '';
}

describe('tests/bugs/glusterd/remove-brick-testcases.t', () => {
  it('a 5-brick distribute volume', async () => {
    await h.TEST('volume', 'create', V0, ...[1, 2, 3, 4, 5].map(B));
    await h.TEST('volume', 'start', V0);
  });

  it('bug-1225716: remove-brick start of a down brick fails; commit after a completed start works with the brick down', async () => {
    await h.kill_brick(V0, h.b(`${V0}1`));
    // start must fail: the brick is down
    await h.TEST_NOT('volume', 'remove-brick', V0, B(1), 'start');

    await h.volume_start_force(V0, h.b(`${V0}1`));
    // with the brick up, start works
    await h.TEST('volume', 'remove-brick', V0, B(1), 'start');
    await h.EXPECT_WITHIN(V0, /completed/, () => h.remove_brick_status_completed_field(V0, B(1)));

    await h.kill_brick(V0, h.b(`${V0}1`));
    // commit passes although the brick is down
    await h.TEST('volume', 'remove-brick', V0, B(1), 'commit');
  });

  it('bug-1121584: status and stop of a brick not in the volume fail; of the brick being removed they work', async () => {
    await h.TEST('volume', 'remove-brick', V0, B(2), 'start');

    await h.TEST_NOT('volume', 'remove-brick', V0, h.brick('ABCD'), 'status');
    await h.TEST_NOT('volume', 'remove-brick', V0, h.brick('ABCD'), 'stop');

    await h.TEST('volume', 'remove-brick', V0, B(2), 'status');
    await h.TEST('volume', 'remove-brick', V0, B(2), 'stop');
  });

  it('bug-878004: remove-brick force drops the brick at once', async () => {
    await h.TEST('volume', 'remove-brick', V0, B(2), 'force');
    expect(await h.brick_count(V0)).toBe(3);

    await h.TEST('volume', 'remove-brick', V0, B(3), 'force');
    expect(await h.brick_count(V0)).toBe(2);
  });

  it('bug-1027171: commit of bricks never started is refused as not decommissioned', async () => {
    expect(await grepO(/success|decommissioned/, 'volume', 'remove-brick', V0, B(4), 'commit')).toBe('decommissioned');

    await h.TEST('volume', 'stop', V0);
    await h.TEST('volume', 'delete', V0);
  });

  it('2 x 3: reducing the replica count needs force (start fails, commit is not decommissioned); reverse brick order is fine', async () => {
    await h.TEST('volume', 'create', V0, 'replica', '3', ...[1, 2, 3, 4, 5, 6].map(B));
    await h.TEST('volume', 'start', V0);

    // with start: fails
    expect(await grepO(/success|failed/, 'volume', 'remove-brick', V0, 'replica', '2', B(3), B(6), 'start')).toBe('failed');
    // with commit: not decommissioned
    expect(await grepO(/success|decommissioned/, 'volume', 'remove-brick', V0, 'replica', '2', B(3), B(6), 'commit')).toBe('decommissioned');
    await h.TEST('volume', 'info', V0);

    // bug-1040408: to 2 x 2 with force, the bricks named in reverse order
    expect(await grepO(/success|failed/, 'volume', 'remove-brick', V0, 'replica', '2', B(6), B(3), 'force')).toBe('success');
    await h.TEST('volume', 'info', V0);
  });

  it('bug-1120647: a replica set removed with start + commit, then replica 2 → 1 with force', async () => {
    await h.TEST('volume', 'remove-brick', V0, B(4), B(5), 'start');
    await h.EXPECT_WITHIN(V0, /completed/, () => h.remove_brick_status_completed_field(V0, B(5)));
    await h.EXPECT_WITHIN(V0, /completed/, () => h.remove_brick_status_completed_field(V0, B(4)));
    await h.TEST('volume', 'remove-brick', V0, B(4), B(5), 'commit');
    await h.TEST('volume', 'remove-brick', V0, 'replica', '1', B(2), 'force');
  });
});
