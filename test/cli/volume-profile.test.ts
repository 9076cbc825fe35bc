// `volume profile VOL ...` through the CLI, on a real replica 2 volume in a temp dir: gluster
// 10.3's parse (prefixes, word counts), messages and exit codes, and what the bricks counted
// (names, hits, bytes, interval numbers, dead and restarted bricks; never latencies or durations).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from './cli-io.js';

const V = 'prof';
let root: string;
let home: string;
let b1: string;
let b2: string;
const brick1 = () => `server1:${b1}`;
const brick2 = () => `server2:${b2}`;
const run = (...argv: string[]) => cli(home, ['--mode=script', ...argv]);
const ok = async (...argv: string[]) => {
  const r = await run(...argv);
  if (r.exit !== 0) throw new Error(`${argv.join(' ')}: ${r.stdout}${r.stderr}`);
  return r;
};
const profile = (...words: string[]) => run('volume', 'profile', V, ...words);
const USAGE = '\nUsage:\nvolume profile <VOLNAME> {start|info [peek|incremental [peek]|cumulative|clear]|stop} [nfs]\n\n';
const usage = { exit: 1, stdout: '', stderr: USAGE };
const fails = (stderr: string) => ({ exit: 1, stdout: '', stderr });

/** The volume started and profiled, a file of `bytes` written through the api. */
async function profiledWithFile(bytes = 5000): Promise<void> {
  await ok('volume', 'start', V);
  await ok('volume', 'profile', V, 'start');
  const local = path.join(root, 'local');
  fs.writeFileSync(local, 'x'.repeat(bytes));
  await ok('fs', 'put', local, `${V}:/f`);
}

/** Each brick's block of `info` text: its title and the sets it shows. */
function blocks(text: string): Array<{ title: string; body: string }> {
  return text
    .split(/^(?=Brick: |NFS Server : )/m)
    .filter(Boolean)
    .map((b) => ({ title: b.slice(0, b.indexOf('\n')), body: b }));
}
const setHeads = (body: string): string[] => body.match(/^(Cumulative|Interval \d+) Stats:$/gm) ?? [];
/** The fop table's rows: name and number of calls (latencies not looked at). */
const fopRows = (body: string) => [...body.matchAll(/^ +[\d.]+ +[\d.]+ ns +[\d.]+ ns +[\d.]+ ns +(\d+) +(\w+)$/gm)].map((m) => ({ hits: Number(m[1]), fop: m[2] }));
const fopNames = (body: string): string[] => fopRows(body).map((r) => r.fop);
const hitsOf = (body: string, fop: string): number[] => fopRows(body).filter((r) => r.fop === fop).map((r) => r.hits);
const written = (body: string): number[] => [...body.matchAll(/^Data Written: (\d+) bytes$/gm)].map((m) => Number(m[1]));

beforeEach(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-profile-'));
  home = path.join(root, 'home');
  b1 = path.join(root, 'b1');
  b2 = path.join(root, 'b2');
  await ok('volume', 'create', V, 'replica', '2', brick1(), brick2(), 'force');
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('volume profile: refusals and parse', () => {
  it('info before profiling: refused (text exit 1, --xml exit 0 with an empty volProfile, --json error)', async () => {
    expect(await profile('info')).toEqual(fails(`Profile on Volume ${V} is not started\n`));
    expect(await run('--xml', 'volume', 'profile', V, 'info')).toEqual({
      exit: 0,
      stderr: '',
      stdout:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cliOutput>\n  <opRet>-1</opRet>\n  <opErrno>30800</opErrno>\n' +
        `  <opErrstr>Profile on Volume ${V} is not started</opErrstr>\n  <volProfile>\n    <volname>${V}</volname>\n` +
        '    <profileOp>3</profileOp>\n    <brickCount>0</brickCount>\n  </volProfile>\n</cliOutput>\n',
    });
    const j = await run('--json', 'volume', 'profile', V, 'info');
    expect(j.exit).toBe(1);
    expect(JSON.parse(j.stdout)).toEqual({ error: { code: 30800, message: `Profile on Volume ${V} is not started` } });
  });

  it('start, start again, stop, stop again', async () => {
    expect(await profile('start')).toEqual({ exit: 0, stdout: `Starting volume profile on ${V} has been successful \n`, stderr: '' });
    expect(await profile('start')).toEqual(fails(`Profile on Volume ${V} is already started\n`));
    expect(await profile('stop')).toEqual({ exit: 0, stdout: `Stopping volume profile on ${V} has been successful \n`, stderr: '' });
    expect(await profile('stop')).toEqual(fails(`Profile on Volume ${V} is not started\n`));
  });

  it('profiling set by volume set in another boolean spelling counts as started (glusterd_is_profile_on)', async () => {
    await ok('volume', 'start', V);
    await ok('volume', 'set', V, 'diagnostics.latency-measurement', 'yes');
    await ok('volume', 'set', V, 'diagnostics.count-fop-hits', 'enable');
    expect(await profile('start')).toEqual(fails(`Profile on Volume ${V} is already started\n`));
    const info = await profile('info');
    expect({ exit: info.exit, stderr: info.stderr }).toEqual({ exit: 0, stderr: '' });
    expect(info.stdout).toContain(`Brick: ${brick1()}\n`);
  });

  it('a volume that does not exist', async () => {
    for (const op of ['start', 'stop', 'info']) {
      expect(await run('volume', 'profile', 'nosuch', op)).toEqual(fails('Volume nosuch does not exist\n'));
    }
  });

  it('an unambiguous prefix names the operation: "sta" is start, "i" info; "st" (start or stop) is a usage error', async () => {
    expect(await profile('st')).toEqual(usage);
    expect((await profile('sta')).stdout).toBe(`Starting volume profile on ${V} has been successful \n`);
    expect(await profile('i')).toEqual(fails(`Volume ${V} is not started.\n`)); // info's own check, so parsed as info
    expect(await profile('sto')).toMatchObject({ exit: 0, stdout: `Stopping volume profile on ${V} has been successful \n` });
    expect(await profile('x')).toEqual(usage);
    expect(await profile('')).toEqual(usage);
    expect(await run('volume', 'profile', V)).toEqual(usage);
  });

  it('word counts: start/stop take one more word at most, info four', async () => {
    expect(await profile('start', 'a', 'b')).toEqual(usage);
    expect((await profile('start', 'a')).exit).toBe(0);
    expect(await profile('stop', 'a', 'b')).toEqual(usage);
    await ok('volume', 'start', V);
    expect(await profile('info', 'a', 'b', 'c', 'd')).toEqual(usage);
    // three words after info are parsed; those it does not know are ignored
    const r = await profile('info', 'a', 'b', 'c');
    expect(r.exit).toBe(0);
    expect(blocks(r.stdout).map((b) => setHeads(b.body))).toEqual([
      ['Cumulative Stats:', 'Interval 0 Stats:'],
      ['Cumulative Stats:', 'Interval 0 Stats:'],
    ]);
  });

  it('profiled but stopped volume: "Volume V is not started."', async () => {
    await ok('volume', 'start', V);
    await ok('volume', 'profile', V, 'start');
    await ok('volume', 'stop', V);
    expect(await profile('info')).toEqual(fails(`Volume ${V} is not started.\n`));
    const x = await run('--xml', 'volume', 'profile', V, 'info');
    expect(x.exit).toBe(0);
    expect(x.stdout).toContain(`<opRet>-1</opRet>\n  <opErrno>30800</opErrno>\n  <opErrstr>Volume ${V} is not started.</opErrstr>\n`);
  });

  it('start and stop --xml: volProfile with the op number; --json: the profile state', async () => {
    const x = await run('--xml', 'volume', 'profile', V, 'start');
    expect(x.exit).toBe(0);
    expect(x.stdout).toContain(`<opRet>0</opRet>\n  <opErrno>0</opErrno>\n  <opErrstr/>\n  <volProfile>\n    <volname>${V}</volname>\n    <profileOp>1</profileOp>\n  </volProfile>\n`);
    const again = await run('--xml', 'volume', 'profile', V, 'start');
    expect(again.exit).toBe(0);
    expect(again.stdout).toContain(`<opRet>-1</opRet>\n  <opErrno>30800</opErrno>\n  <opErrstr>Profile on Volume ${V} is already started</opErrstr>\n`);
    expect(again.stdout).toContain('<profileOp>1</profileOp>');
    const j = await run('--json', 'volume', 'profile', V, 'stop');
    expect(j.exit).toBe(0);
    expect(JSON.parse(j.stdout)).toEqual({ volume: { name: V, profile: 'stopped' } });
    const jAgain = await run('--json', 'volume', 'profile', V, 'stop');
    expect(jAgain.exit).toBe(1);
    expect(JSON.parse(jAgain.stdout)).toEqual({ error: { code: 30800, message: `Profile on Volume ${V} is not started` } });
  });
});

describe('volume profile info: what the bricks counted', () => {
  it('a file written: CREATE/WRITE and Data Written on both bricks, in both sets', async () => {
    await profiledWithFile(5000);
    const r = await profile('info');
    expect(r.exit).toBe(0);
    expect(r.stderr).toBe('');
    const bs = blocks(r.stdout);
    expect(bs.map((b) => b.title)).toEqual([`Brick: ${brick1()}`, `Brick: ${brick2()}`]);
    for (const b of bs) {
      expect(b.body.startsWith(`${b.title}\n${'-'.repeat(b.title.length)}\nCumulative Stats:\n`)).toBe(true);
      expect(setHeads(b.body)).toEqual(['Cumulative Stats:', 'Interval 0 Stats:']);
      expect(fopNames(b.body)).toEqual(expect.arrayContaining(['CREATE', 'WRITE', 'LOOKUP']));
      // one create carrying the data, counted once (never again on a retried create)
      expect(written(b.body)).toEqual([5000, 5000]);
      expect(hitsOf(b.body, 'CREATE')).toEqual([1, 1]);
      expect(hitsOf(b.body, 'WRITE')).toEqual([1, 1]);
      expect(b.body).toMatch(/^ {3}Block Size: +4096b\+ $/m);
    }
  });

  it('each info starts the next interval; peek shows it without; incremental has no cumulative set', async () => {
    await profiledWithFile();
    const heads = async (...words: string[]) => blocks((await ok('volume', 'profile', V, 'info', ...words)).stdout).map((b) => setHeads(b.body));
    expect(await heads()).toEqual([
      ['Cumulative Stats:', 'Interval 0 Stats:'],
      ['Cumulative Stats:', 'Interval 0 Stats:'],
    ]);
    const second = await ok('volume', 'profile', V, 'info');
    expect(blocks(second.stdout).map((b) => setHeads(b.body))).toEqual([
      ['Cumulative Stats:', 'Interval 1 Stats:'],
      ['Cumulative Stats:', 'Interval 1 Stats:'],
    ]);
    // nothing happened since: interval 1 is empty, the cumulative set still has the file
    for (const b of blocks(second.stdout)) {
      const [cum, int] = b.body.split(/^Interval 1 Stats:$/m);
      expect(fopNames(cum)).toContain('CREATE');
      expect(fopNames(int)).toEqual([]);
      expect(written(int)).toEqual([0]);
    }
    expect(await heads('incremental', 'peek')).toEqual([['Interval 2 Stats:'], ['Interval 2 Stats:']]);
    expect(await heads('incremental', 'peek')).toEqual([['Interval 2 Stats:'], ['Interval 2 Stats:']]);
    expect(await heads('peek')).toEqual([
      ['Cumulative Stats:', 'Interval 2 Stats:'],
      ['Cumulative Stats:', 'Interval 2 Stats:'],
    ]);
    expect(await heads('incremental')).toEqual([['Interval 2 Stats:'], ['Interval 2 Stats:']]);
    expect(await heads('incremental')).toEqual([['Interval 3 Stats:'], ['Interval 3 Stats:']]);
    const cum = await ok('volume', 'profile', V, 'info', 'cumulative');
    expect(blocks(cum.stdout).map((b) => setHeads(b.body))).toEqual([['Cumulative Stats:'], ['Cumulative Stats:']]);
    expect(cum.stdout).not.toContain('Interval');
    // cumulative does not start an interval
    expect(await heads('incremental', 'peek')).toEqual([['Interval 4 Stats:'], ['Interval 4 Stats:']]);
  });

  it('clear: "Cleared stats." per brick; both sets start again, from interval 0', async () => {
    await profiledWithFile();
    await ok('volume', 'profile', V, 'info');
    expect(await profile('info', 'clear')).toEqual({
      exit: 0,
      stderr: '',
      stdout: [brick1(), brick2()].map((b) => `Brick: ${b}\n${'-'.repeat(`Brick: ${b}`.length)}\nCleared stats.\n`).join(''),
    });
    const after = await ok('volume', 'profile', V, 'info', 'peek');
    for (const b of blocks(after.stdout)) {
      expect(setHeads(b.body)).toEqual(['Cumulative Stats:', 'Interval 0 Stats:']);
      expect(fopNames(b.body)).toEqual([]);
      expect(written(b.body)).toEqual([0, 0]);
    }
    const x = await run('--xml', 'volume', 'profile', V, 'info', 'clear');
    expect(x.stdout).toContain(`<brickCount>2</brickCount>\n    <brick>\n      <brickName>${brick1()}</brickName>\n      <clearStats>Cleared stats.</clearStats>\n    </brick>\n`);
  });

  it('nfs last: each block titled "NFS Server : HOST:PATH"', async () => {
    await profiledWithFile();
    const r = await profile('info', 'peek', 'nfs');
    const bs = blocks(r.stdout);
    expect(bs.map((b) => b.title)).toEqual([`NFS Server : ${brick1()}`, `NFS Server : ${brick2()}`]);
    for (const b of bs) expect(b.body.startsWith(`${b.title}\n${'-'.repeat(b.title.length)}\nCumulative Stats:\n`)).toBe(true);
    expect(blocks((await profile('info', 'clear', 'nfs')).stdout).map((b) => b.title)).toEqual([`NFS Server : ${brick1()}`, `NFS Server : ${brick2()}`]);
  });

  it('--xml: every brick, both sets, 32 blocks each, the fops counted', async () => {
    await profiledWithFile();
    const x = await run('--xml', 'volume', 'profile', V, 'info', 'peek');
    expect(x.exit).toBe(0);
    const s = x.stdout;
    expect(s).toContain(`<opRet>0</opRet>\n  <opErrno>0</opErrno>\n  <opErrstr/>\n  <volProfile>\n    <volname>${V}</volname>\n    <profileOp>3</profileOp>\n    <brickCount>2</brickCount>\n`);
    expect([...s.matchAll(/<brickName>([^<]*)<\/brickName>/g)].map((m) => m[1])).toEqual([brick1(), brick2()]);
    expect(s.match(/<cumulativeStats>/g)).toHaveLength(2);
    expect(s.match(/<intervalStats>/g)).toHaveLength(2);
    expect(s.match(/<block>/g)).toHaveLength(4 * 32);
    expect(s.match(/<name>CREATE<\/name>/g)).toHaveLength(4);
    for (const m of s.matchAll(/<totalWrite>(\d+)<\/totalWrite>/g)) expect(Number(m[1])).toBeGreaterThanOrEqual(5000);
  });

  it('--json: the bricks and their sets', async () => {
    await profiledWithFile();
    const j = await run('--json', 'volume', 'profile', V, 'info', 'incremental', 'peek');
    expect(j.exit).toBe(0);
    const v = JSON.parse(j.stdout).volume;
    expect(v).toMatchObject({ name: V, info: 'incremental', peek: true });
    expect(v.bricks.map((b: { brick: string }) => b.brick)).toEqual([brick1(), brick2()]);
    for (const b of v.bricks) {
      expect(b.cumulative).toBeUndefined();
      expect(b.interval).toMatchObject({ interval: 0 });
      expect(b.interval.writeBlocks).toHaveLength(32);
      expect(b.interval.fops.map((f: { fop: string }) => f.fop)).toEqual(expect.arrayContaining(['CREATE', 'WRITE']));
    }
  });

  it('a dead brick does not answer; all dead: a message on stderr, exit 0', async () => {
    await profiledWithFile();
    await ok('debug', 'kill-brick', V, brick1());
    const one = await profile('info');
    expect(one.exit).toBe(0);
    expect(blocks(one.stdout).map((b) => b.title)).toEqual([`Brick: ${brick2()}`]);
    expect((await run('--xml', 'volume', 'profile', V, 'info')).stdout).toContain('<brickCount>1</brickCount>');
    await ok('debug', 'kill-brick', V, brick2());
    expect(await profile('info')).toEqual({ exit: 0, stdout: '', stderr: `All bricks of volume ${V} are down.\n` });
    const x = await run('--xml', 'volume', 'profile', V, 'info');
    expect(x.exit).toBe(0);
    expect(x.stdout).toContain('<opRet>0</opRet>');
    expect(x.stdout).toContain('<brickCount>0</brickCount>\n  </volProfile>');
  });

  it('start force: a revived brick counts from zero, a brick that stayed up keeps its counts', async () => {
    await profiledWithFile();
    await ok('debug', 'kill-brick', V, brick1());
    await ok('volume', 'start', V, 'force');
    const bs = blocks((await ok('volume', 'profile', V, 'info', 'cumulative')).stdout);
    expect(bs.map((b) => b.title)).toEqual([`Brick: ${brick1()}`, `Brick: ${brick2()}`]);
    expect(fopNames(bs[0].body)).toEqual([]);
    expect(written(bs[0].body)).toEqual([0]);
    expect(fopNames(bs[1].body)).toContain('CREATE');
    expect(written(bs[1].body)[0]).toBeGreaterThanOrEqual(5000);
  });

  it('all bricks killed and started again: every brick from zero', async () => {
    await profiledWithFile();
    await ok('volume', 'profile', V, 'info');
    await ok('debug', 'kill-brick', V, brick1());
    await ok('debug', 'kill-brick', V, brick2());
    await ok('volume', 'start', V, 'force');
    const r = await ok('volume', 'profile', V, 'info', 'peek');
    for (const b of blocks(r.stdout)) {
      expect(setHeads(b.body)).toEqual(['Cumulative Stats:', 'Interval 0 Stats:']);
      expect(fopNames(b.body)).toEqual([]);
    }
  });

  it('reset-brick commit: the reset brick counts from zero (interval 0), the other keeps its interval', async () => {
    await profiledWithFile();
    await ok('volume', 'profile', V, 'info');
    await ok('volume', 'reset-brick', V, brick2(), 'start');
    await ok('volume', 'reset-brick', V, brick2(), brick2(), 'commit', 'force');
    const bs = blocks((await ok('volume', 'profile', V, 'info', 'peek')).stdout);
    expect(bs.map((b) => [b.title, setHeads(b.body)])).toEqual([
      [`Brick: ${brick1()}`, ['Cumulative Stats:', 'Interval 1 Stats:']],
      [`Brick: ${brick2()}`, ['Cumulative Stats:', 'Interval 0 Stats:']],
    ]);
    expect(hitsOf(bs[1].body, 'CREATE')).toEqual([]);
  });
});
