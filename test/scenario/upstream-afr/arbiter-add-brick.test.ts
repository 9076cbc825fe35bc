// Port of GlusterFS 10.3 tests/basic/afr/arbiter-add-brick.t: a replica 2 volume with pending heals
// (its second brick killed during a mkdir and a 1 MiB write) becomes replica 3 arbiter 1; after
// lookups and a heal nothing is pending, new I/O works, the three bricks hold the same names and
// the arbiter's files are empty while the mount serves 1 MiB. The replica count of an arbiter
// volume cannot grow, but another replica 3 arbiter 1 set can be added.
import * as fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness } from './harness.js';

let h: Harness;
const V0 = 'patchy';
const B = (i: number) => h.b(`${V0}${i}`);
const MiB = 1024 * 1024;

beforeAll(async () => {
  h = new Harness('arbiter-add-brick');
  await h.TEST('volume', 'create', V0, 'replica', '2', h.brick(`${V0}0`), h.brick(`${V0}1`));
  await h.TEST('volume', 'set', V0, 'performance.stat-prefetch', 'off');
  await h.TEST('volume', 'start', V0);
  await h.TEST('volume', 'set', V0, 'self-heal-daemon', 'off');
});
afterAll(() => h?.cleanup());

describe('tests/basic/afr/arbiter-add-brick.t', () => {
  it('pending heals, then the conversion to replica 3 arbiter 1 (bad syntax refused)', async () => {
    await h.fsOk('mkdir', h.M0('/dir1'));
    expect((await h.dd('/file1', 1024)).exit).toBe(0);
    await h.kill_brick(V0, B(1));
    await h.fsOk('mkdir', h.M0('/dir2'));
    expect((await h.dd('/file1', MiB)).exit).toBe(0);
    await h.volume_start_force(V0, B(1));

    await h.TEST_NOT('volume', 'add-brick', V0, 'replica', '2', 'arbiter', '1', h.brick(`${V0}2`));
    await h.TEST_NOT('volume', 'add-brick', V0, 'replica', '3', 'arbiter', '2', h.brick(`${V0}2`));
    await h.TEST('volume', 'add-brick', V0, 'replica', '3', 'arbiter', '1', h.brick(`${V0}2`));
    expect(await h.brick_up_status(V0, B(2))).toBe('1');
  });

  it('lookups and a heal leave nothing pending; new I/O works', async () => {
    await h.volume_set(V0, { 'data-self-heal': 'off', 'metadata-self-heal': 'off', 'entry-self-heal': 'off' });
    for (const p of ['/dir1', '/dir2', '/file1']) expect((await h.stat(p)).exit).toBe(0);
    await h.TEST('volume', 'set', V0, 'self-heal-daemon', 'on');
    await h.TEST('volume', 'heal', V0);
    expect(await h.get_pending_heal_count(V0)).toBe(0);
    await h.fsOk('mkdir', h.M0('/dir3'));
    expect((await h.dd('/file2', MiB)).exit).toBe(0);
  });

  it('the same names on all three bricks; the arbiter holds no data', async () => {
    const ls = (b: string) => fs.readdirSync(b).sort();
    expect(ls(B(2))).toEqual(ls(B(0)));
    expect(ls(B(2))).toEqual(ls(B(1)));
    expect((await h.stat('/file1')).stat?.size).toBe(MiB);
    expect((await h.stat('/file2')).stat?.size).toBe(MiB);
    expect(fs.statSync(`${B(2)}/file1`).size).toBe(0);
    expect(fs.statSync(`${B(2)}/file2`).size).toBe(0);
  });

  it('the replica count of an arbiter volume cannot grow; another arbiter set can be added', async () => {
    await h.TEST_NOT('volume', 'add-brick', V0, 'replica', '4', h.brick(`${V0}3`));
    await h.TEST_NOT('volume', 'add-brick', V0, 'replica', '4', 'arbiter', '1', h.brick(`${V0}3`));
    await h.TEST('volume', 'add-brick', V0, 'replica', '3', 'arbiter', '1', h.brick(`${V0}3`), h.brick(`${V0}4`), h.brick(`${V0}5`));
    expect(await h.volinfo_field(V0, 'Number of Bricks')).toBe('2 x (2 + 1) = 6');
  });
});
