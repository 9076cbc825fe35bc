// volume add-brick beyond the captured texts: where new bricks go and which client ids they get,
// a client opened before the add that goes on working over the new graph, the states a replica
// increase may not start from, and a kill -9 in the middle of the command.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openVolume } from '../../src/api/index.js';
import { getXattrOpt } from '../../src/xattr/index.js';
import { decodeLayout } from '../../src/xlators/dht/layout.js';
import { brickTree, createVolume, makeEnv, type Env } from './fs-helpers.js';

const envs: Env[] = [];
afterAll(() => envs.forEach((e) => e.cleanup()));
function env(tag: string): Env {
  const e = makeEnv(tag);
  envs.push(e);
  return e;
}

const hex = (p: string, key: string) => getXattrOpt(p, key)?.toString('hex');
const layout = (p: string) => {
  const raw = getXattrOpt(p, 'trusted.glusterfs.dht');
  return raw && decodeLayout(raw);
};
const ok = (e: Env, args: string[]) => {
  const r = e.run(args);
  expect(r.code, `${args.join(' ')}\n${r.stdout}${r.stderr}`).toBe(0);
  return r.stdout;
};
/** `subvolumes` of each cluster/replicate in the client volfile, in order. */
const replicaSets = (e: Env, vol: string) =>
  [...ok(e, ['system::', 'getspec', vol]).matchAll(/type cluster\/replicate[\s\S]*?subvolumes (.*)\n/g)].map((m) => m[1]);

describe('add-brick: placement and client ids', () => {
  it('2 x 2 -> 2 x 3: one new brick at the end of each set, ids past the highest', () => {
    const e = env('ab-2x3');
    const b = createVolume(e, 'v', 4, 2);
    const n = [path.join(e.dir, 'n0'), path.join(e.dir, 'n1')];
    ok(e, ['volume', 'add-brick', 'v', 'replica', '3', `server3:${n[0]}`, `server3:${n[1]}`, 'force']);
    const info = ok(e, ['volume', 'info', 'v']);
    expect(info).toContain('Number of Bricks: 2 x 3 = 6');
    expect([...info.matchAll(/^Brick\d+: server\d:(.*)$/gm)].map((m) => m[1])).toEqual([b[0], b[1], n[0], b[2], b[3], n[1]]);
    expect(replicaSets(e, 'v')).toEqual(['v-client-0 v-client-1 v-client-4', 'v-client-2 v-client-3 v-client-5']);
    // each set's old members accuse their own new brick, with the full-crawl count (granular on)
    for (const [old, key] of [[b[0], 'v-client-4'], [b[1], 'v-client-4'], [b[2], 'v-client-5'], [b[3], 'v-client-5']]) {
      expect([old, hex(old, `trusted.afr.${key}`)]).toEqual([old, '000000010000000100000001']);
    }
    expect(hex(b[0], 'trusted.afr.v-client-5')).toBeUndefined();
    for (const p of n) expect(hex(p, 'trusted.afr.dirty')).toBe('000000000000000000000001');
  });

  it('distribute -> replicate: bricks interleaved, client-io-threads off, no full-crawl count, layouts kept', () => {
    const e = env('ab-conv');
    const b = createVolume(e, 'v', 2);
    ok(e, ['fs', 'mkdir', 'v:/d']);
    for (let i = 0; i < 6; i++) ok(e, ['fs', 'touch', `v:/d/f${i}`]);
    const before = b.map((p) => [layout(p), layout(path.join(p, 'd'))]);
    const n = [path.join(e.dir, 'n0'), path.join(e.dir, 'n1')];
    ok(e, ['volume', 'add-brick', 'v', 'replica', '2', `server3:${n[0]}`, `server1:${n[1]}`, 'force']);
    const info = ok(e, ['volume', 'info', 'v']);
    expect(info).toContain('Type: Distributed-Replicate\n');
    expect(info).toContain('Options Reconfigured:\nperformance.client-io-threads: off\n');
    expect(replicaSets(e, 'v')).toEqual(['v-client-0 v-client-2', 'v-client-1 v-client-3']);
    expect(hex(b[0], 'trusted.afr.v-client-2')).toBe('000000000000000100000001');
    expect(hex(b[1], 'trusted.afr.v-client-3')).toBe('000000000000000100000001');
    ok(e, ['volume', 'heal', 'v']);
    expect(ok(e, ['volume', 'heal', 'v', 'info'])).not.toMatch(/Number of entries: [1-9]/);
    expect(brickTree(n[0])).toEqual(brickTree(b[0]));
    expect(brickTree(n[1])).toEqual(brickTree(b[1]));
    expect(b.map((p) => [layout(p), layout(path.join(p, 'd'))])).toEqual(before);
    expect(n.map((p) => [layout(p), layout(path.join(p, 'd'))])).toEqual(before);
  });
});

describe('add-brick: a client opened before the add', () => {
  it('distribute: works on over the new graph; a new directory spreads over the new brick, an old one gets a zero range there', async () => {
    const e = env('ab-client');
    const b = createVolume(e, 'v', 2);
    const vol = await openVolume('v', { home: e.home });
    await vol.mkdir('/old');
    await vol.writeFile('/before', 'x');
    const n = path.join(e.dir, 'n');
    ok(e, ['volume', 'add-brick', 'v', `server3:${n}`, 'force']);
    await vol.mkdir('/new');
    const ranges = [...b, n].map((p) => layout(path.join(p, 'new'))!);
    expect(ranges.every((r) => r.stop > r.start)).toBe(true);
    expect(ranges.reduce((sum, r) => sum + (r.stop - r.start + 1), 0)).toBe(2 ** 32);
    await vol.stat('/old');
    expect(layout(path.join(n, 'old'))).toMatchObject({ start: 0, stop: 0 });
    // the root keeps its two ranges until fix-layout; the new brick's root has none
    expect(layout(n)).toBeUndefined();
    for (const p of b) expect(layout(p)!.stop).toBeGreaterThan(0);
    expect((await vol.readFile('/before')).toString()).toBe('x');
  });

  it('replicate: a write after the add reaches every up copy of the grown set', async () => {
    const e = env('ab-client-rep');
    createVolume(e, 'v', 2, 2);
    const vol = await openVolume('v', { home: e.home });
    await vol.writeFile('/f', 'one');
    const n = path.join(e.dir, 'n');
    ok(e, ['volume', 'add-brick', 'v', 'replica', '3', `server3:${n}`, 'force']);
    await vol.mkdir('/d');
    await vol.writeFile('/d/g', 'two');
    expect(fs.readFileSync(path.join(n, 'd', 'g'), 'utf8')).toBe('two');
    ok(e, ['volume', 'heal', 'v']);
    expect(fs.readFileSync(path.join(n, 'f'), 'utf8')).toBe('one');
  });
});

describe('add-brick: refusals and a crash', () => {
  it('a stopped replicate volume cannot grow its replica count; a created one grows without marks', () => {
    const e = env('ab-state');
    const b = createVolume(e, 'v', 2, 2);
    ok(e, ['--mode=script', 'volume', 'stop', 'v']);
    const r = e.run(['volume', 'add-brick', 'v', 'replica', '3', `server3:${path.join(e.dir, 'n')}`, 'force']);
    expect([r.code, r.stderr]).toEqual([
      1,
      'volume add-brick: failed:  Volume must not be in stopped state when replica-count needs to  be increased.\n',
    ]);
    ok(e, ['--mode=script', 'volume', 'create', 'w', 'replica', '2', `server1:${path.join(e.dir, 'w0')}`, `server2:${path.join(e.dir, 'w1')}`, 'force']);
    ok(e, ['volume', 'add-brick', 'w', 'replica', '3', `server3:${path.join(e.dir, 'w2')}`, 'force']);
    expect(hex(path.join(e.dir, 'w0'), 'trusted.afr.w-client-2')).toBeUndefined();
    expect(hex(path.join(e.dir, 'w2'), 'trusted.afr.dirty')).toBeUndefined();
    expect(b).toHaveLength(2);
  });

  it('without force a replica increase needs every brick up', () => {
    const e = env('ab-down');
    // distribute -> replicate: the set check (all bricks are on this one node) does not apply
    const b = createVolume(e, 'v', 2);
    ok(e, ['debug', 'kill-brick', 'v', `server2:${b[1]}`]);
    const n = [path.join(e.dir, 'n0'), path.join(e.dir, 'n1')];
    const r = e.run(['--mode=script', 'volume', 'add-brick', 'v', 'replica', '2', `server3:${n[0]}`, `server3:${n[1]}`]);
    expect([r.code, r.stderr]).toEqual([1, `volume add-brick: failed: Brick ${b[1]} is down, changing replica count needs all the bricks to be up to avoid data loss\n`]);
  });

  it('kill -9 before the new definition is saved: the volume is as it was, and the add runs again with force', () => {
    const e = env('ab-crash');
    const b = createVolume(e, 'v', 2, 2);
    ok(e, ['fs', 'mkdir', 'v:/d']);
    const n = path.join(e.dir, 'n');
    const crashed = e.run(['volume', 'add-brick', 'v', 'replica', '3', `server3:${n}`, 'force'], '', { TGLUSTER_CRASH_AT: 'add-brick-before-save' });
    expect(crashed.code).toBe(137);
    expect(ok(e, ['volume', 'info', 'v'])).toContain('Number of Bricks: 1 x 2 = 2');
    ok(e, ['fs', 'touch', 'v:/d/still-works']);
    ok(e, ['volume', 'add-brick', 'v', 'replica', '3', `server3:${n}`, 'force']);
    ok(e, ['volume', 'heal', 'v']);
    expect(brickTree(n)).toEqual(brickTree(b[0]));
  });
});
