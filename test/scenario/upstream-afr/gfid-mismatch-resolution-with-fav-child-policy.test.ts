// Port of GlusterFS 10.3 tests/basic/afr/gfid-mismatch-resolution-with-fav-child-policy.t: gfid
// split-brains resolved automatically by cluster.favorite-child-policy. On replica 2 (self-heal
// daemon and client-side heals off): policy mtime, resolved by the daemon's heal (the newer
// copy's gfid and data win); policy ctime with granular entry heal enabled, likewise. The volume
// then grows to replica 3 (`add-brick replica 3`); with quorum-type none and client-side heals on,
// f3 gets three gfids and sizes and `ls` + `cat` on the mount resolve it to the newest (and
// biggest) copy; f4 has one gfid on bricks 0 and 1 and another on brick 2, and `ls` + `cat`
// resolve it to the copy of bricks 0 and 1.
//
// The .t's sections 3 and 4 are titled "size" and "majority" but never change the policy: it
// stays ctime, as here. cluster.heal-timeout 5 only paces the daemon; the heals here run in
// `volume heal` (or on access). brick_up_status/afr_child_up_status waits need nothing here.
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gf_get_gfid_xattr, Harness, md5sum } from './harness.js';

let h: Harness;
const V0 = 'patchy';
const B = (i: number) => h.b(`${V0}${i}`);
const gfid = (i: number, f: string) => gf_get_gfid_xattr(path.join(B(i), f));

/**
 * FILE's copies on bricks 0 and 1 differ in gfid; with the self-heal daemon on and the sink
 * brick back, `volume heal` leaves nothing pending, and the sink has the source's gfid and data.
 */
async function healedByTheDaemon(f: string, { source, sink }: { source: number; sink: number }): Promise<void> {
  // Gfids of file f on bricks 0 & 1 should differ
  const gfid_source = gfid(source, f);
  expect(gfid(sink, f)).not.toBe(gfid_source);

  await h.TEST('volume', 'set', V0, 'self-heal-daemon', 'on');
  await h.volume_start_force(V0, B(sink));

  const SOURCE_MD5 = md5sum(path.join(B(source), f));
  await h.TEST('volume', 'heal', V0);
  expect(await h.get_pending_heal_count(V0)).toBe(0);

  // gfid split-brain should be resolved
  expect(gfid(sink, f)).toBe(gfid_source);
  expect(md5sum(path.join(B(sink), f))).toBe(SOURCE_MD5);
}

/** The gfid and md5sum of FILE's copy on brick I, before a heal. */
const copyOf = (i: number, f: string) => ({ gfid: gfid(i, f), md5: md5sum(path.join(B(i), f)) });

/**
 * `ls $M0` and `cat $M0/FILE` (entry heal via readdir inode refresh, data heal via readv inode
 * refresh) leave nothing pending, and the SINKS have SOURCE's gfid and data.
 */
async function healedOnAccess(f: string, source: { gfid: string; md5: string }, sinks: number[]): Promise<void> {
  await h.fsOk('ls', h.M0('/')); // Trigger entry heal via readdir inode refresh
  expect((await h.cat(`/${f}`)).exit).toBe(0); // Trigger data heal via readv inode refresh
  expect(await h.get_pending_heal_count(V0)).toBe(0);

  // gfid split-brain should be resolved
  for (const i of sinks) expect(gfid(i, f), `gfid brick${i}`).toBe(source.gfid);
  for (const i of sinks) expect(md5sum(path.join(B(i), f)), `md5sum brick${i}`).toBe(source.md5);
}

beforeAll(async () => {
  h = new Harness('gfid-mismatch-fav');
  await h.TEST('volume', 'create', V0, 'replica', '2', h.brick(`${V0}0`), h.brick(`${V0}1`));
  await h.TEST('volume', 'start', V0);
  await h.TEST('volume', 'set', V0, 'cluster.heal-timeout', '5');
  await h.volume_set(V0, { 'self-heal-daemon': 'off', 'cluster.data-self-heal': 'off', 'cluster.metadata-self-heal': 'off', 'cluster.entry-self-heal': 'off' });
});
afterAll(() => h?.cleanup());

describe('tests/basic/afr/gfid-mismatch-resolution-with-fav-child-policy.t', () => {
  it('favorite-child-policy mtime, healed by the self-heal daemon', async () => {
    await h.TEST('volume', 'set', V0, 'favorite-child-policy', 'mtime');
    await h.echo_while_down(V0, [B(0)], '/f1', 'Sink based on mtime');
    await h.TEST('volume', 'start', V0, 'force');
    await h.echo_while_down(V0, [B(1)], '/f1', 'Source based on mtime');
    // We know that first brick has the latest mtime
    await healedByTheDaemon('f1', { source: 0, sink: 1 });
    await h.TEST('volume', 'set', V0, 'self-heal-daemon', 'off');
  });

  it('favorite-child-policy ctime with granular entry heal enabled, healed by the daemon', async () => {
    await h.TEST('volume', 'heal', V0, 'granular-entry-heal', 'enable');
    await h.TEST('volume', 'set', V0, 'favorite-child-policy', 'ctime');
    await h.echo_while_down(V0, [B(1)], '/f2', 'Sink based on ctime');
    await h.TEST('volume', 'start', V0, 'force');
    await h.echo_while_down(V0, [B(0)], '/f2', 'Source based on ctime');
    // We know that second brick has the latest ctime
    await healedByTheDaemon('f2', { source: 1, sink: 0 });
  });

  it('one more brick is added (replica 3) and healed', async () => {
    await h.TEST('volume', 'add-brick', V0, 'replica', '3', h.brick(`${V0}2`));
    for (const i of [0, 1, 2]) expect(await h.brick_up_status(V0, B(i))).toBe('1');
    await h.TEST('volume', 'heal', V0);
    expect(await h.get_pending_heal_count(V0)).toBe(0);
    await h.TEST('volume', 'set', V0, 'self-heal-daemon', 'off');
  });

  it('three gfids for f3, resolved by client-side heal on ls + cat (to the biggest, newest copy)', async () => {
    await h.volume_set(V0, { 'cluster.data-self-heal': 'on', 'cluster.metadata-self-heal': 'on', 'cluster.entry-self-heal': 'on' });

    // Set the quorum-type to none, and create a gfid split brain
    await h.TEST('volume', 'set', V0, 'cluster.quorum-type', 'none');
    await h.echo_while_down(V0, [B(0), B(1)], '/f3', 'Smallest file');
    await h.TEST('volume', 'start', V0, 'force');
    await h.echo_while_down(V0, [B(1), B(2)], '/f3', 'Second smallest file');
    await h.TEST('volume', 'start', V0, 'force');
    await h.echo_while_down(V0, [B(0), B(2)], '/f3', 'Biggest among the three files');

    // Bring back the down bricks.
    await h.TEST('volume', 'start', V0, 'force');

    // Gfids of file f3 on all the bricks should differ
    expect(gfid(0, 'f3')).not.toBe(gfid(1, 'f3'));
    expect(gfid(0, 'f3')).not.toBe(gfid(2, 'f3'));
    expect(gfid(1, 'f3')).not.toBe(gfid(2, 'f3'));

    // We know that second brick has the bigger size file
    const BIGGER_FILE = copyOf(1, 'f3');

    await healedOnAccess('f3', BIGGER_FILE, [0, 2]);
  });

  it('f4 agreed on by bricks 0 and 1, another gfid on brick 2: resolved by ls + cat', async () => {
    await h.echo_while_down(V0, [B(0), B(1)], '/f4', 'Does not agree with bricks 0 & 1');
    await h.TEST('v', 'start', V0, 'force');
    await h.echo_while_down(V0, [B(2)], '/f4', 'Agree on bricks 0 & 1');

    // Gfids of file f4 on bricks 0 & 1 should be same and bricks 0 & 2 should differ
    expect(gfid(1, 'f4')).toBe(gfid(0, 'f4'));
    expect(gfid(2, 'f4')).not.toBe(gfid(0, 'f4'));

    // We know that first and second bricks agree with each other. Pick any one of them as source
    const MAJORITY = copyOf(0, 'f4');

    // Bring back the down brick and heal.
    await h.TEST('volume', 'start', V0, 'force');

    await healedOnAccess('f4', MAJORITY, [2]);
  });
});
