// Oracle (AFR, two copies of a replica 3 out of step at once): the third brick misses changes
// while it is down (a new file, a write, a new directory, a rename, an unlink), comes back, and
// then the first brick dies: one good copy is up next to one stale copy. The same reads and
// writes through a 10.3 mount and a tgluster mount must give the same exit codes and output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeEnv, type Env } from '../scenario/fs-helpers.js';
import { ensureGlusterd, gluster, GlusterSandbox, mountSeesUp, sh, waitFor } from './helpers.js';

const VOL = `two${process.pid % 10000}`;

/** Made with every brick up. */
const BEFORE = 'mkdir d && echo one > g && echo keep > k && echo gone > u && mkdir r && echo in > r/x';
/** Made while the third brick is down (it misses all of it). */
const WHILE_DOWN = 'echo new > f && echo two >> g && mkdir nd && echo deep > nd/y && mv r r2 && rm u';
/** Then, with the first brick down too: each step's exit code and output are compared. */
const STEPS = [
  'cat f', 'cat g', 'cat k', 'cat nd/y', 'cat r2/x', 'cat u', 'cat r/x',
  'ls', 'ls nd', 'ls r2', 'stat -c "%s %h %F" f g k nd r2',
  'echo more >> k && cat k', 'echo three >> g && cat g', 'echo fresh > h && cat h',
  'mkdir nd2 && ls -d nd2', 'touch nd/z && ls nd', 'mv k k2 && ls', 'rm f && ls', 'chmod 600 g && stat -c %a g',
];

function run(mnt: string, step: string): string {
  const r = sh('bash', ['-c', `cd ${JSON.stringify(mnt)} && ${step}`]);
  return `${r.code} ${r.stdout}${r.stderr.split(mnt).join('$M')}`;
}

describe('replica 3 with one brick down and one stale, on GlusterFS 10.3 and on tgluster', () => {
  let sb: GlusterSandbox;
  let env: Env;
  const results: { step: string; g: string; t: string }[] = [];

  beforeAll(() => {
    ensureGlusterd();
    sb = new GlusterSandbox('two-bad');
    env = makeEnv('oracle-two-bad');
    const gb = [0, 1, 2].map((i) => path.join(sb.dir, `b${i}`));
    const tb = [0, 1, 2].map((i) => path.join(env.dir, `b${i}`));
    for (const b of [...gb, ...tb]) fs.mkdirSync(b);
    const tg = (...a: string[]) => {
      const r = env.run(['--mode=script', ...a]);
      if (r.code !== 0) throw new Error(`${a.join(' ')}: ${r.stderr}`);
    };
    sb.create(VOL, gb, 3);
    gluster('volume', 'set', VOL, 'cluster.self-heal-daemon', 'off');
    sb.start(VOL);
    const gm = sb.mountVolume(VOL);
    tg('volume', 'create', VOL, 'replica', '3', ...tb.map((b, i) => `server${i + 1}:${b}`), 'force');
    tg('volume', 'set', VOL, 'cluster.self-heal-daemon', 'off');
    tg('volume', 'start', VOL);
    const tm = path.join(env.dir, 'mnt');
    fs.mkdirSync(tm);
    tg('mount', VOL, tm);

    for (const m of [gm, tm]) expect(run(m, BEFORE)).toBe('0 ');
    sb.killBrick(VOL, gb[2]);
    waitFor('the mount to see brick 3 down', () => !mountSeesUp(gm, VOL, 2, 3));
    tg('debug', 'kill-brick', VOL, `server3:${tb[2]}`);
    for (const m of [gm, tm]) expect(run(m, WHILE_DOWN)).toBe('0 ');
    gluster('volume', 'start', VOL, 'force');
    waitFor('the mount to see brick 3 up', () => mountSeesUp(gm, VOL, 2, 3), 600);
    tg('volume', 'start', VOL, 'force');
    sb.killBrick(VOL, gb[0]);
    waitFor('the mount to see brick 1 down', () => !mountSeesUp(gm, VOL, 0, 3));
    tg('debug', 'kill-brick', VOL, `server1:${tb[0]}`);
    for (const step of STEPS) results.push({ step, g: run(gm, step), t: run(tm, step) });
    sh('umount', [tm]);
  });

  afterAll(() => {
    sb?.cleanup();
    env?.run(['--mode=script', 'volume', 'stop', VOL, 'force']);
    env?.cleanup();
  });

  it('answers every step alike', () => {
    expect(results.length).toBe(STEPS.length);
    expect(results.filter((r) => r.g !== r.t)).toEqual([]);
  });
});
