// Port of GlusterFS 10.3 tests/bugs/replicate/bug-1417522-block-split-brain-resolution.t: no
// split-brain resolution while a brick of the replica 3 set is down. Writes made with brick1 and
// then brick2 down leave brick0 the only good copy; with brick0 killed the file is unreadable,
// and must stay so under every favorite-child-policy (size, ctime, mtime, majority); the CLI
// resolutions (bigger-file, an invalid "mtime", source-brick of a missing file) fail, and so do
// getfattr replica.split-brain-status and setfattr replica.split-brain-choice on the mount. With
// every brick back and the self-heal daemon on, a heal makes bricks 1 and 2 equal brick0.
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness, md5sum } from './harness.js';

let h: Harness;
const V0 = 'patchy';
const B = (i: number) => h.b(`${V0}${i}`);
let SOURCE_BRICK_MD5 = '';

beforeAll(async () => {
  h = new Harness('bug-1417522');
  await h.TEST('volume', 'create', V0, 'replica', '3', ...[0, 1, 2].map((i) => h.brick(`${V0}${i}`)));
  await h.volume_set(V0, { 'self-heal-daemon': 'off', 'data-self-heal': 'off', 'entry-self-heal': 'off', 'metadata-self-heal': 'off' });
  await h.TEST('volume', 'start', V0);
  await h.fsOk('touch', h.M0('/file'));
});
afterAll(() => h?.cleanup());

describe('tests/bugs/replicate/bug-1417522-block-split-brain-resolution.t', () => {
  it('brick0 ends up the only good copy; with it down the file is unreadable', async () => {
    await h.kill_brick(V0, B(1));
    expect((await h.dd('/file', 10 * 1024)).exit).toBe(0);
    await h.volume_start_force(V0, B(1));
    await h.kill_brick(V0, B(2));
    expect((await h.dd('/file', 20 * 1024)).exit).toBe(0);
    await h.volume_start_force(V0, B(2));
    await h.kill_brick(V0, B(0));
    expect((await h.cat('/file')).exit).not.toBe(0);
    SOURCE_BRICK_MD5 = md5sum(path.join(B(0), 'file'));
  });

  it('no favorite-child-policy heals the file while a brick is down', async () => {
    for (const policy of ['size', 'ctime', 'mtime', 'majority']) {
      await h.TEST('volume', 'set', V0, 'favorite-child-policy', policy);
      expect((await h.cat('/file')).exit, `read with favorite-child-policy ${policy}`).not.toBe(0);
    }
  });

  it('CLI and mount split-brain resolution also fail', async () => {
    // Each check is soft: one that fails does not hide the others.
    const cliFails = async (...argv: string[]) => {
      const r = await h.CLI(...argv);
      expect.soft(r.exit, `TEST ! gluster ${argv.join(' ')}\n${r.stdout}${r.stderr}`).not.toBe(0);
    };
    await cliFails('volume', 'heal', V0, 'split-brain', 'bigger-file', '/file');
    await cliFails('volume', 'heal', V0, 'split-brain', 'mtime', '/file');
    await cliFails('volume', 'heal', V0, 'split-brain', 'source-brick', h.brick(`${V0}2`), '/file1');

    const status = await h.getfattr('/file', 'replica.split-brain-status', 'text');
    expect.soft(status.exit, `TEST ! getfattr -n replica.split-brain-status: ${status.stdout}`).not.toBe(0);
    expect.soft((await h.fs('setfattr', '-n', 'replica.split-brain-choice', '-v', `${V0}-client-1`, h.M0('/file'))).exit).not.toBe(0);
  });

  it('with all bricks back, a heal makes bricks 1 and 2 equal brick0', async () => {
    await h.TEST('volume', 'set', V0, 'self-heal-daemon', 'on');
    await h.volume_start_force(V0, B(0));
    await h.TEST('volume', 'heal', V0);
    expect(await h.get_pending_heal_count(V0)).toBe(0);
    expect(md5sum(path.join(B(1), 'file'))).toBe(SOURCE_BRICK_MD5);
    expect(md5sum(path.join(B(2), 'file'))).toBe(SOURCE_BRICK_MD5);
  });
});
