// Port of GlusterFS 10.3 tests/bugs/distribute/bug-884455.t: with subvols-per-directory 2, a
// rebalance after add-brick must rewrite directory layouts without overlaps. Two bricks, ten
// directories; a third brick is added, a lookup (`ls -l`) heals the directories, and after
// `rebalance start force` the layout xattr of the root and of each dirN must differ on every
// pair of the three bricks.
//
// `sleep 5` after add-brick: nothing to wait for. EXPECT_WITHIN ... rebalance_completed waits for
// the rebalance worker to end (harness.ts).
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get_layout_hex, Harness } from './harness.js';

let h: Harness;
const V0 = 'patchy';
const DIRS = Array.from({ length: 10 }, (_, i) => `dir${i + 1}`);

beforeAll(async () => {
  h = new Harness('bug-884455');
});
afterAll(() => h?.cleanup());

/**
 * The .t's get_layout B1 B2 B3: "1" when two of the three bricks carry the same layout value
 * (a missing xattr counts as the empty string), else "0".
 */
function get_layout(...paths: string[]): string {
  const [l1, l2, l3] = paths.map(get_layout_hex);
  return l1 === l2 || l1 === l3 || l2 === l3 ? '1' : '0';
}

describe('tests/bugs/distribute/bug-884455.t', () => {
  it('after add-brick and rebalance start force, no two bricks share a directory layout', async () => {
    await h.TEST('volume', 'create', V0, h.brick(`${V0}0`), h.brick(`${V0}1`));
    // set subvols-per-directory
    await h.TEST('volume', 'set', V0, 'subvols-per-directory', '2');
    await h.TEST('volume', 'start', V0);

    // mkdir $M0/dir{1..10}
    await h.fsOk('mkdir', ...DIRS.map((d) => h.M0(d)));

    // add a brick and rebalance, so layouts are rewritten
    await h.TEST('volume', 'add-brick', V0, h.brick(`${V0}2`));

    // ls -l $M0: the lookups that heal the directories onto the new brick
    await h.ls_l('/');

    await h.TEST('volume', 'rebalance', V0, 'start', 'force');
    await h.EXPECT_WITHIN(V0, /^0$/, () => h.rebalance_completed(V0));

    // check for layout overlaps, on / and on every dirN
    const bricks = [0, 1, 2].map((i) => h.b(`${V0}${i}`));
    for (const rel of ['', ...DIRS]) {
      const on = bricks.map((b) => path.join(b, rel));
      expect.soft(get_layout(...on), `get_layout ${on.join(' ')}: ${on.map(get_layout_hex).join(' ')}`).toBe('0');
    }
  });
});
