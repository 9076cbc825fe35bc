// Ports of GlusterFS 10.3 tests/basic/afr/replace-brick-self-heal.t and
// tests/bugs/replicate/bug-1266876-allow-reset-brick-for-same-path.t: a replica 2 brick replaced by
// an empty one (replace-brick commit force) or reset in place (reset-brick start, its files gone
// as if the disk were swapped, commit force). The surviving brick accuses the new one, whose root
// is dirty; even when the new brick is made to accuse the survivor (the .t's data-loss
// simulation), heal copies everything to it and nothing is lost; names written while the brick was
// reset come back to it.
//
// The .t waits for the self-heal daemon; here `volume heal` heals in the command.
import * as fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { get_hex_xattr, get_text_xattr, Harness, setfattr } from './harness.js';

const V0 = 'patchy';
const harnesses: Harness[] = [];
afterAll(async () => {
  for (const h of harnesses) await h.cleanup();
});
const ls = (b: string) => fs.readdirSync(b).filter((n) => !n.startsWith('.glusterfs')).sort();

async function replica2(tag: string): Promise<Harness> {
  const h = new Harness(tag);
  harnesses.push(h);
  await h.TEST('volume', 'create', V0, 'replica', '2', h.brick(`${V0}0`), h.brick(`${V0}1`));
  await h.TEST('volume', 'start', V0);
  return h;
}

describe('tests/basic/afr/replace-brick-self-heal.t', () => {
  it('the replaced brick is accused, marked dirty, and healed without loss', async () => {
    const h = await replica2('replace-brick-sh');
    const B = (n: string) => h.b(`${V0}${n}`);
    await h.volume_set(V0, { 'cluster.data-self-heal': 'off', 'cluster.metadata-self-heal': 'off', 'cluster.entry-self-heal': 'off', 'cluster.heal-timeout': '5', 'self-heal-daemon': 'off' });
    for (let i = 1; i <= 5; i++) await h.echo(`/file${i}.txt`, String(i));
    await h.fsOk('setfattr', '-n', 'user.test', '-v', 'qwerty', h.M0('/file5.txt'));

    await h.TEST('volume', 'replace-brick', V0, h.brick(`${V0}1`), h.brick(`${V0}1_new`), 'commit', 'force');
    // Replaced-brick should accuse the non-replaced-brick (Simulating case for data-loss)
    setfattr(`${B('1_new')}/`, `trusted.afr.${V0}-client-0`, '0x000000000000000000000001');
    expect(get_hex_xattr(`trusted.afr.${V0}-client-1`, B('0'))).toBe('000000010000000100000001');
    expect(get_hex_xattr('trusted.afr.dirty', B('1_new'))).toBe('000000000000000000000001');

    await h.TEST('volume', 'set', V0, 'self-heal-daemon', 'on');
    await h.TEST('volume', 'heal', V0);
    expect(await h.get_pending_heal_count(V0)).toBe(0);

    expect(ls(B('1_new'))).toEqual(ls(B('0')));
    // To make sure that files were not lost from brick0
    expect(ls(B('1'))).toEqual(ls(B('0')));
    expect(get_hex_xattr(`trusted.afr.${V0}-client-1`, B('0'))).toBe('000000000000000000000000');
    expect(fs.readFileSync(`${B('1_new')}/file1.txt`)).toEqual(fs.readFileSync(`${B('0')}/file1.txt`));
    expect(fs.readFileSync(`${B('1')}/file1.txt`)).toEqual(fs.readFileSync(`${B('0')}/file1.txt`));
    expect(get_text_xattr('user.test', `${B('1_new')}/file5.txt`)).toBe('qwerty');
    expect(get_text_xattr('user.test', `${B('0')}/file5.txt`)).toBe('qwerty');
  });
});

describe('tests/bugs/replicate/bug-1266876-allow-reset-brick-for-same-path.t', () => {
  it('reset-brick of the same path: refused while up or without force, then healed back to ten files', async () => {
    const h = await replica2('reset-brick-same');
    const B = (n: string) => h.b(`${V0}${n}`);
    for (let i = 1; i <= 5; i++) await h.echo(`/file${i}.txt`, String(i));

    // Negative case with brick not killed && volume-id xattrs present
    await h.TEST_NOT('volume', 'reset-brick', V0, h.brick(`${V0}1`), h.brick(`${V0}1`), 'commit', 'force');
    await h.kill_brick(V0, B('1'));
    // Negative case with brick killed but volume-id xattr present
    await h.TEST_NOT('volume', 'reset-brick', V0, h.brick(`${V0}1`), h.brick(`${V0}1`), 'commit');

    await h.TEST('volume', 'reset-brick', V0, h.brick(`${V0}1`), 'start');
    // Simulated reset disk
    for (let i = 1; i <= 5; i++) fs.rmSync(`${B('1')}/file${i}.txt`, { force: true });
    for (let i = 6; i <= 10; i++) await h.echo(`/file${i}.txt`, String(i));

    await h.TEST('volume', 'reset-brick', V0, h.brick(`${V0}1`), h.brick(`${V0}1`), 'commit', 'force');
    expect(await h.brick_up_status(V0, B('1'))).toBe('1');
    await h.TEST('volume', 'heal', V0);
    expect(await h.get_pending_heal_count(V0)).toBe(0);
    expect(ls(B('1'))).toEqual(ls(B('0')));
    expect(ls(B('1'))).toHaveLength(10);
  });
});
