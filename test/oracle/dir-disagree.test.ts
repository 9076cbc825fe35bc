// Oracle (4): directories whose copies disagree. Bricks are killed (kill -9 / `debug kill-brick`)
// at several points while files are created, overwritten and deleted in the root and in
// subdirectories, first one brick of a replica set, then (after it is revived) a DIFFERENT brick
// of the same set, so the copies of a directory blame each other in different ways (brick A
// blames B for the second phase, B blames A for the first, only the third blames both and is
// blamed by nobody). Self-heal is off everywhere, so nothing repairs the copies.
//
//   1. real GlusterFS 10.3 writes (replica 3 and 2 x 3), tgluster adopts the bricks
//      (`volume create ... force`): every listing (api readdir/readdirp, `fs ls`), every file,
//      symlink and mode, and `fs export VOL:/` equal what gluster's FUSE mount showed;
//   2. the reverse: tgluster writes with `debug kill-brick` at the same points, real gluster
//      re-creates a volume over the bricks and its FUSE mount shows what tgluster's client showed.
//
// A directory must be read from a copy that no other copy blames (AFR's read-subvolume choice for
// entry, data and metadata), and a name present on a good copy is never hidden. On a difference
// the failure names every missing/extra name or differing file, with the AFR xattrs of the
// directories involved on every brick (`getfattr -d -m . -e hex`).
// See fixtures/reference/afr-dir-disagree.json for what 10.3 leaves on the bricks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openVolume, type VolumeClient } from '../../src/api/index.js';
import { getXattrOpt, listXattrs } from '../../src/xattr/index.js';
import { brickTree, makeEnv, type Env } from '../scenario/fs-helpers.js';
import { ensureGlusterd, gluster, GlusterSandbox, sh, waitFor } from './helpers.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/**
 * Lets the event loop turn. Most of this suite is synchronous work behind `await` (fs calls on a
 * mount, spawnSync of the CLIs, tgluster's in-process fops); without a turn of the loop now and
 * then, vitest's worker never reads its RPC replies and reports "Timeout calling onTaskUpdate".
 */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

// ---- trees: what a reader sees ------------------------------------------------------------------

interface Entry {
  type: 'dir' | 'file' | 'symlink' | 'other';
  mode?: number;
  sha?: string;
  target?: string;
}
/** Volume-relative path ('sub/f01'; the root itself is not an entry) -> what a reader saw. */
type Tree = Map<string, Entry>;

/**
 * The tree under a local directory (a FUSE mount or an export). With `errors`, a failing call is
 * recorded there (and the entry kept as 'other') instead of thrown.
 */
function snapshotLocal(root: string, errors?: string[]): Tree {
  const out: Tree = new Map();
  const fail = (what: string, e: unknown) => {
    if (!errors) throw e;
    errors.push(`${what}: ${String((e as Error).message ?? e)}`);
  };
  const visit = (rel: string) => {
    let names: string[];
    try {
      names = fs.readdirSync(path.join(root, rel)).sort();
    } catch (e) {
      fail(`/${rel}: readdir failed`, e);
      return;
    }
    for (const name of names) {
      const r = rel ? `${rel}/${name}` : name;
      const p = path.join(root, r);
      try {
        const st = fs.lstatSync(p);
        if (st.isSymbolicLink()) out.set(r, { type: 'symlink', target: fs.readlinkSync(p) });
        else if (st.isDirectory()) {
          out.set(r, { type: 'dir', mode: st.mode & 0o7777 });
          visit(r);
        } else if (st.isFile()) out.set(r, { type: 'file', mode: st.mode & 0o7777, sha: sha(fs.readFileSync(p)) });
        else out.set(r, { type: 'other' });
      } catch (e) {
        fail(`/${r}: read failed`, e);
        out.set(r, { type: 'other' });
      }
    }
  };
  visit('');
  return out;
}

/**
 * The tree through tgluster's client. `how` picks the listing call (readdir: names only;
 * readdirp: names with their iatt). A failing call is recorded in `errors`, not thrown, so that one
 * bad directory does not hide the others.
 */
async function snapshotApi(c: VolumeClient, how: 'readdir' | 'readdirp', errors: string[] = []): Promise<Tree> {
  const out: Tree = new Map();
  const visit = async (dir: string) => {
    await tick();
    let names: string[];
    try {
      names = how === 'readdir' ? await c.readdir(dir) : (await c.readdirp(dir)).map((d) => d.name);
    } catch (e) {
      errors.push(`${dir}: ${how} failed: ${String(e)}`);
      return;
    }
    for (const name of names.sort()) {
      const abs = `${dir === '/' ? '' : dir}/${name}`;
      const rel = abs.slice(1);
      try {
        const st = await c.lstat(abs);
        if (st.type === 'symlink') out.set(rel, { type: 'symlink', target: await c.readlink(abs) });
        else if (st.type === 'dir') {
          out.set(rel, { type: 'dir', mode: st.mode & 0o7777 });
          await visit(abs);
        } else if (st.type === 'file') out.set(rel, { type: 'file', mode: st.mode & 0o7777, sha: sha(await c.readFile(abs)) });
        else out.set(rel, { type: 'other' });
      } catch (e) {
        errors.push(`${abs}: read failed: ${String(e)}`);
        out.set(rel, { type: 'other' });
      }
    }
  };
  await visit('/');
  return out;
}

/** Directory ('' for the root) -> sorted names in it. */
function listings(t: Tree): Map<string, string[]> {
  const out = new Map<string, string[]>([['', []]]);
  for (const [rel, e] of t) if (e.type === 'dir') out.set(rel, []);
  for (const rel of [...t.keys()].sort()) {
    const parent = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
    out.get(parent)?.push(rel.slice(rel.lastIndexOf('/') + 1));
  }
  return out;
}

/** Every difference of `got` from `want`, one line each: hidden/extra names per directory, then entries. */
function diffTrees(want: Tree, got: Tree, opts: { mode?: boolean } = {}): string[] {
  const out: string[] = [];
  const lw = listings(want);
  const lg = listings(got);
  for (const [dir, names] of lw) {
    const g = lg.get(dir);
    // A directory the reader did not list at all shows as hidden in its parent's listing.
    if (!g) continue;
    const missing = names.filter((n) => !g.includes(n));
    const extra = g.filter((n) => !names.includes(n));
    if (missing.length || extra.length) out.push(`/${dir}: hidden ${JSON.stringify(missing)} extra ${JSON.stringify(extra)}`);
  }
  for (const [rel, w] of want) {
    const g = got.get(rel);
    if (!g || w.type === 'other') continue;
    if (g.type !== w.type) out.push(`/${rel}: type ${g.type}, want ${w.type}`);
    else if (w.type === 'file' && g.sha !== w.sha) out.push(`/${rel}: content differs (sha ${g.sha?.slice(0, 12)}, want ${w.sha?.slice(0, 12)})`);
    else if (w.type === 'symlink' && g.target !== w.target) out.push(`/${rel}: symlink -> ${g.target}, want -> ${w.target}`);
    if (opts.mode !== false && w.type !== 'symlink' && g.type === w.type && g.mode !== w.mode)
      out.push(`/${rel}: mode ${g.mode?.toString(8)}, want ${w.mode?.toString(8)}`);
  }
  return out;
}

/**
 * `getfattr -d -m . -e hex` of the objects named in `diffs` (a differing file and its directory;
 * a directory with hidden/extra names) on every brick: the blame each copy carries.
 */
function brickXattrs(bricks: string[], diffs: string[]): string {
  const objs = new Set<string>();
  for (const d of diffs) {
    const rel = /^\/([^:]*):/.exec(d)?.[1];
    if (rel === undefined) continue;
    objs.add(rel);
    if (rel.includes('/')) objs.add(rel.slice(0, rel.lastIndexOf('/')));
    else objs.add('');
  }
  const lines: string[] = [];
  for (const rel of [...objs].sort()) {
    lines.push(`== /${rel}`);
    bricks.forEach((b, i) => {
      const p = path.join(b, rel);
      if (!fs.existsSync(p)) {
        lines.push(`  brick ${i} (${b}): absent`);
        return;
      }
      const r = sh('getfattr', ['-d', '-m', '.', '-e', 'hex', '--absolute-names', p]);
      const attrs = r.stdout
        .split('\n')
        .filter((l) => /^trusted\.(afr|gfid=|glusterfs\.dht=)/.test(l))
        .map((l) => `    ${l}`);
      const st = fs.lstatSync(p);
      const entries = st.isDirectory() ? fs.readdirSync(p).filter((n) => n !== '.glusterfs').sort() : [];
      lines.push(`  brick ${i} (${b}):${st.isDirectory() ? ` ${entries.length} entries: ${entries.join(' ')}` : ''}`, ...attrs);
    });
  }
  return lines.join('\n');
}

/** Asserts no difference; the message lists them all with the bricks' xattrs. */
function expectSame(what: string, want: Tree, got: Tree, bricks: string[], errors: string[] = [], opts: { mode?: boolean } = {}): void {
  const diffs = [...errors, ...diffTrees(want, got, opts)];
  const msg = diffs.length ? `${what}:\n${diffs.join('\n')}\n\nbricks:\n${brickXattrs(bricks, diffs)}` : what;
  expect(diffs, msg).toEqual([]);
}

// ---- the scenario, written through either a FUSE mount or tgluster's client -------------------

interface Writer {
  mkdir(rel: string): Promise<void>;
  write(rel: string, data: string): Promise<void>;
  append(rel: string, data: string): Promise<void>;
  unlink(rel: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  symlink(target: string, rel: string): Promise<void>;
  chmod(rel: string, mode: number): Promise<void>;
}

function mountWriter(mnt: string): Writer {
  const p = (rel: string) => path.join(mnt, rel);
  return {
    mkdir: async (rel) => fs.mkdirSync(p(rel)),
    write: async (rel, data) => fs.writeFileSync(p(rel), data),
    append: async (rel, data) => fs.appendFileSync(p(rel), data),
    unlink: async (rel) => fs.unlinkSync(p(rel)),
    rename: async (a, b) => fs.renameSync(p(a), p(b)),
    symlink: async (t, rel) => fs.symlinkSync(t, p(rel)),
    chmod: async (rel, mode) => fs.chmodSync(p(rel), mode),
  };
}

function clientWriter(c: VolumeClient): Writer {
  const p = (rel: string) => `/${rel}`;
  return {
    mkdir: async (rel) => void (await c.mkdir(p(rel))),
    write: async (rel, data) => c.writeFile(p(rel), data),
    append: async (rel, data) => void (await c.write(p(rel), (await c.stat(p(rel))).size, Buffer.from(data))),
    unlink: async (rel) => c.unlink(p(rel)),
    rename: async (a, b) => c.rename(p(a), p(b)),
    symlink: async (t, rel) => void (await c.symlink(t, p(rel))),
    chmod: async (rel, mode) => void (await c.chmod(p(rel), mode)),
  };
}

const nn = (i: number) => String(i).padStart(2, '0');
const body = (rel: string, phase: string, n: number) => `${phase} ${rel}\n`.repeat(1 + (n % 7) * 37);

/**
 * Runs one phase of writes. Operations that the volume refuses (client quorum lost on an object
 * that only one live brick holds, ...) are recorded as "PHASE op path: ERRNO", not fatal: the
 * reader's view afterwards is the truth either way.
 */
async function phase(w: Writer, name: 'P0' | 'A' | 'B', refused: string[]): Promise<void> {
  const t = async (what: string, fn: () => Promise<void>) => {
    await tick();
    try {
      await fn();
    } catch (e) {
      refused.push(`${name} ${what}: ${(e as { code?: string }).code ?? String((e as Error).message ?? e).split('\n')[0]}`);
    }
  };
  const dirs = ['', 'sub', 'sub/deep'];
  const at = (d: string, n: string) => (d ? `${d}/${n}` : n);
  if (name === 'P0') {
    // Every brick up: the tree every copy agrees on.
    for (const d of ['sub', 'sub/deep']) await t(`mkdir ${d}`, () => w.mkdir(d));
    for (const d of dirs) for (let i = 1; i <= 6; i++) await t(`write ${at(d, `base${nn(i)}`)}`, () => w.write(at(d, `base${nn(i)}`), body(at(d, `base${nn(i)}`), 'P0', i)));
    await t('symlink lnk', () => w.symlink('sub/base01', 'lnk'));
    return;
  }
  if (name === 'A') {
    // The first dead brick misses: 30 new files in /, /sub and /sub/deep, a new directory with
    // files, a new subdirectory, a symlink, a mode change.
    for (const d of dirs) for (let i = 1; i <= 30; i++) await t(`write ${at(d, `f${nn(i)}`)}`, () => w.write(at(d, `f${nn(i)}`), body(at(d, `f${nn(i)}`), 'A', i)));
    await t('mkdir newdir', () => w.mkdir('newdir'));
    for (let i = 1; i <= 8; i++) await t(`write newdir/n${nn(i)}`, () => w.write(`newdir/n${nn(i)}`, body(`newdir/n${nn(i)}`, 'A', i)));
    await t('mkdir sub/newsub', () => w.mkdir('sub/newsub'));
    for (let i = 1; i <= 4; i++) await t(`write sub/newsub/s${nn(i)}`, () => w.write(`sub/newsub/s${nn(i)}`, body(`sub/newsub/s${nn(i)}`, 'A', i)));
    await t('symlink sub/lnkA', () => w.symlink('f01', 'sub/lnkA'));
    await t('chmod sub/base02', () => w.chmod('sub/base02', 0o600));
    await t('unlink base06', () => w.unlink('base06'));
    return;
  }
  // B: a different brick of the same set (and one of the other set) misses: more new names,
  // overwrites, appends, deletions, a rename, a new directory, mode changes.
  for (const d of [...dirs, 'newdir']) for (let i = 1; i <= 5; i++) await t(`write ${at(d, `g${nn(i)}`)}`, () => w.write(at(d, `g${nn(i)}`), body(at(d, `g${nn(i)}`), 'B', i)));
  for (const d of dirs) {
    await t(`overwrite ${at(d, 'base03')}`, () => w.write(at(d, 'base03'), body(at(d, 'base03'), 'B-over', 3)));
    await t(`append ${at(d, 'base05')}`, () => w.append(at(d, 'base05'), 'appended in B\n'));
    await t(`unlink ${at(d, 'base04')}`, () => w.unlink(at(d, 'base04')));
    await t(`overwrite ${at(d, 'f02')}`, () => w.write(at(d, 'f02'), body(at(d, 'f02'), 'B-over', 2)));
    await t(`append ${at(d, 'f06')}`, () => w.append(at(d, 'f06'), 'appended in B\n'));
    await t(`unlink ${at(d, 'f10')}`, () => w.unlink(at(d, 'f10')));
    await t(`unlink ${at(d, 'f11')}`, () => w.unlink(at(d, 'f11')));
  }
  await t('rename sub/f12 sub/f12-renamed', () => w.rename('sub/f12', 'sub/f12-renamed'));
  await t('rename base02 sub/deep/base02-moved', () => w.rename('base02', 'sub/deep/base02-moved'));
  await t('mkdir sub/deep/later', () => w.mkdir('sub/deep/later'));
  for (let i = 1; i <= 4; i++) await t(`write sub/deep/later/l${nn(i)}`, () => w.write(`sub/deep/later/l${nn(i)}`, body(`sub/deep/later/l${nn(i)}`, 'B', i)));
  await t('chmod sub/deep', () => w.chmod('sub/deep', 0o750));
  await t('chmod base01', () => w.chmod('base01', 0o640));
  await t('unlink lnk', () => w.unlink('lnk'));
  await t('symlink lnk', () => w.symlink('sub/deep/base01', 'lnk'));
}

// ---- real gluster's side ------------------------------------------------------------------------

const hostOf = (i: number) => `server${(i % 3) + 1}`;

/** What the mount's AFR thinks of brick i (its child_up in .meta), as the mount log would say. */
function mountSeesUp(mnt: string, vol: string, i: number): boolean {
  const priv = fs.readFileSync(path.join(mnt, '.meta/graphs/active', `${vol}-replicate-${Math.floor(i / 3)}`, 'private'), 'utf8');
  return new RegExp(`^child_up\\[${i % 3}\\] = 1$`, 'm').test(priv);
}

function glusterKill(sb: GlusterSandbox, vol: string, mnt: string, bricks: string[], which: number[]): void {
  const pids = which.map((i) => sb.brickPid(vol, bricks[i]));
  for (const pid of pids) process.kill(pid, 'SIGKILL');
  // glusterd takes a brick whose pid still has a /proc entry (a zombie not yet reaped) for a
  // running one and `volume start force` would not restart it: wait until the process is gone.
  for (const pid of pids) waitFor(`brick pid ${pid} to be reaped`, () => !fs.existsSync(`/proc/${pid}`), 300);
  for (const i of which) {
    waitFor(`brick ${i} offline in volume status`, () => !sb.brickOnline(vol, bricks[i]), 300);
    waitFor(`the mount to see brick ${i} down`, () => !mountSeesUp(mnt, vol, i), 300);
  }
}

function glusterRevive(sb: GlusterSandbox, vol: string, mnt: string, bricks: string[], which: number[]): void {
  gluster('volume', 'start', vol, 'force');
  for (const i of which) {
    waitFor(`brick ${i} online in volume status`, () => sb.brickOnline(vol, bricks[i]), 300);
    waitFor(`the mount to reconnect to brick ${i}`, () => mountSeesUp(mnt, vol, i), 300);
  }
}

interface Shape {
  label: string;
  tag: string;
  bricks: number;
  /** Bricks dead during phase A, then revived. */
  killA: number[];
  /** Bricks dead during phase B (a different brick of set 0 than killA), then revived. */
  killB: number[];
}

/** What gluster refused in each shape's scenario (filled by the first describe, read by the reverse). */
const glusterRefused = new Map<string, string[]>();

const SHAPES: Shape[] = [
  { label: '2 x 3: brick 0 dead in phase A, bricks 1 and 4 in phase B', tag: 'x', bricks: 6, killA: [0], killB: [1, 4] },
  { label: 'replica 3: brick 0 dead in phase A, brick 1 in phase B', tag: 'r', bricks: 3, killA: [0], killB: [1] },
  { label: '2 x 3: bricks 2 and 3 dead in phase A, bricks 0 and 5 in phase B', tag: 'y', bricks: 6, killA: [2, 3], killB: [0, 5] },
];

/** Whether brick x's copy of the root blames brick y (a non-zero trusted.afr.VOL-client-y). */
function blames(vol: string, bricks: string[], x: number, y: number): boolean {
  const v = getXattrOpt(bricks[x], `trusted.afr.${vol}-client-${y}`);
  return !!v && v.some((b) => b !== 0);
}

/** The scenario did what it is for: the root's copies in set 0 blame each other both ways. */
function expectCrossBlame(vol: string, bricks: string[], shape: Shape): void {
  const a = shape.killA.find((i) => i < 3)!;
  const b = shape.killB.find((i) => i < 3)!;
  expect([blames(vol, bricks, a, b), blames(vol, bricks, b, a)], brickXattrs(bricks, ['/:'])).toEqual([true, true]);
}

describe.each(SHAPES)('gluster writes with bricks killed, tgluster adopts ($label)', (shape) => {
  const NAME = `d4dd${shape.tag}p${process.pid}`;
  let sandbox: GlusterSandbox;
  let env: Env;
  let bricks: string[];
  /** What a fresh gluster mount showed with every brick back: the truth. */
  let expected: Tree;
  /** Reads gluster itself failed on its own bricks (kept as type 'other', not compared). */
  const oracleErrors: string[] = [];
  const refused: string[] = [];

  beforeAll(async () => {
    ensureGlusterd();
    sandbox = new GlusterSandbox(`dd${shape.tag}`);
    bricks = Array.from({ length: shape.bricks }, (_, i) => path.join(sandbox.dir, `b${i}`));
    for (const b of bricks) fs.mkdirSync(b);
    sandbox.create(NAME, bricks, 3);
    gluster('volume', 'set', NAME, 'cluster.self-heal-daemon', 'off');
    sandbox.start(NAME);
    const mnt = sandbox.mountVolume(NAME);
    for (let i = 0; i < bricks.length; i++) waitFor(`the mount to see brick ${i}`, () => mountSeesUp(mnt, NAME, i), 300);
    const w = mountWriter(mnt);
    await phase(w, 'P0', refused);
    glusterKill(sandbox, NAME, mnt, bricks, shape.killA);
    await phase(w, 'A', refused);
    glusterRevive(sandbox, NAME, mnt, bricks, shape.killA);
    await tick();
    glusterKill(sandbox, NAME, mnt, bricks, shape.killB);
    await phase(w, 'B', refused);
    glusterRevive(sandbox, NAME, mnt, bricks, shape.killB);
    await tick();
    sandbox.unmount(mnt);
    // A fresh mount with every brick up reads the bricks, not the writer's caches. (While bricks
    // are down gluster itself answers ENOTCONN for objects only one live brick holds: that view is
    // not the one to compare with.)
    const mnt2 = sandbox.mountVolume(NAME);
    for (let i = 0; i < bricks.length; i++) waitFor(`the fresh mount to see brick ${i}`, () => mountSeesUp(mnt2, NAME, i), 300);
    expected = snapshotLocal(mnt2, oracleErrors);
    sandbox.unmount(mnt2);
    sandbox.remove(NAME);
    glusterRefused.set(shape.tag, refused);
    await tick();

    env = makeEnv(`dd${shape.tag}`);
    const specs = bricks.map((b, i) => `${hostOf(i)}:${b}`);
    const c = env.run(['--mode=script', 'volume', 'create', NAME, 'replica', '3', ...specs, 'force']);
    expect([c.code, c.stderr]).toEqual([0, '']);
    const s = env.run(['volume', 'start', NAME]);
    expect([s.code, s.stderr]).toEqual([0, '']);
  });

  afterAll(() => {
    sandbox?.cleanup();
    env?.cleanup();
  });

  it('gluster left copies that blame each other and reads its own bricks back without error', () => {
    expectCrossBlame(NAME, bricks, shape);
    expect(expected.size).toBeGreaterThan(100);
    expect(oracleErrors, 'gluster reading its own bricks').toEqual([]);
  });

  it('api readdir and readdirp list every directory as the mount did, and every file reads back', async () => {
    const c = await openVolume(NAME, { home: env.home });
    for (const how of ['readdir', 'readdirp'] as const) {
      // Twice: reading must not change what the next read sees.
      for (let round = 1; round <= 2; round++) {
        const errors: string[] = [];
        const got = await snapshotApi(c, how, errors);
        expectSame(`tgluster api ${how} (round ${round})`, expected, got, bricks, errors);
      }
    }
  });

  it('a fresh client reads the same (nothing cached from an earlier read)', async () => {
    const errors: string[] = [];
    const got = await snapshotApi(await openVolume(NAME, { home: env.home }), 'readdirp', errors);
    expectSame('tgluster api readdirp, fresh client', expected, got, bricks, errors);
  });

  it('`fs ls -a` lists every directory as the mount did', () => {
    const diffs: string[] = [];
    for (const [dir, names] of listings(expected)) {
      const r = env.run(['fs', 'ls', '-a', `${NAME}:/${dir}`]);
      if (r.code !== 0) {
        diffs.push(`/${dir}: fs ls failed (${r.code}): ${r.stderr.trim()}`);
        continue;
      }
      const got = r.stdout.split('\n').filter((n) => n && n !== '.' && n !== '..');
      const missing = names.filter((n) => !got.includes(n));
      const extra = got.filter((n) => !names.includes(n));
      if (missing.length || extra.length) diffs.push(`/${dir}: hidden ${JSON.stringify(missing)} extra ${JSON.stringify(extra)}`);
    }
    expect(diffs, `fs ls:\n${diffs.join('\n')}\n\nbricks:\n${brickXattrs(bricks, diffs)}`).toEqual([]);
  });

  it('`fs export VOL:/` reproduces the whole tree', () => {
    const out = path.join(env.dir, 'export');
    const r = env.run(['fs', 'export', `${NAME}:/`, out]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const errors: string[] = [];
    expectSame('fs export', expected, snapshotLocal(out, errors), bricks, errors);
  });
});

// ---- the reverse: tgluster writes, real gluster reads ------------------------------------------

/** Every object of the bricks (.glusterfs left out) whose trusted.afr.dirty is not all zeros. */
function leftoverDirty(bricks: string[]): string[] {
  const out: string[] = [];
  bricks.forEach((b, i) => {
    for (const rel of ['', ...brickTree(b)]) {
      const p = path.join(b, rel);
      if (!listXattrs(p).includes('trusted.afr.dirty')) continue;
      const v = getXattrOpt(p, 'trusted.afr.dirty')!;
      if (v.some((x) => x !== 0)) out.push(`brick ${i} /${rel} trusted.afr.dirty=0x${v.toString('hex')}`);
    }
  });
  return out;
}

describe.each(SHAPES)('tgluster writes with bricks killed, gluster adopts ($label)', (shape) => {
  const NAME = `d4ddrev${shape.tag}p${process.pid}`;
  let sandbox: GlusterSandbox;
  let env: Env;
  let bricks: string[];
  /** What a fresh tgluster client showed with every brick back: the truth. */
  let expected: Tree;
  const refused: string[] = [];

  beforeAll(async () => {
    ensureGlusterd();
    sandbox = new GlusterSandbox(`ddrev${shape.tag}`);
    env = makeEnv(`ddrev${shape.tag}`);
    bricks = Array.from({ length: shape.bricks }, (_, i) => path.join(env.dir, `b${i}`));
    const specs = bricks.map((b, i) => `${hostOf(i)}:${b}`);
    const cr = env.run(['--mode=script', 'volume', 'create', NAME, 'replica', '3', ...specs, 'force']);
    expect([cr.code, cr.stderr]).toEqual([0, '']);
    expect(env.run(['volume', 'start', NAME]).code).toBe(0);
    const kill = (which: number[]) => {
      for (const i of which) {
        const r = env.run(['debug', 'kill-brick', NAME, `${hostOf(i)}:${bricks[i]}`]);
        expect([i, r.code, r.stderr]).toEqual([i, 0, '']);
      }
    };
    const revive = () => {
      const r = env.run(['volume', 'start', NAME, 'force']);
      expect([r.code, r.stderr]).toEqual([0, '']);
    };
    // One client for all the writes: it follows the kills and revivals as a mount would.
    const c = await openVolume(NAME, { home: env.home });
    const w = clientWriter(c);
    await phase(w, 'P0', refused);
    kill(shape.killA);
    await phase(w, 'A', refused);
    revive();
    kill(shape.killB);
    await phase(w, 'B', refused);
    revive();
    const errors: string[] = [];
    expected = await snapshotApi(await openVolume(NAME, { home: env.home }), 'readdirp', errors);
    expect(errors, 'tgluster reading back what it wrote').toEqual([]);
  });

  afterAll(() => {
    sandbox?.cleanup();
    env?.cleanup();
  });

  it('tgluster left copies that blame each other', () => {
    expectCrossBlame(NAME, bricks, shape);
    expect(expected.size).toBeGreaterThan(100);
  });

  it('refuses what gluster refused in the same scenario, with the same errno (replica 3: same placement)', (ctx) => {
    // Only replica 3 is comparable run to run: on 2 x 3, which set a name lands on differs.
    const theirs = glusterRefused.get(shape.tag);
    if (shape.bricks !== 3 || !theirs) ctx.skip();
    expect(refused, `tgluster refused:\n${refused.join('\n')}\n\ngluster refused:\n${theirs!.join('\n')}`).toEqual(theirs);
  });

  it('leaves no trusted.afr.dirty behind once every operation has returned (as gluster does)', () => {
    // A refused operation must leave nothing: gluster's bricks after the same scenario have every
    // dirty counter at zero, and a leftover entry-dirty on a directory makes gluster's name heal
    // see no source for it (gfid split-brain, EIO on lookup).
    const dirty = leftoverDirty(bricks);
    expect(dirty, `${dirty.join('\n')}\n\noperations tgluster refused:\n${refused.join('\n')}`).toEqual([]);
  });

  it('real gluster mounts the bricks and shows every listing and file as tgluster did', () => {
    sandbox.create(NAME, bricks, 3);
    gluster('volume', 'set', NAME, 'cluster.self-heal-daemon', 'off');
    sandbox.start(NAME);
    const note = `\n\noperations tgluster refused while bricks were down:\n${refused.join('\n')}`;
    const mnt = sandbox.mountVolume(NAME);
    for (let i = 0; i < bricks.length; i++) waitFor(`the mount to see brick ${i}`, () => mountSeesUp(mnt, NAME, i), 300);
    // Twice, and once more on a fresh mount: gluster's answer is stable.
    for (const round of ['first read', 'second read']) {
      const errors: string[] = [];
      expectSame(`gluster FUSE mount, ${round}${note}`, expected, snapshotLocal(mnt, errors), bricks, errors);
    }
    sandbox.unmount(mnt);
    const mnt2 = sandbox.mountVolume(NAME);
    for (let i = 0; i < bricks.length; i++) waitFor(`the fresh mount to see brick ${i}`, () => mountSeesUp(mnt2, NAME, i), 300);
    const errors: string[] = [];
    expectSame(`gluster FUSE mount, fresh${note}`, expected, snapshotLocal(mnt2, errors), bricks, errors);
  });
});
