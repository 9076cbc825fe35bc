// Port of GlusterFS 10.3 tests/basic/afr/gfid-self-heal.t: files without gfids on replica 2
// (self-heal daemon off). Files made directly on both bricks before the volume starts are listed
// by readdir, and a lookup gives each the same gfid on both bricks. A file missing its gfid on one
// brick gets the other brick's gfid on lookup. A name that is a file on one brick and a directory
// on the other, with no changelog, is not healed: the lookup fails and no gfid is assigned. A
// gfid-less file present only on the brick that is up while the other is down gets no gfid (that
// would risk a gfid split-brain).
//
// The .t sleeps 1-2 s before lookups because storage/posix ignores a gfid-less file changed less
// than a second ago; tgluster's posix has no such rule, so there is nothing to wait for.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gf_get_gfid_xattr, Harness, setfattrRemove } from './harness.js';

let h: Harness;
let b0: string;
let b1: string;
const V0 = 'patchy';
const touchOnBrick = (brick: string, f: string) => fs.writeFileSync(path.join(brick, f), '');

beforeAll(async () => {
  h = new Harness('gfid-self-heal');
  b0 = h.b(`${V0}0`);
  b1 = h.b(`${V0}1`);
  await h.TEST('volume', 'create', V0, 'replica', '2', h.brick(`${V0}0`), h.brick(`${V0}1`));
  await h.volume_set(V0, { 'self-heal-daemon': 'off', 'nfs.disable': 'on' });
  for (const b of [b0, b1]) for (const f of ['1', '2', '3', '4']) touchOnBrick(b, f);
  await h.TEST('volume', 'start', V0);
});
afterAll(() => h?.cleanup());

describe('tests/basic/afr/gfid-self-heal.t', () => {
  it('readdir lists files that have no gfid yet; a lookup gives each the same gfid on both bricks', async () => {
    const ls = await h.fsOk('ls', h.M0('/'));
    expect(ls.stdout.split('\n').filter((n) => n && !n.startsWith('.')).length).toBe(4);
    for (const f of ['1', '2', '3', '4']) {
      expect((await h.stat(`/${f}`)).exit, `stat ${f}`).toBe(0);
      const gfid_0 = gf_get_gfid_xattr(path.join(b0, f));
      const gfid_1 = gf_get_gfid_xattr(path.join(b1, f));
      expect(gfid_0).not.toBe('');
      expect(gfid_1).toBe(gfid_0);
    }
  });

  // AFR's lookup (afr_selfheal_name) gives the gfid-less copy the other copy's gfid.
  it('a gfid missing on one brick is healed from the other on lookup', async () => {
    await h.kill_brick(V0, b0);
    await h.fsOk('touch', h.M0('/a'));
    const gfid_1 = gf_get_gfid_xattr(path.join(b1, 'a'));
    touchOnBrick(b0, 'a');
    await h.CLI('volume', 'start', V0, 'force');
    expect((await h.stat('/a')).exit).toBe(0);
    expect(gf_get_gfid_xattr(path.join(b0, 'a'))).toBe(gfid_1);
  });

  it('no gfid heal across a type mismatch (file on one brick, directory on the other), no xattrs', async () => {
    await h.kill_brick(V0, b0);
    await h.fsOk('touch', h.M0('/b'));
    fs.mkdirSync(path.join(b0, 'b'));
    setfattrRemove(b1, `trusted.afr.${V0}-client-0`);
    await h.CLI('volume', 'start', V0, 'force');
    expect((await h.stat('/b')).exit).not.toBe(0);
    expect(gf_get_gfid_xattr(path.join(b0, 'b'))).toBe('');
  });

  it('no gfid is assigned when the types mismatch', async () => {
    touchOnBrick(b1, 'c');
    fs.mkdirSync(path.join(b0, 'c'));
    expect((await h.stat('/c')).exit).not.toBe(0);
    expect(gf_get_gfid_xattr(path.join(b1, 'c'))).toBe('');
    expect(gf_get_gfid_xattr(path.join(b0, 'c'))).toBe('');
  });

  it('no gfid is assigned while a brick is down (that would risk a gfid split-brain)', async () => {
    await h.kill_brick(V0, b0);
    touchOnBrick(b1, 'd');
    expect((await h.stat('/d')).exit).not.toBe(0);
    expect(gf_get_gfid_xattr(path.join(b1, 'd'))).toBe('');
    await h.TEST('volume', 'start', V0, 'force');
  });
});
