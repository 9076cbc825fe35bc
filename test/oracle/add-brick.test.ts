// Oracle (6): `volume add-brick`, real GlusterFS 10.3 against tgluster from the same start.
//
// Each case makes the same volume on both sides (one name, the same hosts, bricks under
// /bricks/ab/p<pid>/<case>/{g,t}), writes the same tree (gluster: FUSE mount; tgluster: `tgluster
// fs`), then runs its steps on gluster, then on tgluster; each step's result is compared side by
// side, and a step's `want` must hold on both. Normalised: brick directories (<B>), UUIDs in CLI
// output, gfids (named after the first path holding them); a brick root's `.glusterfs*` entries
// are left out (the anonymous-inode directory comes at different moments on the two sides).
//   1. replica 2 -> 3, self-heal daemon off before the add: marks, heal info, heal, healed bricks.
//   2. distribute 2 -> replica 2 (conversion): info, options, afr-pending-xattr, heal, layouts.
//   3. 2x2 -> 2x3: brick order, the sets' client ids, marks, heal.
//   5. distribute 2 -> replica 3 (conversion, bug-1655854): marks, info, sets, heal.
//   4. distribute 2 -> 3: no root layout on the new brick, old layouts kept, new directories.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeEnv, type Env } from '../scenario/fs-helpers.js';
import { ensureGlusterd, GlusterSandbox, tearDownSides, mountSeesUp, sh, waitFor, type Sh } from './helpers.js';

const RUN = `p${process.pid}`;
const ROOT = `/bricks/ab/${RUN}`;
const hostOf = (i: number) => `server${(i % 3) + 1}`;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex').slice(0, 16);
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
/** `0x0123…` (16 bytes) -> `01234567-89ab-…`. */
const canon = (hex: string) => hex.slice(2).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

type Op = ['mkdir', string] | ['write', string, string] | ['setxattr', string, string, string];

/** The start both sides share: directories, small files (one empty), user xattrs. */
const DATA: Op[] = [
  ...['/d1', '/d1/sub', '/d2'].map((d): Op => ['mkdir', d]),
  ...['a', 'b', 'c', 'd', 'e'].map((n): Op => ['write', `/${n}`, `file ${n}\n`]),
  ['write', '/d1/x', 'x in d1 '.repeat(400)],
  ['write', '/d1/sub/deep', 'deep\n'],
  ['write', '/d2/empty', ''],
  ['setxattr', '/d1', 'user.tag', 'a directory'],
  ['setxattr', '/a', 'user.tag', 'a file'],
];

/**
 * One implementation; brick `n0` is `${dir}/n0`. `create`: `volume create VOL [replica R]
 * server1:<dir>/b0 server2:<dir>/b1 ... force`, `volume start`; `write`: ops as a client.
 */
interface Side {
  kind: 'gluster' | 'tgluster';
  dir: string;
  cli(args: string[]): Sh;
  create(vol: string, bricks: number, replica: number): void;
  write(vol: string, ops: Op[], replica?: number, bricks?: number): void;
  /** Gluster only (tgluster's add-brick and heal are done when the command returns): */
  settleAdd?(vol: string, names: string[]): void;
  settleHeal?(vol: string): Promise<void>;
}

const brickDirs = (dir: string, n: number) => range(n).map((i) => path.join(dir, `b${i}`)).map((b) => (fs.mkdirSync(b, { recursive: true }), b));

/** A CLI answer with this side's brick directory and every UUID replaced. */
function out(s: Side, args: string[]): Sh {
  const r = s.cli(args);
  const n = (t: string) => t.replaceAll(`${s.dir}/`, '<B>/').replace(UUID, '<UUID>');
  return { code: r.code, stdout: n(r.stdout), stderr: n(r.stderr) };
}

function glusterSide(sb: GlusterSandbox, dir: string): Side {
  const cli = (args: string[]) => sh('gluster', ['--mode=script', ...args]);
  const sees = (mnt: string, vol: string, replica: number) => (i: number) => {
    try {
      return mountSeesUp(mnt, vol, i, replica);
    } catch {
      return false; // .meta not there yet
    }
  };
  const side: Side = {
    kind: 'gluster',
    dir,
    cli,
    create(vol, n, replica) {
      sb.create(vol, brickDirs(dir, n), replica);
      sb.start(vol);
    },
    write(vol, ops, replica = 1, bricks = 0) {
      const mnt = sb.mountVolume(vol);
      try {
        if (replica > 1) waitFor(`the mount of ${vol} to see every brick`, () => range(bricks).every(sees(mnt, vol, replica)));
        const p = (rel: string) => path.join(mnt, rel);
        for (const op of ops) {
          if (op[0] === 'mkdir') fs.mkdirSync(p(op[1]));
          else if (op[0] === 'write') fs.writeFileSync(p(op[1]), op[2]);
          else if (sh('setfattr', ['-n', op[2], '-v', op[3], p(op[1])]).code !== 0) throw new Error(`setfattr ${op[1]} failed`);
        }
      } finally {
        sb.unmount(mnt);
      }
    },
    settleAdd(vol, names) {
      for (const n of names) waitFor(`brick ${n} of ${vol} online`, () => sb.brickOnline(vol, path.join(dir, n)));
    },
    async settleHeal(vol) {
      const healed = () =>
        healInfo(side, vol).every((b) => b.count === 'Number of entries: 0') &&
        !cli(['volume', 'heal', vol, 'statistics']).stdout.includes('Crawl is in progress');
      // Polled in slices of 5 s (the event loop gets its turns in between), the heal asked for
      // again after each: the daemon's own periodic crawl is 10 minutes away.
      for (let slice = 0; slice < 24; slice++) {
        try {
          return waitFor(`gluster to heal ${vol}`, healed, 25);
        } catch {
          await tick();
          cli(['volume', 'heal', vol]);
        }
      }
      throw new Error(`gluster did not heal ${vol} in 2 minutes:\n${cli(['volume', 'heal', vol, 'info']).stdout}`);
    },
  };
  return side;
}

function tglusterSide(env: Env, dir: string): Side {
  const must = (args: string[], input?: string) => {
    const r = env.run(args, input);
    if (r.code !== 0) throw new Error(`tgluster ${args.join(' ')} -> ${r.code}: ${r.stdout}${r.stderr}`);
  };
  return {
    kind: 'tgluster',
    dir,
    cli: (args) => env.run(['--mode=script', ...args]),
    create(vol, n, replica) {
      const specs = brickDirs(dir, n).map((b, i) => `${hostOf(i)}:${b}`);
      must(['--mode=script', 'volume', 'create', vol, ...(replica > 1 ? ['replica', String(replica)] : []), ...specs, 'force']);
      must(['--mode=script', 'volume', 'start', vol]);
    },
    write(vol, ops) {
      for (const op of ops) {
        const at = `${vol}:${op[1]}`;
        if (op[0] === 'mkdir') must(['fs', 'mkdir', at]);
        else if (op[0] === 'write') must(['fs', 'put', '-', at], op[2]);
        else must(['fs', 'setfattr', '-n', op[2], '-v', op[3], at]);
      }
    },
  };
}

// ---- what is compared ----------------------------------------------------------------------------

type Xattrs = Record<string, string>;

/** `getfattr [-R] -d -m - -e hex` (symlinks not followed): absolute path -> name -> hex. */
function getfattr(target: string, recursive = false): Map<string, Xattrs> {
  const r = sh('getfattr', [...(recursive ? ['-R'] : []), '-P', '-h', '-d', '-m', '-', '-e', 'hex', '--absolute-names', target]);
  // getfattr exits 1 when some object has no xattr to show; only its stdout matters then.
  if (r.code !== 0 && !r.stdout) throw new Error(`getfattr ${target}: ${r.stderr}`);
  const res = new Map<string, Xattrs>();
  for (const block of r.stdout.split(/\n\n+/)) {
    const [head, ...lines] = block.split('\n').filter(Boolean);
    if (!head?.startsWith('# file: ')) continue;
    res.set(head.slice(8).replace(/(.)\/$/, '$1'), Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])));
  }
  return res;
}

const pick = (x: Xattrs | undefined, re: RegExp): Xattrs => Object.fromEntries(Object.entries(x ?? {}).filter(([k]) => re.test(k)).sort());
const xattrsOf = (p: string) => getfattr(p).get(p) ?? {};

/** Each brick's root trusted.afr.* (pending counters and dirty). */
const rootAfr = (s: Side, bricks: string[]) => Object.fromEntries(bricks.map((b) => [b, pick(xattrsOf(path.join(s.dir, b)), /^trusted\.afr\./)]));

type Obj = { type: string; mode: string; size?: number; sha?: string; handle?: string; xattrs: Xattrs };
type Tree = Record<string, Record<string, Obj>>;
const KEPT = /^(user\.|trusted\.afr\.|trusted\.glusterfs\.dht|trusted\.gfid$)/;

/**
 * Every object of the bricks (not the root's `.glusterfs*`): type, mode, size, content, handle,
 * kept xattrs; a gfid as the first path (bricks in order, paths sorted) holding it.
 */
function tree(s: Side, bricks: string[]): Tree {
  const gfids = new Map<string, string>();
  const res: Tree = {};
  for (const b of bricks) {
    const root = path.join(s.dir, b);
    const xa = getfattr(root, true);
    const objs: Record<string, Obj> = (res[b] = {});
    const visit = (rel: string) => {
      const p = rel ? path.join(root, rel) : root;
      const st = fs.lstatSync(p);
      const xattrs = pick(xa.get(p), KEPT);
      const g = xattrs['trusted.gfid'];
      if (g) xattrs['trusted.gfid'] = `gfid of ${gfids.get(g) ?? (gfids.set(g, `/${rel}`), `/${rel}`)}`;
      const type = st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
      objs[`/${rel}`] = { type, mode: (st.mode & 0o7777).toString(8), xattrs };
      // The object's handle under .glusterfs: a hard link to a file, a symlink for a directory.
      const h = g && rel ? fs.lstatSync(path.join(root, '.glusterfs', g.slice(2, 4), g.slice(4, 6), canon(g)), { throwIfNoEntry: false }) : undefined;
      if (g && rel) objs[`/${rel}`].handle = !h ? 'missing' : h.isSymbolicLink() ? 'symlink' : h.ino === st.ino ? 'hard link' : 'other inode';
      if (type === 'file') Object.assign(objs[`/${rel}`], { size: st.size, sha: sha(fs.readFileSync(p)) });
      if (type === 'dir') for (const n of fs.readdirSync(p).sort()) if (rel || !n.startsWith('.glusterfs')) visit(rel ? `${rel}/${n}` : n);
    };
    visit('');
  }
  return res;
}

/** Every trusted.afr.* value of a tree that is not all zeros. */
const nonZeroAfr = (t: Tree) =>
  Object.entries(t).flatMap(([b, objs]) =>
    Object.entries(objs).flatMap(([rel, o]) =>
      Object.entries(pick(o.xattrs, /^trusted\.afr\./)).flatMap(([k, v]) => (/[1-9a-f]/.test(v.slice(2)) ? [`${b} ${rel} ${k}=${v}`] : [])),
    ),
  );

/** Index entries (not the base files `xattrop-<uuid>`, `dirty-<uuid>`) the bricks still hold. */
const indexLeft = (s: Side, bricks: string[]) =>
  bricks.flatMap((b) =>
    ['xattrop', 'dirty', 'entry-changes'].flatMap((d) => {
      const at = path.join(s.dir, b, '.glusterfs', 'indices', d);
      return fs.existsSync(at) ? fs.readdirSync(at).filter((n) => !n.startsWith(`${d}-`)).map((n) => `${b} ${d}/${n}`) : [];
    }),
  );

type Layouts = Record<string, Record<string, string>>;
const layoutOf = (p: string, x = fs.existsSync(p) ? xattrsOf(p) : undefined) =>
  x ? `dht=${x['trusted.glusterfs.dht'] ?? 'none'} mds=${x['trusted.glusterfs.dht.mds'] ?? 'none'}` : 'no such directory';
/** trusted.glusterfs.dht and .mds of directories on bricks: brick -> dir -> text. */
const layouts = (s: Side, bricks: string[], dirs: string[]): Layouts =>
  Object.fromEntries(bricks.map((b) => [b, Object.fromEntries(dirs.map((d) => [`/${d}`, layoutOf(path.join(s.dir, b, d))]))]));

/** What differs from the layouts before the add-brick (a new brick against the old one `from` names). */
const layoutChanges = (before: unknown, now: Layouts, from: Record<string, string> = {}) =>
  Object.entries(now).flatMap(([b, dirs]) =>
    Object.entries(dirs)
      .filter(([d, v]) => (before as Layouts)[from[b] ?? b]?.[d] !== v)
      .map(([d, v]) => `${b} ${d}: ${v}, before the add-brick ${from[b] ?? b} had ${(before as Layouts)[from[b] ?? b]?.[d]}`),
  );

/** `heal VOL info` per brick: the brick line, the entries listed, status and count. */
function healInfo(s: Side, vol: string) {
  return out(s, ['volume', 'heal', vol, 'info'])
    .stdout.split(/^(?=Brick )/m)
    .filter((b) => b.startsWith('Brick '))
    .map((block) => {
      const lines = block.split('\n');
      const at = lines.findIndex((l) => l.startsWith('Status: '));
      const entries = lines.slice(1, at < 0 ? 1 : at).map((l) => l.trim());
      return { brick: lines[0], entries: entries.sort(), status: lines[at] ?? '', count: lines.find((l) => l.startsWith('Number of entries')) ?? '' };
    });
}

/** From `system:: getspec VOL`: each replicate translator's afr-pending-xattr and subvolumes. */
function replicateSets(s: Side, vol: string): string[][] {
  const r = out(s, ['system::', 'getspec', vol]);
  if (r.code !== 0) return [[`getspec -> ${r.code}: ${r.stdout}${r.stderr}`]];
  return [...r.stdout.matchAll(/^volume (\S+-replicate-\d+)\n([\s\S]*?)^end-volume/gm)].map((m) => [
    m[1],
    ...m[2].split('\n').map((l) => l.trim()).filter((l) => l.startsWith('option afr-pending-xattr') || l.startsWith('subvolumes')),
  ]);
}

// ---- the cases ------------------------------------------------------------------------------------

type Results = Record<string, unknown>;
/** `want`: what both sides must give, besides giving the same. */
type Step = { what: string; run(s: Side, vol: string, earlier: Results): unknown; want?: unknown };
type Case = { id: string; title: string; bricks: number; replica: number; steps: Step[] };

const step = (what: string, run: Step['run'], ...want: unknown[]): Step => ({ what, run, ...(want.length ? { want: want[0] } : {}) });
const shdOff = step('volume set self-heal-daemon off', (s, vol) => out(s, ['volume', 'set', vol, 'cluster.self-heal-daemon', 'off']));
/** `add-brick VOL [replica N] host:<B>/name ... force`, then the new bricks up. */
const addBrick = (head: string[], bricks: string[]) =>
  step(`add-brick ${[...head, ...bricks].join(' ')} force`, (s, vol) => {
    const r = out(s, ['volume', 'add-brick', vol, ...head, ...bricks.map((b) => b.replace(':', `:${s.dir}/`)), 'force']);
    s.settleAdd?.(vol, bricks.map((b) => b.split(':')[1]));
    return r;
  });
const info = step('volume info', (s, vol) => out(s, ['volume', 'info', vol]));
const getspec = step('getspec: afr-pending-xattr and subvolumes of each set', replicateSets);
const heal = step('self-heal daemon on, volume heal, until nothing is left to heal', async (s, vol) => {
  const on = out(s, ['volume', 'set', vol, 'cluster.self-heal-daemon', 'on']);
  const launch = out(s, ['volume', 'heal', vol]);
  await s.settleHeal?.(vol);
  return { on, launch };
});
const healInfoAt = (when: string) => step(`heal info ${when}`, healInfo);
const marks = (bricks: string[]) => step('root trusted.afr.* right after add-brick', (s) => rootAfr(s, bricks));
const afterHeal = (bricks: string[]) => [
  healInfoAt('after the heal'),
  step('bricks after the heal (names, sizes, contents, xattrs)', (s) => tree(s, bricks)),
  step('no trusted.afr.* left non-zero after the heal', (s) => nonZeroAfr(tree(s, bricks)), []),
  step('no index entries left after the heal', (s) => indexLeft(s, bricks), []),
];
const DIRS = ['', 'd1', 'd1/sub', 'd2'];
const layoutsBefore = step('layouts before add-brick', (s) => layouts(s, ['b0', 'b1'], DIRS));

const B3 = ['b0', 'b1', 'n0'];
const B23 = ['b0', 'b1', 'n0', 'b2', 'b3', 'n1'];
const CONVERTED = ['b0', 'n0', 'b1', 'n1'];
const D2R3 = ['b0', 'n0', 'n1', 'b1', 'n2', 'n3'];
const CASES: Case[] = [
  {
    ...{ id: 'r2r3', title: 'replica 2 -> replica 3', bricks: 2, replica: 2 },
    steps: [shdOff, addBrick(['replica', '3'], ['server3:n0']), marks(B3), info, healInfoAt('right after add-brick'), heal, ...afterHeal(B3)],
  },
  {
    ...{ id: 'd2r2', title: 'distribute 2 -> replica 2 (conversion)', bricks: 2, replica: 1 },
    steps: [
      layoutsBefore,
      shdOff, // refused on a distribute volume: the daemon starts with the conversion and heals at once
      addBrick(['replica', '2'], ['server3:n0', 'server1:n1']),
      info,
      step('volume get cluster.granular-entry-heal', (s, vol) => out(s, ['volume', 'get', vol, 'cluster.granular-entry-heal'])),
      getspec,
      heal,
      ...afterHeal(CONVERTED),
      step(
        "layouts after the heal: the old bricks' unchanged, each new brick has its partner's",
        (s, _, r) => layoutChanges(r[layoutsBefore.what], layouts(s, CONVERTED, DIRS), { n0: 'b0', n1: 'b1' }),
        [],
      ),
    ],
  },
  {
    // bug-1655854: each set is one old brick and two new ones, short of quorum until marked. No
    // marks step: gluster's daemon starts with the conversion and heals them away at once.
    ...{ id: 'd2r3', title: 'distribute 2 -> replica 3 (conversion)', bricks: 2, replica: 1 },
    steps: [
      ...[addBrick(['replica', '3'], ['server2:n0', 'server3:n1', 'server2:n2', 'server3:n3']), info, getspec],
      ...[heal, ...afterHeal(D2R3)],
    ],
  },
  {
    ...{ id: 'r22r23', title: '2x2 -> 2x3', bricks: 4, replica: 2 },
    steps: [
      ...[shdOff, addBrick(['replica', '3'], ['server2:n0', 'server3:n1']), marks(B23), info, getspec],
      ...[healInfoAt('right after add-brick'), heal, ...afterHeal(B23)],
    ],
  },
  {
    ...{ id: 'd2d3', title: 'distribute 2 -> 3 bricks', bricks: 2, replica: 1 },
    steps: [
      layoutsBefore,
      addBrick([], ['server3:b2']),
      info,
      step('no layout on the new brick root', (s) => pick(xattrsOf(path.join(s.dir, 'b2')), /dht/), {}),
      step('existing directories keep their layouts', (s, _, r) => layoutChanges(r[layoutsBefore.what], layouts(s, ['b0', 'b1'], DIRS)), []),
      step('mkdir /newdir and /d1/newsub through a client', (s, vol) => s.write(vol, [['mkdir', '/newdir'], ['mkdir', '/d1/newsub']])),
      step('layouts on every brick after the mkdirs', (s) => layouts(s, ['b0', 'b1', 'b2'], ['', 'd1', 'newdir', 'd1/newsub'])),
    ],
  },
];

// ---- running them ---------------------------------------------------------------------------------

let sb: GlusterSandbox;
let env: Env;
const made: string[] = [];

beforeAll(() => {
  ensureGlusterd();
  sb = new GlusterSandbox('ab');
  env = makeEnv('ab');
});

afterAll(() => tearDownSides(sb, env, made, ROOT, '/bricks/ab'));

describe.each(CASES)('add-brick, $title: real gluster and tgluster from the same start', (c) => {
  const vol = `ab${c.id}${RUN}`;
  const got: Record<Side['kind'], Results> = { gluster: {}, tgluster: {} };

  beforeAll(async () => {
    made.push(vol);
    for (const side of [glusterSide(sb, path.join(ROOT, c.id, 'g')), tglusterSide(env, path.join(ROOT, c.id, 't'))]) {
      side.create(vol, c.bricks, c.replica);
      side.write(vol, DATA, c.replica, c.bricks);
      for (const st of c.steps) {
        await tick();
        try {
          got[side.kind][st.what] = await st.run(side, vol, got[side.kind]);
        } catch (e) {
          got[side.kind][st.what] = { threw: String((e as Error).message ?? e).replaceAll(`${side.dir}/`, '<B>/') };
        }
      }
      if (side.kind === 'gluster') sb.remove(vol);
    }
  });

  it.each(c.steps)('$what', (st) => {
    const [g, t] = [got.gluster[st.what], got.tgluster[st.what]];
    expect(t, `${st.what}: tgluster (received) against gluster (expected)`).toEqual(g);
    if ('want' in st) expect({ gluster: g, tgluster: t }).toEqual({ gluster: st.want, tgluster: st.want });
  });
});
