// Port of GlusterFS 10.3 tests/basic/afr/split-brain-healing.t: the split-brain resolution CLI
// on a 2 x 2 volume (self-heal daemon and client-side heals off, ctime off). Ten files are put
// in data split-brain (appended to with the first brick of their pair down, then with the
// second down, the second time more), so reads fail with EIO. Then, with the daemon on:
// `heal VOL split-brain bigger-file` by path and by gfid, `source-brick` (the smaller copy) by
// path and by gfid, `latest-mtime` by path and by gfid (both copies and the mount then show the
// newest mtime), and `source-brick` with no file heals the rest of each pair. Every file is then
// readable, the two bricks of each pair checksum alike, and resolving a file that is no longer
// in split-brain fails with exit status 1.
//
// The .t's arequal lines compare `$B0/$V01` with `$B0/$V02` (an unset variable: both are $B0);
// what they mean, brick 1 against brick 2 and brick 3 against brick 4, is compared here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arequal, get_mtime, gf_get_gfid_xattr, gf_gfid_xattr_to_str, Harness, seconds } from './harness.js';

let h: Harness;
const V0 = 'patchy';
const B = (i: number) => h.b(`${V0}${i}`);
let replica_0_files_list: string[] = [];
let replica_1_files_list: string[] = [];
let SMALLER_FILE_SIZE = 0;
let BIGGER_FILE_SIZE = 0;
const FILES = Array.from({ length: 10 }, (_, i) => `file${i + 1}`);

/** 0 when the file lives on the first replica pair (brick 1), 1 on the second (brick 3). */
function get_replicate_subvol_number(f: string): number {
  if (fs.existsSync(path.join(B(1), f))) return 0;
  if (fs.existsSync(path.join(B(3), f))) return 1;
  return -1;
}
const gfidStr = (p: string) => `gfid:${gf_gfid_xattr_to_str(gf_get_gfid_xattr(p))}`;

beforeAll(async () => {
  h = new Harness('split-brain-healing');
  await h.TEST('volume', 'create', V0, 'replica', '2', ...[1, 2, 3, 4].map((i) => h.brick(`${V0}${i}`)));
  await h.volume_set(V0, {
    'cluster.self-heal-daemon': 'off',
    'cluster.data-self-heal': 'off',
    'cluster.metadata-self-heal': 'off',
    'cluster.entry-self-heal': 'off',
    'ctime': 'off',
  });
  await h.TEST('volume', 'start', V0);
});
afterAll(() => h?.cleanup());

describe('tests/basic/afr/split-brain-healing.t', () => {
  it('ten files are put in data split-brain; reading any of them fails', async () => {
    for (const f of FILES) expect(await h.append(`/${f}`, 'Initial content')).toBe('ok');
    replica_0_files_list = fs.readdirSync(B(1)).filter((n) => !n.startsWith('.')).sort();
    replica_1_files_list = fs.readdirSync(B(3)).filter((n) => !n.startsWith('.')).sort();

    await h.kill_brick(V0, B(1));
    for (const f of replica_0_files_list) expect(await h.append(`/${f}`, 'B1 is down')).toBe('ok');
    await h.kill_brick(V0, B(3));
    for (const f of replica_1_files_list) expect(await h.append(`/${f}`, 'B3 is down')).toBe('ok');

    SMALLER_FILE_SIZE = (await h.stat('/file1')).stat!.size;

    await h.TEST('volume', 'start', V0, 'force');

    await h.kill_brick(V0, B(2));
    for (const f of replica_0_files_list) {
      expect(await h.append(`/${f}`, 'B2 is down')).toBe('ok');
      expect(await h.append(`/${f}`, 'appending more content to make it the bigger file')).toBe('ok');
    }
    await h.kill_brick(V0, B(4));
    for (const f of replica_1_files_list) {
      expect(await h.append(`/${f}`, 'B4 is down')).toBe('ok');
      expect(await h.append(`/${f}`, 'appending more content to make it the bigger file')).toBe('ok');
    }

    BIGGER_FILE_SIZE = (await h.stat('/file1')).stat!.size;
    await h.TEST('volume', 'start', V0, 'force');

    // Accessing the files should now give EIO.
    for (const f of FILES) expect((await h.cat(`/${f}`)).exit, `cat ${f}`).not.toBe(0);
    await h.TEST('volume', 'set', V0, 'cluster.self-heal-daemon', 'on');
  });

  it('file1: bigger-file by path', async () => {
    const r = await h.CLI('volume', 'heal', V0, 'split-brain', 'bigger-file', '/file1');
    expect(r.exit, r.stdout).toBe(0);
    expect((await h.stat('/file1')).stat?.size).toBe(BIGGER_FILE_SIZE);
  });

  it('file2: bigger-file by gfid', async () => {
    const subvolume = get_replicate_subvol_number('file2');
    const GFIDSTR = gfidStr(path.join(B(subvolume === 0 ? 1 : 3), 'file2'));
    const r = await h.CLI('volume', 'heal', V0, 'split-brain', 'bigger-file', GFIDSTR);
    expect(r.exit, r.stdout).toBe(0);
  });

  it('file3: source-brick (the brick with the smaller copy) by path', async () => {
    const subvolume = get_replicate_subvol_number('file3');
    const r = await h.CLI('volume', 'heal', V0, 'split-brain', 'source-brick', h.brick(`${V0}${subvolume === 0 ? 2 : 4}`), '/file3');
    expect(r.exit, r.stdout).toBe(0);
    expect((await h.stat('/file3')).stat?.size).toBe(SMALLER_FILE_SIZE);
  });

  it('file4: source-brick (the brick with the smaller copy) by gfid', async () => {
    const subvolume = get_replicate_subvol_number('file4');
    const GFIDSTR = gfidStr(path.join(B(subvolume === 0 ? 1 : 3), 'file4'));
    const r = await h.CLI('volume', 'heal', V0, 'split-brain', 'source-brick', h.brick(`${V0}${subvolume === 0 ? 2 : 4}`), GFIDSTR);
    expect(r.exit, r.stdout).toBe(0);
    expect((await h.stat('/file4')).stat?.size).toBe(SMALLER_FILE_SIZE);
  });

  for (const [file, byGfid] of [
    ['file5', false],
    ['file6', true],
  ] as const) {
    it(`${file}: latest-mtime by ${byGfid ? 'gfid' : 'path'}; both copies and the mount show the newest mtime`, async () => {
      const subvolume = get_replicate_subvol_number(file);
      const [x, y] = subvolume === 0 ? [B(1), B(2)] : [B(3), B(4)];
      const mtime1 = get_mtime(path.join(x, file));
      const mtime2 = get_mtime(path.join(y, file));
      const LATEST_MTIME = Math.max(mtime1, mtime2);
      const target = byGfid ? gfidStr(path.join(x, file)) : `/${file}`;
      const r = await h.CLI('volume', 'heal', V0, 'split-brain', 'latest-mtime', target);
      expect(r.exit, r.stdout).toBe(0);
      // TODO (as the .t): compare at full sub-second resolution.
      expect(get_mtime(path.join(x, file))).toBe(LATEST_MTIME);
      expect(get_mtime(path.join(y, file))).toBe(LATEST_MTIME);
      expect(seconds((await h.stat(`/${file}`)).stat!.mtime)).toBe(LATEST_MTIME);
    });
  }

  it('source-brick with no file heals the remaining split-brains of each pair', async () => {
    const r1 = await h.CLI('volume', 'heal', V0, 'split-brain', 'source-brick', h.brick(`${V0}1`));
    expect(r1.exit, r1.stdout).toBe(0);
    const r3 = await h.CLI('volume', 'heal', V0, 'split-brain', 'source-brick', h.brick(`${V0}3`));
    expect(r3.exit, r3.stdout).toBe(0);
  });

  it('every file is readable, and the bricks of each pair checksum alike', async () => {
    for (const f of FILES) expect((await h.cat(`/${f}`)).exit, `cat ${f}`).toBe(0);
    expect(arequal(B(1))).toEqual(arequal(B(2)));
    expect(arequal(B(3))).toEqual(arequal(B(4)));
  });

  it('resolving files that are not in split-brain fails with exit status 1', async () => {
    expect((await h.CLI('volume', 'heal', V0, 'split-brain', 'bigger-file', '/file1')).exit).toBe(1);
    expect((await h.CLI('volume', 'heal', V0, 'split-brain', 'source-brick', h.brick(`${V0}4`), '/file3')).exit).toBe(1);
  });
});
