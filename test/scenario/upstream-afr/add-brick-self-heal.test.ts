// Port of GlusterFS 10.3 tests/basic/afr/add-brick-self-heal.t (and its granular-entry-heal-off
// sibling add-brick-self-heal-non-granular.t): a replica 2 volume with five files and a user
// xattr grows to replica 3. The old bricks' root accuses the new brick (metadata and entry, plus
// the full-crawl data count with granular entry heal) and the new brick's root is dirty; the new
// brick is then made to accuse the old ones (the .t's data-loss simulation), and a heal still
// copies everything to it and deletes nothing.
//
// The .t waits for the self-heal daemon after `self-heal-daemon on`; here `volume heal` heals in
// the command.
import * as fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { get_hex_xattr, get_text_xattr, Harness, setfattr } from './harness.js';

const V0 = 'patchy';
const ZERO = '000000000000000000000000';
const harnesses: Harness[] = [];
afterAll(async () => {
  for (const h of harnesses) await h.cleanup();
});

async function addBrickSelfHeal(granular: boolean, oldMark: string): Promise<void> {
  const h = new Harness(granular ? 'add-brick-sh' : 'add-brick-sh-ng');
  harnesses.push(h);
  const B = (i: number) => h.b(`${V0}${i}`);
  await h.TEST('volume', 'create', V0, 'replica', '2', h.brick(`${V0}0`), h.brick(`${V0}1`));
  expect(await h.volinfo_field(V0, 'Status')).toBe('Created');
  if (!granular) await h.TEST('volume', 'set', V0, 'cluster.granular-entry-heal', 'off');
  await h.TEST('volume', 'start', V0);
  expect(await h.volinfo_field(V0, 'Status')).toBe('Started');
  await h.volume_set(V0, { 'cluster.data-self-heal': 'off', 'cluster.metadata-self-heal': 'off', 'cluster.entry-self-heal': 'off', 'cluster.heal-timeout': '5', 'self-heal-daemon': 'off' });

  for (let i = 1; i <= 5; i++) await h.echo(`/file${i}.txt`, String(i));
  await h.fsOk('setfattr', '-n', 'user.test', '-v', 'qwerty', h.M0('/file5.txt'));

  await h.TEST('volume', 'add-brick', V0, 'replica', '3', h.brick(`${V0}2`));
  expect(await h.brick_up_status(V0, B(2))).toBe('1');

  // New-brick should accuse the old-bricks (Simulating case for data-loss)
  setfattr(`${B(2)}/`, `trusted.afr.${V0}-client-0`, '0x000000000000000000000001');
  setfattr(`${B(2)}/`, `trusted.afr.${V0}-client-1`, '0x000000000000000000000001');

  // Check if pending xattr and dirty-xattr are set for newly-added-brick
  expect(get_hex_xattr(`trusted.afr.${V0}-client-2`, B(0))).toBe(oldMark);
  expect(get_hex_xattr(`trusted.afr.${V0}-client-2`, B(1))).toBe(oldMark);
  expect(get_hex_xattr('trusted.afr.dirty', B(2))).toBe('000000000000000000000001');

  await h.TEST('volume', 'set', V0, 'self-heal-daemon', 'on');
  await h.TEST('volume', 'heal', V0);
  expect(await h.get_pending_heal_count(V0)).toBe(0);

  // Check if entry-heal has happened
  const ls = (b: string) => fs.readdirSync(b).sort();
  expect(ls(B(2))).toEqual(ls(B(0)));
  expect(ls(B(2))).toEqual(ls(B(1)));
  // Test if data was healed
  expect(fs.readFileSync(`${B(2)}/file1.txt`)).toEqual(fs.readFileSync(`${B(0)}/file1.txt`));
  // Test if metadata was healed and exists on both the bricks
  expect(get_text_xattr('user.test', `${B(2)}/file5.txt`)).toBe('qwerty');
  expect(get_text_xattr('user.test', `${B(0)}/file5.txt`)).toBe('qwerty');

  expect(get_hex_xattr(`trusted.afr.${V0}-client-2`, B(0))).toBe(ZERO);
  expect(get_hex_xattr(`trusted.afr.${V0}-client-2`, B(1))).toBe(ZERO);
  expect(get_hex_xattr('trusted.afr.dirty', B(2))).toBe(ZERO);
}

describe('tests/basic/afr/add-brick-self-heal.t', () => {
  it('replica 2 -> 3: marks with the full-crawl count, heal fills the new brick', () => addBrickSelfHeal(true, '000000010000000100000001'));
});

describe('tests/basic/afr/add-brick-self-heal-non-granular.t', () => {
  it('granular entry heal off: marks without the full-crawl count, heal fills the new brick', () =>
    addBrickSelfHeal(false, '000000000000000100000001'));
});
