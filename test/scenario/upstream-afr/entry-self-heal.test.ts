// Port of GlusterFS 10.3 tests/basic/afr/entry-self-heal.t: entry self-heal of directories on
// replica 2 (self-heal daemon off, client-side data/metadata/entry heal on), each case twice: a
// `_me` directory healed when the mount looks its entries up (missing-entry heal on access) and a
// `_heal` directory healed by `volume heal`. Cases: entry split-brain (conservative merge; a name
// whose gfids differ gives EIO), "fool" (dirty on both copies, no blame), v1 fool and v1 dirty
// (self-accusing without blame), entries created and deleted on the source (fifos, block and
// char devices, files, symlinks, nested directories: deletions must propagate, creations keep
// type, mode, owner and device numbers), and a source whose sink accuses itself. Changelogs are
// edited on the bricks between a volume stop and start; at the end the xattrop indices are
// wiped, index entries planted for three directories, and after `volume heal` every directory
// must list the same names on both bricks with every changelog at zero.
//
// Not ported: the mount option --use-readdirp=no (tgluster has no mount; every `tgluster fs`
// command is a fresh client with no readdirp cache to disable). The major/minor numbers are
// checked on the bricks, as the .t does; the mount side of get_file_type compares the rest
// (mode, type, owner), since the client's iatt carries no rdev.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLIENT0,
  CLIENT1,
  create_brick_xattrop_entry,
  DIRTY,
  exists,
  Harness,
  heal_status,
  HEALED_DIR_STATUS,
  is_dir_heal_done,
  print_pending_heals,
  setfattr,
  setfattrRemove,
  typeWords,
} from './harness.js';

let h: Harness;
let b0: string;
let b1: string;
const V0 = 'patchy';

const onBrick = (brick: string, rel: string) => path.join(brick, rel);
/** A setfattr line of the .t without TEST: its failure is not checked. */
function quietly(fn: () => void): void {
  try {
    fn();
  } catch {
    // as the .t: not a TEST line
  }
}
/** `stat -c "%a:%F:%g:%t:%T:%u"` of an object on a brick. */
function get_file_type(p: string): string {
  const st = fs.lstatSync(p);
  const major = (st.rdev >> 8) & 0xfff;
  const minor = (st.rdev & 0xff) | ((st.rdev >> 12) & 0xfff00);
  return `${(st.mode & 0o7777).toString(8)}:${typeWords(st.mode, st.size)}:${st.gid}:${major.toString(16)}:${minor.toString(16)}:${st.uid}`;
}
/** The same through the mount, without %t:%T (see the header). */
async function mountFileType(rel: string): Promise<string> {
  const st = await h.mlstat(`/${rel}`);
  return `${(st.mode & 0o7777).toString(8)}:${typeWords(st.mode, st.size)}:${st.gid}:${st.uid}`;
}
const withoutDev = (t: string) => t.split(':').filter((_, i) => i !== 3 && i !== 4).join(':');
/** `stat -c "%t %T"` of a device on a brick. */
function majorMinor(p: string): string {
  const rdev = fs.lstatSync(p).rdev;
  return `${((rdev >> 8) & 0xfff).toString(16)} ${((rdev & 0xff) | ((rdev >> 12) & 0xfff00)).toString(16)}`;
}
const mstatOk = async (rel: string) => (await h.stat(`/${rel}`)).exit === 0;

/** mkfifo, mknod b 4 5, mknod c 1 5, touch, ln -s, mkdir, mkdir: one directory's population. */
async function populate(dir: string): Promise<void> {
  await h.fsOk('mkfifo', h.M0(`/${dir}/fifo`));
  await h.mknod(`/${dir}/block`, 'b', 4, 5);
  await h.mknod(`/${dir}/char`, 'c', 1, 5);
  await h.fsOk('touch', h.M0(`/${dir}/file`));
  await h.fsOk('ln', '-s', `${dir}/file`, h.M0(`/${dir}/slink`));
  await h.fsOk('mkdir', h.M0(`/${dir}/dir1`));
  await h.fsOk('mkdir', h.M0(`/${dir}/dir1/dir2`));
}
const POPULATION = ['fifo', 'block', 'char', 'file', 'slink', 'dir1'];

/** Every case's directory, in the order the .t looks them up after the brick restart. */
const DIRS = [
  'spb_heal',
  'spb_me_heal',
  'fool_heal',
  'fool_me',
  'v1_fool_heal',
  'v1_fool_me',
  'source_deletions_heal',
  'source_deletions_me',
  'source_self_accusing',
  'source_creations_heal',
  'source_creations_me',
  'v1_dirty_heal',
  'v1_dirty_me',
];

beforeAll(async () => {
  h = new Harness('entry-self-heal');
  b0 = h.b(`${V0}0`);
  b1 = h.b(`${V0}1`);
  await h.TEST('volume', 'create', V0, 'replica', '2', h.brick(`${V0}0`), h.brick(`${V0}1`));
  await h.TEST('volume', 'set', V0, 'self-heal-daemon', 'off');
  for (const o of ['write-behind', 'read-ahead', 'readdir-ahead', 'open-behind', 'stat-prefetch', 'io-cache', 'quick-read']) {
    await h.TEST('volume', 'set', V0, `performance.${o}`, 'off');
  }
  await h.volume_set(V0, { 'cluster.data-self-heal': 'on', 'cluster.metadata-self-heal': 'on', 'cluster.entry-self-heal': 'on' });
  await h.TEST('volume', 'start', V0);
});
afterAll(() => h?.cleanup());

describe('tests/basic/afr/entry-self-heal.t', () => {
  it('the directories of every case are made, and changed while one brick and then the other is down', async () => {
    await h.fsOk(
      'mkdir',
      ...[
        'spb_heal',
        'spb',
        'spb_me_heal',
        'spb_me',
        'fool_heal',
        'fool_me',
        'v1_fool_heal',
        'v1_fool_me',
        'source_creations_heal',
        'source_deletions_heal',
        'source_creations_me',
        'source_deletions_me',
        'v1_dirty_me',
        'v1_dirty_heal',
        'source_self_accusing',
      ].map((d) => h.M0(`/${d}`)),
    );
    await populate('source_deletions_heal');
    await populate('source_deletions_me');
    await populate('source_self_accusing');

    await h.kill_brick(V0, b0);

    await h.fsOk(
      'touch',
      ...['spb_heal/0', 'spb/0', 'spb_me_heal/0', 'spb_me/0', 'fool_heal/0', 'fool_me/0', 'v1_fool_heal/0', 'v1_fool_me/0', 'v1_dirty_heal/0', 'v1_dirty_me/0'].map(
        (f) => h.M0(`/${f}`),
      ),
    );
    for (const d of ['source_deletions_heal', 'source_deletions_me', 'source_self_accusing']) {
      await h.fsOk('rm', '-rf', ...POPULATION.map((n) => h.M0(`/${d}/${n}`)));
    }

    // Test that the files are deleted
    for (const d of ['source_deletions_heal', 'source_deletions_me', 'source_self_accusing']) {
      for (const n of POPULATION) expect(exists(onBrick(b1, `${d}/${n}`)), `${d}/${n} on brick1`).toBe(false);
    }

    await populate('source_creations_heal');
    await populate('source_creations_me');

    await h.CLI('volume', 'stop', V0);

    // simulate fool fool scenario for fool_* dirs
    for (const d of ['fool_heal', 'fool_me']) quietly(() => setfattrRemove(onBrick(b1, d), CLIENT0));
    for (const d of ['fool_heal', 'fool_me']) quietly(() => setfattr(onBrick(b1, d), DIRTY, '0x000000000000000000000001'));
    for (const d of ['v1_fool_heal', 'v1_fool_me']) quietly(() => setfattr(onBrick(b1, d), CLIENT1, '0x000000000000000000000001'));

    // Simulate v1-dirty(self-accusing but no pending ops on others) scenario for v1-dirty
    for (const d of ['v1_dirty_heal', 'v1_dirty_me']) quietly(() => setfattrRemove(onBrick(b1, d), CLIENT0));
    for (const d of ['v1_dirty_heal', 'v1_dirty_me']) quietly(() => setfattr(onBrick(b1, d), CLIENT1, '0x000000000000000000000001'));

    await h.CLI('volume', 'start', V0, 'force');
    await h.kill_brick(V0, b1);

    await h.fsOk(
      'touch',
      ...['spb_heal/1', 'spb/0', 'spb_me_heal/1', 'spb_me/0', 'fool_heal/1', 'fool_me/1', 'v1_fool_heal/1', 'v1_fool_me/1'].map((f) => h.M0(`/${f}`)),
    );

    await h.CLI('volume', 'stop', V0);

    // simulate fool fool scenario for fool_* dirs
    for (const d of ['fool_heal', 'fool_me']) quietly(() => setfattrRemove(onBrick(b0, d), CLIENT1));
    for (const d of ['fool_heal', 'fool_me']) quietly(() => setfattr(onBrick(b1, d), DIRTY, '0x000000000000000000000001'));
    for (const d of ['v1_fool_heal', 'v1_fool_me']) quietly(() => setfattr(onBrick(b1, d), CLIENT0, '0x000000000000000000000001'));

    // simulate self-accusing for source_self_accusing
    setfattr(onBrick(b0, 'source_self_accusing'), CLIENT0, '0x000000000000000000000006');

    await h.CLI('volume', 'start', V0, 'force');
  });

  // The three `_me` checks below are AFR's name heal on lookup: a name missing on a brick is
  // made, a stale one deleted, when the mount looks it up, per the parent's changelog.
  it('_me dirs: conservative merges happen when the mount looks the entries up', async () => {
    for (const f of ['spb_me_heal/1', 'spb_me_heal/0', 'fool_me/1', 'fool_me/0', 'v1_fool_me/0', 'v1_fool_me/1', 'v1_dirty_me/0']) {
      expect(await mstatOk(f), `stat ${f}`).toBe(true);
      expect(exists(onBrick(b0, f)), `${f} on brick0`).toBe(true);
      expect(exists(onBrick(b1, f)), `${f} on brick1`).toBe(true);
    }
  });

  it('_me dirs: a name with different gfids gives EIO', async () => {
    const r = await h.stat('/spb_me/0');
    expect(r.exit).not.toBe(0);
  });

  it('_me dirs: stale entries are deleted on access', async () => {
    for (const n of ['fifo', 'block', 'char', 'file', 'file', 'dir1/dir2', 'dir1']) {
      const f = `source_deletions_me/${n}`;
      expect(await mstatOk(f), `stat ${f}`).toBe(false);
      expect(exists(onBrick(b0, f)), `${f} on brick0`).toBe(false);
      expect(exists(onBrick(b1, f)), `${f} on brick1`).toBe(false);
    }
  });

  it('_me dirs: entries created on the source are healed on access with their type', async () => {
    for (const n of ['fifo', 'block', 'char', 'file', 'slink', 'dir1/dir2', 'dir1']) {
      const f = `source_creations_me/${n}`;
      const r = await mountFileType(f);
      expect(exists(onBrick(b0, f)) && withoutDev(get_file_type(onBrick(b0, f))), `${f} on brick0`).toBe(r);
      expect(exists(onBrick(b1, f)) && withoutDev(get_file_type(onBrick(b1, f))), `${f} on brick1`).toBe(r);
      if (n === 'block') {
        expect(majorMinor(onBrick(b1, f))).toBe('4 5');
        expect(majorMinor(onBrick(b0, f))).toBe('4 5');
      }
      if (n === 'char') {
        expect(majorMinor(onBrick(b1, f))).toBe('1 5');
        expect(majorMinor(onBrick(b0, f))).toBe('1 5');
      }
    }
    expect(typeWords((await h.mlstat('/source_creations_me/fifo')).mode)).toBe('fifo');
    expect(typeWords((await h.mlstat('/source_creations_me/block')).mode)).toBe('block special file');
    expect(typeWords((await h.mlstat('/source_creations_me/char')).mode)).toBe('character special file');
    expect((await h.mlstat('/source_creations_me/file')).type).toBe('file');
    expect((await h.mlstat('/source_creations_me/slink')).type).toBe('symlink');
    expect((await h.mlstat('/source_creations_me/dir1/dir2')).type).toBe('dir');
    expect((await h.mlstat('/source_creations_me/dir1')).type).toBe('dir');
  });

  it('after a brick restart every directory is looked up through the mount', async () => {
    // Trigger change in event generation number, so that inodes get refreshed during lookup.
    await h.kill_brick(V0, b1);
    await h.CLI('volume', 'start', V0, 'force');
    for (const d of DIRS) {
      expect(await mstatOk(d), `stat ${d}`).toBe(true);
    }
    await h.TEST('volume', 'stop', V0);
    for (const b of [b0, b1]) {
      const x = path.join(b, '.glusterfs/indices/xattrop');
      for (const n of fs.readdirSync(x)) fs.rmSync(path.join(x, n), { recursive: true, force: true });
    }
    await h.CLI('volume', 'start', V0);
    await h.TEST('volume', 'stop', V0);
    // Entries for fool_heal and fool_me, to make sure they are fully healed and their dirty
    // xattrs erased, before the index heal.
    create_brick_xattrop_entry(b0, 'fool_heal', 'fool_me', 'source_creations_heal/dir1');
    await h.CLI('volume', 'start', V0);
    await h.CLI('volume', 'set', V0, 'self-heal-daemon', 'on');
  });

  it('index heal: every directory lists the same names on both bricks, every changelog zero', async () => {
    await h.TEST('volume', 'heal', V0);
    expect(print_pending_heals((d) => is_dir_heal_done(V0, b0, b1, d), DIRS)).toBe('~');
    for (const d of DIRS) expect(heal_status(V0, b0, b1, d), d).toBe(HEALED_DIR_STATUS);
  });

  it('_heal dirs: conservative merges, EIO on gfid mismatch, deletions and creations healed', async () => {
    // Don't access the files/dirs from mount point as that may cause self-heals
    for (const f of ['spb_heal/1', 'spb_heal/0', 'fool_heal/1', 'fool_heal/0', 'v1_fool_heal/0', 'v1_fool_heal/1', 'v1_dirty_heal/0']) {
      expect.soft(exists(onBrick(b0, f)), `${f} on brick0`).toBe(true);
      expect.soft(exists(onBrick(b1, f)), `${f} on brick1`).toBe(true);
    }

    // Check if files that have gfid-mismatches in spb are giving EIO
    expect.soft((await h.stat('/spb/0')).exit).not.toBe(0);

    // stale files are deleted
    for (const d of ['source_deletions_heal', 'source_self_accusing']) {
      for (const n of ['fifo', 'block', 'char', 'file', 'file', 'dir1/dir2', 'dir1']) {
        expect.soft(exists(onBrick(b0, `${d}/${n}`)), `${d}/${n} on brick0`).toBe(false);
        expect.soft(exists(onBrick(b1, `${d}/${n}`)), `${d}/${n} on brick1`).toBe(false);
      }
    }

    // the files created on the source were healed with their type
    const c = 'source_creations_heal';
    expect.soft(get_file_type(onBrick(b1, `${c}/fifo`))).toBe(get_file_type(onBrick(b0, `${c}/fifo`)));
    expect.soft(fs.lstatSync(onBrick(b0, `${c}/fifo`)).isFIFO()).toBe(true);
    expect.soft(majorMinor(onBrick(b1, `${c}/block`))).toBe('4 5');
    expect.soft(majorMinor(onBrick(b0, `${c}/block`))).toBe('4 5');
    expect.soft(get_file_type(onBrick(b1, `${c}/block`))).toBe(get_file_type(onBrick(b0, `${c}/block`)));
    expect.soft(get_file_type(onBrick(b1, `${c}/char`))).toBe(get_file_type(onBrick(b0, `${c}/char`)));
    expect.soft(majorMinor(onBrick(b1, `${c}/char`))).toBe('1 5');
    expect.soft(majorMinor(onBrick(b0, `${c}/char`))).toBe('1 5');
    expect.soft(get_file_type(onBrick(b1, `${c}/file`))).toBe(get_file_type(onBrick(b0, `${c}/file`)));
    expect.soft(fs.lstatSync(onBrick(b0, `${c}/file`)).isFile()).toBe(true);
    // The .t's (garbled) slink line compares the mount's file with brick1's, then checks the
    // symlink on brick0.
    expect.soft(withoutDev(get_file_type(onBrick(b1, `${c}/file`)))).toBe(await mountFileType(`${c}/file`));
    expect.soft(fs.lstatSync(onBrick(b0, `${c}/slink`)).isSymbolicLink()).toBe(true);
    expect.soft(get_file_type(onBrick(b1, `${c}/dir1/dir2`))).toBe(get_file_type(onBrick(b0, `${c}/dir1/dir2`)));
    expect.soft(fs.lstatSync(onBrick(b0, `${c}/dir1/dir2`)).isDirectory()).toBe(true);
    expect.soft(get_file_type(onBrick(b1, `${c}/dir1`))).toBe(get_file_type(onBrick(b0, `${c}/dir1`)));
    expect.soft(fs.lstatSync(onBrick(b0, `${c}/dir1`)).isDirectory()).toBe(true);
  });
});
