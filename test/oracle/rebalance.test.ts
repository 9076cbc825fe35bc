// Oracle (7): `volume rebalance`, real GlusterFS 10.3 against tgluster from the same start.
//
// Each case makes the same distribute volume on both sides (one name, the same hosts, bricks under
// /bricks/rb/p<pid>/<case>/{g,t}/b<i>), writes the same tree of ~300 small files (gluster: FUSE
// mount; tgluster: `tgluster fs import` of the same local tree), adds two bricks, rebalances, and
// compares brick by brick. DHT places a name by its hash over `VOL-client-N` ranges, so placement
// and layouts must match exactly. Normalised: UUIDs, run times, commit hash values (a layout's
// commit field is shown as `R` when it equals the side's root trusted.glusterfs.dht.commithash,
// as 0/1 for those values, else as H1, H2, ... in order of first appearance).
//   1. 3 -> 5 bricks, `rebalance fix-layout start`: layouts, commit fields, no file moves.
//   2. 3 -> 5 bricks, `rebalance start`: placement, no linkto left, layouts settled, counters
//      (scanned with a window on gluster's side: see `scanned`).
//   3. tgluster's bricks after case 2 taken over by real gluster: every file reads back, and a
//      real `rebalance start` over them moves nothing and fails nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getXattrOpt } from '../../src/xattr/index.js';
import { makeEnv, type Env } from '../scenario/fs-helpers.js';
import { ensureGlusterd, GlusterSandbox, tearDownSides, sh, waitFor, walk, type Sh } from './helpers.js';

const RUN = `p${process.pid}`;
const ROOT = `/bricks/rb/${RUN}`;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const hostOf = (i: number) => `server${(i % 3) + 1}`;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex').slice(0, 16);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const OLD = ['b0', 'b1', 'b2'];
const ALL = [...OLD, 'b3', 'b4'];

// ---- the start both sides share -------------------------------------------------------------------

type Op = ['mkdir', string] | ['write', string, string] | ['symlink', string, string];
const DIRS = ['alpha', 'alpha/one', 'alpha/one/deep', 'beta', 'gamma', 'hollow']; // hollow stays empty
const FILES: [string, number][] = [['', 40], ['alpha', 60], ['alpha/one', 50], ['alpha/one/deep', 40], ['beta', 60], ['gamma', 50]];
const DATA: Op[] = [
  ...DIRS.map((d): Op => ['mkdir', d]),
  ...FILES.flatMap(([d, n]) =>
    range(n).map((i): Op => {
      const rel = `${d ? `${d}/` : ''}${['file', 'log', 'img', 'a'][i % 4]}-${i}${i % 3 ? '.txt' : ''}`;
      // Two empty files (i = 7 at the root and in gamma), the rest 20 B to a few KB.
      return ['write', rel, (d === '' || d === 'gamma') && i === 7 ? '' : `${rel} ${i}\n`.repeat(1 + ((i * 37) % 97))];
    }),
  ),
  // Symlinks (10.3 migrates them too, counted as Rebalanced-files): some of these names move.
  ...range(4).map((i): Op => ['symlink', `beta/link-${i}`, `../alpha/one/deep/file-${4 * i}`]),
];

/** The tree as a reader must see it: relative name -> sha of the content, or `-> target`. */
const EXPECTED = new Map<string, string>([
  ...DIRS.flatMap((d) => d.split('/').map((_, i, a) => a.slice(0, i + 1).join('/'))).map((d): [string, string] => [d, 'dir']),
  ...DATA.flatMap((op): [string, string][] => (op[0] === 'write' ? [[op[1], sha(Buffer.from(op[2]))]] : op[0] === 'symlink' ? [[op[1], `-> ${op[2]}`]] : [])),
]);

function apply(root: string, ops: Op[]): void {
  for (const op of ops) {
    const p = path.join(root, op[1]);
    if (op[0] === 'mkdir') fs.mkdirSync(p);
    else if (op[0] === 'write') fs.writeFileSync(p, op[2]);
    else fs.symlinkSync(op[2], p);
  }
}

// ---- the two implementations ----------------------------------------------------------------------

interface Side {
  kind: 'gluster' | 'tgluster';
  dir: string;
  cli(args: string[]): Sh;
  create(vol: string): void;
  write(vol: string): void;
  addBricks(vol: string): Sh;
  /** `volume rebalance VOL <words>` and the run to its end; the start's answer (2 lines). */
  rebalance(vol: string, words: string[]): Sh;
}

const mustOk = (what: string, r: Sh) => {
  if (r.code !== 0) throw new Error(`${what} -> ${r.code}: ${r.stdout}${r.stderr}`);
  return r;
};
const brickDir = (dir: string, b: string) => (fs.mkdirSync(path.join(dir, b), { recursive: true }), path.join(dir, b));
/** The start's answer: its first two lines (tgluster's --wait goes on with the status table). */
const startAnswer = (s: Side, r: Sh): Sh => ({ code: r.code, stdout: norm(s, r.stdout.split('\n').slice(0, 2).join('\n')), stderr: norm(s, r.stderr) });
const norm = (s: Side, t: string) => t.replaceAll(`${s.dir}/`, '<B>/').replace(UUID, '<UUID>');

const ENDED = /^(fix-layout )?(completed|failed|stopped)$/;

function glusterSide(sb: GlusterSandbox, dir: string): Side {
  const cli = (args: string[]) => sh('gluster', ['--mode=script', ...args]);
  const side: Side = {
    kind: 'gluster',
    dir,
    cli,
    create(vol) {
      sb.create(vol, OLD.map((b) => brickDir(dir, b)), 1);
      sb.start(vol);
    },
    write(vol) {
      const mnt = sb.mountVolume(vol);
      try {
        apply(mnt, DATA);
      } finally {
        sb.unmount(mnt);
      }
    },
    addBricks(vol) {
      const r = cli(['volume', 'add-brick', vol, ...['b3', 'b4'].map((b, i) => `${hostOf(3 + i)}:${brickDir(dir, b)}`), 'force']);
      for (const b of ['b3', 'b4']) waitFor(`brick ${b} of ${vol} online`, () => sb.brickOnline(vol, path.join(dir, b)));
      return r;
    },
    rebalance(vol, words) {
      const r = mustOk('gluster rebalance', cli(['volume', 'rebalance', vol, ...words]));
      waitFor(`gluster's rebalance of ${vol} to end`, () => ENDED.test(String(status(side, vol).statusStr)), 600);
      return r;
    },
  };
  return side;
}

function tglusterSide(env: Env, dir: string, src: string): Side {
  const cli = (args: string[]) => env.run(['--mode=script', ...args]);
  return {
    kind: 'tgluster',
    dir,
    cli,
    create(vol) {
      mustOk('tgluster create', cli(['volume', 'create', vol, ...OLD.map((b, i) => `${hostOf(i)}:${brickDir(dir, b)}`), 'force']));
      mustOk('tgluster start', cli(['volume', 'start', vol]));
    },
    write(vol) {
      mustOk('tgluster fs import', env.run(['fs', 'import', src, `${vol}:/`]));
    },
    addBricks(vol) {
      return cli(['volume', 'add-brick', vol, ...['b3', 'b4'].map((b, i) => `${hostOf(3 + i)}:${brickDir(dir, b)}`), 'force']);
    },
    rebalance(vol, words) {
      return mustOk('tgluster rebalance --wait', cli(['volume', 'rebalance', vol, ...words, '--wait']));
    },
  };
}

// ---- what is compared -----------------------------------------------------------------------------

/** `rebalance VOL status --xml`: the aggregate's counters and status. */
function status(s: Side, vol: string) {
  const r = s.cli(['volume', 'rebalance', vol, 'status', '--xml']);
  const agg = /<aggregate>([\s\S]*?)<\/aggregate>/.exec(r.stdout)?.[1] ?? '';
  const f = (k: string) => new RegExp(`<${k}>([^<]*)</${k}>`).exec(agg)?.[1];
  return { code: r.code, files: f('files'), size: f('size'), lookups: f('lookups'), failures: f('failures'), skipped: f('skipped'), status: f('status'), statusStr: f('statusStr') };
}
/**
 * The whole status XML and text, UUIDs and run times normalised, and scanned (<lookups>) too:
 * the counters step and the scanned step check it (in 10.3 it races with the migrator threads).
 */
const statusXml = (s: Side, vol: string) =>
  norm(s, s.cli(['volume', 'rebalance', vol, 'status', '--xml']).stdout)
    .replace(/<runtime>[^<]*<\/runtime>/g, '<runtime>T</runtime>')
    .replace(/<lookups>[^<]*<\/lookups>/g, '<lookups>N</lookups>');
const statusText = (s: Side, vol: string) => {
  const r = s.cli(['volume', 'rebalance', vol, 'status']);
  const out = norm(s, r.stdout)
    .replace(/\d+:\d\d:\d\d$/gm, '0:00:00')
    .replace(/^(\s+\S+\s+\d+\s+\S+\s+)(\d+)/gm, (_, head: string, n: string) => head + 'N'.padStart(n.length));
  return { code: r.code, stdout: out, stderr: r.stderr };
};

/**
 * scanned (<lookups>) of a full run. 10.3 counts every non-directory entry it reads on each brick
 * (§4.3 of the spec); its readdirp of a brick can come after a migrator thread already moved a
 * file there, which is then counted twice: for the same 304 entries gluster gave 304 in four runs
 * and 305 in one. Without that race the count is the number of entries, which tgluster (a sequential
 * crawl) must give exactly; gluster must lie between that and that plus the files it moved.
 */
const SCANNED_OK = 'every entry once (gluster: plus any read again after its migration)';
const scanned = (s: Side, vol: string, r: Results) => {
  const n = Object.keys(r[before.what] as object).length;
  const st = status(s, vol);
  const [l, files] = [Number(st.lookups), Number(st.files)];
  const ok = s.kind === 'tgluster' ? l === n : l >= n && l <= n + files;
  return ok ? SCANNED_OK : `scanned ${l}: ${n} entries, ${files} moved`;
};

interface Bricks {
  /** file -> the bricks holding its data (not linkto) copy */
  placement: Record<string, string[]>;
  /** `brick /file -> subvolume` of every linkto file */
  linkto: string[];
  /** `brick /name -> target` of every symlink */
  symlinks: string[];
  /** dir -> brick -> `type start-stop` of trusted.glusterfs.dht (commit field left out) */
  ranges: Record<string, Record<string, string>>;
  /** dir -> brick -> the commit field, as a symbol (see the top of the file) */
  commits: Record<string, Record<string, string>>;
  /** brick -> its root commithash: R (= b0's), absent, or the raw value when it differs */
  rootCommit: Record<string, string>;
}

/** Reads bricks directly (a brick root's .glusterfs* left out). */
function scan(dir: string, bricks: string[]): Bricks {
  const res: Bricks = { placement: {}, linkto: [], symlinks: [], ranges: {}, commits: {}, rootCommit: {} };
  const hashOf = (b: string) => getXattrOpt(path.join(dir, b), 'trusted.glusterfs.dht.commithash')?.toString('latin1').replace(/\0$/, '');
  const R = hashOf(bricks[0]);
  for (const b of bricks) res.rootCommit[b] = hashOf(b) === undefined ? 'absent' : hashOf(b) === R ? 'R' : `${hashOf(b)} (b0: ${R})`;
  const other = new Map<number, string>();
  const sym = (c: number) => (R !== undefined && String(c) === R ? 'R' : c <= 1 ? String(c) : (other.get(c) ?? (other.set(c, `H${other.size + 1}`), `H${other.size}`)));
  const layout = (b: string, p: string, rel: string) => {
    const v = getXattrOpt(p, 'trusted.glusterfs.dht');
    const hex = (o: number) => v!.readUInt32BE(o).toString(16).padStart(8, '0');
    ((res.ranges[rel] ??= {}), (res.commits[rel] ??= {}));
    res.ranges[rel][b] = !v ? 'none' : v.length !== 16 ? `bad ${v.toString('hex')}` : `type ${v.readUInt32BE(4)} ${hex(8)}-${hex(12)}`;
    res.commits[rel][b] = v?.length === 16 ? sym(v.readUInt32BE(0)) : 'none';
  };
  for (const b of bricks) {
    const root = path.join(dir, b);
    const visit = (rel: string) => {
      for (const d of fs.readdirSync(path.join(root, rel), { withFileTypes: true }).sort((x, y) => (x.name < y.name ? -1 : 1))) {
        if (!rel && d.name.startsWith('.glusterfs')) continue;
        const r = rel ? `${rel}/${d.name}` : d.name;
        const p = path.join(root, r);
        if (d.isDirectory()) {
          layout(b, p, `/${r}`);
          visit(r);
          continue;
        }
        if (d.isSymbolicLink()) res.symlinks.push(`${b} /${r} -> ${fs.readlinkSync(p)}`);
        const to = getXattrOpt(p, 'trusted.glusterfs.dht.linkto');
        if (to && (fs.lstatSync(p).mode & 0o7777) === 0o1000) res.linkto.push(`${b} /${r} -> ${to.toString().replace(/\0$/, '')}`);
        else (res.placement[`/${r}`] ??= []).push(b);
      }
    };
    layout(b, root, '/');
    visit('');
  }
  for (const k of Object.keys(res.placement)) res.placement[k].sort();
  return res;
}

/** Files whose brick changed between two scans. */
const moved = (before: Bricks, after: Bricks) =>
  [...new Set([...Object.keys(before.placement), ...Object.keys(after.placement)])]
    .sort()
    .filter((f) => String(before.placement[f]) !== String(after.placement[f]))
    .map((f) => `${f}: ${before.placement[f]?.join(',') ?? 'nowhere'} -> ${after.placement[f]?.join(',') ?? 'nowhere'}`);
/** Directory copies whose layout commit field is not the root commithash. */
const unsettled = (x: Bricks) => Object.entries(x.commits).flatMap(([d, bs]) => Object.entries(bs).filter(([, c]) => c !== 'R').map(([b, c]) => `${b} ${d}: ${c}`));

// ---- the cases ------------------------------------------------------------------------------------

type Results = Record<string, unknown>;
type Step = { what: string; run(s: Side, vol: string, r: Results): unknown; want?: unknown };
const step = (what: string, run: Step['run'], ...want: unknown[]): Step => ({ what, run, ...(want.length ? { want: want[0] } : {}) });

const before = step('placement before add-brick (file -> bricks)', (s) => scan(s.dir, OLD).placement);
const addBrick = step('add-brick VOL server1:<B>/b3 server2:<B>/b4 force', (s, vol) => {
  const r = s.addBricks(vol);
  return { code: r.code, stdout: norm(s, r.stdout), stderr: norm(s, r.stderr) };
});
const after = (what: string) => step(what, (s) => scan(s.dir, ALL));
const common = (words: string[], full: boolean) => [
  before,
  addBrick,
  step(`rebalance VOL ${words.join(' ')}: the start's answer`, (s, vol) => startAnswer(s, s.rebalance(vol, words))),
  full
    ? step('rebalance status --xml: counters of the aggregate (scanned apart)', (s, vol) => ({ ...status(s, vol), lookups: 'below' }))
    : step('rebalance status --xml: counters of the aggregate', status),
  ...(full ? [step('scanned: every non-directory entry once (gluster: at most once more per file moved)', scanned, SCANNED_OK)] : []),
  step('rebalance status --xml (UUIDs and run time normalised)', statusXml),
  step('rebalance status (text, run time normalised)', statusText),
];
const SCAN = 'bricks after the run';
const fromScan = (what: string, f: (x: Bricks, r: Results) => unknown, ...want: unknown[]) => step(what, (_, __, r) => f(r[SCAN] as Bricks, r), ...want);

const CASES: { id: string; title: string; steps: Step[] }[] = [
  {
    ...{ id: 'fix', title: 'distribute 3 -> 5, fix-layout start' },
    steps: [
      ...common(['fix-layout', 'start'], false),
      after(SCAN),
      fromScan('layout ranges of every directory on every brick', (x) => x.ranges),
      fromScan('commit field of every directory layout (R = root commithash)', (x) => x.commits),
      fromScan('root commithash on every brick', (x) => x.rootCommit, Object.fromEntries(ALL.map((b) => [b, 'R']))),
      fromScan('files moved by fix-layout', (x, r) => moved({ placement: r[before.what] } as Bricks, x), []),
      fromScan('linkto files on the bricks', (x) => x.linkto, []),
    ],
  },
  {
    ...{ id: 'full', title: 'distribute 3 -> 5, start' },
    steps: [
      ...common(['start'], true),
      after(SCAN),
      fromScan('placement after the run (file -> bricks)', (x) => x.placement),
      fromScan('files moved', (x, r) => moved({ placement: r[before.what] } as Bricks, x)),
      fromScan('linkto files left on the bricks', (x) => x.linkto, []),
      fromScan('symlinks on the bricks (brick /name -> target)', (x) => x.symlinks),
      fromScan('layout ranges of every directory on every brick', (x) => x.ranges),
      fromScan('directory copies whose layout commit is not the root commithash', unsettled, []),
      fromScan('root commithash on every brick', (x) => x.rootCommit, Object.fromEntries(ALL.map((b) => [b, 'R']))),
    ],
  },
];

// ---- running them ---------------------------------------------------------------------------------

let sb: GlusterSandbox;
let env: Env;
let src: string;
const made: string[] = [];

beforeAll(() => {
  ensureGlusterd();
  sb = new GlusterSandbox('rb');
  env = makeEnv('rb');
  src = path.join(sb.dir, 'src');
  fs.mkdirSync(src);
  apply(src, DATA);
  expect(walk(src)).toEqual([...EXPECTED.keys()].sort());
});

afterAll(() => tearDownSides(sb, env, made, ROOT, '/bricks/rb'));

/** Case 2's tgluster side, for case 3. */
const full = { vol: `rbfull${RUN}`, dir: path.join(ROOT, 'full', 't'), scan: undefined as Bricks | undefined };

describe.each(CASES)('rebalance, $title: real gluster and tgluster from the same start', (c) => {
  const vol = `rb${c.id}${RUN}`;
  const got: Record<Side['kind'], Results> = { gluster: {}, tgluster: {} };

  beforeAll(async () => {
    made.push(vol);
    for (const side of [glusterSide(sb, path.join(ROOT, c.id, 'g')), tglusterSide(env, path.join(ROOT, c.id, 't'), src)]) {
      side.create(vol);
      side.write(vol);
      for (const st of c.steps) {
        await tick();
        try {
          got[side.kind][st.what] = await st.run(side, vol, got[side.kind]);
        } catch (e) {
          got[side.kind][st.what] = { threw: norm(side, String((e as Error).message ?? e)) };
        }
      }
      if (side.kind === 'gluster') sb.remove(vol);
    }
    if (c.id === 'full') full.scan = got.tgluster[SCAN] as Bricks;
  });

  it.each(c.steps)('$what', (st) => {
    const [g, t] = [got.gluster[st.what], got.tgluster[st.what]];
    expect(t, `${st.what}: tgluster (received) against gluster (expected)`).toEqual(g);
    if ('want' in st) expect({ gluster: g, tgluster: t }).toEqual({ gluster: st.want, tgluster: st.want });
  });
});

describe("real gluster over tgluster's bricks after its rebalance (case 2)", () => {
  let gside: Side;
  let mnt = '';
  let ran: Sh | undefined;

  beforeAll(() => {
    if (!full.scan) throw new Error('case 2 did not run');
    gside = glusterSide(sb, full.dir);
    mustOk('tgluster volume stop', env.run(['--mode=script', 'volume', 'stop', full.vol]));
    sb.create(full.vol, ALL.map((b) => path.join(full.dir, b)), 1);
    sb.start(full.vol);
    mnt = sb.mountVolume(full.vol);
  });

  it('ls shows exactly the names written, and every file and symlink reads back', () => {
    expect(walk(mnt)).toEqual([...EXPECTED.keys()].sort());
    const seen = new Map(
      walk(mnt).map((rel): [string, string] => {
        const p = path.join(mnt, rel);
        const st = fs.lstatSync(p);
        return [rel, st.isSymbolicLink() ? `-> ${fs.readlinkSync(p)}` : st.isDirectory() ? 'dir' : sha(fs.readFileSync(p))];
      }),
    );
    expect(Object.fromEntries(seen)).toEqual(Object.fromEntries(EXPECTED));
  });

  it("a real rebalance start over them moves nothing and fails nothing", () => {
    sb.unmount(mnt);
    ran = gside.rebalance(full.vol, ['start']);
    const st = status(gside, full.vol);
    expect({ files: st.files, size: st.size, failures: st.failures, skipped: st.skipped, statusStr: st.statusStr }).toEqual({
      ...{ files: '0', size: '0', failures: '0', skipped: '0', statusStr: 'completed' },
    });
    // scanned: every file once (all five bricks are local), as tgluster's own run counted after its moves.
    expect(st.lookups).toBe(String(Object.keys(full.scan!.placement).length));
  });

  it("and leaves tgluster's placement and layout ranges as they were, every directory settled", () => {
    expect(ran?.code).toBe(0);
    const now = scan(full.dir, ALL);
    expect(moved(full.scan!, now)).toEqual([]);
    expect(now.linkto).toEqual([]);
    expect(now.ranges).toEqual(full.scan!.ranges);
    expect(unsettled(now)).toEqual([]);
  });
});
