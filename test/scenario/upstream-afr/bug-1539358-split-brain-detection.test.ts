// Port of GlusterFS 10.3 tests/bugs/replicate/bug-1539358-split-brain-detection.t: on replica 3
// (self-heal daemon off) two blame patterns that are not split-brains. 1: bricks 0 and 2 blame
// brick 1 (a real write while it was down) and brick 1 is made to blame both others by hand: the
// majority decides, and after a heal all three copies equal what the client read. 2: each brick
// blames the next (0→1, 1→2, 2→0) with dirty set everywhere and different bytes appended on each
// brick: heal info shows the planted index entry, and a heal makes the three copies identical.
import * as fs from 'node:fs';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { afr_get_index_path, afr_get_specific_changelog_xattr, gf_get_gfid_xattr, gf_gfid_xattr_to_str, Harness, md5sum, setfattr } from './harness.js';

let h: Harness;
const V0 = 'patchy';
const B = (i: number) => h.b(`${V0}${i}`);
const file = (i: number) => path.join(B(i), 'file');

beforeAll(async () => {
  h = new Harness('bug-1539358');
  await h.TEST('volume', 'info');
  await h.TEST('volume', 'create', V0, 'replica', '3', ...[0, 1, 2].map((i) => h.brick(`${V0}${i}`)));
  await h.TEST('volume', 'start', V0);
  expect(await h.volinfo_field(V0, 'Status')).toBe('Started');
  await h.TEST('volume', 'set', V0, 'self-heal-daemon', 'off');
});
afterAll(() => h?.cleanup());

describe('tests/bugs/replicate/bug-1539358-split-brain-detection.t', () => {
  it('two bricks blaming the third and the third blaming the other two: the majority wins', async () => {
    expect(await h.append('/file', 'hello')).toBe('ok');

    // B0 and B2 must blame B1
    await h.kill_brick(V0, B(1));
    expect(await h.append('/file', 'append')).toBe('ok');
    expect(afr_get_specific_changelog_xattr(file(0), `trusted.afr.${V0}-client-1`, 'data')).toBe('00000001');
    expect(afr_get_specific_changelog_xattr(file(2), `trusted.afr.${V0}-client-1`, 'data')).toBe('00000001');
    const read = await h.cat('/file');
    expect(read.exit).toBe(0);
    const CLIENT_MD5 = createHash('md5').update(read.stdout).digest('hex');

    // B1 must blame B0 and B2
    setfattr(file(1), `trusted.afr.${V0}-client-0`, '0x000000010000000000000000');
    setfattr(file(1), `trusted.afr.${V0}-client-2`, '0x000000010000000000000000');

    // Launch heal
    await h.volume_start_force(V0, B(1));
    await h.TEST('volume', 'set', V0, 'self-heal-daemon', 'on');
    await h.TEST('volume', 'heal', V0);
    expect(await h.get_pending_heal_count(V0)).toBe(0);
    expect.soft(md5sum(file(0)), `md5sum brick0`).toBe(CLIENT_MD5);
    expect.soft(md5sum(file(1)), `md5sum brick1`).toBe(CLIENT_MD5);
    expect.soft(md5sum(file(2)), `md5sum brick2`).toBe(CLIENT_MD5);

    await h.fsOk('rm', h.M0('/file'));
  });

  it('each brick blaming the next in a cycle: the heal converges all three copies', async () => {
    expect(await h.append('/file', 'hello')).toBe('ok');
    // Mark cyclic xattrs and modify file content directly on the bricks.
    await h.TEST('volume', 'set', V0, 'self-heal-daemon', 'off');
    setfattr(file(0), `trusted.afr.${V0}-client-1`, '0x000000010000000000000000');
    setfattr(file(0), 'trusted.afr.dirty', '0x000000010000000000000000');
    setfattr(file(1), `trusted.afr.${V0}-client-2`, '0x000000010000000000000000');
    setfattr(file(1), 'trusted.afr.dirty', '0x000000010000000000000000');
    setfattr(file(2), `trusted.afr.${V0}-client-0`, '0x000000010000000000000000');
    setfattr(file(2), 'trusted.afr.dirty', '0x000000010000000000000000');

    fs.appendFileSync(file(0), 'ab\n');
    fs.appendFileSync(file(1), 'cdef\n');
    fs.appendFileSync(file(2), 'ghi\n');

    // Add entry to xattrop dir to trigger index heal.
    const xattrop_dir0 = afr_get_index_path(B(0));
    const base_entry_b0 = fs.readdirSync(xattrop_dir0);
    expect(base_entry_b0).toHaveLength(1);
    const gfid_str = gf_gfid_xattr_to_str(gf_get_gfid_xattr(file(0)));
    fs.linkSync(path.join(xattrop_dir0, base_entry_b0[0]), path.join(xattrop_dir0, gfid_str));
    expect(await h.get_pending_heal_count(V0)).toBe(1);

    // Launch heal
    await h.TEST('volume', 'set', V0, 'self-heal-daemon', 'on');
    await h.TEST('volume', 'heal', V0);
    expect(await h.get_pending_heal_count(V0)).toBe(0);
    expect(md5sum(file(1))).toBe(md5sum(file(0)));
    expect(md5sum(file(2))).toBe(md5sum(file(0)));
  });
});
