// Oracle (6): `volume add-brick`, real GlusterFS 10.3 against tgluster from the same start.
//
// Each case creates the same volume on both sides (bricks under /bricks/ab/p<pid>/<case>/{g,t},
// the same volume name, the same hosts), writes the same tree (gluster: through a FUSE mount;
// tgluster: `tgluster fs`), then runs the case's steps on gluster and on tgluster. Every step's
// result (CLI answers, brick xattrs, brick trees) is compared side by side; a step with a `want`
// must also give exactly that on both sides. Normalised: brick directories (<B>), UUIDs in CLI
// output, gfids (replaced by the first path holding them); a brick's `.glusterfs*` entries are
// left out (the anonymous-inode directory appears at different moments on the two sides).
//   1. replica 2 -> 3 on a started volume, self-heal daemon off before the add: the new brick's
//      marks, heal info, then the heal and the healed bricks.
//   2. distribute 2 -> replica 2 (conversion): info, options, afr-pending-xattr, heal, layouts.
//   3. 2x2 -> 2x3: brick order, the sets' client ids, marks, heal.
//   4. distribute 2 -> 3: the new brick gets no root layout, old layouts stay, a directory made
//      after the add is laid out over the three bricks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeEnv, type Env } from '../scenario/fs-helpers.js';
import { ensureGlusterd, GlusterSandbox, mountSeesUp, sh, waitFor, type Sh } from './helpers.js';

const RUN = `p${process.pid}`;
const ROOT = `/bricks/ab/${RUN}`;
const hostOf = (i: number) => `server${(i % 3) + 1}`;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex').slice(0, 16);
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

type Op = ['mkdir', string] | ['write', string, string] | ['setxattr', string, string, string];

/** The start both sides share: directories, small files (one empty), user xattrs. */
const DATA: Op[] = [
  ['mkdir', '/d1'],
  ['mkdir', '/d1/sub'],
  ['mkdir', '/d2'],
  ...['a', 'b', 'c', 'd', 'e'].map((n): Op => ['write', `/${n}`, `file ${n}\n`]),
  ['write', '/d1/x', 'x in d1 '.repeat(400)],
  ['write', '/d1/sub/deep', 'deep\n'],
  ['write', '/d2/empty', ''],
  ['setxattr', '/d1', 'user.tag', 'a directory'],
  ['setxattr', '/a', 'user.tag', 'a file'],
];

interface Out {
  code: number;
  stdout: string;
  stderr: string;
}

interface Side {
  kind: 'gluster' | 'tgluster';
  /** Where this side's bricks live: brick `n0` is `${dir}/n0`. */
  dir: string;
  cli(args: string[]): Sh;
  /** `volume create VOL [replica R] b0 b1 ... force` (hosts server1, 2, 3, 1, ...) and start. */
  create(vol: string, bricks: number, replica: number): void;
  /** Applies ops as a client; `replica` > 1: waits for the client to see all `bricks` first. */
  write(vol: string, ops: Op[], replica?: number, bricks?: number): void;
  /** After an add-brick: the new bricks' processes are up (gluster). */
  settleAdd(vol: string, names: string[]): void;
  /** After `volume heal`: nothing left to heal (gluster's daemon works on its own time). */
  settleHeal(vol: string): Promise<void>;
}

/** A CLI answer with this side's brick directory and every UUID replaced. */
function norm(s: Side, r: Sh): Out {
  const n = (t: string) => t.replaceAll(`${s.dir}/`, '<B>/').replace(UUID, '<UUID>');
  return { code: r.code, stdout: n(r.stdout), stderr: n(r.stderr) };
}
const out = (s: Side, args: string[]) => norm(s, s.cli(args));

function glusterSide(sb: GlusterSandbox, dir: string): Side {
  const cli = (args: string[]) => sh('gluster', ['--mode=script', ...args]);
  const healed = (vol: string) =>
    healInfo(side, vol).every((b) => b.count === 'Number of entries: 0') &&
    !cli(['volume', 'heal', vol, 'statistics']).stdout.includes('Crawl is in progress');
  const side: Side = {
    kind: 'gluster',
    dir,
    cli,
    create(vol, n, replica) {
      const bricks = Array.from({ length: n }, (_, i) => path.join(dir, `b${i}`));
      for (const b of bricks) fs.mkdirSync(b, { recursive: true });
      sb.create(vol, bricks, replica);
      sb.start(vol);
    },
    write(vol, ops, replica = 1, bricks = 0) {
      const mnt = sb.mountVolume(vol);
      try {
        const sees = (i: number) => {
          try {
            return mountSeesUp(mnt, vol, i, replica);
          } catch {
            return false;
          }
        };
        if (replica > 1) waitFor(`the mount of ${vol} to see every brick`, () => Array.from({ length: bricks }, (_, i) => i).every(sees));
        const p = (rel: string) => path.join(mnt, rel);
        for (const op of ops) {
          if (op[0] === 'mkdir') fs.mkdirSync(p(op[1]));
          else if (op[0] === 'write') fs.writeFileSync(p(op[1]), op[2]);
          else {
            const r = sh('setfattr', ['-n', op[2], '-v', op[3], p(op[1])]);
            if (r.code !== 0) throw new Error(`setfattr ${op[1]}: ${r.stderr}`);
          }
        }
      } finally {
        sb.unmount(mnt);
      }
    },
    settleAdd(vol, names) {
      for (const n of names) waitFor(`brick ${n} of ${vol} online`, () => sb.brickOnline(vol, path.join(dir, n)));
    },
    async settleHeal(vol) {
      // Bounded polling in slices of 5 s (the event loop gets its turns), the heal asked for
      // again after each slice: the daemon's own periodic crawl is 10 minutes away.
      for (let slice = 0; slice < 24; slice++) {
        try {
          return waitFor(`gluster to heal ${vol}`, () => healed(vol), 25);
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
  const cli = (args: string[]): Sh => {
    const r = env.run(['--mode=script', ...args]);
    return { code: r.code, stdout: r.stdout, stderr: r.stderr };
  };
  const must = (args: string[], input?: string) => {
    const r = env.run(args, input);
    if (r.code !== 0) throw new Error(`tgluster ${args.join(' ')} -> ${r.code}: ${r.stdout}${r.stderr}`);
  };
  return {
    kind: 'tgluster',
    dir,
    cli,
    create(vol, n, replica) {
      const bricks = Array.from({ length: n }, (_, i) => path.join(dir, `b${i}`));
      for (const b of bricks) fs.mkdirSync(b, { recursive: true });
      const specs = bricks.map((b, i) => `${hostOf(i)}:${b}`);
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
    settleAdd: () => undefined,
    // tgluster's `volume heal` runs to completion in the command.
    settleHeal: async () => undefined,
  };
}

// ---- what is compared ----------------------------------------------------------------------------

type Xattrs = Record<string, string>;

/** `getfattr [-R] -d -m - -e hex` (symlinks not followed): absolute path -> name -> hex. */
function getfattr(target: string, recursive: boolean): Map<string, Xattrs> {
  const r = sh('getfattr', [...(recursive ? ['-R'] : []), '-P', '-h', '-d', '-m', '-', '-e', 'hex', '--absolute-names', target]);
  // getfattr exits 1 when some object has no xattr to show; only its stdout matters then.
  if (r.code !== 0 && !r.stdout) throw new Error(`getfattr ${target}: ${r.stderr}`);
  const res = new Map<string, Xattrs>();
  for (const block of r.stdout.split(/\n\n+/)) {
    const [head, ...lines] = block.split('\n').filter(Boolean);
    if (!head?.startsWith('# file: ')) continue;
    const x: Xattrs = {};
    for (const l of lines) x[l.slice(0, l.indexOf('='))] = l.slice(l.indexOf('=') + 1);
    res.set(head.slice(8).replace(/(.)\/$/, '$1'), x);
  }
  return res;
}

const pick = (x: Xattrs | undefined, re: RegExp): Xattrs => Object.fromEntries(Object.entries(x ?? {}).filter(([k]) => re.test(k)).sort());

/** Each brick's root trusted.afr.* (pending counters and dirty). */
function rootAfr(s: Side, bricks: string[]): Record<string, Xattrs> {
  return Object.fromEntries(bricks.map((b) => [b, pick(getfattr(path.join(s.dir, b), false).get(path.join(s.dir, b)), /^trusted\.afr\./)]));
}

interface Obj {
  type: string;
  mode: string;
  size?: number;
  sha?: string;
  xattrs: Xattrs;
}
type Tree = Record<string, Record<string, Obj>>;
const KEPT = /^(user\.|trusted\.afr\.|trusted\.glusterfs\.dht|trusted\.gfid$)/;

/**
 * Every object of every brick ('.glusterfs*' at the root left out): type, mode, size and content,
 * user.*, trusted.afr.*, trusted.glusterfs.dht[.mds], and the gfid as the first path (bricks in
 * the order given, paths sorted) that holds it, so that a gfid the heal changed shows.
 */
function tree(s: Side, bricks: string[]): Tree {
  const gfids = new Map<string, string>();
  const res: Tree = {};
  for (const b of bricks) {
    const root = path.join(s.dir, b);
    const xa = getfattr(root, true);
    const objs: Record<string, Obj> = {};
    const visit = (rel: string) => {
      const p = rel ? path.join(root, rel) : root;
      const st = fs.lstatSync(p);
      const xattrs = pick(xa.get(p), KEPT);
      const g = xattrs['trusted.gfid'];
      if (g) {
        if (!gfids.has(g)) gfids.set(g, `/${rel}`);
        xattrs['trusted.gfid'] = `gfid of ${gfids.get(g)}`;
      }
      const type = st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
      objs[`/${rel}`] = { type, mode: (st.mode & 0o7777).toString(8), xattrs };
      if (type === 'file') Object.assign(objs[`/${rel}`], { size: st.size, sha: sha(fs.readFileSync(p)) });
      if (type !== 'dir') return;
      for (const n of fs.readdirSync(p).sort()) if (rel || !n.startsWith('.glusterfs')) visit(rel ? `${rel}/${n}` : n);
    };
    visit('');
    res[b] = objs;
  }
  return res;
}

/** Every trusted.afr.* value of a tree that is not all zeros. */
const nonZeroAfr = (t: Tree) =>
  Object.entries(t).flatMap(([b, objs]) =>
    Object.entries(objs).flatMap(([rel, o]) =>
      Object.entries(o.xattrs)
        .filter(([k, v]) => k.startsWith('trusted.afr.') && /[1-9a-f]/.test(v.slice(2)))
        .map(([k, v]) => `${b} ${rel} ${k}=${v}`),
    ),
  );

/** trusted.glusterfs.dht and .mds of directories on bricks: brick -> dir -> text. */
function layouts(s: Side, bricks: string[], dirs: string[]): Record<string, Record<string, string>> {
  return Object.fromEntries(
    bricks.map((b) => [
      b,
      Object.fromEntries(
        dirs.map((d) => {
          const p = path.join(s.dir, b, d).replace(/\/$/, '');
          if (!fs.existsSync(p)) return [`/${d}`, 'no such directory'];
          const x = getfattr(p, false).get(p) ?? {};
          return [`/${d}`, `dht=${x['trusted.glusterfs.dht'] ?? 'none'} mds=${x['trusted.glusterfs.dht.mds'] ?? 'none'}`];
        }),
      ),
    ]),
  );
}

/** `heal VOL info` per brick: the brick line, the entries listed, status and count. */
function healInfo(s: Side, vol: string) {
  const text = out(s, ['volume', 'heal', vol, 'info']).stdout;
  return text
    .split(/^(?=Brick )/m)
    .filter((b) => b.startsWith('Brick '))
    .map((block) => {
      const lines = block.split('\n');
      const at = lines.findIndex((l) => l.startsWith('Status: '));
      return {
        brick: lines[0],
        entries: lines.slice(1, at < 0 ? 1 : at).map((l) => l.trim()).sort(),
        status: lines[at] ?? '',
        count: lines.find((l) => l.startsWith('Number of entries')) ?? '',
      };
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

/** Changes of old bricks' layouts (and of new bricks against their set's old brick) since `before`. */
function layoutChanges(before: unknown, now: Record<string, Record<string, string>>, from: Record<string, string>): string[] {
  const was = before as Record<string, Record<string, string>>;
  return Object.entries(now).flatMap(([b, dirs]) =>
    Object.entries(dirs)
      .filter(([d, v]) => was[from[b] ?? b]?.[d] !== v)
      .map(([d, v]) => `${b} ${d}: ${v}, before the add-brick ${from[b] ?? b} had ${was[from[b] ?? b]?.[d]}`),
  );
}

// ---- the cases ------------------------------------------------------------------------------------

type Results = Record<string, unknown>;
interface Step {
  what: string;
  run(s: Side, vol: string, r: Results): unknown;
  /** What both sides must give besides giving the same. */
  want?: unknown;
}
interface Case {
  id: string;
  title: string;
  bricks: number;
  replica: number;
  steps: Step[];
}

const info = (s: Side, vol: string) => out(s, ['volume', 'info', vol]);
const shd = (v: 'on' | 'off'): Step => ({ what: `volume set self-heal-daemon ${v}`, run: (s, vol) => out(s, ['volume', 'set', vol, 'cluster.self-heal-daemon', v]) });
/** `add-brick VOL [replica N] host:new ... force`; `bricks` as host:name. */
const addBrick = (what: string, head: string[], bricks: string[]): Step => ({
  what,
  run(s, vol) {
    const specs = bricks.map((b) => b.replace(':', `:${s.dir}/`));
    const r = out(s, ['volume', 'add-brick', vol, ...head, ...specs, 'force']);
    s.settleAdd(vol, bricks.map((b) => b.split(':')[1]));
    return r;
  },
});
const heal: Step = {
  what: 'volume heal (self-heal daemon on), until nothing is left to heal',
  async run(s, vol) {
    const on = out(s, ['volume', 'set', vol, 'cluster.self-heal-daemon', 'on']);
    const launch = out(s, ['volume', 'heal', vol]);
    await s.settleHeal(vol);
    return { on, launch };
  },
};
const healInfoStep = (when: string): Step => ({ what: `heal info ${when}`, run: (s, vol) => healInfo(s, vol) });
const treeSteps = (bricks: string[]): Step[] => [
  { what: 'bricks after the heal (names, sizes, contents, xattrs)', run: (s) => tree(s, bricks) },
  { what: 'trusted.afr.* after the heal are all zero', run: (s) => nonZeroAfr(tree(s, bricks)), want: [] },
];
const DIRS = ['', 'd1', 'd1/sub', 'd2'];

const CASES: Case[] = [
  {
    id: 'r2r3',
    title: 'replica 2 -> replica 3',
    bricks: 2,
    replica: 2,
    steps: [
      shd('off'),
      addBrick('add-brick replica 3', ['replica', '3'], ['server3:n0']),
      { what: 'root trusted.afr.* right after add-brick', run: (s) => rootAfr(s, ['b0', 'b1', 'n0']) },
      { what: 'volume info', run: info },
      healInfoStep('right after add-brick'),
      heal,
      healInfoStep('after the heal'),
      ...treeSteps(['b0', 'b1', 'n0']),
    ],
  },
  {
    id: 'd2r2',
    title: 'distribute 2 -> replica 2 (conversion)',
    bricks: 2,
    replica: 1,
    steps: [
      { what: 'layouts before add-brick', run: (s) => layouts(s, ['b0', 'b1'], DIRS) },
      // Refused on a distribute volume: the daemon starts with the conversion and heals at once.
      shd('off'),
      addBrick('add-brick replica 2', ['replica', '2'], ['server3:n0', 'server1:n1']),
      { what: 'volume info', run: info },
      { what: 'volume get cluster.granular-entry-heal', run: (s, vol) => out(s, ['volume', 'get', vol, 'cluster.granular-entry-heal']) },
      { what: 'getspec: afr-pending-xattr and subvolumes of each set', run: (s, vol) => replicateSets(s, vol) },
      heal,
      healInfoStep('after the heal'),
      ...treeSteps(['b0', 'n0', 'b1', 'n1']),
      {
        what: 'layouts after the heal: the old ones unchanged, each new brick has its set partner\'s',
        run: (s, _, r) => layoutChanges(r['layouts before add-brick'], layouts(s, ['b0', 'n0', 'b1', 'n1'], DIRS), { n0: 'b0', n1: 'b1' }),
        want: [],
      },
    ],
  },
  {
    id: 'r22r23',
    title: '2x2 -> 2x3',
    bricks: 4,
    replica: 2,
    steps: [
      shd('off'),
      addBrick('add-brick replica 3', ['replica', '3'], ['server2:n0', 'server3:n1']),
      { what: 'root trusted.afr.* right after add-brick', run: (s) => rootAfr(s, ['b0', 'b1', 'n0', 'b2', 'b3', 'n1']) },
      { what: 'volume info', run: info },
      { what: 'getspec: afr-pending-xattr and subvolumes of each set', run: (s, vol) => replicateSets(s, vol) },
      healInfoStep('right after add-brick'),
      heal,
      healInfoStep('after the heal'),
      ...treeSteps(['b0', 'b1', 'n0', 'b2', 'b3', 'n1']),
    ],
  },
  {
    id: 'd2d3',
    title: 'distribute 2 -> 3 bricks',
    bricks: 2,
    replica: 1,
    steps: [
      { what: 'layouts before add-brick', run: (s) => layouts(s, ['b0', 'b1'], DIRS) },
      addBrick('add-brick', [], ['server3:b2']),
      { what: 'volume info', run: info },
      { what: 'the new brick root has no layout', run: (s) => pick(getfattr(path.join(s.dir, 'b2'), false).get(path.join(s.dir, 'b2')), /dht/), want: {} },
      {
        what: 'existing directories keep their layouts',
        run: (s, _, r) => layoutChanges(r['layouts before add-brick'], layouts(s, ['b0', 'b1'], DIRS), {}),
        want: [],
      },
      { what: 'mkdir /newdir and /d1/newsub through a client', run: (s, vol) => s.write(vol, [['mkdir', '/newdir'], ['mkdir', '/d1/newsub']]) },
      { what: 'layouts on every brick after the mkdirs', run: (s) => layouts(s, ['b0', 'b1', 'b2'], ['', 'd1', 'newdir', 'd1/newsub']) },
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

afterAll(() => {
  sb?.cleanup();
  for (const vol of made) {
    env?.run(['--mode=script', 'volume', 'stop', vol, 'force']);
    env?.run(['--mode=script', 'volume', 'delete', vol]);
  }
  env?.cleanup();
  fs.rmSync(ROOT, { recursive: true, force: true });
  if (fs.existsSync('/bricks/ab') && fs.readdirSync('/bricks/ab').length === 0) fs.rmdirSync('/bricks/ab');
}, 300_000);

describe.each(CASES)('add-brick, $title: real gluster and tgluster from the same start', (c) => {
  const vol = `ab${c.id}${RUN}`;
  const got: Record<Side['kind'], Results> = { gluster: {}, tgluster: {} };

  beforeAll(async () => {
    const base = path.join(ROOT, c.id);
    made.push(vol);
    for (const side of [glusterSide(sb, path.join(base, 'g')), tglusterSide(env, path.join(base, 't'))]) {
      side.create(vol, c.bricks, c.replica);
      side.write(vol, DATA, c.replica, c.bricks);
      for (const step of c.steps) {
        await tick();
        try {
          got[side.kind][step.what] = await step.run(side, vol, got[side.kind]);
        } catch (e) {
          got[side.kind][step.what] = { threw: String((e as Error).message ?? e).replaceAll(`${side.dir}/`, '<B>/') };
        }
      }
      if (side.kind === 'gluster') sb.remove(vol);
    }
  }, 600_000);

  it.each(c.steps)('$what', (step) => {
    const [g, t] = [got.gluster[step.what], got.tgluster[step.what]];
    expect(t, `${step.what}: tgluster (received) against gluster (expected)`).toEqual(g);
    if ('want' in step) expect({ gluster: g, tgluster: t }).toEqual({ gluster: step.want, tgluster: step.want });
  });
});
