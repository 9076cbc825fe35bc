// Port of GlusterFS 10.3 tests/bugs/replicate/mdata-heal-no-xattrs.t: a mode changed on one brick
// behind GlusterFS's back leaves the copies' metadata differing with no counter blaming anyone.
// Heal takes the first copy as the source and, before healing, makes it blame the others (so a
// heal cut short is found again); the heal then leaves those counters at zero on the source and
// no AFR keys at all on the sinks.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create_brick_xattrop_entry, get_hex_xattr, Harness, hasXattr } from './harness.js';

let h: Harness;
const V0 = 'patchy';
const ZERO = '000000000000000000000000';
const key = (i: number) => `trusted.afr.${V0}-client-${i}`;

beforeAll(async () => {
  h = new Harness('mdata-heal-no-xattrs');
  await h.TEST('volume', 'create', V0, 'replica', '3', h.brick(`${V0}0`), h.brick(`${V0}1`), h.brick(`${V0}2`));
  await h.TEST('volume', 'set', V0, 'cluster.self-heal-daemon', 'off');
  await h.TEST('volume', 'start', V0);
});
afterAll(() => h?.cleanup());

describe('tests/bugs/replicate/mdata-heal-no-xattrs.t', () => {
  it('a mode mismatch with no pending xattrs: brick0 is the source, blames the others, ends at zero', async () => {
    await h.echo('/FILE', 'Data');
    const file = (i: number) => path.join(h.b(`${V0}${i}`), 'FILE');
    fs.chmodSync(file(0), fs.statSync(file(0)).mode | 0o111);
    create_brick_xattrop_entry(h.b(`${V0}0`), 'FILE');
    expect(await h.get_pending_heal_count(V0)).toBe(1);

    await h.TEST('volume', 'set', V0, 'cluster.self-heal-daemon', 'on');
    await h.TEST('volume', 'heal', V0);
    expect(await h.get_pending_heal_count(V0)).toBe(0);

    expect([get_hex_xattr(key(1), file(0)), get_hex_xattr(key(2), file(0))]).toEqual([ZERO, ZERO]);
    expect(hasXattr(file(0), key(0))).toBe(false);
    for (const i of [1, 2]) for (const k of [0, 1, 2]) expect(hasXattr(file(i), key(k)), `brick ${i} ${key(k)}`).toBe(false);
    for (const i of [0, 1, 2]) expect((fs.statSync(file(i)).mode & 0o777).toString(8)).toBe('755');
  });
});
