// Port of GlusterFS 10.3 tests/basic/distribute/dir-heal.t: on a 3-brick distribute volume,
// directories made or changed (mode, user xattr) while one brick is down must be healed onto
// that brick by a lookup once it is back. Two passes: the directories are created while the
// brick is down; then they exist everywhere first and only their attributes change while it is
// down.
//
// The mount is `tgluster fs` (each command a fresh client); the .t's `sleep 5` waiting for the
// client to reconnect has nothing to wait for. `stat $M0/dir*` is the lookup that heals.
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get_text_xattr, Harness, ls, perms } from './harness.js';

let h: Harness;
const V0 = 'patchy';
const DIRS = ['dir1', 'dir2', 'dir3', 'dir4'];
/** $B0/$V0-1, the brick each pass kills. */
let killed: string;

beforeAll(async () => {
  h = new Harness('dir-heal');
  killed = h.b(`${V0}-1`);
  await h.TEST('volume', 'create', V0, ...[1, 2, 3].map((i) => h.brick(`${V0}-${i}`)));
  await h.TEST('volume', 'start', V0);
  // the .t wants lookups to reach DHT
  await h.TEST('volume', 'set', V0, 'performance.stat-prefetch', 'off');
});
afterAll(() => h?.cleanup());

/** dir2: chmod 777; dir3: user.test; dir4: both (dir1 left alone). */
async function changeAttributes(): Promise<void> {
  await h.fsOk('chmod', '777', h.M0('dir2'));
  await h.fsOk('setfattr', '-n', 'user.test', '-v', 'test', h.M0('dir3'));
  await h.fsOk('chmod', '777', h.M0('dir4'));
  await h.fsOk('setfattr', '-n', 'user.test', '-v', 'test', h.M0('dir4'));
}

/** volume start force brings the brick back; then `stat $M0/dir*` looks every directory up. */
async function reviveAndLookup(): Promise<void> {
  await h.volume_start_force(V0, killed);
  for (const d of DIRS) await h.fs('stat', h.M0(d));
}

/**
 * The backend of the revived brick: the directories exist, with dir2/dir4's mode and dir3/dir4's
 * xattr. Soft assertions: as in the .t, a failed EXPECT does not stop the script.
 */
function expectHealedAttributes(): void {
  expect.soft(ls(path.join(killed, 'dir2')), 'ls $B0/$V0-1/dir2').toBe(true);
  expect.soft(perms(path.join(killed, 'dir2')), 'stat -c %a $B0/$V0-1/dir2').toBe('777');
  expect.soft(ls(path.join(killed, 'dir3')), 'ls $B0/$V0-1/dir3').toBe(true);
  expect.soft(get_text_xattr('user.test', path.join(killed, 'dir3')), 'getfattr -n user.test $B0/$V0-1/dir3').toBe('test');
  expect.soft(ls(path.join(killed, 'dir4')), 'ls $B0/$V0-1/dir4').toBe(true);
  expect.soft(perms(path.join(killed, 'dir4')), 'stat -c %a $B0/$V0-1/dir4').toBe('777');
  expect.soft(get_text_xattr('user.test', path.join(killed, 'dir4')), 'getfattr -n user.test $B0/$V0-1/dir4').toBe('test');
}

describe('tests/basic/distribute/dir-heal.t', () => {
  it('test 1: directories created while a brick is down are created on it, with their attributes, by a lookup', async () => {
    await h.fs('ls', h.M0('/'));
    await h.kill_brick(V0, killed);

    await h.fsOk('mkdir', ...DIRS.map((d) => h.M0(d)));
    await changeAttributes();

    await reviveAndLookup();

    // every directory now exists on the brick that was down
    expect.soft(ls(path.join(killed, 'dir1')), 'ls $B0/$V0-1/dir1').toBe(true);
    expectHealedAttributes();

    // rm -rf $M0/*
    await h.fsOk('rm', '-r', ...DIRS.map((d) => h.M0(d)));
  });

  it('test 2: attributes changed while a brick is down are healed onto it by a lookup', async () => {
    await h.fs('ls', h.M0('/'));
    await h.fsOk('mkdir', ...DIRS.map((d) => h.M0(d)));

    await h.kill_brick(V0, killed);
    await changeAttributes();

    await reviveAndLookup();

    expectHealedAttributes();
  });
});
