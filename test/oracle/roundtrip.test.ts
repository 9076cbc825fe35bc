// Oracle (2): a volume written by tgluster is a volume real GlusterFS 10.3 accepts as its own.
// tgluster writes replica 3 and 2x3 volumes (nested dirs, renames, symlinks, hard links, modes,
// user xattrs); real gluster re-creates a volume over the same brick dirs (`create ... force`),
// reports nothing to heal, and its FUSE mount shows every byte, mode and xattr unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openVolume, type VolumeClient } from '../../src/api/index.js';
import { getXattr, listXattrs } from '../../src/xattr/index.js';
import { createVolume, makeEnv, type Env } from '../scenario/fs-helpers.js';
import { ensureGlusterd, GlusterSandbox, walk } from './helpers.js';

interface Expect {
  type: 'dir' | 'file' | 'symlink';
  mode?: number;
  sha?: string;
  target?: string;
  xattrs: Record<string, string>;
  /** What tgluster reported after writing: gluster must show the same identity and times. */
  gfid?: string;
  mtimeNs?: bigint;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Writes the test tree through the api and returns what a reader must see. */
async function writeTree(c: VolumeClient): Promise<{ expected: Map<string, Expect>; hardLinks: string[][] }> {
  const expected = new Map<string, Expect>();
  const file = async (p: string, size: number, mode = 0o644) => {
    const data = randomBytes(size);
    await c.writeFile(p, data);
    await c.chmod(p, mode);
    expected.set(p.slice(1), { type: 'file', mode, sha: sha(data), xattrs: {} });
  };
  const dir = async (p: string, mode = 0o755) => {
    await c.mkdir(p);
    await c.chmod(p, mode);
    expected.set(p.slice(1), { type: 'dir', mode, xattrs: {} });
  };
  await dir('/top');
  await dir('/top/mid');
  await dir('/top/mid/deep', 0o700);
  await dir('/other');
  for (let i = 0; i < 24; i++) await file(`/top/${i % 3 === 0 ? 'mid/' : ''}f${i}`, (i * 7717) % 150_000, i % 4 === 0 ? 0o600 : 0o644);
  await file('/top/mid/deep/empty', 0);
  await file('/其他-ünï', 4096, 0o640);
  await file('/.hidden.conf.json', 33);
  // Renames: a file across directories and a whole directory.
  await file('/top/to-move', 1000);
  await c.rename('/top/to-move', '/other/moved');
  expected.set('other/moved', { ...expected.get('top/to-move')! });
  expected.delete('top/to-move');
  await dir('/olddir');
  await file('/olddir/inner', 500);
  await c.rename('/olddir', '/newdir');
  expected.set('newdir', { ...expected.get('olddir')! });
  expected.set('newdir/inner', { ...expected.get('olddir/inner')! });
  expected.delete('olddir');
  expected.delete('olddir/inner');
  // Symlinks: relative, in-volume absolute, dangling.
  for (const [p, t] of [
    ['/top/rel-link', 'mid/f0'],
    ['/abs-link', '/top/f1'],
    ['/dangling', 'nowhere/at/all'],
  ]) {
    await c.symlink(t, p);
    expected.set(p.slice(1), { type: 'symlink', target: t, xattrs: {} });
  }
  // Hard links.
  await c.link('/top/f1', '/other/f1-hard');
  await c.link('/top/f1', '/top/mid/f1-hard2');
  expected.set('other/f1-hard', { ...expected.get('top/f1')! });
  expected.set('top/mid/f1-hard2', { ...expected.get('top/f1')! });
  // User xattrs on files and directories (a hard link shares its inode's xattrs).
  const xattr = async (p: string, k: string, v: string) => {
    await c.setxattr(p, k, Buffer.from(v));
    for (const [rel, e] of expected) if (rel === p.slice(1) || (e.sha && e.sha === expected.get(p.slice(1))?.sha && e.type === 'file')) e.xattrs[k] = v;
  };
  await xattr('/top/f2', 'user.owner', 'team-a');
  await xattr('/top/f1', 'user.linked', 'yes');
  await xattr('/top/mid', 'user.dirattr', 'd');
  await xattr('/其他-ünï', 'user.ünïcode', 'välue');
  for (const [rel, e] of expected) {
    const st = await c.lstat(`/${rel}`);
    e.gfid = st.gfid;
    e.mtimeNs = BigInt(st.mtime.sec) * 1_000_000_000n + BigInt(st.mtime.nsec);
  }
  return { expected, hardLinks: [['top/f1', 'other/f1-hard', 'top/mid/f1-hard2']] };
}

function checkMount(mnt: string, expected: Map<string, Expect>, hardLinks: string[][]): void {
  expect(walk(mnt)).toEqual([...expected.keys()].sort());
  for (const [rel, e] of expected) {
    const p = path.join(mnt, rel);
    const st = fs.lstatSync(p);
    // Same inode identity (gfid) and the times tgluster stamped into trusted.glusterfs.mdata.
    expect([rel, getXattr(p, 'glusterfs.gfid.string').toString()]).toEqual([rel, e.gfid]);
    expect([rel, fs.lstatSync(p, { bigint: true }).mtimeNs]).toEqual([rel, e.mtimeNs]);
    if (e.type === 'symlink') {
      expect([rel, st.isSymbolicLink(), fs.readlinkSync(p)]).toEqual([rel, true, e.target]);
      continue;
    }
    expect([rel, st.mode & 0o7777]).toEqual([rel, e.mode]);
    if (e.type === 'file') expect([rel, sha(fs.readFileSync(p))]).toEqual([rel, e.sha]);
    const user = Object.fromEntries(listXattrs(p).filter((n) => n.startsWith('user.')).map((n) => [n, getXattr(p, n).toString()]));
    expect([rel, user]).toEqual([rel, e.xattrs]);
  }
  for (const group of hardLinks) {
    const inos = new Set(group.map((g) => fs.statSync(path.join(mnt, g)).ino));
    expect(inos.size).toBe(1);
    expect(fs.statSync(path.join(mnt, group[0])).nlink).toBe(group.length);
  }
}

describe.each([
  { shape: 'replica 3', replica: 3, bricks: 3 },
  { shape: '2x3', replica: 3, bricks: 6 },
])('tgluster-written $shape volume read by real GlusterFS', ({ replica, bricks }) => {
  // Unique per run: two runs of this suite (CI, a colleague) may share one glusterd.
  const name = `d4rt${bricks}p${process.pid}`;
  let sandbox: GlusterSandbox;
  let env: Env;
  let brickPaths: string[];
  let written: Awaited<ReturnType<typeof writeTree>>;

  beforeAll(async () => {
    ensureGlusterd();
    sandbox = new GlusterSandbox(name);
    env = makeEnv(name);
    brickPaths = createVolume(env, name, bricks, replica);
    const c = await openVolume(name, { home: env.home });
    written = await writeTree(c);
  });

  afterAll(() => {
    sandbox?.cleanup();
    env?.cleanup();
  });

  it('is accepted by volume create force, has nothing to heal, and reads back intact over FUSE', () => {
    sandbox.create(name, brickPaths, replica);
    sandbox.start(name);
    // Before any client touches it: the indices tgluster left say nothing needs healing.
    expect(sandbox.healInfoCounts(name)).toEqual(brickPaths.map(() => 0));
    const mnt = sandbox.mountVolume(name);
    checkMount(mnt, written.expected, written.hardLinks);
    // Reading through gluster did not discover anything to heal either.
    expect(sandbox.healInfoCounts(name)).toEqual(brickPaths.map(() => 0));
  });
});
