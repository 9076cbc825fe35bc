// Port of GlusterFS 10.3 tests/bugs/replicate/bug-1655052-sbrain-policy-same-size.t: a data
// split-brain on replica 2 whose two copies have the same size (1 MiB each) stays a split-brain:
// a heal leaves 2 entries pending and reads fail, and so it stays after setting
// cluster.favorite-child-policy size and healing again, since a size tie picks no source.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness } from './harness.js';

let h: Harness;
const V0 = 'patchy';

beforeAll(async () => {
  h = new Harness('bug-1655052');
  await h.TEST('volume', 'create', V0, 'replica', '2', h.brick(`${V0}0`), h.brick(`${V0}1`));
  await h.volume_set(V0, {
    'performance.write-behind': 'off',
    'cluster.self-heal-daemon': 'off',
    'cluster.entry-self-heal': 'off',
    'cluster.data-self-heal': 'off',
    'cluster.metadata-self-heal': 'off',
  });
  await h.TEST('volume', 'start', V0);
  await h.fsOk('touch', h.M0('/file'));
});
afterAll(() => h?.cleanup());

describe('tests/bugs/replicate/bug-1655052-sbrain-policy-same-size.t', () => {
  it('a data split-brain of two 1 MiB copies is not healed', async () => {
    await h.kill_brick(V0, h.b(`${V0}1`));
    expect((await h.dd('/file', 1024 * 1024)).exit).toBe(0);
    await h.volume_start_force(V0, h.b(`${V0}1`));
    await h.kill_brick(V0, h.b(`${V0}0`));
    expect((await h.dd('/file', 1024 * 1024)).exit).toBe(0);

    await h.volume_start_force(V0, h.b(`${V0}0`));
    await h.TEST('volume', 'set', V0, 'cluster.self-heal-daemon', 'on');
    await h.TEST('volume', 'heal', V0);

    // file still in split-brain
    expect(await h.get_pending_heal_count(V0)).toBe(2);
    expect((await h.cat('/file')).exit).not.toBe(0);
  });

  it('favorite-child-policy size cannot pick a source between copies of the same size', async () => {
    // We know that both bricks have same size file
    await h.TEST('volume', 'set', V0, 'cluster.favorite-child-policy', 'size');
    await h.TEST('volume', 'heal', V0);
    expect(await h.get_pending_heal_count(V0)).toBe(2);
    expect((await h.cat('/file')).exit).not.toBe(0);
  });
});
