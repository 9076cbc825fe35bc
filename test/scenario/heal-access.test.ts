// What a client does with a damaged file when it touches it, as the capture's mount did
// (fixtures/corpus mount-* cases, replica 2 with the self-heal daemon off): the split-brain
// virtual xattrs (status, choice, choice-timeout, heal-finalize), the favorite-child policies
// on reads, and client-side heal on access (cluster.data/metadata-self-heal on).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { indexEntries } from '../helpers/brick-snapshot.js';
import { makeEnv, type Env } from './fs-helpers.js';

let env: Env;
let b: string[];
const run = async (...argv: string[]) => {
  const r = env.run(['--mode=script', ...argv]);
  return { exit: r.code, stdout: r.stdout, stderr: r.stderr };
};
async function ok(...argv: string[]): Promise<string> {
  const r = await run(...argv);
  if (r.exit !== 0) throw new Error(`${argv.join(' ')}: exit ${r.exit}: ${r.stdout}${r.stderr}`);
  return r.stdout;
}
/** Writes a whole file through the volume. */
async function writeAll(file: string, text: string): Promise<void> {
  const r = env.run(['fs', 'put', '-', `sb:${file}`], text);
  if (r.code !== 0) throw new Error(`fs put ${file}: ${r.stderr}`);
}

/** Each file (made with every brick up) written differently on each side while the other brick was dead (b1's side first). */
async function split(files: Record<string, readonly [string, string]>, fresh = false): Promise<void> {
  if (!fresh) for (const f of Object.keys(files)) await writeAll(f, 'both\n');
  for (const [side, other] of [[0, 1], [1, 0]] as const) {
    await ok('debug', 'kill-brick', 'sb', `server${other + 1}:${b[other]}`);
    for (const [f, texts] of Object.entries(files)) await writeAll(f, texts[side]);
    await ok('volume', 'start', 'sb', 'force');
  }
}

beforeEach(async () => {
  env = makeEnv('access');
  b = [path.join(env.dir, 'b1'), path.join(env.dir, 'b2')];
  await ok('volume', 'create', 'sb', 'replica', '2', `server1:${b[0]}`, `server2:${b[1]}`, 'force');
  await ok('volume', 'start', 'sb');
  await ok('volume', 'heal', 'sb', 'disable');
});
afterEach(() => env.cleanup());

const status = async (f: string) => (await run('fs', 'getfattr', '-n', 'replica.split-brain-status', `sb:${f}`)).stdout.split('\n')[1];

describe('the split-brain virtual xattrs, as on the capture mount', () => {
  test('status, choice (reads from the chosen copy), invalid choices, timeout, finalize', async () => {
    await writeAll('/notsb', 'fine\n');
    await split({ '/choice-sb': ['b1 copy\n', 'b2 copy, longer\n'] });
    expect(await status('/choice-sb')).toBe('replica.split-brain-status="data-split-brain:yes    metadata-split-brain:no    Choices:sb-client-0,sb-client-1"');
    expect(await status('/notsb')).toBe('replica.split-brain-status="The file is not under data or metadata split-brain"');
    expect((await run('fs', 'cat', 'sb:/choice-sb')).exit).toBe(1);
    const choose = (v: string, f = '/choice-sb') => run('fs', 'setfattr', '-n', 'replica.split-brain-choice', '-v', v, `sb:${f}`);
    expect((await choose('sb-client-7')).exit).toBe(1);
    expect((await choose('sb-client-0', '/notsb')).stderr).toContain('Invalid argument');
    expect((await choose('sb-client-1')).exit).toBe(0);
    expect(await ok('fs', 'cat', 'sb:/choice-sb')).toBe('b2 copy, longer\n');
    expect((await choose('sb-client-0')).exit).toBe(0);
    expect(await ok('fs', 'cat', 'sb:/choice-sb')).toBe('b1 copy\n');
    // Still in split-brain: the choice only picks what this client reads.
    expect(await status('/choice-sb')).toContain('data-split-brain:yes');
    // A timeout of 0 minutes: the next choice expires at once.
    await ok('fs', 'setfattr', '-n', 'replica.split-brain-choice-timeout', '-v', '0', 'sb:/choice-sb');
    await choose('sb-client-1');
    expect((await run('fs', 'cat', 'sb:/choice-sb')).exit).toBe(1);
    // finalize: the named copy wins for good (10.3 reports success and heals nothing when the
    // mount's heal options are off; tgluster heals, as the command promises).
    await ok('fs', 'setfattr', '-n', 'replica.split-brain-heal-finalize', '-v', 'sb-client-1', 'sb:/choice-sb');
    expect(await ok('fs', 'cat', 'sb:/choice-sb')).toBe('b2 copy, longer\n');
    expect(fs.readFileSync(path.join(b[0], 'choice-sb'), 'utf8')).toBe('b2 copy, longer\n');
    expect(indexEntries(b[0]).filter((e) => e.startsWith('xattrop/'))).toEqual([]);
  });
});

describe('favorite-child-policy on reads (mount-read-favorite-child-policy-*)', () => {
  for (const [policy, files, expected] of [
    ['size', { '/fcp': ['b1 copy, bigger ......\n', 'b2 copy\n'] }, 'b1 copy, bigger ......\n'],
    ['mtime', { '/fcp': ['b1 older\n', 'b2 newer\n'] }, 'b2 newer\n'],
    ['ctime', { '/fcp': ['b1 older\n', 'b2 newer\n'] }, 'b2 newer\n'],
  ] as const) {
    test(`${policy}: the read is served from the winner, and the next heal copies it`, async () => {
      await split(files);
      await ok('volume', 'set', 'sb', 'cluster.favorite-child-policy', policy);
      expect(await ok('fs', 'cat', 'sb:/fcp')).toBe(expected);
      await ok('volume', 'heal', 'sb', 'enable');
      await ok('volume', 'heal', 'sb');
      for (const brick of b) expect(fs.readFileSync(path.join(brick, 'fcp'), 'utf8')).toBe(expected);
    });
  }
  test('majority on replica 2 decides nothing: EIO', async () => {
    await split({ '/fcp': ['b1\n', 'b2 copy\n'] });
    await ok('volume', 'set', 'sb', 'cluster.favorite-child-policy', 'majority');
    const r = await run('fs', 'cat', 'sb:/fcp');
    expect([r.exit, r.stderr]).toEqual([1, 'tgluster: sb:/fcp: Input/output error\n']);
  });
});

describe('gfid split-brain of a file settled by the policy (gfid-mismatch-resolution-with-fav-child-policy)', () => {
  test('on access: the name is made again as the bigger copy, the next heal copies its data', async () => {
    // Made independently on each side: two gfids for one name.
    await split({ '/gf': ['b1 made this, the bigger one\n', 'b2 made this\n'] }, true);
    expect((await run('fs', 'cat', 'sb:/gf')).exit).toBe(1);
    await ok('volume', 'set', 'sb', 'cluster.favorite-child-policy', 'size');
    expect(await ok('fs', 'cat', 'sb:/gf')).toBe('b1 made this, the bigger one\n');
    await ok('volume', 'heal', 'sb', 'enable');
    await ok('volume', 'heal', 'sb');
    const [g1, g2] = b.map((x) => fs.readFileSync(path.join(x, 'gf'), 'utf8'));
    expect([g1, g2]).toEqual(['b1 made this, the bigger one\n', 'b1 made this, the bigger one\n']);
    expect((await ok('volume', 'heal', 'sb', 'info')).match(/Number of entries: \d+/g)).toEqual(['Number of entries: 0', 'Number of entries: 0']);
  });
  test('on heal: the index heal settles it without any access', async () => {
    await split({ '/gf': ['b1 small\n', 'b2 made this, bigger\n'] }, true);
    await ok('volume', 'set', 'sb', 'cluster.favorite-child-policy', 'size');
    await ok('volume', 'heal', 'sb', 'enable');
    await ok('volume', 'heal', 'sb');
    for (const x of b) expect(fs.readFileSync(path.join(x, 'gf'), 'utf8')).toBe('b2 made this, bigger\n');
  });
});

describe('a directory in gfid split-brain is never settled by the policy (as 10.3)', () => {
  test('mkdir on each side: the policy set, a heal run, the name stays EIO', async () => {
    for (const [down, up] of [[1, 0], [0, 1]] as const) {
      await ok('debug', 'kill-brick', 'sb', `server${down + 1}:${b[down]}`);
      await ok('fs', 'mkdir', `sb:/gd`);
      await writeAll(`/gd/from-${up}`, `side ${up}\n`);
      await ok('volume', 'start', 'sb', 'force');
    }
    await ok('volume', 'set', 'sb', 'cluster.favorite-child-policy', 'mtime');
    await ok('volume', 'heal', 'sb', 'enable');
    await ok('volume', 'heal', 'sb');
    expect((await run('fs', 'stat', 'sb:/gd')).exit).toBe(1);
    // Each copy still holds only what its own side made.
    const own = b.map((x, i) => fs.readdirSync(path.join(x, 'gd')).map((n) => `${i}:${n}`));
    expect(own).toEqual([['0:from-0'], ['1:from-1']]);
  });
});

describe('client-side heal on access', () => {
  test('with data and metadata self-heal on, reading a file heals its stale copy', async () => {
    await writeAll('/f', 'old\n');
    await ok('debug', 'kill-brick', 'sb', `server2:${b[1]}`);
    await writeAll('/f', 'new contents\n');
    await ok('fs', 'chmod', '600', 'sb:/f');
    await ok('volume', 'start', 'sb', 'force');
    expect(fs.readFileSync(path.join(b[1], 'f'), 'utf8')).toBe('old\n');
    await ok('volume', 'set', 'sb', 'cluster.data-self-heal', 'on');
    await ok('volume', 'set', 'sb', 'cluster.metadata-self-heal', 'on');
    expect(await ok('fs', 'cat', 'sb:/f')).toBe('new contents\n');
    expect(fs.readFileSync(path.join(b[1], 'f'), 'utf8')).toBe('new contents\n');
    expect((fs.statSync(path.join(b[1], 'f')).mode & 0o777).toString(8)).toBe('600');
  });
  test('entry-self-heal on: listing a directory makes its missing names, which stay pending until read (client-side-heal.t)', async () => {
    await ok('fs', 'mkdir', 'sb:/dir');
    await ok('debug', 'kill-brick', 'sb', `server2:${b[1]}`);
    for (const n of [1, 2, 3]) await writeAll(`/dir/file${n}`, `file ${n}\n`);
    await ok('volume', 'start', 'sb', 'force');
    for (const k of ['data', 'metadata', 'entry']) await ok('volume', 'set', 'sb', `cluster.${k}-self-heal`, 'on');
    const pending = async () => [...(await ok('volume', 'heal', 'sb', 'info')).matchAll(/Number of entries: (\d+)/g)].map((m) => Number(m[1]));
    expect(await pending()).toEqual([4, 0]); // the directory and its three new files, on brick 1
    expect((await ok('fs', 'ls', 'sb:/dir')).split('\n').filter(Boolean)).toEqual(['file1', 'file2', 'file3']);
    // the directory was healed (its names are on brick 2 now); the files wait for their own heal
    expect(fs.readdirSync(path.join(b[1], 'dir')).sort()).toEqual(['file1', 'file2', 'file3']);
    expect(await pending()).toEqual([3, 0]);
    for (const n of [1, 2, 3]) expect(await ok('fs', 'cat', `sb:/dir/file${n}`)).toBe(`file ${n}\n`);
    expect(await pending()).toEqual([0, 0]);
  });

  test('with the options off (the default), a read leaves the stale copy for the daemon', async () => {
    await writeAll('/f', 'old\n');
    await ok('debug', 'kill-brick', 'sb', `server2:${b[1]}`);
    await writeAll('/f', 'new contents\n');
    await ok('volume', 'start', 'sb', 'force');
    expect(await ok('fs', 'cat', 'sb:/f')).toBe('new contents\n');
    expect(fs.readFileSync(path.join(b[1], 'f'), 'utf8')).toBe('old\n');
  });
});

describe('a lookup heals metadata changed behind GlusterFS back (client-side-heal.t)', () => {
  test('with metadata-self-heal on, the first brick\'s mode and xattrs go to the other copy; off, nothing moves', async () => {
    await writeAll('/m', 'data\n');
    fs.chmodSync(path.join(b[0], 'm'), 0o755);
    // Off (the default): a lookup leaves the copies as they are.
    await ok('fs', 'stat', 'sb:/m');
    expect(fs.statSync(path.join(b[1], 'm')).mode & 0o777).toBe(0o644);
    await ok('volume', 'set', 'sb', 'cluster.metadata-self-heal', 'on');
    await ok('fs', 'stat', 'sb:/m');
    expect(fs.statSync(path.join(b[1], 'm')).mode & 0o777).toBe(0o755);
    // Nothing was marked pending, and nothing is left pending.
    expect(indexEntries(b[0])).toEqual(indexEntries(b[1]));
    expect((await ok('volume', 'heal', 'sb', 'info')).match(/Number of entries: \d+/g)).toEqual(['Number of entries: 0', 'Number of entries: 0']);
  });
});
