// Oracle (volume profile): the same sequence of `volume profile` lines, writes and brick and
// volume state changes on a real GlusterFS 10.3 replica 2 volume and on tgluster's, compared
// step by step. Every parse shape gluster takes (prefixes, peek in each position, extra and
// unknown words, nfs last or not), every state (profile off, on, volume stopped, one or both
// bricks dead, bricks restarted) and every format (text, --xml). What a step prints is compared
// whole where it is deterministic (errors, start/stop, clear) and by its skeleton where it holds
// figures: which blocks each brick prints (cumulative, which interval number), the labels, and
// the bytes written (the fops themselves differ: a tgluster brick sees no OPEN, FLUSH or
// RELEASE, see README).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeEnv, type Env } from '../scenario/fs-helpers.js';
import { ensureGlusterd, GlusterSandbox, sh, waitFor } from './helpers.js';

const VOL = `prof${process.pid % 10000}`;

type Step = { profile: string[] } | { write: number } | { kill: number } | { volume: 'start force' | 'stop' | 'start' };

const P = (...w: string[]): Step => ({ profile: w });
const STEPS: Step[] = [
  P('info'), P('info', '--xml'), P('stop'), P('stop', '--xml'),
  P('start', 'x', 'y'), P('st'), P('s'), P('sta'), P('start'), P('start', '--xml'), P('start', 'nfs'),
  { write: 5000 },
  P('info'), P('info', 'peek'), P('info', 'incremental', 'peek'), P('info', 'incremental'),
  P('info', 'cumulative'), P('info', 'cumulative', 'peek'), P('info', 'peek', 'incremental'),
  P('info', 'bogus'), P('info', 'a', 'b', 'c'), P('info', 'a', 'b', 'c', 'd'), P('i'), P('in', 'peek'),
  P('info', 'nfs'), P('info', 'peek', 'nfs'), P('info', 'incremental', 'nfs', 'peek'),
  P('info', '--xml'), P('info', 'incremental', '--xml'),
  { write: 70000 },
  P('info', 'incremental'), P('info', 'clear'), P('info', 'clear', '--xml'), P('info'), P('info', 'clear', 'peek'),
  { write: 300 },
  { kill: 0 }, P('info'), P('info', '--xml'), P('info', 'clear'),
  { kill: 1 }, P('info'), P('info', '--xml'), P('info', 'clear'),
  { volume: 'start force' }, P('info'),
  { volume: 'stop' }, P('info'), P('info', '--xml'), P('info', 'peek'), P('stop'), P('info'), P('start'),
  { volume: 'start' }, P('info', 'cumulative'),
];

/** A printed profile, reduced to what does not depend on timing or on which fops a brick saw. */
function skeleton(out: string): string {
  return out
    .split('\n')
    .filter((l) => !/^\s*(Block Size|No\. of Reads|No\. of Writes|%-latency|-{9} |Duration|Data Read):?/.test(l) && !/^\s+[\d.]+ +[\d.]+ ns/.test(l) && l !== ' ')
    .join('\n')
    .replace(/<block>[\s\S]*?<\/block>\s*/g, '')
    .replace(/<fop>[\s\S]*?<\/fop>\s*/g, '')
    .replace(/<fopStats\/>/g, '<fopStats>\n        </fopStats>')
    .replace(/<(duration|totalRead)>\d+<\/\1>/g, '<$1>N</$1>');
}

interface Side {
  run(args: string[]): { code: number; stdout: string; stderr: string };
  write(bytes: number, n: number): void;
  kill(i: number): void;
  bricks: string[];
}

/** Each step's exit code and output, the side's brick names replaced by B0, B1. */
function play(side: Side): string[] {
  let writes = 0;
  return STEPS.map((s) => {
    if ('write' in s) {
      side.write(s.write, writes++);
      return `write ${s.write}`;
    }
    if ('kill' in s) {
      side.kill(s.kill);
      return `kill ${s.kill}`;
    }
    const args = 'volume' in s ? ['volume', ...s.volume.split(' '), VOL] : ['volume', 'profile', VOL, ...s.profile];
    const r = side.run(args);
    let text = `${args.slice(2).join(' ')}\nrc=${r.code}\n${skeleton(r.stdout)}\nstderr:${r.stderr}`;
    side.bricks.forEach((b, i) => (text = text.replaceAll(b, `B${i}`).replaceAll('-'.repeat(`Brick: ${b}`.length), `-B${i}-`).replaceAll('-'.repeat(`NFS Server : ${b}`.length), `-B${i}-`)));
    return text;
  });
}

describe('volume profile on GlusterFS 10.3 and on tgluster', () => {
  let sb: GlusterSandbox;
  let env: Env;
  let g: string[];
  let t: string[];

  beforeAll(() => {
    ensureGlusterd();
    sb = new GlusterSandbox('profile');
    env = makeEnv('oracle-profile');
    const gb = [0, 1].map((i) => path.join(sb.dir, `b${i}`));
    const tb = [0, 1].map((i) => path.join(env.dir, `b${i}`));
    for (const b of [...gb, ...tb]) fs.mkdirSync(b);
    sb.create(VOL, gb, 2);
    sb.start(VOL);
    const mnt = sb.mountVolume(VOL);
    const gSpecs = gb.map((b, i) => `server${i + 1}:${b}`);
    g = play({
      run: (a) => sh('gluster', ['--mode=script', ...a]),
      write: (bytes, n) => fs.writeFileSync(path.join(mnt, `f${n}`), Buffer.alloc(bytes, 7)),
      kill: (i) => {
        sb.killBrick(VOL, gb[i]);
        waitFor('the brick to be seen dead', () => !sb.brickOnline(VOL, gb[i]));
      },
      bricks: gSpecs,
    });
    sb.unmount(mnt);

    const tSpecs = tb.map((b, i) => `server${i + 1}:${b}`);
    const ok = (a: string[], input?: string) => {
      const r = env.run(a, input);
      if (r.code !== 0) throw new Error(`${a.join(' ')}: ${r.stderr}`);
    };
    ok(['--mode=script', 'volume', 'create', VOL, 'replica', '2', ...tSpecs, 'force']);
    ok(['volume', 'start', VOL]);
    t = play({
      run: (a) => env.run(['--mode=script', ...a]),
      write: (bytes, n) => ok(['fs', 'put', '-', `${VOL}:/f${n}`], '\x07'.repeat(bytes)),
      kill: (i) => ok(['debug', 'kill-brick', VOL, tSpecs[i]]),
      bricks: tSpecs,
    });
  });

  afterAll(() => {
    sb?.cleanup();
    env?.cleanup();
  });

  it('prints the same for every step', () => {
    expect(t.length).toBe(STEPS.length);
    for (let i = 0; i < STEPS.length; i++) expect({ step: i, out: t[i] }).toEqual({ step: i, out: g[i] });
  });
});
