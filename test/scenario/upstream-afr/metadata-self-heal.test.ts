// Port of GlusterFS 10.3 tests/basic/afr/metadata-self-heal.t: metadata self-heal on replica 2.
// A chmod, chown and two trusted.* xattrs made while brick0 is down reach brick0 once it is
// back; a changed and a removed xattr made while brick1 is down reach brick1 (the removal too).
// Last, with the self-heal daemon off, files b and c are put in metadata split-brain (chmod with
// brick0 down, chown with brick1 down) and c's changelog is stripped by hand with the volume
// stopped: a full heal then heals c (no changelog: a source is picked from the iatts) and leaves
// b in split-brain.
//
// The .t waits (EXPECT_WITHIN print_pending_heals) for the self-heal daemon to heal after
// `volume start force`; here `volume heal` does it in the command.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get_hex_xattr, Harness, hasXattr, print_pending_heals, setfattrRemove } from './harness.js';

let h: Harness;
let brick0: string;
let brick1: string;
const V0 = 'patchy';
const ZERO = '000000000000000000000000';

/** `stat -c %A`: the permission string of a mode. */
function permString(mode: number): string {
  const t = (mode & 0o170000) === 0o040000 ? 'd' : '-';
  const bits = 'rwxrwxrwx';
  let s = t;
  for (let i = 0; i < 9; i++) s += mode & (0o400 >> i) ? bits[i] : '-';
  return s;
}
const brickPerm = (brick: string, f: string) => permString(fs.statSync(path.join(brick, f)).mode);

/** metadata-self-heal.t's is_heal_done: same gid, uid and permissions, all changelogs zero. */
function is_heal_done(f: string): 'Y' | 'N' {
  const p1 = path.join(brick0, f);
  const p2 = path.join(brick1, f);
  const iatt = (p: string) => {
    const st = fs.statSync(p);
    return `${st.gid}:${st.uid}:${permString(st.mode)}`;
  };
  const x = (k: string, p: string) => get_hex_xattr(k, p) || ZERO;
  const all = [`trusted.afr.${V0}-client-0`, `trusted.afr.${V0}-client-1`, 'trusted.afr.dirty'].flatMap((k) => [x(k, p1), x(k, p2)]);
  return iatt(p1) === iatt(p2) && all.every((v) => v === ZERO) ? 'Y' : 'N';
}

beforeAll(async () => {
  h = new Harness('metadata-self-heal');
  brick0 = h.b('brick0');
  brick1 = h.b('brick1');
  await h.TEST('volume', 'create', V0, 'replica', '2', h.brick('brick0'), h.brick('brick1'));
  await h.TEST('volume', 'start', V0);
});
afterAll(() => h?.cleanup());

describe('tests/basic/afr/metadata-self-heal.t', () => {
  let permissions = '';

  it('heal with pending xattrs: chmod, chown and trusted.* xattrs made while brick0 was down', async () => {
    await h.fsOk('touch', h.M0('/a'));
    await h.kill_brick(V0, brick0);
    await h.fsOk('chmod', '777', h.M0('/a'));
    await h.fsOk('chown', '100:100', h.M0('/a'));
    await h.fsOk('setfattr', '-n', 'trusted.abc', '-v', '0x616263', h.M0('/a'));
    await h.fsOk('setfattr', '-n', 'trusted.def', '-v', '0x646566', h.M0('/a'));
    const st = (await h.stat('/a')).stat!;
    permissions = permString(parseInt(st.mode, 8));
    await h.TEST('volume', 'start', V0, 'force');
    await h.TEST('volume', 'heal', V0);
    expect(print_pending_heals(is_heal_done, ['a'])).toBe('~');

    const m = (await h.stat('/a')).stat!;
    expect(permString(parseInt(m.mode, 8))).toBe(permissions);
    expect(brickPerm(brick0, 'a')).toBe(permissions);
    expect(brickPerm(brick1, 'a')).toBe(permissions);

    expect(m.gid).toBe(100);
    expect(fs.statSync(path.join(brick0, 'a')).gid).toBe(100);
    expect(fs.statSync(path.join(brick1, 'a')).gid).toBe(100);

    expect(m.uid).toBe(100);
    expect(fs.statSync(path.join(brick0, 'a')).uid).toBe(100);
    expect(fs.statSync(path.join(brick1, 'a')).uid).toBe(100);

    expect((await h.getfattr('/a', 'trusted.abc')).value).toBe('0x616263');
    expect(get_hex_xattr('trusted.abc', path.join(brick0, 'a'))).toBe('616263');
    expect(get_hex_xattr('trusted.abc', path.join(brick1, 'a'))).toBe('616263');

    expect((await h.getfattr('/a', 'trusted.def')).value).toBe('0x646566');
    expect(get_hex_xattr('trusted.def', path.join(brick0, 'a'))).toBe('646566');
    expect(get_hex_xattr('trusted.def', path.join(brick1, 'a'))).toBe('646566');
  });

  it('a changed and a removed xattr made while brick1 was down are healed, the removal too', async () => {
    await h.kill_brick(V0, brick1);
    await h.fsOk('setfattr', '-n', 'trusted.abc', '-v', '0x646566', h.M0('/a'));
    await h.fsOk('setfattr', '-x', 'trusted.def', h.M0('/a'));
    await h.TEST('volume', 'start', V0, 'force');
    await h.TEST('volume', 'heal', V0);
    expect(print_pending_heals(is_heal_done, ['a'])).toBe('~');

    expect((await h.getfattr('/a', 'trusted.abc')).value).toBe('0x646566');
    expect(get_hex_xattr('trusted.abc', path.join(brick0, 'a'))).toBe('646566');
    expect(get_hex_xattr('trusted.abc', path.join(brick1, 'a'))).toBe('646566');

    expect((await h.getfattr('/a', 'trusted.def')).exit).not.toBe(0);
    expect(hasXattr(path.join(brick0, 'a'), 'trusted.def')).toBe(false);
    expect(hasXattr(path.join(brick1, 'a'), 'trusted.def')).toBe(false);
  });

  it('split-brain and iatt mismatch without changelog: full heal heals c, leaves b in split-brain', async () => {
    await h.TEST('volume', 'set', V0, 'cluster.self-heal-daemon', 'off');
    await h.fsOk('touch', h.M0('/b'));
    await h.fsOk('touch', h.M0('/c'));
    await h.kill_brick(V0, brick0);
    await h.fsOk('chmod', '777', h.M0('/b'));
    await h.fsOk('chmod', '777', h.M0('/c'));
    await h.TEST('volume', 'start', V0, 'force');
    await h.kill_brick(V0, brick1);
    await h.fsOk('chown', '100:100', h.M0('/b'));
    await h.fsOk('chown', '100:100', h.M0('/c'));
    await h.TEST('volume', 'stop', V0);
    setfattrRemove(path.join(brick1, 'c'), `trusted.afr.${V0}-client-0`);
    setfattrRemove(path.join(brick0, 'c'), `trusted.afr.${V0}-client-1`);
    await h.TEST('volume', 'set', V0, 'cluster.self-heal-daemon', 'on');
    await h.TEST('volume', 'start', V0, 'force');
    await h.TEST('volume', 'heal', V0, 'full');
    expect(print_pending_heals(is_heal_done, ['c'])).toBe('~');
    expect(is_heal_done('b')).toBe('N');
  });
});
