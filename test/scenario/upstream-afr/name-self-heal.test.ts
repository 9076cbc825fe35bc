// Port of GlusterFS 10.3 tests/basic/afr/name-self-heal.t: name heal on lookup. With heal
// disabled and cluster.entry-self-heal off, brick0 misses a create (b), two deletes (a, c) and a
// re-create (c, a new gfid). When the mount then looks the names up: a is gone from every brick,
// b is created on brick0 with brick1's gfid, and c takes brick1's gfid on brick0. On replica 3
// with quorum auto the same happens, except that b is not created on brick0 (a name held by two
// of three bricks is not healed onto the third without quorum... until cluster.quorum-type none).
// Last, with the parent carrying no pending xattrs, a file removed (with its gfid link) from one
// brick is still recreated by a lookup.
//
// Each lookup is `tgluster fs stat`. What the mount answers is checked in one test, and what
// the lookup did to the bricks in the next (AFR's name heal on lookup). get_quorum_type reads the
// mount's .meta (no mount here): `volume get` shows the option.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exists, gf_get_gfid_xattr, Harness } from './harness.js';

const V0 = 'patchy';
const gfidOf = (p: string) => gf_get_gfid_xattr(p);

/**
 * What both parts of the .t do first, on a replica 2 or 3 volume: heal disabled and
 * cluster.entry-self-heal off, brick0 misses a create (b), two deletes (a, c) and a re-create
 * (c, a new gfid); then the mount looks the three names up. The harness, brick1's gfid of c, and
 * `onBricks(NAME)` (whether each brick has NAME) are the part's to check.
 */
function brick0MissesNameChanges(tag: string, replica: number) {
  const part = {
    h: undefined as unknown as Harness,
    c_gfid: '',
    br: (i: number, f: string) => path.join(part.h.b(`brick${i}`), f),
    onBricks: (f: string) => Array.from({ length: replica }, (_, i) => exists(part.br(i, f))),
  };
  afterAll(() => part.h?.cleanup());

  it('brick0 misses a create, two deletes and a re-create', async () => {
    const h = (part.h = new Harness(tag));
    const bricks = Array.from({ length: replica }, (_, i) => h.brick(`brick${i}`));
    await h.TEST('volume', 'create', V0, 'replica', String(replica), ...bricks);
    await h.TEST('volume', 'set', V0, 'performance.stat-prefetch', 'off');
    await h.TEST('volume', 'start', V0);
    await h.TEST('volume', 'heal', V0, 'disable');
    await h.TEST('volume', 'set', V0, 'cluster.entry-self-heal', 'off');

    await h.fsOk('touch', h.M0('/a'));
    await h.fsOk('touch', h.M0('/c'));
    await h.kill_brick(V0, h.b('brick0'));
    await h.fsOk('touch', h.M0('/b'));
    await h.fsOk('rm', '-f', h.M0('/a'));
    await h.fsOk('rm', '-f', h.M0('/c'));
    await h.fsOk('touch', h.M0('/c')); // gfid mismatch case
    part.c_gfid = gfidOf(part.br(1, 'c'));
    await h.TEST('volume', 'start', V0, 'force');
  });

  it('the mount: a is gone, b and c are there', async () => {
    expect((await part.h.stat('/a')).exit).not.toBe(0);
    expect((await part.h.stat('/b')).exit).toBe(0);
    expect((await part.h.stat('/c')).exit).toBe(0);
  });
  return part;
}

describe('tests/basic/afr/name-self-heal.t, part 1: replica 2 without quorum', () => {
  const part = brick0MissesNameChanges('name-self-heal-r2', 2);
  const { br, onBricks } = part;

  it('the bricks after those lookups: a deleted, b created on brick0, c with the new gfid', async () => {
    expect(onBricks('a')).toEqual([false, false]);
    expect(onBricks('b')).toEqual([true, true]);
    expect(gfidOf(br(0, 'b'))).toBe(gfidOf(br(1, 'b')));
    expect(onBricks('c')).toEqual([true, true]);
    expect(gfidOf(br(0, 'c'))).toBe(part.c_gfid);
  });
});

describe('tests/basic/afr/name-self-heal.t, part 2: replica 3 with quorum auto', () => {
  const part = brick0MissesNameChanges('name-self-heal-r3', 3);
  const { br, onBricks } = part;

  it('the bricks: a deleted everywhere, b not healed onto brick0 (quorum), c with the new gfid', async () => {
    expect(onBricks('a')).toEqual([false, false, false]);
    expect(onBricks('b')).toEqual([false, true, true]); // Name heal shouldn't be triggered
    expect(onBricks('c')).toEqual([true, true, true]);
    expect(gfidOf(br(0, 'c'))).toBe(part.c_gfid);
  });

  it('with cluster.quorum-type none the mount still sees b', async () => {
    await part.h.TEST('volume', 'set', V0, 'cluster.quorum-type', 'none');
    expect((await part.h.CLI('volume', 'get', V0, 'cluster.quorum-type')).stdout).toMatch(/cluster\.quorum-type\s+none\s/);
    expect((await part.h.stat('/b')).exit).toBe(0);
  });

  it('... and its lookup heals b onto brick0', async () => {
    expect(onBricks('b')).toEqual([true, true, true]); // Name heal should be triggered
    expect(gfidOf(br(0, 'b'))).toBe(gfidOf(br(1, 'b')));
  });

  it('quorum-type back to auto; heal enabled, a heal leaves nothing pending', async () => {
    const { h } = part;
    await h.TEST('volume', 'set', V0, 'cluster.quorum-type', 'auto');
    expect((await h.CLI('volume', 'get', V0, 'cluster.quorum-type')).stdout).toMatch(/cluster\.quorum-type\s+auto\s/);
    // Missing parent xattrs cases
    await h.TEST('volume', 'heal', V0, 'enable');
    await h.TEST('volume', 'heal', V0);
    expect(await h.get_pending_heal_count(V0)).toBe(0);
  });

  it('a file removed with its gfid link from one brick, parent without pending xattrs: the lookup recreates it', async () => {
    const { h } = part;
    await h.TEST('volume', 'heal', V0, 'disable');
    // gf_rm_file_and_gfid_link $B0/brick1 c
    const g = gfidOf(br(1, 'c')).slice(2);
    const uuid = `${g.slice(0, 8)}-${g.slice(8, 12)}-${g.slice(12, 16)}-${g.slice(16, 20)}-${g.slice(20)}`;
    fs.rmSync(path.join(h.b('brick1'), '.glusterfs', uuid.slice(0, 2), uuid.slice(2, 4), uuid), { force: true });
    fs.rmSync(br(1, 'c'), { force: true });
    expect((await h.stat('/c')).exit).toBe(0);
    expect(exists(br(0, 'c'))).toBe(true);
    expect(exists(br(2, 'c'))).toBe(true);
    expect(gfidOf(br(0, 'c'))).toBe(part.c_gfid);
  });

  it('... on brick1 too', async () => {
    expect(exists(br(1, 'c'))).toBe(true);
  });
});
