// Port of GlusterFS 10.3 tests/basic/afr/arbiter-remove-brick.t: a `replica 3 arbiter 1` volume
// (shown as 1 x (2 + 1) = 3) can be turned into a plain replica 2 by removing the arbiter brick
// with `remove-brick replica 2 ... force`; removing either data brick that way is refused. After
// the conversion, files written through the mount land whole on both remaining bricks.
import * as fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness } from './harness.js';

let h: Harness;
const V0 = 'patchy';
const MiB = 1024 * 1024;

beforeAll(async () => {
  h = new Harness('arbiter-remove-brick');
});
afterAll(() => h?.cleanup());

/** `ls DIR | sort` on a brick (no dot-entries, as ls without -a). */
const lsSorted = (dir: string) => fs.readdirSync(dir).filter((n) => !n.startsWith('.')).sort();

describe('tests/basic/afr/arbiter-remove-brick.t', () => {
  it('remove-brick of the arbiter converts to replica 2; of a data brick it is refused', async () => {
    // an arbiter volume
    await h.TEST('volume', 'create', V0, 'replica', '3', 'arbiter', '1', ...[0, 1, 2].map((i) => h.brick(`${V0}${i}`)));
    expect(await h.volinfo_field(V0, 'Number of Bricks')).toMatch(/1 x \(2 \+ 1\) = 3/);
    await h.TEST('volume', 'set', V0, 'performance.stat-prefetch', 'off');
    await h.TEST('volume', 'start', V0);

    // remove-brick replica 2 may only take the arbiter
    await h.TEST_NOT('volume', 'remove-brick', V0, 'replica', '2', h.brick(`${V0}0`), 'force');
    await h.TEST_NOT('volume', 'remove-brick', V0, 'replica', '2', h.brick(`${V0}1`), 'force');

    // convert to replica 2
    await h.TEST('volume', 'remove-brick', V0, 'replica', '2', h.brick(`${V0}2`), 'force');
    expect(await h.volinfo_field(V0, 'Number of Bricks')).toMatch(/1 x 2 = 2/);
  });

  it('after the conversion, a directory and a 1 MiB file are on both data bricks, at full size', async () => {
    await h.fsOk('mkdir', h.M0('dir'));
    const r = await h.dd('file', MiB);
    expect(r.exit, `dd of=$M0/file\n${r.stderr}`).toBe(0);
    // diff <(ls $B0/${V0}0 | sort) <(ls $B0/${V0}1 | sort)
    expect(lsSorted(h.b(`${V0}0`))).toEqual(lsSorted(h.b(`${V0}1`)));

    // the mount serves the correct size
    expect((await h.stat('file')).stat?.size).toBe(1048576);

    // and so does each brick
    expect(fs.statSync(`${h.b(`${V0}0`)}/file`).size).toBe(1048576);
    expect(fs.statSync(`${h.b(`${V0}1`)}/file`).size).toBe(1048576);
  });
});
