// Oracle (5): self-heal, real GlusterFS 10.3 against tgluster, both ways.
//
//   1. forward: real gluster writes a replica 3 volume, kills a brick (kill -9 of its pid), makes
//      every kind of change in table CHANGES through its FUSE mount and brings the brick back
//      (`volume start force`) with every heal switched off. The bricks are copied twice (cp -a).
//      Gluster heals one copy (self-heal daemon on, `volume heal`), tgluster adopts the other
//      (`volume create ... force`) and heals it (`volume heal`, which runs to completion in the
//      command). Compared: `heal info` (text, --xml, summary, split-brain) before the heal, every
//      CLI answer, and the healed bricks object by object, `.glusterfs` included. Then gluster
//      mounts tgluster's healed bricks: every file as the writing client saw it, nothing to heal.
//   2. reverse: tgluster makes the same changes (`tgluster fs`, `debug kill-brick`); the rest as 1.
//   3. split-brain on replica 2 (data, metadata, gfid), made by either writer as in 1 and 2: each
//      resolution method of table METHODS on its own pair of copies, gluster's CLI answers and
//      bricks against tgluster's.
//
// HL_CANDIDATE=gluster lets real gluster play tgluster's part too: then nothing may differ, which
// shows that every compared field is deterministic (none depends on timing). HL_KEEP=1 keeps the
// bricks (/bricks/hl/p<pid>) for a look after a failure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openVolume, type VolumeClient } from '../../src/api/index.js';
import { makeEnv, type Env } from '../scenario/fs-helpers.js';
import { ensureGlusterd, gluster, GlusterSandbox, mountSeesUp, sh, type Sh } from './helpers.js';

const RUN = `p${process.pid}`;
/** Every brick this file makes lives under here (volumes are hl*, mounts /mnt/hl*). */
const ROOT = `/bricks/hl/${RUN}`;
const SELF_CHECK = process.env.HL_CANDIDATE === 'gluster';
const KEEP = process.env.HL_KEEP === '1';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const hostOf = (i: number) => `server${(i % 3) + 1}`;
const specsOf = (bricks: string[]) => bricks.map((b, i) => `${hostOf(i)}:${b}`);
/** `0x0123…` (16 bytes) -> canonical `01234567-89ab-…`. */
const canon = (hex: string) => hex.replace(/^0x/, '').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
/** Deterministic text of a given length, different per seed. */
const fill = (seed: string, bytes: number) => `${seed} `.repeat(Math.ceil(bytes / (seed.length + 1))).slice(0, bytes);

/** Bounded polling for a condition only a real daemon can bring about; fails with `what`. */
async function until(what: string, fn: () => boolean, tries = 300): Promise<number> {
  for (let i = 0; i < tries; i++) {
    if (fn()) return i;
    await pause(200);
  }
  throw new Error(`timed out (${tries * 0.2} s) waiting for ${what}`);
}

// ---- the changes, as tables ---------------------------------------------------------------------

type Op =
  | ['mkdir', string]
  | ['write', string, string] // create, or replace the whole content (O_TRUNC)
  | ['pwrite', string, number, string]
  | ['append', string, string]
  | ['truncate', string, number]
  | ['touch', string] // create empty
  | ['unlink', string]
  | ['rmdir', string]
  | ['chmod', string, number]
  | ['chown', string, number, number]
  | ['setxattr', string, string, string]
  | ['removexattr', string, string]
  | ['mtime', string] // touch -m
  | ['symlink', string, string] // target, path
  | ['link', string, string] // existing, new name
  | ['rename', string, string];

const SMALL = ['over', 'app', 'del', 'mode', 'own', 'xa-set', 'xa-rm', 'mt', 'ren-same', 'ren-across', 'hl'];

/** Written with every brick up: the tree all copies agree on. */
const SETUP: Op[] = [
  ['mkdir', '/d1'],
  ['mkdir', '/d1/sub'],
  ['mkdir', '/d2'],
  ['mkdir', '/gone'],
  ['mkdir', '/gone2'],
  ...SMALL.map((n): Op => ['write', `/d1/${n}`, fill(`setup /d1/${n}`, 3000)]),
  ['write', '/d1/trunc', fill('setup /d1/trunc', 300_000)],
  ['write', '/d1/big', fill('setup /d1/big', 640 * 1024)],
  ['write', '/d1/sub/deep', fill('setup /d1/sub/deep', 100)],
  ['write', '/d2/typechg', fill('setup /d2/typechg', 100)],
  ['write', '/d2/tosym', fill('setup /d2/tosym', 100)],
  ['write', '/gone2/f', 'soon gone\n'],
  ['setxattr', '/d1/xa-rm', 'user.x', 'old'],
  ['symlink', 'd1/over', '/lnk-old'],
];

/** Made while brick DOWN is dead: each row is one kind of change self-heal must carry over. */
const CHANGES: Array<{ what: string; ops: Op[] }> = [
  { what: 'overwrite', ops: [['write', '/d1/over', fill('changed /d1/over', 5000)]] },
  { what: 'write in the middle of a big file', ops: [['pwrite', '/d1/big', 300_000, 'a block in the middle\n']] },
  { what: 'append', ops: [['append', '/d1/app', 'appended while a brick was down\n']] },
  { what: 'truncate', ops: [['truncate', '/d1/trunc', 100_000]] },
  { what: 'create a file with data', ops: [['write', '/d1/new', fill('new /d1/new', 7000)]] },
  { what: 'create an empty file', ops: [['touch', '/d1/empty']] },
  { what: 'unlink', ops: [['unlink', '/d1/del']] },
  { what: 'chmod (file and directory)', ops: [['chmod', '/d1/mode', 0o600], ['chmod', '/d1/sub', 0o700]] },
  { what: 'chown', ops: [['chown', '/d1/own', 1234, 5678]] },
  { what: 'setfattr user.* (file and directory)', ops: [['setxattr', '/d1/xa-set', 'user.x', 'new'], ['setxattr', '/d2', 'user.dir', 'yes']] },
  { what: 'setfattr -x user.x', ops: [['removexattr', '/d1/xa-rm', 'user.x']] },
  { what: 'touch -m', ops: [['mtime', '/d1/mt']] },
  {
    what: 'mkdir of a new tree with files',
    ops: [
      ['mkdir', '/newtree'],
      ['mkdir', '/newtree/a'],
      ['write', '/newtree/f1', fill('new /newtree/f1', 2000)],
      ['write', '/newtree/a/f2', fill('new /newtree/a/f2', 200_000)],
    ],
  },
  { what: 'rmdir (an empty directory, an emptied one)', ops: [['rmdir', '/gone'], ['unlink', '/gone2/f'], ['rmdir', '/gone2']] },
  { what: 'symlink', ops: [['symlink', 'over', '/d1/lnk']] },
  { what: 'hard link', ops: [['link', '/d1/hl', '/d2/hl2']] },
  { what: 'rename in the same directory', ops: [['rename', '/d1/ren-same', '/d1/ren-same2']] },
  { what: 'rename across directories', ops: [['rename', '/d1/ren-across', '/d2/ren-across']] },
  {
    what: 'type change (file removed, directory of that name made)',
    ops: [['unlink', '/d2/typechg'], ['mkdir', '/d2/typechg'], ['write', '/d2/typechg/in', 'inside\n']],
  },
  { what: 'file replaced by a symlink', ops: [['unlink', '/d2/tosym'], ['symlink', '../d1/over', '/d2/tosym']] },
];

/** Applies ops through a FUSE mount (real gluster's client). */
function mountApplier(mnt: string): (op: Op) => void {
  const p = (rel: string) => path.join(mnt, rel);
  const run = (cmd: string, args: string[]) => {
    const r = sh(cmd, args);
    if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  };
  return (op) => {
    switch (op[0]) {
      case 'mkdir': return fs.mkdirSync(p(op[1]));
      case 'write': return fs.writeFileSync(p(op[1]), op[2]);
      case 'pwrite': {
        const fd = fs.openSync(p(op[1]), 'r+');
        try {
          fs.writeSync(fd, op[3], op[2]);
        } finally {
          fs.closeSync(fd);
        }
        return;
      }
      case 'append': return fs.appendFileSync(p(op[1]), op[2]);
      case 'truncate': return fs.truncateSync(p(op[1]), op[2]);
      case 'touch': return run('touch', [p(op[1])]);
      case 'unlink': return fs.unlinkSync(p(op[1]));
      case 'rmdir': return fs.rmdirSync(p(op[1]));
      case 'chmod': return fs.chmodSync(p(op[1]), op[2]);
      case 'chown': return fs.chownSync(p(op[1]), op[2], op[3]);
      case 'setxattr': return run('setfattr', ['-n', op[2], '-v', op[3], p(op[1])]);
      case 'removexattr': return run('setfattr', ['-x', op[2], p(op[1])]);
      // A fixed time in the past: mtime going backwards must be healed too.
      case 'mtime': return run('touch', ['-m', '-d', '@981173106', p(op[1])]);
      case 'symlink': return fs.symlinkSync(op[1], p(op[2]));
      case 'link': return fs.linkSync(p(op[1]), p(op[2]));
      case 'rename': return fs.renameSync(p(op[1]), p(op[2]));
    }
  };
}

/** Applies ops with `tgluster fs` commands, one process each, as a script would. */
function tglusterApplier(env: Env, vol: string): (op: Op) => void {
  const v = (rel: string) => `${vol}:${rel}`;
  const run = (args: string[], input?: string) => {
    const r = env.run(['fs', ...args], input);
    if (r.code !== 0) throw new Error(`tgluster fs ${args.join(' ')} -> ${r.code}: ${r.stdout}${r.stderr}`);
    return r.stdout;
  };
  return (op) => {
    switch (op[0]) {
      case 'mkdir': return void run(['mkdir', v(op[1])]);
      case 'write': return void run(['put', '-', v(op[1])], op[2]);
      case 'pwrite': return void run(['write', '--offset', String(op[2]), v(op[1])], op[3]);
      case 'append': {
        const size = (JSON.parse(env.run(['--json', 'fs', 'stat', v(op[1])]).stdout) as { size: number }).size;
        return void run(['write', '--offset', String(size), v(op[1])], op[2]);
      }
      case 'truncate': return void run(['truncate', '-s', String(op[2]), v(op[1])]);
      case 'touch': return void run(['touch', v(op[1])]);
      case 'unlink': return void run(['rm', v(op[1])]);
      case 'rmdir': return void run(['rm', '-r', v(op[1])]);
      case 'chmod': return void run(['chmod', op[2].toString(8).padStart(4, '0'), v(op[1])]);
      case 'chown': return void run(['chown', `${op[2]}:${op[3]}`, v(op[1])]);
      case 'setxattr': return void run(['setfattr', '-n', op[2], '-v', op[3], v(op[1])]);
      case 'removexattr': return void run(['setfattr', '-x', op[2], v(op[1])]);
      // `fs touch` can only set "now"; still an mtime-only change for AFR (a metadata txn).
      case 'mtime': return void run(['touch', v(op[1])]);
      case 'symlink': return void run(['ln', '-s', op[1], v(op[2])]);
      case 'link': return void run(['ln', v(op[1]), v(op[2])]);
      case 'rename': return void run(['mv', v(op[1]), v(op[2])]);
    }
  };
}

function applyAll(apply: (op: Op) => void, ops: Op[], what: string): void {
  for (const op of ops) {
    try {
      apply(op);
    } catch (e) {
      throw new Error(`${what}: ${JSON.stringify(op)} failed: ${String((e as Error).message ?? e)}`);
    }
  }
}

// ---- extended attributes, read with getfattr (not with tgluster's own code) ----------------------

type Xattrs = Record<string, string>;

/** `getfattr -R` of a tree (symlinks not followed): absolute path -> name -> hex value. */
function xattrTree(root: string, match = '-'): Map<string, Xattrs> {
  const r = spawnOut('getfattr', ['-R', '-P', '-h', '-d', '-m', match, '-e', 'hex', '--absolute-names', root]);
  const out = new Map<string, Xattrs>();
  for (const block of r.split(/\n\n+/)) {
    const lines = block.split('\n').filter(Boolean);
    if (!lines[0]?.startsWith('# file: ')) continue;
    // getfattr escapes unusual bytes in names as \ooo.
    const file = lines[0].slice(8).replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
    const rec: Xattrs = {};
    for (const l of lines.slice(1)) {
      const eq = l.indexOf('=');
      rec[eq < 0 ? l : l.slice(0, eq)] = eq < 0 ? '' : l.slice(eq + 1);
    }
    out.set(file.replace(/\/$/, '') || '/', rec);
  }
  return out;
}

function spawnOut(cmd: string, args: string[]): string {
  const r = sh(cmd, args);
  // getfattr exits 1 when some object has no xattrs to show; only its stdout matters here.
  if (r.code !== 0 && !r.stdout) throw new Error(`${cmd} ${args.join(' ')} -> ${r.code}: ${r.stderr}`);
  return r.stdout;
}

// ---- what a client sees -------------------------------------------------------------------------

interface Seen {
  type: 'dir' | 'file' | 'symlink' | 'other';
  mode: string;
  owner: string;
  size?: number;
  sha?: string;
  target?: string;
  /** Regular files only (a directory's mtime moves with entry heal on the bricks). */
  mtime?: string;
  user: Xattrs;
}
/** Volume path ('/d1/f') -> what a reader sees. */
type View = Map<string, Seen>;

function viewOfMount(mnt: string): View {
  const user = xattrTree(mnt, '^user\\.');
  const out: View = new Map();
  const visit = (rel: string) => {
    for (const name of fs.readdirSync(path.join(mnt, rel)).sort()) {
      const r = `${rel}/${name}`;
      const p = path.join(mnt, r);
      const st = fs.lstatSync(p, { bigint: true });
      const type = st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
      out.set(r, {
        type,
        mode: (Number(st.mode) & 0o7777).toString(8),
        owner: `${st.uid}:${st.gid}`,
        ...(type === 'file' ? { size: Number(st.size), sha: sha(fs.readFileSync(p)), mtime: String(st.mtimeNs) } : {}),
        ...(type === 'symlink' ? { target: fs.readlinkSync(p) } : {}),
        user: user.get(p) ?? {},
      });
      if (type === 'dir') visit(r);
    }
  };
  visit('');
  return out;
}

async function viewOfClient(c: VolumeClient): Promise<View> {
  const out: View = new Map();
  const visit = async (dir: string) => {
    await tick();
    for (const name of (await c.readdir(dir)).sort()) {
      const p = `${dir === '/' ? '' : dir}/${name}`;
      const st = await c.lstat(p);
      const type = st.type === 'dir' || st.type === 'file' || st.type === 'symlink' ? st.type : 'other';
      const user: Xattrs = {};
      for (const n of (await c.listxattr(p, false)).filter((x) => x.startsWith('user.')).sort())
        user[n] = `0x${(await c.getxattr(p, n, false)).toString('hex')}`;
      out.set(p, {
        type,
        mode: (st.mode & 0o7777).toString(8),
        owner: `${st.uid}:${st.gid}`,
        ...(type === 'file'
          ? { size: st.size, sha: sha(await c.readFile(p)), mtime: String(BigInt(st.mtime.sec) * 1_000_000_000n + BigInt(st.mtime.nsec)) }
          : {}),
        ...(type === 'symlink' ? { target: await c.readlink(p) } : {}),
        user,
      });
      if (type === 'dir') await visit(p);
    }
  };
  await visit('/');
  return out;
}

function diffViews(want: View, got: View): string[] {
  const out: string[] = [];
  for (const k of new Set([...want.keys(), ...got.keys()])) {
    const w = want.get(k);
    const g = got.get(k);
    if (!g) out.push(`${k}: missing`);
    else if (!w) out.push(`${k}: extra (${g.type})`);
    else if (JSON.stringify(w) !== JSON.stringify(g)) out.push(`${k}: ${JSON.stringify(g)}, want ${JSON.stringify(w)}`);
  }
  return out.sort();
}

// ---- what a brick holds -------------------------------------------------------------------------

interface BrickObj {
  type: 'dir' | 'file' | 'symlink' | 'other';
  mode: string;
  owner: string;
  nlink?: number;
  size?: number;
  sha?: string;
  target?: string;
  mtime?: string;
  /** For an object of the namespace: its `.glusterfs` handle (hard link, or symlink for a dir). */
  handle?: string;
  xattrs: Xattrs;
}
/** Brick-relative path ('' = root) -> object. */
type Snap = Map<string, BrickObj>;

const BASE_FILE = /^\.glusterfs\/indices\/(xattrop|dirty|entry-changes)\/\1-[0-9a-f-]{36}$/;
const HANDLE_DIR = /^\.glusterfs\/[0-9a-f]{2}(\/[0-9a-f]{2})?$/;

/**
 * Every object of a brick, `.glusterfs` included, minus what is random or made at some moment
 * by either implementation for its own reasons: the index base files (`xattrop-<uuid>`, named per
 * brick process), `health_check`, the `XX/YY` directories handles sit in (256 made at brick
 * start, the rest on demand), and `landfill`: entry heal removes a directory gone on the source
 * by renaming it there and the janitor thread empties it on its own schedule, so what it holds
 * (and the handles of files inside) depends on when one looks. The volume id (differs: each side created its own volume) and the
 * anonymous-inode directory named after it are normalised to <VOLID>/<ANON>. Directory sizes,
 * nlinks and mtimes are left out (they follow the listing, compared anyway, or the moment an
 * entry was healed); the times clients see are in trusted.glusterfs.mdata, compared exactly.
 */
function snapshotBrick(brick: string): Snap {
  const xa = xattrTree(brick);
  const volHex = (xa.get(brick)?.['trusted.glusterfs.volume-id'] ?? '').replace(/^0x/, '');
  const anonDir = `.glusterfs-anonymous-inode-${canon(volHex)}`;
  const anonHex = (xa.get(path.join(brick, anonDir))?.['trusted.gfid'] ?? '').replace(/^0x/, '');
  const swaps: Array<[RegExp | string, string]> = [];
  if (anonHex) {
    swaps.push([new RegExp(`\\.glusterfs/[0-9a-f]{2}/[0-9a-f]{2}/${canon(anonHex)}`, 'g'), '.glusterfs/<ANON handle>']);
    swaps.push([canon(anonHex), '<ANON>'], [anonHex, '<ANON>'], [Buffer.from(canon(anonHex)).toString('hex'), '<ANON as hex text>']);
  }
  if (volHex) swaps.push([canon(volHex), '<VOLID>'], [volHex, '<VOLID>'], [Buffer.from(canon(volHex)).toString('hex'), '<VOLID as hex text>']);
  const norm = (s: string) => swaps.reduce((acc, [from, to]) => acc.replaceAll(from, to), s);

  const out: Snap = new Map();
  const landfill = path.join(brick, '.glusterfs', 'landfill');
  const inLandfill = new Set<bigint>();
  const collect = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) collect(path.join(d, e.name));
      else inLandfill.add(fs.lstatSync(path.join(d, e.name), { bigint: true }).ino);
    }
  };
  if (fs.existsSync(landfill)) collect(landfill);
  const record = (rel: string) => {
    const p = rel ? path.join(brick, rel) : brick;
    const st = fs.lstatSync(p, { bigint: true });
    const type = st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
    const inGlusterfs = rel === '.glusterfs' || rel.startsWith('.glusterfs/');
    const xattrs: Xattrs = {};
    for (const [k, v] of Object.entries(xa.get(p) ?? {})) xattrs[k] = k === 'trusted.glusterfs.volume-id' ? '<VOLID>' : norm(v);
    const obj: BrickObj = { type, mode: (Number(st.mode) & 0o7777).toString(8), owner: `${st.uid}:${st.gid}`, xattrs };
    if (type !== 'dir' && !rel.startsWith('.glusterfs/indices/')) obj.nlink = Number(st.nlink);
    if (type === 'file') Object.assign(obj, { size: Number(st.size), sha: sha(fs.readFileSync(p)) });
    if (type === 'symlink') obj.target = norm(fs.readlinkSync(p));
    // Inode mtimes of non-directories in the namespace. Not under .glusterfs (a directory's
    // handle symlink is made when the heal makes the directory), and not without mdata: a file a
    // gfid split-brain resolution recreates empty carries only its creation moment until healed.
    if (type !== 'dir' && !inGlusterfs && xattrs['trusted.glusterfs.mdata']) obj.mtime = String(st.mtimeNs);
    const gfid = xa.get(p)?.['trusted.gfid'];
    if (!inGlusterfs && gfid) {
      const g = canon(gfid);
      const h = path.join(brick, '.glusterfs', g.slice(0, 2), g.slice(2, 4), g);
      const hs = fs.lstatSync(h, { bigint: true, throwIfNoEntry: false });
      if (!hs) obj.handle = 'missing';
      else if (type === 'dir') obj.handle = hs.isSymbolicLink() ? 'symlink' : 'not a symlink';
      else obj.handle = hs.ino === st.ino ? 'hard link' : 'another inode';
    }
    out.set(norm(rel), obj);
    return type;
  };
  const visit = (rel: string) => {
    for (const name of fs.readdirSync(rel ? path.join(brick, rel) : brick).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      if (r === '.glusterfs/health_check' || BASE_FILE.test(r) || r.startsWith('.glusterfs/landfill/')) continue;
      const st = fs.lstatSync(path.join(brick, r), { bigint: true });
      const isDir = st.isDirectory();
      if (!isDir && inLandfill.has(st.ino)) continue;
      if (!(isDir && HANDLE_DIR.test(r))) record(r);
      if (isDir) visit(r);
    }
  };
  record('');
  visit('');
  // How the anonymous-inode directory's gfid derives from the volume id (both random): the same
  // derivation must hold on both sides.
  if (anonHex) {
    const x = Buffer.from(anonHex, 'hex').map((b, i) => b ^ Buffer.from(volHex, 'hex')[i]);
    const xor = Buffer.from(x).toString('hex');
    out.set('@anonymous-inode gfid xor volume id', { type: 'other', mode: '', owner: '', xattrs: { xor } });
  }
  return out;
}

/**
 * The current volume's anonymous-inode directory, its handle and gfid: tgluster makes it at
 * `volume create` (README), gluster when its self-heal daemon first needs it. Compared when both
 * sides have it.
 */
const ANON_OPTIONAL = (rel: string) =>
  rel.startsWith('.glusterfs-anonymous-inode-<VOLID>') || rel.includes('<ANON') || rel.startsWith('@anonymous-inode');

/** Differences of `got` from `want`, one line per field, for brick `label`. */
/**
 * A directory's mdata with only its ctime kept: after a conservative merge 10.3 restores the
 * directory's atime/mtime from an out-of-range reply (`replies[-1]`), so they are whatever that
 * memory held (seen: garbage in one run of many); the ctime stays meaningful.
 */
const ctimeOnly = (mdata: string | undefined) => (mdata === undefined ? undefined : `${mdata.slice(0, 52)}…`);

function diffSnaps(
  label: string,
  want: Snap,
  got: Snap,
  ignore: (rel: string) => boolean = () => false,
  mergedDir: (rel: string) => boolean = () => false,
): string[] {
  const out: string[] = [];
  const keys = [...new Set([...want.keys(), ...got.keys()])].sort();
  const bothHaveAnon = [...want.keys()].some(ANON_OPTIONAL) && [...got.keys()].some(ANON_OPTIONAL);
  for (const k of keys) {
    if (ignore(k) || (!bothHaveAnon && ANON_OPTIONAL(k))) continue;
    const w = want.get(k);
    const g = got.get(k);
    const at = `${label} /${k}`;
    if (!g) out.push(`${at}: missing (want ${w!.type})`);
    else if (!w) out.push(`${at}: extra ${g.type}`);
    else {
      for (const f of ['type', 'mode', 'owner', 'nlink', 'size', 'sha', 'target', 'mtime', 'handle'] as const)
        if (w[f] !== g[f]) out.push(`${at}: ${f} ${String(g[f])}, want ${String(w[f])}`);
      const norm = (x: string, v: string | undefined) => (x === 'trusted.glusterfs.mdata' && mergedDir(k) ? ctimeOnly(v) : v);
      for (const x of [...new Set([...Object.keys(w.xattrs), ...Object.keys(g.xattrs)])].sort())
        if (norm(x, w.xattrs[x]) !== norm(x, g.xattrs[x])) out.push(`${at}: ${x}=${g.xattrs[x] ?? '(absent)'}, want ${w.xattrs[x] ?? '(absent)'}`);
    }
  }
  return out;
}

/** Index entries (base files excluded) a snapshot still holds. */
const indexLeft = (s: Snap) => [...s.keys()].filter((k) => /^\.glusterfs\/indices\/[^/]+\/./.test(k));

/** gfid -> volume path of every object on the bricks (written before any copy or heal). */
function gfidLegend(bricks: string[]): Map<string, string> {
  const seen = new Map<string, Map<string, number[]>>();
  bricks.forEach((b, i) => {
    for (const [p, x] of xattrTree(b)) {
      const rel = p === b ? '/' : p.slice(b.length);
      if (rel.startsWith('/.glusterfs') || !x['trusted.gfid']) continue;
      const g = canon(x['trusted.gfid']);
      const m = seen.get(g) ?? new Map<string, number[]>();
      m.set(rel, [...(m.get(rel) ?? []), i]);
      seen.set(g, m);
    }
  });
  // A name with a different gfid on each brick (gfid split-brain) is labelled with the bricks.
  const gfidsOfPath = new Map<string, number>();
  for (const m of seen.values()) for (const rel of m.keys()) gfidsOfPath.set(rel, (gfidsOfPath.get(rel) ?? 0) + 1);
  const out = new Map<string, string>();
  for (const [g, m] of seen) {
    const labels = [...m].map(([rel, on]) => ((gfidsOfPath.get(rel) ?? 0) > 1 ? `${rel} (brick ${on.join(',')}'s)` : rel));
    out.set(g, labels.sort().join(' | '));
  }
  return out;
}

// ---- the two implementations behind one interface -----------------------------------------------

interface Out {
  code: number;
  stdout: string;
  stderr: string;
}

interface Side {
  kind: 'gluster' | 'tgluster';
  /** `--mode=script ARGS`; never throws. */
  cli(args: string[]): Sh;
  /** Defines VOL over existing bricks (`create ... force`), sets the options, starts it. */
  adopt(vol: string, bricks: string[], replica: number, options: Array<[string, string]>): void;
  /** Stops and deletes VOL; its bricks stay. */
  drop(vol: string): void;
}

function glusterSide(sb: GlusterSandbox): Side {
  const cli = (args: string[]) => sh('gluster', ['--mode=script', ...args]);
  return {
    kind: 'gluster',
    cli,
    adopt(vol, bricks, replica, options) {
      sb.create(vol, bricks, replica);
      for (const [k, v] of options) gluster('volume', 'set', vol, k, v);
      sb.start(vol);
    },
    drop: (vol) => sb.remove(vol),
  };
}

/** A fresh gluster sandbox and tgluster state for one volume; the candidate is gluster itself under HL_CANDIDATE=gluster. */
function openSides(vol: string, base: string): { sb: GlusterSandbox; env: Env; gl: Side; cand: Side } {
  ensureGlusterd();
  fs.rmSync(base, { recursive: true, force: true });
  const sb = new GlusterSandbox(vol);
  const env = makeEnv(vol);
  const gl = glusterSide(sb);
  return { sb, env, gl, cand: SELF_CHECK ? gl : tglusterSide(env) };
}

function tglusterSide(env: Env): Side {
  const cli = (args: string[]): Sh => {
    const r = env.run(['--mode=script', ...args]);
    return { code: r.code, stdout: r.stdout, stderr: r.stderr };
  };
  const must = (args: string[]) => {
    const r = cli(args);
    if (r.code !== 0) throw new Error(`tgluster ${args.join(' ')} -> ${r.code}: ${r.stdout}${r.stderr}`);
  };
  return {
    kind: 'tgluster',
    cli,
    adopt(vol, bricks, replica, options) {
      must(['volume', 'create', vol, 'replica', String(replica), ...specsOf(bricks), 'force']);
      for (const [k, v] of options) must(['volume', 'set', vol, k, v]);
      must(['volume', 'start', vol]);
    },
    drop(vol) {
      cli(['volume', 'stop', vol, 'force']);
      must(['volume', 'delete', vol]);
    },
  };
}

/** Brick names and paths in CLI output replaced by BRICK<i>: each side has its own copies. */
function normOut(r: Sh, bricks: string[]): Out {
  const n = (s: string) =>
    bricks.reduce((acc, b, i) => acc.replaceAll(`${hostOf(i)}:${b}`, `BRICK${i}`).replaceAll(b, `BRICKPATH${i}`), s);
  return { code: r.code, stdout: n(r.stdout), stderr: n(r.stderr) };
}

// ---- heal info ----------------------------------------------------------------------------------

interface HealBrick {
  status: string;
  count: string;
  /** "<path per the legend, or gfid> <pending|split-brain|healing|listed>", sorted. */
  entries: string[];
}
interface HealInfo {
  code: number;
  bricks: HealBrick[];
  /** The same from --xml: name, status, count and the gfids listed. */
  xml: Array<{ name: string; status: string; count: string; gfids: string[] }>;
  text: string;
}

const xmlText = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

/**
 * `heal VOL info [WHAT]` in text and --xml. Entries are compared as gfids (with their status),
 * not as printed: gluster prints `<gfid:…>` or a path depending on what its brick's inode table
 * happens to hold (a restarted brick knows no paths), so the display form is not deterministic.
 */
function healInfo(side: Side, vol: string, bricks: string[], legend: Map<string, string>, what: string[] = []): HealInfo {
  const text = normOut(side.cli(['volume', 'heal', vol, 'info', ...what]), bricks);
  const xmlOut = normOut(side.cli(['volume', 'heal', vol, 'info', ...what, '--xml']), bricks);
  const xml = [...xmlOut.stdout.matchAll(/<brick[^>]*>([\s\S]*?)<\/brick>/g)].map((m) => {
    const field = (f: string) => new RegExp(`<${f}>([^<]*)</${f}>`).exec(m[1])?.[1] ?? '';
    const files = [...m[1].matchAll(/<file gfid="([^"]*)">([^<]*)<\/file>/g)].map((f) => ({ gfid: f[1], display: xmlText(f[2]) }));
    return { name: field('name'), status: field('status'), count: field('numberOfEntries'), files };
  });
  const blocks = text.stdout.split(/^(?=Brick )/m).filter((b) => b.startsWith('Brick '));
  const parsed = blocks.map((block, i): HealBrick => {
    const lines = block.split('\n');
    const statusAt = lines.findIndex((l) => l.startsWith('Status: '));
    const entries = lines.slice(1, statusAt < 0 ? 1 : statusAt).map((line) => {
      const [display, state] = line.endsWith(' - Is in split-brain')
        ? [line.slice(0, -' - Is in split-brain'.length), 'split-brain']
        : line.endsWith(' - Possibly undergoing heal')
          ? [line.slice(0, -' - Possibly undergoing heal'.length), 'healing']
          : line.endsWith(' ')
            ? [line.slice(0, -1), 'pending']
            : [line, 'listed'];
      const gfid =
        xml[i]?.files.find((f) => f.display === display)?.gfid ??
        /^<gfid:([0-9a-f-]{36})>$/.exec(display)?.[1] ??
        gfidAt(bricks[i], display) ??
        `unresolved ${display}`;
      return `${legend.get(gfid) ?? gfid} ${state}`;
    });
    return {
      status: statusAt < 0 ? '' : lines[statusAt],
      count: lines.find((l) => l.startsWith('Number of entries'))?.trim() ?? '',
      entries: entries.sort(),
    };
  });
  return {
    code: text.code,
    bricks: parsed,
    xml: xml.map(({ name, status, count, files }) => ({
      name,
      status,
      count,
      gfids: files.map((f) => legend.get(f.gfid) ?? f.gfid).sort(),
    })),
    text: `${text.stdout}${text.stderr}`,
  };
}

function gfidAt(brick: string, volPath: string): string | undefined {
  if (!volPath.startsWith('/')) return undefined;
  const v = xattrTree(path.join(brick, volPath)).get(path.join(brick, volPath).replace(/\/$/, ''))?.['trusted.gfid'];
  return v ? canon(v) : undefined;
}

const noEntries = (h: HealInfo) => h.bricks.every((b) => b.entries.length === 0);

// ---- heal runs ----------------------------------------------------------------------------------

const NO_HEAL: Array<[string, string]> = [
  ['cluster.self-heal-daemon', 'off'],
  ['cluster.data-self-heal', 'off'],
  ['cluster.metadata-self-heal', 'off'],
  ['cluster.entry-self-heal', 'off'],
];

interface BeforeHeal {
  info: HealInfo;
  splitBrain: HealInfo;
  summary: Out;
  /** With the self-heal daemon off this is gluster's refusal; compared as such. */
  healCount: Out;
}

function captureBefore(side: Side, vol: string, bricks: string[], legend: Map<string, string>): BeforeHeal {
  return {
    info: healInfo(side, vol, bricks, legend),
    splitBrain: healInfo(side, vol, bricks, legend, ['split-brain']),
    summary: normOut(side.cli(['volume', 'heal', vol, 'info', 'summary']), bricks),
    healCount: normOut(side.cli(['volume', 'heal', vol, 'statistics', 'heal-count']), bricks),
  };
}

/**
 * Waits (bounded) until real gluster's self-heal daemon has healed all it can: heal info lists
 * nothing but the objects in `left` (legend labels: what cannot be healed) and no crawl is in
 * progress (`heal info` drops an entry before the heal of it has quite finished). The daemon
 * crawls when it starts and on `volume heal`; its periodic crawl is 10 minutes away, so the heal
 * is asked for again now and then. Returns how many heal launches it took.
 */
async function settleGluster(
  side: Side,
  vol: string,
  bricks: string[],
  legend: Map<string, string>,
  left: string[],
): Promise<number> {
  let launches = 1;
  let last: HealInfo | undefined;
  for (let i = 1; i <= 300; i++) {
    last = healInfo(side, vol, bricks, legend);
    const healed = last.bricks.every((b) => b.entries.every((e) => left.some((l) => e.startsWith(`${l} `))));
    if (healed && !side.cli(['volume', 'heal', vol, 'statistics']).stdout.includes('Crawl is in progress')) return launches;
    if (i % 25 === 0) {
      side.cli(['volume', 'heal', vol]);
      launches++;
    }
    await pause(200);
  }
  throw new Error(`gluster did not heal ${vol} in time; heal info still says:\n${last?.text}`);
}

interface AfterHeal {
  enable: Out;
  heal: Out;
  info: HealInfo;
  healCount: Out;
  snaps: Snap[];
  launches: number;
}

/** Self-heal daemon on, `volume heal VOL`, then what heal info and the bricks say. */
async function healAndCapture(side: Side, vol: string, bricks: string[], legend: Map<string, string>): Promise<AfterHeal> {
  const enable = normOut(side.cli(['volume', 'set', vol, 'cluster.self-heal-daemon', 'on']), bricks);
  const heal = normOut(side.cli(['volume', 'heal', vol]), bricks);
  // tgluster's heal runs to completion in the command: what heal info says right after is final.
  const launches = side.kind === 'gluster' ? await settleGluster(side, vol, bricks, legend, []) : 1;
  return {
    enable,
    heal,
    launches,
    info: healInfo(side, vol, bricks, legend),
    healCount: normOut(side.cli(['volume', 'heal', vol, 'statistics', 'heal-count']), bricks),
    snaps: bricks.map(snapshotBrick),
  };
}

/** Removes what a describe made: gluster's volume and mount, tgluster's volume, the bricks. */
function cleanup(sb: GlusterSandbox | undefined, env: Env | undefined, vol: string, mnt: string, base: string): void {
  sb?.cleanup();
  // The mount point goes too, unless it is somehow still mounted (never recurse into a mount).
  if (fs.existsSync(mnt) && sh('mountpoint', ['-q', mnt]).code !== 0) fs.rmdirSync(mnt);
  if (env) {
    // A test that failed half way may have left tgluster's volume defined: its brick locks go with it.
    env.run(['--mode=script', 'volume', 'stop', vol, 'force']);
    env.run(['--mode=script', 'volume', 'delete', vol]);
    env.cleanup();
  }
  if (KEEP) return;
  fs.rmSync(base, { recursive: true, force: true });
  // The last describe to finish removes the run's directory.
  if (fs.existsSync(ROOT) && fs.readdirSync(ROOT).length === 0) fs.rmdirSync(ROOT);
}

function copyBricks(from: string[], to: string[]): void {
  from.forEach((b, i) => {
    fs.rmSync(to[i], { recursive: true, force: true });
    const r = sh('cp', ['-a', b, to[i]]);
    if (r.code !== 0) throw new Error(`cp -a ${b} ${to[i]}: ${r.stderr}`);
  });
}

/** The namespace of a brick (no .glusterfs): what every healed copy of a replica set must agree on. */
function namespaceOf(s: Snap): Snap {
  const out: Snap = new Map();
  for (const [k, v] of s) {
    if (k.startsWith('.glusterfs') || k.startsWith('@')) continue;
    // AFR keys and the times of healed copies legitimately differ between the copies of a set.
    const xattrs = Object.fromEntries(
      Object.entries(v.xattrs).filter(([x]) => !x.startsWith('trusted.afr.') && x !== 'trusted.glusterfs.mdata'),
    );
    out.set(k, { ...v, mtime: undefined, xattrs });
  }
  return out;
}

/** A failure message: the first `max` differences. */
const fmt = (d: string[], max = 80) => (d.length > max ? [...d.slice(0, max), `... ${d.length - max} more`] : d).join('\n');

// ---- who writes a scenario: real gluster through a FUSE mount, or tgluster -----------------------

interface Direction {
  label: string;
  tag: string;
  writer: Side['kind'];
}
const DIRECTIONS: Direction[] = [
  { label: 'forward: real gluster writes while a brick is dead', tag: 'fwd', writer: 'gluster' },
  { label: 'reverse: tgluster writes while a brick is dead', tag: 'rev', writer: 'tgluster' },
];

/** Brick `dead` (volume order) is killed, the changes are made, then it is brought back. */
interface Phase {
  dead: number;
  changes: Array<{ what: string; ops: Op[] }>;
}

interface Scenario {
  vol: string;
  /** The writer's FUSE mount point (gluster only). */
  mnt: string;
  bricks: string[];
  replica: number;
  options: Array<[string, string]>;
  setup: Op[];
  phases: Phase[];
  /** Take what the writing client sees after the last phase's changes (its brick still dead). */
  look?: boolean;
}

/**
 * The writer defines the volume over `bricks`, writes `setup` with every brick up, then in each
 * phase kills a brick (gluster: kill -9 of its pid; tgluster: `debug kill-brick`), makes the
 * changes and brings it back (`volume start VOL force`). The volume is left stopped, still
 * defined: `side.drop` removes it once the bricks are copied.
 */
async function writeScenario(writer: Side['kind'], sb: GlusterSandbox, env: Env, s: Scenario): Promise<{ side: Side; view?: View }> {
  const { vol, bricks, replica } = s;
  for (const b of bricks) fs.mkdirSync(b, { recursive: true });
  const side = writer === 'gluster' ? glusterSide(sb) : tglusterSide(env);
  const must = (args: string[]) => {
    const r = side.cli(args);
    expect([args.join(' '), r.code, r.stderr]).toEqual([args.join(' '), 0, '']);
  };
  side.adopt(vol, bricks, replica, s.options);
  let mnt = '';
  const allUp = () => bricks.every((_, i) => mountSeesUp(mnt, vol, i, replica));
  if (writer === 'gluster') {
    mnt = sb.mountVolume(vol, s.mnt);
    await until('the mount to see every brick', allUp);
  }
  const apply = writer === 'gluster' ? mountApplier(mnt) : tglusterApplier(env, vol);
  applyAll(apply, s.setup, 'setup');
  let view: View | undefined;
  for (const p of s.phases) {
    if (writer === 'gluster') {
      sb.killBrick(vol, bricks[p.dead]);
      await until(`the mount to see brick ${p.dead} down`, () => !mountSeesUp(mnt, vol, p.dead, replica));
    } else {
      const k = env.run(['debug', 'kill-brick', vol, specsOf(bricks)[p.dead]]);
      expect([k.code, k.stderr]).toEqual([0, '']);
    }
    for (const c of p.changes) applyAll(apply, c.ops, c.what);
    if (s.look) view = writer === 'gluster' ? viewOfMount(mnt) : await viewOfClient(await openVolume(vol, { home: env.home }));
    must(['volume', 'start', vol, 'force']);
    if (writer === 'gluster') {
      await until(`brick ${p.dead} back online`, () => sb.brickOnline(vol, bricks[p.dead]));
      await until(`the mount to see brick ${p.dead} again`, allUp);
    }
  }
  if (writer === 'gluster') sb.unmount(mnt);
  must(['volume', 'stop', vol]);
  return { side, view };
}

// ---- 1 and 2: a brick misses every kind of change -----------------------------------------------

/** The brick (volume order) that misses the changes. */
const DOWN = 2;

// What 10.3 leaves (observed, and demanded of tgluster by the brick comparison): on the two good
// copies every object changed or created while brick 2 was dead keeps
// trusted.afr.VOL-client-2=0x000000000000000000000000 (zeroed, not removed; symlinks included),
// objects that saw a data txn keep trusted.afr.dirty=0x0…0; the healed copy gets no client-N key
// (objects heal creates there have no AFR key at all, but the source's gfid and mdata); a sink's
// inode mtime is set to the source's mdata mtime (nanoseconds); the anonymous-inode directory
// appears at the first heal; directories removed on the source go to .glusterfs/landfill.

describe.each(DIRECTIONS)('self-heal after a brick missed changes, $label', (dir) => {
  const VOL = `hl${dir.tag}${RUN}`;
  const MNT = `/mnt/${VOL}`;
  const base = path.join(ROOT, dir.tag);
  const at = (prefix: string) => [0, 1, 2].map((i) => path.join(base, `${prefix}${i}`));
  /** Written by the writer; its two copies: healed by gluster, healed by the candidate. */
  const [written, gCopy, tCopy] = [at('w'), at('g'), at('t')];
  let sb: GlusterSandbox;
  let env: Env;
  let gl: Side;
  let cand: Side;
  /** What the writing client saw once the changes were made (the brick still dead). */
  let view: View;
  let legend: Map<string, string>;
  let gBefore: BeforeHeal | undefined;
  let gAfter: AfterHeal | undefined;
  let tHealed = false;

  beforeAll(async () => {
    ({ sb, env, gl, cand } = openSides(VOL, base));

    const w = await writeScenario(dir.writer, sb, env, {
      vol: VOL,
      mnt: MNT,
      bricks: written,
      replica: 3,
      options: NO_HEAL,
      setup: SETUP,
      phases: [{ dead: DOWN, changes: CHANGES }],
      look: true,
    });
    view = w.view!;
    legend = gfidLegend(written);
    copyBricks(written, gCopy);
    copyBricks(written, tCopy);
    w.side.drop(VOL);
  });

  afterAll(() => cleanup(sb, env, VOL, MNT, base));

  it('the writer saw every change, and the dead brick missed them', () => {
    expect(view.get('/d1/new')?.type).toBe('file');
    expect(view.has('/d1/del')).toBe(false);
    expect(view.get('/d2/typechg')?.type).toBe('dir');
    expect(view.get('/d2/tosym')).toMatchObject({ type: 'symlink', target: '../d1/over' });
    expect(view.get('/d1/own')?.owner).toBe('1234:5678');
    expect(view.get('/d1/xa-rm')?.user).toEqual({});
    // The copy on the dead brick is still the old one, the others are new.
    expect(fs.existsSync(path.join(written[DOWN], 'd1/del'))).toBe(true);
    expect(fs.existsSync(path.join(written[0], 'd1/del'))).toBe(false);
  });

  it('real gluster: heal info lists the changed objects, the self-heal daemon heals every one', async () => {
    gl.adopt(VOL, gCopy, 3, NO_HEAL);
    gBefore = captureBefore(gl, VOL, gCopy, legend);
    // The copies that saw the changes list them; the one that missed them lists nothing.
    expect(gBefore.info.bricks.map((b) => b.entries.length > 0), gBefore.info.text).toEqual([true, true, false]);
    expect(gBefore.splitBrain.bricks.map((b) => b.count)).toEqual(gCopy.map(() => 'Number of entries in split-brain: 0'));
    gAfter = await healAndCapture(gl, VOL, gCopy, legend);
    expect([gAfter.enable, gAfter.heal].map((o) => o.code), JSON.stringify([gAfter.enable, gAfter.heal])).toEqual([0, 0]);
    expect(noEntries(gAfter.info), gAfter.info.text).toBe(true);
    // The oracle healed everything: the three copies agree and their indices are empty.
    const ns = gAfter.snaps.map(namespaceOf);
    for (const i of [1, 2]) {
      const d = diffSnaps(`gluster copy ${i} vs copy 0`, ns[0], ns[i]);
      expect(d, fmt(d)).toEqual([]);
    }
    expect(gAfter.snaps.map(indexLeft)).toEqual([[], [], []]);
    // And a fresh mount reads what the writing client saw.
    const mnt = sb.mountVolume(VOL, MNT);
    const d = diffViews(view, viewOfMount(mnt));
    sb.unmount(mnt);
    expect(d, fmt(d)).toEqual([]);
    gl.drop(VOL);
  });

  it('tgluster: heal info before the heal lists what gluster listed', () => {
    expect(gBefore, 'gluster side did not run').toBeDefined();
    cand.adopt(VOL, tCopy, 3, NO_HEAL);
    const got = captureBefore(cand, VOL, tCopy, legend);
    const want = gBefore!;
    const infoOf = (b: BeforeHeal) => ({ code: b.info.code, info: b.info.bricks, xml: b.info.xml });
    const splitBrainOf = (b: BeforeHeal) => ({ bricks: b.splitBrain.bricks, xml: b.splitBrain.xml });
    expect(infoOf(got)).toEqual(infoOf(want));
    expect(splitBrainOf(got)).toEqual(splitBrainOf(want));
    expect(got.summary).toEqual(want.summary);
    expect(got.healCount).toEqual(want.healCount);
  });

  it('tgluster: `volume heal` leaves the bricks gluster\'s heal left', async () => {
    expect(gAfter, 'gluster side did not run').toBeDefined();
    const got = await healAndCapture(cand, VOL, tCopy, legend);
    expect({ enable: got.enable, heal: got.heal }).toEqual({ enable: gAfter!.enable, heal: gAfter!.heal });
    tHealed = got.heal.code === 0;
    expect({ info: got.info.bricks, xml: got.info.xml }).toEqual({ info: gAfter!.info.bricks, xml: gAfter!.info.xml });
    expect(got.healCount).toEqual(gAfter!.healCount);
    const d = got.snaps.flatMap((s, i) => diffSnaps(`brick ${i}`, gAfter!.snaps[i], s));
    expect(d, `tgluster's healed bricks differ from gluster's:\n${fmt(d)}`).toEqual([]);
  });

  it("real gluster mounts tgluster's healed bricks: nothing to heal, every file as the client saw it", () => {
    expect(tHealed, "tgluster's heal did not run (see the test above)").toBe(true);
    cand.drop(VOL);
    gl.adopt(VOL, tCopy, 3, NO_HEAL);
    const info = healInfo(gl, VOL, tCopy, legend);
    expect(noEntries(info), info.text).toBe(true);
    const mnt = sb.mountVolume(VOL, MNT);
    const d = diffViews(view, viewOfMount(mnt));
    sb.unmount(mnt);
    expect(d, fmt(d)).toEqual([]);
    const again = healInfo(gl, VOL, tCopy, legend);
    expect(noEntries(again), again.text).toBe(true);
    gl.drop(VOL);
  });
});

// ---- 3: split-brain and its resolutions ---------------------------------------------------------

// Side A is written while brick 1 is dead, side B (later) while brick 0 is dead: A's copies are
// the bigger and older ones, B's the smaller and newer ones, so the size and the time methods
// pick different bricks.
const SB_BASE: Op[] = [
  ['write', '/data', 'base\n'],
  ['write', '/meta', 'base\n'],
];
const SB_SIDE_A: Op[] = [
  ['write', '/data', 'side A: the bigger and older copy of /data\n'],
  ['chmod', '/meta', 0o600],
  ['write', '/gfid', 'side A: the bigger and older /gfid\n'],
];
const SB_SIDE_B: Op[] = [
  ['write', '/data', 'side B\n'],
  ['chmod', '/meta', 0o640],
  ['write', '/gfid', 'side B\n'],
];
const SB_FILES = ['/data', '/meta', '/gfid'] as const;
type SbFile = (typeof SB_FILES)[number];
const SB_OPTIONS: Array<[string, string]> = [...NO_HEAL, ['cluster.quorum-type', 'none']];

interface Method {
  id: string;
  label: string;
  commands(vol: string, specs: string[]): string[][];
  /** Which brick's copy each file ends with on gluster (null: left in split-brain). */
  winners: Record<SbFile, number | null>;
  /** favorite-child-policy: gluster's self-heal daemon resolves in the background, these stay. */
  background?: { left: SbFile[] };
  /** Where tgluster deliberately answers differently from gluster (see the comment at lm). */
  deliberate?: { file: SbFile; winner: number; answerAs: string };
  /**
   * A file whose times tgluster deliberately takes from the winner: gluster's CLI client first
   * metadata-heals the file from the lowest brick (ondisk.md §6.5, the latest-mtime pitfall), so
   * both of its copies end with the loser's mtime; tgluster leaves the file alone until it is
   * resolved, and both copies end with the winner's data and mtime.
   */
  timesFromWinner?: { file: SbFile; winner: number };
}

const each = (verb: string[]) => (vol: string) => SB_FILES.map((f) => ['volume', 'heal', vol, 'split-brain', ...verb, f]);
const policy = (p: string) => (vol: string) => [
  ['volume', 'set', vol, 'cluster.favorite-child-policy', p],
  ['volume', 'set', vol, 'cluster.self-heal-daemon', 'on'],
  ['volume', 'heal', vol],
];

const METHODS: Method[] = [
  // Refuses metadata split-brain ("Use source-brick option ..."); a gfid split-brain is resolved
  // by name, the loser recreated empty with the winner's gfid and left pending for data heal.
  {
    id: 'big',
    label: 'split-brain bigger-file FILE',
    commands: each(['bigger-file']),
    winners: { '/data': 0, '/meta': null, '/gfid': 0 },
  },
  {
    id: 'lm',
    label: 'split-brain latest-mtime FILE',
    commands: each(['latest-mtime']),
    // ondisk.md §6.5: gluster's CLI client first metadata-heals the differing mdata of /data from
    // the lowest brick, then sees equal mtimes and answers "No difference in mtime" although
    // brick 1's copy is newer. tgluster deliberately picks the newer copy instead: it answers as
    // gluster's `source-brick <that brick> /data` does (method sbf), and both copies end with the
    // newer copy's data and mtime, nothing pending.
    winners: { '/data': null, '/meta': null, '/gfid': 1 },
    deliberate: { file: '/data', winner: 1, answerAs: 'sbf' },
  },
  {
    id: 'sbf',
    label: 'split-brain source-brick HOST:BRICK FILE',
    commands: (vol, specs) => SB_FILES.map((f) => ['volume', 'heal', vol, 'split-brain', 'source-brick', specs[1], f]),
    winners: { '/data': 1, '/meta': 1, '/gfid': 1 },
    timesFromWinner: { file: '/data', winner: 1 },
  },
  // Every split-brain entry of the brick; the gfid split-brain can only be fixed by name, and the
  // root (entry split-brain) gets "Performing conservative merge" and fails.
  {
    id: 'sba',
    label: 'split-brain source-brick HOST:BRICK (every file)',
    commands: (vol, specs) => [['volume', 'heal', vol, 'split-brain', 'source-brick', specs[0]]],
    winners: { '/data': 0, '/meta': 0, '/gfid': null },
  },
  // Sizes of /meta's copies are equal: no favourite, it stays in split-brain.
  {
    id: 'fcs',
    label: 'favorite-child-policy size + heal',
    commands: policy('size'),
    winners: { '/data': 0, '/meta': null, '/gfid': 0 },
    background: { left: ['/meta'] },
  },
  // mtimes of /meta's copies are equal (chmod does not change them): the first brick wins.
  {
    id: 'fcm',
    label: 'favorite-child-policy mtime + heal',
    commands: policy('mtime'),
    winners: { '/data': 1, '/meta': 0, '/gfid': 1 },
    background: { left: [] },
  },
];

interface Resolution {
  before: BeforeHeal;
  runs: Array<Out & { args: string }>;
  after: HealInfo;
  snaps: Snap[];
}

/** Sorted lines: `source-brick` alone reports entries in index order, which is not ours to fix. */
const sortedLines = (o: Out & { args: string }) => ({
  args: o.args,
  code: o.code,
  stdout: o.stdout.split('\n').sort(),
  stderr: o.stderr.split('\n').sort(),
});

/** Side A's changes, then side B's, each while the other brick is dead. */
const SB_PHASES: Phase[] = [
  { dead: 1, changes: [{ what: 'side A', ops: SB_SIDE_A }] },
  { dead: 0, changes: [{ what: 'side B', ops: SB_SIDE_B }] },
];

describe.each(DIRECTIONS)('split-brain on replica 2 made by $writer: every resolution method, gluster against tgluster', (dir) => {
  const VOL = `hlsb${dir.tag}${RUN}`;
  const MNT = `/mnt/${VOL}`;
  const base = path.join(ROOT, `sb-${dir.tag}`);
  const written = [0, 1].map((i) => path.join(base, `w${i}`));
  const copy = (m: Method, who: 'g' | 't') => [0, 1].map((i) => path.join(base, `${m.id}-${who}${i}`));
  let sb: GlusterSandbox;
  let env: Env;
  let gl: Side;
  let cand: Side;
  let legend: Map<string, string>;
  /** The bricks before any resolution. */
  let pre: Snap[];
  const oracle = new Map<string, Resolution>();

  beforeAll(async () => {
    ({ sb, env, gl, cand } = openSides(VOL, base));
    const w = await writeScenario(dir.writer, sb, env, {
      vol: VOL,
      mnt: MNT,
      bricks: written,
      replica: 2,
      options: SB_OPTIONS,
      setup: SB_BASE,
      phases: SB_PHASES,
    });
    pre = written.map(snapshotBrick);
    legend = gfidLegend(written);
    for (const m of METHODS) for (const who of ['g', 't'] as const) copyBricks(written, copy(m, who));
    w.side.drop(VOL);
  });

  afterAll(() => cleanup(sb, env, VOL, MNT, base));

  async function resolve(side: Side, m: Method, bricks: string[]): Promise<Resolution> {
    side.adopt(VOL, bricks, 2, SB_OPTIONS);
    const before = captureBefore(side, VOL, bricks, legend);
    const specs = specsOf(bricks);
    const runs = m.commands(VOL, specs).map((args) => ({
      args: normOut({ code: 0, stdout: args.join(' '), stderr: '' }, bricks).stdout,
      ...normOut(side.cli(args), bricks),
    }));
    if (m.background && side.kind === 'gluster') await settleGluster(side, VOL, bricks, legend, m.background.left.flatMap(legendOf));
    const after = healInfo(side, VOL, bricks, legend);
    const snaps = bricks.map(snapshotBrick);
    side.drop(VOL);
    return { before, runs, after, snaps };
  }

  /** Legend labels of a file (a gfid split-brain file has one per brick). */
  const legendOf = (f: SbFile) => [...legend.values()].filter((l) => l === f || l.startsWith(`${f} (brick `));
  const rel = (f: SbFile) => f.slice(1);
  const gfidOf = (s: Snap, f: SbFile) => canon(s.get(rel(f))?.xattrs['trusted.gfid'] ?? '');
  /** What tells the two copies of a file apart: content, mode or gfid. */
  const copyId = (s: Snap, f: SbFile) => (f === '/data' ? s.get(rel(f))?.sha : f === '/meta' ? s.get(rel(f))?.mode : gfidOf(s, f));
  /** mtime a client sees (from trusted.glusterfs.mdata) of a file on a brick snapshot. */
  const mdataMtime = (s: Snap, f: SbFile) => {
    const b = Buffer.from((s.get(rel(f))?.xattrs['trusted.glusterfs.mdata'] ?? '').replace(/^0x/, ''), 'hex');
    return b.length < 41 ? -1n : b.readBigUInt64BE(25) * 1_000_000_000n + b.readBigUInt64BE(33);
  };

  it('the scenario left data, metadata and gfid split-brain (both copies blame each other)', () => {
    const blame = (i: number, f: SbFile) => pre[i].get(rel(f))?.xattrs[`trusted.afr.${VOL}-client-${1 - i}`] ?? '(absent)';
    expect(SB_FILES.map((f) => [f, blame(0, f), blame(1, f)])).toEqual([
      ['/data', '0x000000020000000000000000', '0x000000020000000000000000'],
      ['/meta', '0x000000000000000100000000', '0x000000000000000100000000'],
      ['/gfid', '0x000000020000000100000000', '0x000000020000000100000000'],
    ]);
    expect(gfidOf(pre[0], '/gfid')).not.toBe(gfidOf(pre[1], '/gfid'));
    // Brick 1's /data is the newer copy (what latest-mtime and favorite-child mtime must find).
    expect(mdataMtime(pre[1], '/data') > mdataMtime(pre[0], '/data')).toBe(true);
  });

  it.each(METHODS)('real gluster: $label', async (m) => {
    const r = await resolve(gl, m, copy(m, 'g'));
    oracle.set(m.id, r);
    expect(r.before.splitBrain.bricks.map((b) => b.entries.length > 0), r.before.splitBrain.text).toEqual([true, true]);
    // Each file ended as the table says: the winner's copy on both bricks, or both untouched.
    for (const f of SB_FILES) {
      const w = m.winners[f];
      const want = w === null ? pre.map((s) => copyId(s, f)) : pre.map(() => copyId(pre[w], f));
      expect([f, r.snaps.map((s) => copyId(s, f))], JSON.stringify(r.runs, null, 1)).toEqual([f, want]);
    }
  });

  it.each(METHODS)('tgluster: $label answers and heals as gluster did', async (m) => {
    const g = oracle.get(m.id);
    expect(g, 'gluster side did not run').toBeDefined();
    let want = g!;
    let ignore = (_: string) => false;
    const d = SELF_CHECK ? undefined : (m.deliberate ?? (m.timesFromWinner && { ...m.timesFromWinner, answerAs: m.id }));
    const gfid = d ? gfidOf(pre[0], d.file) : '';
    if (d && !m.deliberate) ignore = (k) => k === rel(d.file) || k.includes(gfid);
    else if (d) {
      // Gluster's words for another method that picks the same brick for that file.
      const same = oracle.get(d.answerAs)!;
      expect(METHODS.find((x) => x.id === d.answerAs)!.winners[d.file]).toBe(d.winner);
      expect(mdataMtime(pre[d.winner], d.file) > mdataMtime(pre[1 - d.winner], d.file)).toBe(true);
      const label = legend.get(gfid)!;
      const idx = SB_FILES.indexOf(d.file);
      ignore = (k) => k === rel(d.file) || k.includes(gfid);
      want = {
        ...g!,
        runs: g!.runs.map((run, i) => (i === idx ? { ...same.runs[idx], args: run.args } : run)),
        after: {
          ...g!.after,
          bricks: g!.after.bricks.map((b) => {
            const entries = b.entries.filter((e) => !e.startsWith(`${label} `));
            return { ...b, entries, count: `Number of entries: ${entries.length}` };
          }),
        },
      };
    }
    const r = await resolve(cand, m, copy(m, 't'));
    const infoOf = (b: BeforeHeal) => ({ info: b.info.bricks, xml: b.info.xml, splitBrain: b.splitBrain.bricks, splitBrainXml: b.splitBrain.xml });
    expect(infoOf(r.before)).toEqual(infoOf(want.before));
    expect(r.before.summary).toEqual(want.before.summary);
    expect(r.runs.map(sortedLines)).toEqual(want.runs.map(sortedLines));
    expect(r.after.bricks).toEqual(want.after.bricks);
    // The root is in entry split-brain (the gfid split-brain's parent): merged conservatively.
    const diffs = r.snaps.flatMap((s, i) => diffSnaps(`brick ${i}`, want.snaps[i], s, ignore, (k) => k === ''));
    expect(diffs, `tgluster's bricks differ from gluster's after ${m.label}:\n${fmt(diffs)}`).toEqual([]);
    if (d) {
      // The newer copy won: its data and mtime on both bricks, nothing pending or indexed.
      const win = pre[d.winner];
      const state = (s: Snap) => ({
        sha: s.get(rel(d.file))?.sha,
        gfid: gfidOf(s, d.file),
        mtime: mdataMtime(s, d.file),
        pending: Object.entries(s.get(rel(d.file))?.xattrs ?? {}).filter(([k, v]) => k.startsWith('trusted.afr.') && /[^0]/.test(v.slice(2))),
        indexed: indexLeft(s).filter((k) => k.includes(gfid)),
      });
      expect(r.snaps.map(state)).toEqual(r.snaps.map(() => ({ ...state(win), pending: [], indexed: [] })));
    }
  });
});
