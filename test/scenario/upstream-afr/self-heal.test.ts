// Port of GlusterFS 10.3 tests/basic/afr/self-heal.t: on a replica 2 volume, brick0 is killed,
// the volume is changed through the mount, brick0 is revived and `volume heal` run; heal info
// must then show nothing pending, brick0 must have been healed from brick1 (never the reverse:
// what was deleted stays deleted) and both bricks must checksum alike (arequal-checksum with
// .glusterfs ignored). Eight cases: mixed data/metadata/entry changes, a file replaced by a
// directory, chmod, chown, a size change healed in both directions, a gfid change, a hard link
// replaced by a symlink, and user xattrs.
//
// EXPECT_WITHIN on afr_child_up_status / glustershd_up_status / afr_child_up_status_in_shd:
// nothing to wait for (no daemons; see harness.ts), `volume heal` heals in the command.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arequal, exists, gf_get_gfid_xattr, get_text_xattr, Harness } from './harness.js';

const MiB = 1024 * 1024;
let h: Harness;
let brick0: string;
let brick1: string;

beforeAll(async () => {
  h = new Harness('self-heal');
  brick0 = h.b('brick0');
  brick1 = h.b('brick1');
  await h.TEST('volume', 'create', h.V0, 'replica', '2', h.brick('brick0'), h.brick('brick1'));
  await h.TEST('volume', 'set', h.V0, 'stat-prefetch', 'off');
  await h.TEST('volume', 'start', h.V0);
  await h.TEST('volume', 'set', h.V0, 'cluster.background-self-heal-count', '0');
});
afterAll(() => h?.cleanup());

/** volume start force, then `volume heal` (the .t's waits for child and shd up need nothing here). */
async function reviveAndHeal(): Promise<void> {
  await h.TEST('volume', 'start', h.V0, 'force');
  await h.TEST('volume', 'heal', h.V0);
}

/** TEST diff <(arequal brick0) <(arequal brick1) */
function expectBricksAlike(): void {
  expect(arequal(brick0)).toEqual(arequal(brick1));
}

/** TEST rm -rf $M0/* */
async function cleanMount(): Promise<void> {
  const ls = await h.fsOk('ls', '-a', h.M0('/'));
  const names = ls.stdout.split('\n').filter((n) => n && n !== '.' && n !== '..');
  if (names.length) await h.fsOk('rm', '-rf', ...names.map((n) => h.M0(`/${n}`)));
}

/**
 * How every case ends: brick0 back and healed, heal info shows nothing pending, the case's own
 * checks of the bricks, both bricks alike (unless the case does not compare them), rm -rf $M0/*.
 */
async function expectHealed(checks: () => void, { bricksAlike = true } = {}): Promise<void> {
  await reviveAndHeal();
  expect(await h.get_pending_heal_count(h.V0)).toBe(0);
  checks();
  if (bricksAlike) expectBricksAlike();
  await cleanMount();
}

describe('tests/basic/afr/self-heal.t', () => {
  it('1. data, metadata and entry self-heal succeed, with no reverse heal', async () => {
    await h.fsOk('mkdir', '-p', h.M0('/abc/def'), h.M0('/abc/ghi'));
    expect((await h.dd('/abc/file_abc.txt', 2 * MiB)).exit).toBe(0);
    expect((await h.dd('/abc/def/file_abc_def_1.txt', 2 * MiB)).exit).toBe(0);
    expect((await h.dd('/abc/def/file_abc_def_2.txt', 3 * MiB)).exit).toBe(0);
    expect((await h.dd('/abc/ghi/file_abc_ghi.txt', 4 * MiB)).exit).toBe(0);

    await h.kill_brick(h.V0, brick0);
    await h.fsOk('truncate', '-s', '0', h.M0('/abc/def/file_abc_def_1.txt'));
    await h.fsOk('chown', '36:36', h.M0('/abc/def/file_abc_def_2.txt'));
    await h.fsOk('rm', '-rf', h.M0('/abc/ghi'));
    await h.fsOk('mkdir', '-p', h.M0('/def/ghi'), h.M0('/jkl/mno'));
    expect((await h.dd('/def/ghi/file1.txt', 2 * MiB)).exit).toBe(0);
    expect((await h.dd('/def/ghi/file2.txt', 3 * MiB)).exit).toBe(0);
    expect((await h.dd('/jkl/mno/file.txt', 4 * MiB)).exit).toBe(0);
    await h.fsOk('chown', '36:36', h.M0('/def/ghi/file2.txt'));

    await expectHealed(() => {
      // Everything created or deleted while brick0 was down reached brick0 (no reverse heal).
      expect(exists(path.join(brick0, 'def/ghi/file1.txt'))).toBe(true);
      expect(exists(path.join(brick0, 'def/ghi/file2.txt'))).toBe(true);
      expect(exists(path.join(brick0, 'jkl/mno/file.txt'))).toBe(true);
      expect(exists(path.join(brick0, 'abc/ghi'))).toBe(false);
      const st = fs.statSync(path.join(brick0, 'abc/def/file_abc_def_2.txt'));
      expect(`${st.uid}${st.gid}`).toBe('3636');
    });
  });

  it('2. a file replaced by a directory of the same name is healed as a directory', async () => {
    await h.fsOk('touch', h.M0('/file'));
    await h.kill_brick(h.V0, brick0);
    await h.fsOk('rm', '-f', h.M0('/file'));
    await h.fsOk('mkdir', h.M0('/file'));
    await expectHealed(() => expect(fs.lstatSync(path.join(brick0, 'file')).isDirectory()).toBe(true));
  });

  it('3. permissions (chmod 666 -> 777) are healed', async () => {
    await h.fsOk('touch', h.M0('/file'));
    await h.fsOk('chmod', '666', h.M0('/file'));
    await h.kill_brick(h.V0, brick0);
    await h.fsOk('chmod', '777', h.M0('/file'));
    await expectHealed(() => expect((fs.statSync(path.join(brick0, 'file')).mode & 0o7777).toString(8)).toBe('777'));
  });

  it('4. ownership (chown 36:36) is healed', async () => {
    await h.fsOk('touch', h.M0('/file'));
    await h.kill_brick(h.V0, brick0);
    await h.fsOk('chown', '36:36', h.M0('/file'));
    await expectHealed(() => {
      const st = fs.statSync(path.join(brick0, 'file'));
      expect(`${st.uid}${st.gid}`).toBe('3636');
    });
  });

  it('5. file size: an append healed to brick0, then a truncate healed to brick1', async () => {
    await h.fsOk('touch', h.M0('/file'));
    await h.echo('/file', 'write1');
    await h.kill_brick(h.V0, brick0);
    expect(await h.append('/file', 'write2')).toBe('ok');
    await reviveAndHeal();
    await h.kill_brick(h.V0, brick1);
    await h.fsOk('truncate', '-s', '0', h.M0('/file'));
    await expectHealed(() => expect(fs.statSync(path.join(brick1, 'file')).size).toBe(0));
  });

  it('6. a file recreated while brick0 was down gets the new gfid on brick0', async () => {
    await h.fsOk('touch', h.M0('/file'));
    await h.kill_brick(h.V0, brick0);
    await h.fsOk('rm', '-f', h.M0('/file'));
    await h.fsOk('touch', h.M0('/file'));
    const GFID = gf_get_gfid_xattr(path.join(brick1, 'file'));
    await expectHealed(() => expect(gf_get_gfid_xattr(path.join(brick0, 'file'))).toBe(GFID), { bricksAlike: false });
  });

  it('7. a hard link replaced by a symlink, and a new hard link, are healed', async () => {
    await h.fsOk('touch', h.M0('/file'));
    await h.fsOk('ln', h.M0('/file'), h.M0('/link_to_file'));
    await h.kill_brick(h.V0, brick0);
    await h.fsOk('rm', '-f', h.M0('/link_to_file'));
    // ln -s $M0/file $M0/link_to_file: the link text is the mount path of the target.
    await h.fsOk('ln', '-s', '/mnt/glusterfs/0/file', h.M0('/link_to_file'));
    await h.fsOk('ln', h.M0('/file'), h.M0('/hard_link_to_file'));
    await expectHealed(() => {
      expect(fs.lstatSync(path.join(brick0, 'hard_link_to_file')).isFile()).toBe(true);
      expect(fs.lstatSync(path.join(brick0, 'link_to_file')).isSymbolicLink()).toBe(true);
    });
  });

  it('8. xattrs set by the application are healed', async () => {
    await h.fsOk('touch', h.M0('/file'));
    await h.fsOk('setfattr', '-n', 'user.myattr_1', '-v', 'My_attribute_1', h.M0('/file'));
    await h.fsOk('setfattr', '-n', 'user.myattr_2', '-v', 'My_attribute_2', h.M0('/file'));
    await h.kill_brick(h.V0, brick0);
    await h.fsOk('setfattr', '-n', 'user.myattr_1', '-v', 'My_attribute_1_modified', h.M0('/file'));
    await h.fsOk('setfattr', '-n', 'user.myattr_3', '-v', 'My_attribute_3', h.M0('/file'));
    await expectHealed(() => {
      // The .t reads these from brick1 (the source); brick0, the healed copy, must agree.
      expect(get_text_xattr('user.myattr_1', path.join(brick1, 'file'))).toBe('My_attribute_1_modified');
      expect(get_text_xattr('user.myattr_3', path.join(brick1, 'file'))).toBe('My_attribute_3');
      expect(get_text_xattr('user.myattr_1', path.join(brick0, 'file'))).toBe('My_attribute_1_modified');
      expect(get_text_xattr('user.myattr_3', path.join(brick0, 'file'))).toBe('My_attribute_3');
    }, { bricksAlike: false });
  });
});
