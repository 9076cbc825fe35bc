// Fuzz: thousands of argument vectors built from gluster's words, volume names, bricks, numbers and
// junk, run in-process. Whatever the line, tgluster must answer like a CLI: no stack trace, no
// "internal error", no exit 0 next to an error message, and a failed command leaves the state dir
// exactly as it was. Seeded: TGLUSTER_FUZZ_SEED=<n> (and TGLUSTER_FUZZ_COUNT) reproduce a run.
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli } from './cli-io.js';

const SEED = Number(process.env.TGLUSTER_FUZZ_SEED ?? 20261121);
const COUNT = Number(process.env.TGLUSTER_FUZZ_COUNT ?? 5000);

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let root = '';
let home = '';

const TOP = ['volume', 'vol', 'v', 'peer', 'pool', 'help', 'global', 'system::', 'snapshot', 'get-state', 'nfs-ganesha', 'quit', 'exit'];
const VOLUME_SUBS = [
  'create', 'start', 'stop', 'delete', 'info', 'list', 'status', 'set', 'get', 'reset', 'add-brick', 'remove-brick',
  'replace-brick', 'reset-brick', 'heal', 'rebalance', 'quota', 'inode-quota', 'bitrot', 'profile', 'top', 'statedump',
  'log', 'sync', 'barrier', 'clear-locks', 'geo-replication', 'help', 'inf', 're',
];
const KEYWORDS = [
  'replica', 'arbiter', 'disperse', 'disperse-data', 'redundancy', 'transport', 'tcp', 'rdma', 'tcp,rdma', 'force',
  'all', 'detail', 'clients', 'mem', 'inode', 'fd', 'callpool', 'tasks', 'client-list', 'nfs', 'shd', 'quotad', 'start',
  'stop', 'commit', 'status', 'info', 'summary', 'split-brain', 'full', 'enable', 'disable', 'group', 'probe', 'detach',
  'list', 'uuid', 'get', 'reset', 'help', 'thin-arbiter', 'fix-layout', 'statistics', 'heal-count',
];
const GOOD_VOLNAMES = ['fzA', 'fzB', 'fzC', 'cliNope', 'fz_new1', 'fz-new2'];
const BAD_VOLNAMES = ['all', 'volume', 'a'.repeat(257), 'cli/bad', 'cli@x', '-x'];
const KEYS = [
  'performance.cache-size', 'cluster.quorum-type', 'quorum-type', 'cluster.op-version', 'nfs.disable', 'no.such.key',
  'cluster.self-heal-daemon', 'features.shard', 'cluster.max-op-version', 'performance.io-thread-count',
  'cluster.favorite-child-policy', 'storage.owner-uid', 'cache-size',
];
const VALUES = ['on', 'off', '256MB', 'lots', '-1', '0', '1', '99999999999999999999', 'auto', 'fixed', 'none', 'yes', '64', '65'];
const NUMBERS = ['0', '1', '2', '3', '4', '5', '6', '-1', '999999', 'three', '1.5', '0x10'];
const HOSTS = ['server1', 'server2', 'server3', 'localhost', '127.0.0.1', '127.0.0.2'];
const GOOD_OPTIONS = [
  '--xml', '--json', '--mode=script', '--mode=interactive', '--timeout=5', '--log-level=INFO', '--remote-host=h',
  '--inet6', '--', '--log-file=/dev/null', '--glusterd-sock=/nonexistent',
];
const BAD_OPTIONS = ['--mode=batch', '--bogus', '--timeout=x', '--log-level=loud', '--print-logdir'];
const JUNK = ['', ' ', '%s%n', '$(id)', '../..', 'a\nb', 'ünï', '\t', '*', '-', '-V', '{', '}', '::', ':', 'server1:', '"', "'"];

function vector(rnd: () => number): string[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const brick = () => {
    const r = rnd();
    if (r < 0.75) return `${pick(HOSTS)}:${root}/bricks/fz/b${Math.floor(rnd() * 12)}`;
    if (r < 0.85) return `${pick(HOSTS)}:${root}/bricks/fz`;
    if (r < 0.9) return `${pick(HOSTS)}:relative/b`;
    if (r < 0.95) return `${root}/bricks/fz/nohost`;
    return `${pick(HOSTS)}:${root}/bricks/fz/b1/inner`;
  };
  const volname = () => (rnd() < 0.25 ? pick(BAD_VOLNAMES) : pick(GOOD_VOLNAMES));
  const token = (): string => {
    const r = rnd();
    if (r < 0.25) return pick(KEYWORDS);
    if (r < 0.45) return brick();
    if (r < 0.58) return volname();
    if (r < 0.68) return pick(KEYS);
    if (r < 0.78) return pick(VALUES);
    if (r < 0.88) return pick(NUMBERS);
    if (r < 0.93) return pick(HOSTS);
    return pick(JUNK);
  };
  const some = (n: number, f: () => string) => Array.from({ length: Math.floor(rnd() * (n + 1)) }, f);
  const maybe = (p: number, ...w: string[]) => (rnd() < p ? w : []);
  /** Mostly well-formed tails, so that most lines get past the parser into the command. */
  const TAILS: Record<string, () => string[]> = {
    create: () => [
      ...maybe(0.4, pick(['replica', 'disperse', 'redundancy', 'arbiter', 'transport']), pick([...NUMBERS, 'tcp', 'rdma'])),
      ...some(6, brick),
      ...maybe(0.7, 'force'),
    ],
    set: () => (rnd() < 0.1 ? ['group', pick(['virt', 'nosuch'])] : some(3, () => `${pick(KEYS)} ${pick(VALUES)}`).join(' ').split(' ')),
    get: () => [pick([...KEYS, 'all'])],
    reset: () => [...maybe(0.6, pick([...KEYS, 'all'])), ...maybe(0.3, 'force')],
    start: () => maybe(0.3, 'force'),
    stop: () => maybe(0.3, 'force'),
    status: () => [...maybe(0.3, pick(['nfs', 'shd', brick()])), ...maybe(0.4, pick(KEYWORDS.slice(11, 19)))],
    delete: () => [],
    info: () => [],
  };
  const words: string[] = [];
  const shape = rnd();
  if (shape < 0.65) {
    const sub = pick(VOLUME_SUBS);
    words.push('volume', sub, volname());
    if (TAILS[sub] && rnd() < 0.7) words.push(...TAILS[sub]().filter((w) => w !== ''));
    else words.push(...some(6, token));
  } else if (shape < 0.78) {
    words.push(...pick([['peer', 'probe'], ['peer', 'detach'], ['peer', 'status'], ['peer', 'help'], ['pool', 'list'], ['peer', 'x']]));
    words.push(...maybe(0.7, pick(HOSTS)), ...maybe(0.2, 'force'));
  } else if (shape < 0.88) words.push(pick(TOP), ...some(3, token));
  else words.push(...some(6, token));
  const option = () => (rnd() < 0.15 ? pick(BAD_OPTIONS) : pick(GOOD_OPTIONS));
  if (rnd() < 0.5) words.splice(Math.floor(rnd() * (words.length + 1)), 0, option());
  if (rnd() < 0.1) words.splice(Math.floor(rnd() * (words.length + 1)), 0, option());
  return words;
}

/** Every file under the state dir with its content hash (directories by name); the logs are not state. */
function snapshot(dir: string): Map<string, string> {
  const m = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const rel = path.relative(dir, p);
      if (rel === 'log') continue;
      if (e.isDirectory()) {
        m.set(`${rel}/`, 'dir');
        walk(p);
      } else {
        m.set(rel, crypto.createHash('sha1').update(fs.readFileSync(p)).digest('hex'));
      }
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return m;
}

function diff(a: Map<string, string>, b: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of a) if (b.get(k) !== v) out.push(b.has(k) ? `changed ${k}` : `removed ${k}`);
  for (const k of b.keys()) if (!a.has(k)) out.push(`added ${k}`);
  return out;
}

/** Messages that may sit on stderr of a successful command. */
const BENIGN_STDERR = /^(No volumes present in cluster|Volume \S+ is not started)\n/;
const ERROR_TEXT = /Usage:|unrecognized|failed|[Ee]rror|not supported|does not exist/;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tgfz-'));
  home = path.join(root, 'home');
  fs.mkdirSync(path.join(root, 'bricks', 'fz'), { recursive: true });
  for (const line of [
    `volume create fzA replica 3 server1:${root}/bricks/fz/a1 server2:${root}/bricks/fz/a2 server3:${root}/bricks/fz/a3 force`,
    'volume start fzA',
    `volume create fzB server1:${root}/bricks/fz/b-1 force`,
    'system:: uuid get',
  ]) {
    const r = await cli(home, ['--mode=script', ...line.split(' ')]);
    if (r.exit !== 0) throw new Error(`fuzz setup failed: ${line}\n${r.stdout}${r.stderr}`);
  }
});

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe('fuzz', () => {
  test(`${COUNT} random command lines (seed ${SEED})`, { timeout: 600_000 }, async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
      throw new Error(`process.exit(${code}) called by a command`);
    }) as never);
    const rnd = prng(SEED);
    const problems: string[] = [];
    const tally = { ok: 0, failed: 0, unrecognized: 0, usage: 0 };
    try {
      for (let i = 0; i < COUNT && problems.length < 20; i++) {
        const argv = vector(rnd);
        const answers = [rnd() < 0.5 ? 'y' : 'n', rnd() < 0.5 ? 'maybe' : 'yes'].slice(0, Math.floor(rnd() * 3));
        const before = snapshot(home);
        const r = await cli(home, argv, answers);
        const where = `#${i} ${JSON.stringify(argv)} -> exit ${r.exit}`;
        const all = r.stdout + r.stderr;
        if (r.exit === 0) tally.ok++;
        else tally.failed++;
        if (/^unrecognized (word|option|command)/.test(r.stdout)) tally.unrecognized++;
        if (/\nUsage:\n/.test(r.stderr)) tally.usage++;
        if (/^ {4}at /m.test(all) || /internal error/.test(all)) problems.push(`${where}: stack trace / internal error:\n${all}`);
        if (!Number.isInteger(r.exit) || r.exit < 0 || r.exit > 255) problems.push(`${where}: bad exit code`);
        if (r.exit === 0 && ERROR_TEXT.test(r.stderr.replace(BENIGN_STDERR, ''))) {
          problems.push(`${where}: exit 0 with an error message:\n${r.stderr}`);
        }
        if (r.exit !== 0) {
          const changes = diff(before, snapshot(home));
          if (changes.length) problems.push(`${where}: failed but changed state: ${changes.join(', ')}\n${all}`);
        }
      }
    } finally {
      exit.mockRestore();
    }
    expect(problems, `seed ${SEED}`).toEqual([]);
    // The vectors must reach the commands, not just bounce off the grammar.
    const reached = tally.ok + tally.failed - tally.unrecognized - tally.usage;
    expect(reached, JSON.stringify(tally)).toBeGreaterThan(COUNT / 4);
    expect(tally.ok, JSON.stringify(tally)).toBeGreaterThan(COUNT / 20);
    if (process.env.TGLUSTER_FUZZ_VERBOSE) console.log(tally);
  });

  test(`${Math.ceil(COUNT / 10)} random interactive sessions (seed ${SEED})`, { timeout: 600_000 }, async () => {
    const rnd = prng(SEED ^ 0x5eed);
    const problems: string[] = [];
    for (let i = 0; i < Math.ceil(COUNT / 10) && problems.length < 20; i++) {
      const lines = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => vector(rnd).join(' '));
      const r = await cli(home, [], lines, { stdinIsTTY: rnd() < 0.3 });
      const all = r.stdout + r.stderr;
      const where = `#${i} ${JSON.stringify(lines)} -> exit ${r.exit}`;
      if (/^ {4}at /m.test(all) || /internal error/.test(all)) problems.push(`${where}: stack trace / internal error:\n${all}`);
      if (!r.stderr.startsWith("Welcome to gluster prompt, type 'help' to see the available commands.\n")) {
        problems.push(`${where}: no welcome line`);
      }
    }
    expect(problems, `seed ${SEED}`).toEqual([]);
  });
});
