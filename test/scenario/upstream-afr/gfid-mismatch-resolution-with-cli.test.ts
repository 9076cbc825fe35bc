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
const V0 = 'patchy';
const B = (i: number) => h.b(`${V0}${i}`);
const gfid = (i: number, f: string) => gf_get_gfid_xattr(path.join(B(i), f));

/** #Heal the data and check the md5sum: the self-heal daemon on, a heal, each sink's copy as SOURCE_MD5. */
async function healTheDataAndCheck(f: string, sinks: number[], SOURCE_MD5: string): Promise<void> {
  await h.TEST('volume', 'set', V0, 'self-heal-daemon', 'on');
  await h.TEST('volume', 'heal', V0);
  expect(await h.get_pending_heal_count(V0)).toBe(0);
  for (const i of sinks) expect(md5sum(path.join(B(i), f)), `md5sum brick${i}`).toBe(SOURCE_MD5);
}

/**
 * One section of the .t on replica 2: ###Create a gfid split-brain### (FILE written with brick0
 * down, then with brick1 down: TEXTS), the bricks back; `volume heal VOL split-brain HOW FILE`
 * must give the other copy SOURCE's gfid, and the heal SOURCE's data.
 */
async function resolveGfidSplitBrain(how: string, file: string, texts: [string, string], source: 0 | 1): Promise<void> {
  const f = file.slice(1);
  const sink = 1 - source;
  await h.echo_while_down(V0, [B(0)], file, texts[0]);
  await h.volume_start_force(V0, B(0));
  await h.echo_while_down(V0, [B(1)], file, texts[1]);

  const gfid_source = gfid(source, f);
  expect(gfid(sink, f)).not.toBe(gfid_source);

  await h.volume_start_force(V0, B(1));

  const SOURCE_MD5 = md5sum(path.join(B(source), f));
  await h.TEST('volume', 'heal', V0, 'split-brain', how, file);

  // gfid split-brain should be resolved
  expect(gfid(sink, f)).toBe(gfid_source);

  // Heal the data and check the md5sum
  await healTheDataAndCheck(f, [sink], SOURCE_MD5);
}

beforeAll(async () => {
  h = new Harness('gfid-mismatch-cli');
  await h.TEST('volume', 'create', V0, 'replica', '2', h.brick(`${V0}0`), h.brick(`${V0}1`));
  await h.TEST('volume', 'start', V0);
  await h.volume_set(V0, { 'self-heal-daemon': 'off', 'cluster.entry-self-heal': 'off', 'cluster.metadata-self-heal': 'off', 'cluster.data-self-heal': 'off' });
});
afterAll(() => h?.cleanup());

describe('tests/basic/afr/gfid-mismatch-resolution-with-cli.t', () => {
  it('healing from the latest mtime', async () => {
    // We know that first brick has the latest mtime
    await resolveGfidSplitBrain('latest-mtime', '/f1', ['Sink based on mtime', 'Source based on mtime'], 0);
  });

  it('healing from the bigger file', async () => {
    await h.fsOk('mkdir', h.M0('/test'));
    await h.TEST('volume', 'set', V0, 'self-heal-daemon', 'off');
    // We know that second brick has the bigger file
    await resolveGfidSplitBrain('bigger-file', '/test/f2', ['Bigger file', 'Small file'], 1);
  });

  it('one more brick is added (replica 3) and healed', async () => {
    await h.TEST('volume', 'add-brick', V0, 'replica', '3', h.brick(`${V0}2`));
    for (const i of [0, 1, 2]) expect(await h.brick_up_status(V0, B(i))).toBe('1');
    await h.TEST('volume', 'heal', V0);
    expect(await h.get_pending_heal_count(V0)).toBe(0);
  });

  it('healing from a source brick (bigger-file refused: both other copies have the same size)', async () => {
    await h.TEST('volume', 'set', V0, 'self-heal-daemon', 'off');
    await h.TEST('volume', 'set', V0, 'cluster.quorum-type', 'none');
    await h.echo_while_down(V0, [B(0)], '/test/f3', 'We will consider these as sinks');
    await h.volume_start_force(V0, B(0));
    await h.echo_while_down(V0, [B(1), B(2)], '/test/f3', 'We will take this as source');

    const gfid_0 = gfid(0, 'test/f3');
    expect(gfid_0).not.toBe(gfid(1, 'test/f3'));
    expect(gfid(1, 'test/f3')).toBe(gfid(2, 'test/f3'));

    await h.volume_start_force(V0, B(1), B(2));

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
    await healTheDataAndCheck('test/f3', [1, 2], SOURCE_MD5);
  });
});
