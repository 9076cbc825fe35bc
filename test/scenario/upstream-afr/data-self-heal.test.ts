// Port of GlusterFS 10.3 tests/basic/afr/data-self-heal.t: the decision table of data self-heal
// on replica 2. Each file gets different contents written straight onto brick0 and brick1 and
// changelog/dirty xattrs set by hand; an index entry is planted for every file that is not in
// split-brain, and one `volume heal` must heal all of those (equal sizes, every trusted.afr.*
// zero) from the source the table names (the blamed-by-other changelog, the bigger file when no
// copy is blamed, the larger blame, ...), while the three split-brain files stay unhealed and
// unreadable through the mount.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create_brick_xattrop_entry, Harness, is_file_heal_done, print_pending_heals, setfattr } from './harness.js';

let h: Harness;
let brick0: string;
let brick1: string;
const V0 = 'patchy';
const ALL = [
  'pending-changelog',
  'biggest-file-source.txt',
  'biggest-file-more-prio-than-changelog.txt',
  'same-size-more-prio-to-changelog.txt',
  'size-and-witness-same.txt',
  'self-accusing-vs-source.txt',
  'self-accusing-both.txt',
  'self-accusing-vs-innocent.txt',
  'self-accusing-bigger-exists.txt',
  'size-more-prio-than-self-accused.txt',
  'v1-dirty.txt',
  'split-brain.txt',
  'split-brain-all-dirty.txt',
  'split-brain-with-dirty.txt',
];
const HEALABLE = ALL.slice(0, 11);

/** `echo TEXT > $B0/brickN/FILE`: written on the brick itself, the same inode truncated. */
const echoOnBrick = (brick: string, file: string, text: string) => fs.writeFileSync(path.join(brick, file), `${text}\n`);
const afr = (brick: string, file: string, key: string, hex: string) => setfattr(path.join(brick, file), key, hex);
const CLIENT0 = `trusted.afr.${V0}-client-0`;
const CLIENT1 = `trusted.afr.${V0}-client-1`;
const DIRTY = 'trusted.afr.dirty';
const is_heal_done = (f: string) => is_file_heal_done(V0, brick0, brick1, f);
/** TEST cmp $B0/brick0/F $B0/brick1/F */
const cmp = (f: string) => expect(fs.readFileSync(path.join(brick0, f)).equals(fs.readFileSync(path.join(brick1, f))), `cmp ${f}`).toBe(true);

beforeAll(async () => {
  h = new Harness('data-self-heal');
  brick0 = h.b('brick0');
  brick1 = h.b('brick1');
  await h.TEST('volume', 'create', V0, 'replica', '2', h.brick('brick0'), h.brick('brick1'));
  await h.TEST('volume', 'set', V0, 'cluster.background-self-heal-count', '0');
  for (const o of ['write-behind', 'read-ahead', 'io-cache', 'stat-prefetch', 'quick-read', 'open-behind']) {
    await h.TEST('volume', 'set', V0, `performance.${o}`, 'off');
  }
  await h.TEST('volume', 'start', V0);
});
afterAll(() => h?.cleanup());

describe('tests/basic/afr/data-self-heal.t', () => {
  it('the table of copies and changelogs is set up on the bricks, with index entries planted', async () => {
    await h.fsOk('touch', ...ALL.map((f) => h.M0(`/${f}`)));

    afr(brick0, 'pending-changelog', CLIENT1, '0x000000010000000000000000');
    echoOnBrick(brick1, 'pending-changelog', 'abc');

    echoOnBrick(brick0, 'biggest-file-source.txt', 'abc');
    echoOnBrick(brick1, 'biggest-file-source.txt', 'abcd');

    echoOnBrick(brick0, 'biggest-file-more-prio-than-changelog.txt', 'abc');
    echoOnBrick(brick1, 'biggest-file-more-prio-than-changelog.txt', 'abcd');
    afr(brick0, 'biggest-file-more-prio-than-changelog.txt', DIRTY, '0x000000200000000000000000');

    echoOnBrick(brick0, 'same-size-more-prio-to-changelog.txt', 'abc');
    echoOnBrick(brick1, 'same-size-more-prio-to-changelog.txt', 'def');
    afr(brick0, 'same-size-more-prio-to-changelog.txt', DIRTY, '0x000000200000000000000000');

    echoOnBrick(brick0, 'size-and-witness-same.txt', 'abc');
    echoOnBrick(brick1, 'size-and-witness-same.txt', 'def');
    afr(brick0, 'size-and-witness-same.txt', DIRTY, '0x000000200000000000000000');
    afr(brick1, 'size-and-witness-same.txt', DIRTY, '0x000000200000000000000000');

    echoOnBrick(brick0, 'split-brain.txt', 'abc');
    echoOnBrick(brick1, 'split-brain.txt', 'def');
    afr(brick0, 'split-brain.txt', CLIENT1, '0x000000200000000000000000');
    afr(brick1, 'split-brain.txt', CLIENT0, '0x000000200000000000000000');

    echoOnBrick(brick0, 'split-brain-all-dirty.txt', 'abc');
    echoOnBrick(brick1, 'split-brain-all-dirty.txt', 'def');
    afr(brick0, 'split-brain-all-dirty.txt', CLIENT1, '0x000000200000000000000000');
    afr(brick1, 'split-brain-all-dirty.txt', CLIENT0, '0x000000200000000000000000');
    afr(brick0, 'split-brain-all-dirty.txt', DIRTY, '0x000000200000000000000000');
    afr(brick1, 'split-brain-all-dirty.txt', DIRTY, '0x000000200000000000000000');

    echoOnBrick(brick0, 'split-brain-with-dirty.txt', 'abc');
    echoOnBrick(brick1, 'split-brain-with-dirty.txt', 'def');
    afr(brick0, 'split-brain-with-dirty.txt', CLIENT1, '0x000000200000000000000000');
    afr(brick1, 'split-brain-with-dirty.txt', CLIENT0, '0x000000200000000000000000');
    afr(brick1, 'split-brain-with-dirty.txt', DIRTY, '0x000000200000000000000000');

    echoOnBrick(brick1, 'self-accusing-vs-source.txt', 'def');
    echoOnBrick(brick0, 'self-accusing-vs-source.txt', 'abc');
    afr(brick1, 'self-accusing-vs-source.txt', CLIENT0, '0x000000200000000000000000');
    afr(brick1, 'self-accusing-vs-source.txt', CLIENT1, '0x000000200000000000000000');
    afr(brick0, 'self-accusing-vs-source.txt', CLIENT1, '0x000000200000000000000000');

    echoOnBrick(brick0, 'self-accusing-both.txt', 'abc');
    echoOnBrick(brick1, 'self-accusing-both.txt', 'def');
    afr(brick0, 'self-accusing-both.txt', CLIENT0, '0x000000200000000000000000');
    afr(brick0, 'self-accusing-both.txt', CLIENT1, '0x000000200000000000000000');
    afr(brick1, 'self-accusing-both.txt', CLIENT0, '0x000000200000000000000000');
    afr(brick1, 'self-accusing-both.txt', CLIENT1, '0x000000200000000000000000');

    echoOnBrick(brick0, 'self-accusing-vs-innocent.txt', 'abc');
    echoOnBrick(brick1, 'self-accusing-vs-innocent.txt', 'def');
    afr(brick1, 'self-accusing-vs-innocent.txt', CLIENT1, '0x000000200000000000000000');

    echoOnBrick(brick0, 'self-accusing-bigger-exists.txt', 'abc');
    echoOnBrick(brick1, 'self-accusing-bigger-exists.txt', 'def');
    afr(brick0, 'self-accusing-bigger-exists.txt', CLIENT0, '0x000000200000000000000000');
    afr(brick0, 'self-accusing-bigger-exists.txt', CLIENT1, '0x000000300000000000000000');
    afr(brick1, 'self-accusing-bigger-exists.txt', CLIENT0, '0x000000200000000000000000');
    afr(brick1, 'self-accusing-bigger-exists.txt', CLIENT1, '0x000000200000000000000000');

    echoOnBrick(brick0, 'size-more-prio-than-self-accused.txt', 'abc');
    echoOnBrick(brick1, 'size-more-prio-than-self-accused.txt', 'defg');
    afr(brick0, 'size-more-prio-than-self-accused.txt', CLIENT0, '0x000000200000000000000000');
    afr(brick0, 'size-more-prio-than-self-accused.txt', CLIENT1, '0x000000300000000000000000');
    afr(brick1, 'size-more-prio-than-self-accused.txt', CLIENT0, '0x000000200000000000000000');
    afr(brick1, 'size-more-prio-than-self-accused.txt', CLIENT1, '0x000000200000000000000000');

    echoOnBrick(brick0, 'v1-dirty.txt', 'abc');
    echoOnBrick(brick1, 'v1-dirty.txt', 'def');
    afr(brick0, 'v1-dirty.txt', CLIENT0, '0x000000200000000000000000');
    afr(brick1, 'v1-dirty.txt', CLIENT1, '0x000000100000000000000000');

    // create_xattrop_entry: gfid hard links for all (healable) files, on both bricks.
    create_brick_xattrop_entry(brick0, ...HEALABLE);
    create_brick_xattrop_entry(brick1, ...HEALABLE);
  });

  it('one index heal heals every file not in split-brain, and leaves the split-brains alone', async () => {
    await h.TEST('volume', 'heal', V0);
    expect(print_pending_heals(is_heal_done, HEALABLE)).toBe('~');
    expect(is_heal_done('split-brain.txt')).toBe('N');
    expect(is_heal_done('split-brain-all-dirty.txt')).toBe('N');
    expect(is_heal_done('split-brain-with-dirty.txt')).toBe('N');
  });

  it('each file was healed from the copy the table names', async () => {
    expect((await h.stat('/pending-changelog')).stat?.size).toBe(0);
    cmp('pending-changelog');

    expect((await h.cat('/biggest-file-source.txt')).stdout).toBe('abcd\n');
    cmp('biggest-file-source.txt');

    expect((await h.cat('/biggest-file-more-prio-than-changelog.txt')).stdout).toBe('abcd\n');
    cmp('biggest-file-more-prio-than-changelog.txt');

    expect((await h.cat('/same-size-more-prio-to-changelog.txt')).stdout).toBe('abc\n');
    cmp('same-size-more-prio-to-changelog.txt');

    expect((await h.cat('/size-and-witness-same.txt')).stdout).toMatch(/^(abc|def)\n$/);
    cmp('size-and-witness-same.txt');

    expect((await h.cat('/split-brain.txt')).exit).not.toBe(0);
    expect((await h.cat('/split-brain-all-dirty.txt')).exit).not.toBe(0);
    expect((await h.cat('/split-brain-with-dirty.txt')).exit).not.toBe(0);

    expect((await h.cat('/self-accusing-vs-source.txt')).stdout).toBe('abc\n');
    cmp('self-accusing-vs-source.txt');

    expect((await h.cat('/self-accusing-both.txt')).stdout).toMatch(/^(abc|def)\n$/);
    cmp('self-accusing-both.txt');

    expect((await h.cat('/self-accusing-vs-innocent.txt')).stdout).toBe('def\n');
    cmp('self-accusing-vs-innocent.txt');

    expect((await h.cat('/self-accusing-bigger-exists.txt')).stdout).toBe('abc\n');
    cmp('self-accusing-bigger-exists.txt');

    expect((await h.cat('/size-more-prio-than-self-accused.txt')).stdout).toBe('defg\n');
    cmp('size-more-prio-than-self-accused.txt');

    expect((await h.cat('/v1-dirty.txt')).stdout).toBe('abc\n');
    cmp('v1-dirty.txt');
  });
});
