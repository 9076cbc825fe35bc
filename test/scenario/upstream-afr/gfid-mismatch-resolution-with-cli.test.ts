// Port of GlusterFS 10.3 tests/basic/afr/gfid-mismatch-resolution-with-cli.t: gfid split-brains
// (the same name created with a different gfid on each side while the other brick was down)
// resolved with the split-brain CLI on replica 2 (self-heal daemon and client-side heals off):
// `latest-mtime /f1` takes the newer copy's gfid, `bigger-file /test/f2` the bigger copy's,
// and after each the index heal copies that copy's data (md5 checked). Then the volume grows to
// replica 3 (`add-brick replica 3`) and is healed; with quorum-type none, f3 gets one gfid on
// brick0 and another on bricks 1 and 2 of the same size: `bigger-file` must fail with "No bigger
// file for file /test/f3", and `source-brick H:B0 /test/f3` gives bricks 1 and 2 brick0's gfid,
// and the heal brick0's data.
//
// brick_up_status / afr_child_up_status waits after `volume start force` need nothing here.
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gf_get_gfid_xattr, Harness, md5sum } from './harness.js';

let h: Harness;
/**
 * The .t's second half grows the volume to replica 3 with `volume add-brick`, which tgluster
 * does not have yet (issue 9): those steps are skipped until it does.
 */
const itAfterAddBrick = it.skip;
const V0 = 'patchy';
const B = (i: number) => h.b(`${V0}${i}`);
const gfid = (i: number, f: string) => gf_get_gfid_xattr(path.join(B(i), f));

beforeAll(async () => {
  h = new Harness('gfid-mismatch-cli');
  await h.TEST('volume', 'create', V0, 'replica', '2', h.brick(`${V0}0`), h.brick(`${V0}1`));
  await h.TEST('volume', 'start', V0);
  await h.TEST('volume', 'set', V0, 'self-heal-daemon', 'off');
  await h.TEST('volume', 'set', V0, 'cluster.entry-self-heal', 'off');
  await h.TEST('volume', 'set', V0, 'cluster.metadata-self-heal', 'off');
  await h.TEST('volume', 'set', V0, 'cluster.data-self-heal', 'off');
});
afterAll(() => h?.cleanup());

describe('tests/basic/afr/gfid-mismatch-resolution-with-cli.t', () => {
  it('healing from the latest mtime', async () => {
    await h.kill_brick(V0, B(0));
    await h.echo('/f1', 'Sink based on mtime');
    await h.TEST('volume', 'start', V0, 'force');
    expect(await h.brick_up_status(V0, B(0))).toBe('1');
    await h.kill_brick(V0, B(1));
    await h.echo('/f1', 'Source based on mtime');

    const gfid_0 = gfid(0, 'f1');
    expect(gfid_0).not.toBe(gfid(1, 'f1'));

    await h.TEST('volume', 'start', V0, 'force');
    expect(await h.brick_up_status(V0, B(1))).toBe('1');

    // We know that first brick has the latest mtime
    const LATEST_MTIME_MD5 = md5sum(path.join(B(0), 'f1'));
    await h.TEST('volume', 'heal', V0, 'split-brain', 'latest-mtime', '/f1');

    // gfid split-brain should be resolved
    expect(gfid(1, 'f1')).toBe(gfid_0);

    // Heal the data and check the md5sum
    await h.TEST('volume', 'set', V0, 'self-heal-daemon', 'on');
    await h.TEST('volume', 'heal', V0);
    expect(await h.get_pending_heal_count(V0)).toBe(0);
    expect(md5sum(path.join(B(1), 'f1'))).toBe(LATEST_MTIME_MD5);
  });

  it('healing from the bigger file', async () => {
    await h.fsOk('mkdir', h.M0('/test'));
    await h.TEST('volume', 'set', V0, 'self-heal-daemon', 'off');
    await h.kill_brick(V0, B(0));
    await h.echo('/test/f2', 'Bigger file');
    await h.TEST('volume', 'start', V0, 'force');
    expect(await h.brick_up_status(V0, B(0))).toBe('1');
    await h.kill_brick(V0, B(1));
    await h.echo('/test/f2', 'Small file');

    const gfid_1 = gfid(1, 'test/f2');
    expect(gfid(0, 'test/f2')).not.toBe(gfid_1);

    await h.TEST('volume', 'start', V0, 'force');
    expect(await h.brick_up_status(V0, B(1))).toBe('1');

    // We know that second brick has the bigger file
    const BIGGER_FILE_MD5 = md5sum(path.join(B(1), 'test/f2'));
    await h.TEST('volume', 'heal', V0, 'split-brain', 'bigger-file', '/test/f2');

    // gfid split-brain should be resolved
    expect(gfid(0, 'test/f2')).toBe(gfid_1);

    // Heal the data and check the md5sum
    await h.TEST('volume', 'set', V0, 'self-heal-daemon', 'on');
    await h.TEST('volume', 'heal', V0);
    expect(await h.get_pending_heal_count(V0)).toBe(0);
    expect(md5sum(path.join(B(0), 'test/f2'))).toBe(BIGGER_FILE_MD5);
  });

  itAfterAddBrick('one more brick is added (replica 3) and healed', async () => {
    await h.TEST('volume', 'add-brick', V0, 'replica', '3', h.brick(`${V0}2`));
    for (const i of [0, 1, 2]) expect(await h.brick_up_status(V0, B(i))).toBe('1');
    await h.TEST('volume', 'heal', V0);
    expect(await h.get_pending_heal_count(V0)).toBe(0);
  });

  itAfterAddBrick('healing from a source brick (bigger-file refused: both other copies have the same size)', async () => {
    await h.TEST('volume', 'set', V0, 'self-heal-daemon', 'off');
    await h.TEST('volume', 'set', V0, 'cluster.quorum-type', 'none');
    await h.kill_brick(V0, B(0));
    await h.echo('/test/f3', 'We will consider these as sinks');
    await h.TEST('volume', 'start', V0, 'force');
    expect(await h.brick_up_status(V0, B(0))).toBe('1');
    await h.kill_brick(V0, B(1));
    await h.kill_brick(V0, B(2));
    await h.echo('/test/f3', 'We will take this as source');

    const gfid_0 = gfid(0, 'test/f3');
    expect(gfid_0).not.toBe(gfid(1, 'test/f3'));
    expect(gfid(1, 'test/f3')).toBe(gfid(2, 'test/f3'));

    await h.TEST('volume', 'start', V0, 'force');
    expect(await h.brick_up_status(V0, B(1))).toBe('1');
    expect(await h.brick_up_status(V0, B(2))).toBe('1');

    // bigger-file must fail: bricks 1 and 2 have the same size.
    const r = await h.CLI('volume', 'heal', V0, 'split-brain', 'bigger-file', '/test/f3');
    expect(r.stdout.trimEnd().split('\n').pop()).toMatch(/No bigger file for file \/test\/f3/);

    // Now heal from taking the brick 0 as the source
    const SOURCE_MD5 = md5sum(path.join(B(0), 'test/f3'));
    await h.TEST('volume', 'heal', V0, 'split-brain', 'source-brick', h.brick(`${V0}0`), '/test/f3');

    // gfid split-brain should be resolved
    expect(gfid(1, 'test/f3')).toBe(gfid_0);
    expect(gfid(2, 'test/f3')).toBe(gfid_0);

    // Heal the data and check the md5sum
    await h.TEST('volume', 'set', V0, 'self-heal-daemon', 'on');
    await h.TEST('volume', 'heal', V0);
    expect(await h.get_pending_heal_count(V0)).toBe(0);
    expect(md5sum(path.join(B(1), 'test/f3'))).toBe(SOURCE_MD5);
    expect(md5sum(path.join(B(2), 'test/f3'))).toBe(SOURCE_MD5);
  });
});
