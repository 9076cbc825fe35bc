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
import { CLIENT0, CLIENT1, create_brick_xattrop_entry, DIRTY, Harness, is_file_heal_done, print_pending_heals, setfattr } from './harness.js';

let h: Harness;
let brick0: string;
let brick1: string;
const V0 = 'patchy';

/** A changelog value as the .t writes it: N data operations pending (metadata and entry 0). */
const data = (n: number) => `0x${n.toString(16).padStart(8, '0')}${'0'.repeat(16)}`;

/**
 * One row of the .t's table: `echo TEXT > $B0/brickN/FILE` onto the copies it writes (the same
 * inode truncated), `setfattr -n KEY -v VALUE $B0/brickN/FILE` for each changelog it sets (in
 * its order), and what the mount must read after the heal: the text (a pattern where either copy
 * may win), the size, or EIO for a split-brain.
 */
interface Row {
  file: string;
  brick0?: string;
  brick1?: string;
  setfattr: [brick: 0 | 1, key: string, value: string][];
  healed: string | RegExp | { size: number } | 'EIO';
}
const TABLE: Row[] = [
  { file: 'pending-changelog', brick1: 'abc', setfattr: [[0, CLIENT1, data(1)]], healed: { size: 0 } },
  { file: 'biggest-file-source.txt', brick0: 'abc', brick1: 'abcd', setfattr: [], healed: 'abcd\n' },
  { file: 'biggest-file-more-prio-than-changelog.txt', brick0: 'abc', brick1: 'abcd', setfattr: [[0, DIRTY, data(0x20)]], healed: 'abcd\n' },
  { file: 'same-size-more-prio-to-changelog.txt', brick0: 'abc', brick1: 'def', setfattr: [[0, DIRTY, data(0x20)]], healed: 'abc\n' },
  { file: 'size-and-witness-same.txt', brick0: 'abc', brick1: 'def', setfattr: [[0, DIRTY, data(0x20)], [1, DIRTY, data(0x20)]], healed: /^(abc|def)\n$/ },
  { file: 'split-brain.txt', brick0: 'abc', brick1: 'def', setfattr: [[0, CLIENT1, data(0x20)], [1, CLIENT0, data(0x20)]], healed: 'EIO' },
  {
    file: 'split-brain-all-dirty.txt', brick0: 'abc', brick1: 'def',
    setfattr: [[0, CLIENT1, data(0x20)], [1, CLIENT0, data(0x20)], [0, DIRTY, data(0x20)], [1, DIRTY, data(0x20)]],
    healed: 'EIO',
  },
  {
    file: 'split-brain-with-dirty.txt', brick0: 'abc', brick1: 'def',
    setfattr: [[0, CLIENT1, data(0x20)], [1, CLIENT0, data(0x20)], [1, DIRTY, data(0x20)]],
    healed: 'EIO',
  },
  {
    file: 'self-accusing-vs-source.txt', brick0: 'abc', brick1: 'def',
    setfattr: [[1, CLIENT0, data(0x20)], [1, CLIENT1, data(0x20)], [0, CLIENT1, data(0x20)]],
    healed: 'abc\n',
  },
  {
    file: 'self-accusing-both.txt', brick0: 'abc', brick1: 'def',
    setfattr: [[0, CLIENT0, data(0x20)], [0, CLIENT1, data(0x20)], [1, CLIENT0, data(0x20)], [1, CLIENT1, data(0x20)]],
    healed: /^(abc|def)\n$/,
  },
  { file: 'self-accusing-vs-innocent.txt', brick0: 'abc', brick1: 'def', setfattr: [[1, CLIENT1, data(0x20)]], healed: 'def\n' },
  {
    file: 'self-accusing-bigger-exists.txt', brick0: 'abc', brick1: 'def',
    setfattr: [[0, CLIENT0, data(0x20)], [0, CLIENT1, data(0x30)], [1, CLIENT0, data(0x20)], [1, CLIENT1, data(0x20)]],
    healed: 'abc\n',
  },
  {
    file: 'size-more-prio-than-self-accused.txt', brick0: 'abc', brick1: 'defg',
    setfattr: [[0, CLIENT0, data(0x20)], [0, CLIENT1, data(0x30)], [1, CLIENT0, data(0x20)], [1, CLIENT1, data(0x20)]],
    healed: 'defg\n',
  },
  { file: 'v1-dirty.txt', brick0: 'abc', brick1: 'def', setfattr: [[0, CLIENT0, data(0x20)], [1, CLIENT1, data(0x10)]], healed: 'abc\n' },
];
const ALL = TABLE.map((r) => r.file);
const HEALABLE = TABLE.filter((r) => r.healed !== 'EIO').map((r) => r.file);
const SPLIT_BRAINS = TABLE.filter((r) => r.healed === 'EIO').map((r) => r.file);

const onBrick = (brick: 0 | 1, file: string) => path.join(brick === 0 ? brick0 : brick1, file);
/** `echo TEXT > $B0/brickN/FILE`: written on the brick itself, the same inode truncated. */
const echoOnBrick = (brick: 0 | 1, file: string, text: string | undefined) => {
  if (text !== undefined) fs.writeFileSync(onBrick(brick, file), `${text}\n`);
};
const is_heal_done = (f: string) => is_file_heal_done(V0, brick0, brick1, f);
/** TEST cmp $B0/brick0/F $B0/brick1/F */
const cmp = (f: string) => expect(fs.readFileSync(onBrick(0, f)).equals(fs.readFileSync(onBrick(1, f))), `cmp ${f}`).toBe(true);

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

    for (const row of TABLE) {
      echoOnBrick(0, row.file, row.brick0);
      echoOnBrick(1, row.file, row.brick1);
      for (const [brick, key, value] of row.setfattr) setfattr(onBrick(brick, row.file), key, value);
    }

    // create_xattrop_entry: gfid hard links for all (healable) files, on both bricks.
    create_brick_xattrop_entry(brick0, ...HEALABLE);
    create_brick_xattrop_entry(brick1, ...HEALABLE);
  });

  it('one index heal heals every file not in split-brain, and leaves the split-brains alone', async () => {
    await h.TEST('volume', 'heal', V0);
    expect(print_pending_heals(is_heal_done, HEALABLE)).toBe('~');
    for (const f of SPLIT_BRAINS) expect(is_heal_done(f), f).toBe('N');
  });

  it('each file was healed from the copy the table names', async () => {
    for (const { file, healed } of TABLE) {
      if (healed === 'EIO') {
        expect((await h.cat(`/${file}`)).exit, `cat ${file}`).not.toBe(0);
        continue;
      }
      if (healed instanceof RegExp) expect((await h.cat(`/${file}`)).stdout, `cat ${file}`).toMatch(healed);
      else if (typeof healed === 'string') expect((await h.cat(`/${file}`)).stdout, `cat ${file}`).toBe(healed);
      else expect((await h.stat(`/${file}`)).stat?.size, `stat ${file}`).toBe(healed.size);
      cmp(file);
    }
  });
});
