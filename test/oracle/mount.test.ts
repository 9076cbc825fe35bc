// Oracle (mount): the same shell operations through a real GlusterFS 10.3 FUSE mount and through
// `tgluster mount`, compared case by case. The cases are generated: every operation below on
// every path shape below, each in a fresh directory holding the same small tree, with every
// brick up, with one brick of the replica 3 set dead, and with two dead (quorum lost). A case's
// result is what the tool printed (paths are relative, so both sides print the same words), its
// exit code, and the case directory afterwards (names, types, sizes, modes, link counts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeEnv, type Env } from '../scenario/fs-helpers.js';
import { ensureGlusterd, GlusterSandbox, mountSeesUp, sh, tearDownSides, waitFor } from './helpers.js';

const RUN = `p${process.pid}`;
const ROOT = `/bricks/mo/${RUN}`;
const VOL = 'mo';
const LONG = 'n'.repeat(256);

/** The tree each case starts from. */
const FIXTURE = [
  'mkdir d e',
  'echo data > f',
  'echo in > d/in',
  'ln -s f lf',
  'ln -s d ld',
  'ln -s nowhere dangle',
  'ln f hard',
  'chmod 640 f',
].join(' && ');

/** Path shapes: what each names in the fixture. */
const PATHS = ['f', 'd', 'e', 'nope', 'nope/x', 'f/x', 'lf', 'ld', 'dangle', 'd/../f', 'f/', 'd/', 'd/.', 'd/in', 'hard', LONG];

/** Prints lseek(P, off, SEEK_DATA / SEEK_HOLE) for off 0 and 5, or -errno. */
const SEEK =
  `python3 -c "import os,sys;fd=os.open(sys.argv[1],os.O_RDONLY);exec('def s(o,w):\\n try: return os.lseek(fd,o,w)\\n except OSError as e: return -e.errno');` +
  `print(s(0,os.SEEK_DATA),s(0,os.SEEK_HOLE),s(5,os.SEEK_DATA),s(5,os.SEEK_HOLE))"`;

/** Operations: `P` is the path shape. */
const OPS = [
  'cat P',
  "stat -c '%F %s %a %h' P",
  'ls P',
  'mkdir P',
  'rmdir P',
  'rm P',
  'rm -r P',
  'touch P',
  'echo new > P',
  'echo more >> P',
  'ln -s target P',
  'ln f P',
  'ln P made-link',
  'mv P moved',
  'mv f P',
  'mv -T e P',
  'chmod 600 P',
  'truncate -s 3 P',
  'readlink P',
  'setfattr -n user.k -v v P',
  'getfattr --absolute-names -n user.k P',
  'mknod P p',
  'cp f P',
  // the seek fop: SEEK_DATA / SEEK_HOLE from 0 and from 5 (the end of f's data), -errno on failure
  `${SEEK} P`,
  `truncate -s 1M P && ${SEEK} P`,
];

interface Case {
  id: string;
  cmd: string;
}

const cases = (prefix: string): Case[] => OPS.flatMap((op, i) => PATHS.map((p, j) => ({ id: `${prefix}-${i}-${j}`, cmd: op.replace(/\bP\b/g, p) })));

/** One shell script that makes every case's directory and fixture. */
const setupScript = (cs: Case[]) => cs.map((c) => `mkdir "$M/${c.id}" && (cd "$M/${c.id}" && ${FIXTURE})`).join('\n') + '\n';

/** One shell script that runs every case in its directory and reports output, status and the directory after. */
function runScript(cs: Case[]): string {
  return (
    cs
      .map(
        (c) =>
          `echo '### ${c.id} ${c.cmd.replace(/'/g, "'\\''").replace(LONG, '<LONG>')}'; (cd "$M/${c.id}" 2>&1 && { ${c.cmd} ; } 2>&1; echo "rc=$?"); ` +
          `(cd "$M/${c.id}" 2>&1 && find . -mindepth 1 -printf '%p %y %s %m %n\\n' 2>&1 | sort)`,
      )
      .join('\n') + '\n'
  );
}

/** Splits a run's output into its cases. */
function byCase(out: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const part of out.split(/^### /m).slice(1)) {
    const nl = part.indexOf('\n');
    m.set(part.slice(0, nl), part.slice(nl + 1).replaceAll(LONG, '<LONG>'));
  }
  return m;
}

/** Runs a script in a mount without blocking the test process (the runner must hear from it). */
function runIn(mnt: string, script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', [], { cwd: '/', env: { ...process.env, M: mnt }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => out.push(b));
    child.on('error', reject);
    child.on('close', () => resolve(Buffer.concat(out).toString().replaceAll(mnt, '<M>')));
    child.stdin.end(script);
  });
}

/** Whether the GlusterFS mount has seen brick `i` go (its root may be unreadable by then: quorum). */
function seenDown(mnt: string, i: number): boolean {
  try {
    return !mountSeesUp(mnt, VOL, i, 3);
  } catch {
    return true;
  }
}

describe('the same operations through a GlusterFS mount and a tgluster mount', () => {
  let sb: GlusterSandbox;
  let env: Env;
  let gm: string;
  let tm: string;
  const gBricks = [0, 1, 2].map((i) => path.join(ROOT, 'g', `b${i}`));
  const tBricks = [0, 1, 2].map((i) => path.join(ROOT, 't', `b${i}`));
  const states = { up: cases('up'), one: cases('one'), two: cases('two') };
  const results: Record<string, { g: Map<string, string>; t: Map<string, string> }> = {};

  beforeAll(async () => {
    ensureGlusterd();
    sb = new GlusterSandbox('mount');
    env = makeEnv('oracle-mount');
    for (const b of [...gBricks, ...tBricks]) fs.mkdirSync(b, { recursive: true });
    sb.create(VOL, gBricks, 3);
    sb.start(VOL);
    gm = sb.mountVolume(VOL);
    const c = env.run(['--mode=script', 'volume', 'create', VOL, 'replica', '3', ...tBricks.map((b, i) => `server${i + 1}:${b}`), 'force']);
    expect(c.code).toBe(0);
    expect(env.run(['volume', 'start', VOL]).code).toBe(0);
    tm = path.join(env.dir, 'mnt');
    fs.mkdirSync(tm);
    expect(env.run(['mount', `server1:/${VOL}`, tm]).code).toBe(0);

    const all = [...states.up, ...states.one, ...states.two];
    for (const m of [gm, tm]) await runIn(m, setupScript(all));
    const both = async (cs: Case[]) => ({ g: byCase(await runIn(gm, runScript(cs))), t: byCase(await runIn(tm, runScript(cs))) });

    results.up = await both(states.up);

    // One brick dead: the third of the set.
    sb.killBrick(VOL, gBricks[2]);
    waitFor('the mount to see brick 2 down', () => seenDown(gm, 2));
    expect(env.run(['debug', 'kill-brick', VOL, `server3:${tBricks[2]}`]).code).toBe(0);
    results.one = await both(states.one);

    // Two dead: client quorum (auto: more than half) is lost.
    sb.killBrick(VOL, gBricks[1]);
    waitFor('the mount to see brick 1 down', () => seenDown(gm, 1));
    expect(env.run(['debug', 'kill-brick', VOL, `server2:${tBricks[1]}`]).code).toBe(0);
    results.two = await both(states.two);
  });

  afterAll(() => {
    if (tm) sh('umount', [tm]);
    tearDownSides(sb, env, [VOL], ROOT, path.dirname(ROOT));
  });

  for (const state of ['up', 'one', 'two'] as const) {
    it(`every case answers alike (${state === 'up' ? 'all bricks up' : state === 'one' ? 'one brick dead' : 'two bricks dead'})`, () => {
      const { g, t } = results[state];
      expect(g.size).toBe(states[state].length);
      const diffs = [...g.keys()].filter((k) => g.get(k) !== t.get(k)).map((k) => `### ${k}\n--- gluster\n${g.get(k)}--- tgluster\n${t.get(k) ?? '(missing)\n'}`);
      expect(diffs.join('\n')).toBe('');
    });
  }
});
