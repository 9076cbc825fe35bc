// Every `volume create` capture of real gluster 10.3 (text and --xml), replayed against tgluster
// in a fresh state dir with /bricks/cli mapped to a temp dir: exact stdout/stderr bytes (UUIDs
// normalised) and exit code. A failed create must leave bricks and state exactly as they were; a
// successful one leaves the volume-id on every brick. The "no force" captures used a separate
// filesystem at /bricks/cli/fs: here a tmpfs is mounted there (needs root).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseCase, type CorpusCase } from './corpus-parse.js';
import { normalise } from './corpus-normalise.js';
import { runCli } from '../../src/cli/run.js';
import { listVolumeNames, loadVolume, removeVolume } from '../../src/mgmt/store.js';
import { getAllXattrs, getXattr } from '../../src/xattr/index.js';

const CORPUS = path.join(__dirname, '../../fixtures/corpus');
const isRoot = process.getuid?.() === 0;

/** 10.3 rejects `stripe`; tgluster accepts it on purpose (tested below). */
const DELIBERATE_DIFFERENCES = new Set(['volume-create-error-stripe']);

/** The capture's state before each case, as tgluster commands (run with --mode=script). */
const SETUP: Record<string, string[]> = {
  'volume-create-error-volume-exists': ['volume create cliRep3 replica 3 server1:/bricks/cli/rep3/b1 server2:/bricks/cli/rep3/b2 server3:/bricks/cli/rep3/b3 force'],
  'volume-create-error-brick-in-use': ['volume create cliRep3 replica 3 server1:/bricks/cli/rep3/b1 server2:/bricks/cli/rep3/b2 server3:/bricks/cli/rep3/b3 force'],
  'volume-create-error-brick-in-use-other-hostname': ['volume create cliDist server1:/bricks/cli/dist/b1 server2:/bricks/cli/dist/b2 force'],
};
/** Cases run over a brick left behind by a deleted volume (volume-id and gfid still set). */
const LEFTOVER = new Set(['volume-create-error-brick-was-part-of-deleted-volume', 'volume-create-brick-was-part-of-deleted-volume-force']);
const NO_PARENTS = new Set(['volume-create-error-brick-parent-missing']);

const caseNames = fs
  .readdirSync(CORPUS)
  .filter((f) => f.startsWith('volume-create-') && f.endsWith('.txt'))
  .map((f) => f.slice(0, -'.txt'.length))
  .filter((n) => !DELIBERATE_DIFFERENCES.has(n.replace(/\.xml$/, '')))
  .sort();

/** Splits a captured command line like sh would (only single quotes occur in the corpus). */
function shellWords(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let root: string;
let home: string;
let mounted: string[] = [];

/** A line reader over fixed stdin text; undefined once it is used up (EOF). */
function stdinReader(text: string | undefined): () => string | undefined {
  const lines = text === undefined ? [] : text.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return () => lines.shift();
}

async function tg(argv: string[], stdin?: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    out: (s) => void (stdout += s),
    err: (s) => void (stderr += s),
    env: { ...process.env, TGLUSTER_HOME: home },
    stdinIsTTY: false,
    stdoutIsTTY: false,
    readLine: stdinReader(stdin),
  });
  return { code, stdout, stderr };
}

const mapBricks = (s: string) => s.split('/bricks/cli').join(`${root}/bricks/cli`);

/** Creates the parent directory of every brick word (the capture's bricks had theirs). */
function makeBrickParents(argv: string[]): void {
  for (const w of argv) {
    const m = /^[^/]*:(\/.*)$/.exec(w);
    if (m && m[1] !== `${root}/bricks/cli/fs`) fs.mkdirSync(path.dirname(m[1]), { recursive: true });
  }
}

async function setupOk(line: string): Promise<void> {
  const argv = shellWords(mapBricks(line));
  makeBrickParents(argv);
  const r = await tg(['--mode=script', ...argv]);
  expect(r, line).toMatchObject({ code: 0 });
}

function mountTmpfs(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', dir]);
  mounted.push(dir);
}

/** Every path under root with its root-dir xattrs: what a failed create must not change. */
function treeState(): string {
  const rows: string[] = [];
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      const st = fs.lstatSync(p);
      const x = st.isDirectory() ? getAllXattrs(p) : {};
      rows.push(`${p} ${Object.entries(x).map(([k, v]) => `${k}=${v.toString('hex')}`).sort().join(',')}`);
      if (st.isDirectory()) walk(p);
    }
  };
  walk(root);
  return `${rows.join('\n')}\nvolumes: ${listVolumeNames(home).join(',')}`;
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-create-root-'));
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-create-home-'));
  process.env.TGLUSTER_HOME = home;
  mounted = [];
});

afterEach(() => {
  for (const m of mounted.reverse()) execFileSync('umount', [m]);
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(home, { recursive: true, force: true });
  delete process.env.TGLUSTER_HOME;
});

/** Brings the temp root to the state the capture ran in. */
async function prepare(name: string, c: CorpusCase, argv: string[]): Promise<void> {
  const base = name.replace(/\.xml$/, '');
  if (c.command.includes('/bricks/cli/fs')) mountTmpfs(path.join(root, 'bricks/cli/fs'));
  if (!NO_PARENTS.has(base)) makeBrickParents(argv);
  for (const line of SETUP[base] ?? []) await setupOk(line);
  if (LEFTOVER.has(base)) {
    await setupOk('volume create cliLeft server1:/bricks/cli/fs/left/b1');
    removeVolume(home, 'cliLeft'); // what `volume delete` leaves: the brick keeps its xattrs
  }
}

describe.skipIf(!isRoot)('volume create matches the gluster 10.3 captures', () => {
  it('has the captures to compare with', () => {
    expect(caseNames.length).toBeGreaterThan(70);
  });

  for (const name of caseNames) {
    it(name, async () => {
      const c = parseCase(path.join(CORPUS, `${name}.txt`), name);
      const argv = shellWords(mapBricks(c.command)).slice(1); // drop "gluster"
      await prepare(name, c, argv);
      const before = treeState();
      const r = await tg(argv, c.stdin);

      expect(normalise(r.stdout, root)).toBe(normalise(c.stdout));
      expect(normalise(r.stderr, root)).toBe(normalise(c.stderr));
      expect(r.code).toBe(c.exit);

      const volName = argv[argv.indexOf('create') + 1];
      const created = /<opRet>0<\/opRet>/.test(c.stdout) || /: success: /.test(c.stdout);
      if (!created) {
        expect(treeState()).toBe(before);
        return;
      }
      const vol = loadVolume(home, volName)!;
      expect(vol.status).toBe('Created');
      if (name.endsWith('.xml')) expect(r.stdout).toContain(`<id>${vol.id}</id>`);
      for (const b of vol.bricks) {
        expect(getXattr(b.path, 'trusted.glusterfs.volume-id').toString('hex')).toBe(vol.id.replace(/-/g, ''));
      }
    });
  }
});
