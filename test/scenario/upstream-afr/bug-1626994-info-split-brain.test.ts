// Port of GlusterFS 10.3 tests/bugs/replicate/bug-1626994-info-split-brain.t: what `heal info
// split-brain` must not count, on replica 3 (self-heal daemon off). A directory whose entry
// transaction got only through the pre-op (trusted.afr.dirty entry bit on all bricks) is not in
// split-brain; neither is the root when two bricks blame the third and the third has only its
// dirty bit set (the shape a replace-brick or reset-brick leaves). A directory whose bricks blame
// each other in a cycle for entries is in split-brain: count 1.
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create_brick_xattrop_entry, Harness, setfattr } from './harness.js';

let h: Harness;
const V0 = 'patchy';
const B = (i: number) => h.b(`${V0}${i}`);

beforeAll(async () => {
  h = new Harness('bug-1626994');
  await h.TEST('volume', 'create', V0, 'replica', '3', ...[0, 1, 2].map((i) => h.brick(`${V0}${i}`)));
  await h.TEST('volume', 'set', V0, 'self-heal-daemon', 'off');
  await h.TEST('volume', 'start', V0);
  expect(await h.volinfo_field(V0, 'Status')).toBe('Started');
  for (const i of [0, 1, 2]) expect(await h.brick_up_status(V0, B(i))).toBe('1');
});
afterAll(() => h?.cleanup());

describe('tests/bugs/replicate/bug-1626994-info-split-brain.t', () => {
  it('a directory dirty on every brick is not in split-brain', async () => {
    await h.fsOk('mkdir', h.M0('/dirty_dir'));
    await h.fsOk('mkdir', h.M0('/pending_dir'));

    // Set dirty xattrs on all bricks to simulate the case where entry transaction succeeded
    // only the pre-op phase.
    for (const i of [0, 1, 2]) setfattr(path.join(B(i), 'dirty_dir'), 'trusted.afr.dirty', '0x000000000000000000000001');
    create_brick_xattrop_entry(B(0), 'dirty_dir');
    // Should not show up as split-brain.
    expect(await h.afr_get_split_brain_count(V0)).toBe(0);
  });

  it('the root blamed by two bricks and dirty on the third (replace/reset-brick) is not in split-brain', async () => {
    setfattr(B(0), `trusted.afr.${V0}-client-2`, '0x000000000000000000000001');
    setfattr(B(1), `trusted.afr.${V0}-client-2`, '0x000000000000000000000001');
    setfattr(B(2), 'trusted.afr.dirty', '0x000000000000000000000001');
    create_brick_xattrop_entry(B(0), '/');
    // Should not show up as split-brain.
    expect(await h.afr_get_split_brain_count(V0)).toBe(0);
  });

  it('a directory whose bricks blame each other in a cycle is in split-brain', async () => {
    setfattr(path.join(B(0), 'pending_dir'), `trusted.afr.${V0}-client-1`, '0x000000000000000000000001');
    setfattr(path.join(B(1), 'pending_dir'), `trusted.afr.${V0}-client-2`, '0x000000000000000000000001');
    setfattr(path.join(B(2), 'pending_dir'), `trusted.afr.${V0}-client-0`, '0x000000000000000000000001');
    create_brick_xattrop_entry(B(0), 'pending_dir');
    // Should show up as split-brain.
    expect(await h.afr_get_split_brain_count(V0)).toBe(1);
  });
});
