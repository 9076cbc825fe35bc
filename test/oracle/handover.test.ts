// Oracle: a 2 x 3 tgluster volume with options and a tree of files is handed over to real
// GlusterFS 10.3 with the script `tgluster volume handover` prints, run against this machine's
// glusterd (server1..3 are this node). GlusterFS's volume info then reads as tgluster's did (ids
// blanked), its mount shows every file intact, heal info counts 0, and running the script again
// changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openVolume } from '../../src/api/index.js';
import { getXattrOpt } from '../../src/xattr/index.js';
import { bytesToGfid } from '../../src/libglusterfs/uuid.js';
import { makeEnv, type Env } from '../scenario/fs-helpers.js';
import { ensureGlusterd, gluster, GlusterSandbox, sh, sha, treeContents } from './helpers.js';

const NAME = `hov${process.pid}`;
const OPTIONS: Array<[string, string]> = [
  ['cluster.favorite-child-policy', 'mtime'],
  ['cluster.quorum-type', 'auto'],
  ['performance.write-behind', 'off'],
  ['performance.cache-size', '64MB'],
  ['features.ctime', 'off'],
];
const blankIds = (info: string) => info.replace(/^Volume ID: .*$/m, 'Volume ID: <id>');

describe('volume handover to real GlusterFS', () => {
  let env: Env;
  let sandbox: GlusterSandbox;
  let bricks: string[];
  let script: string;
  let tgInfo: string;
  let run1: { code: number; stdout: string; stderr: string };
  const expected = new Map<string, string>();

  beforeAll(async () => {
    ensureGlusterd();
    env = makeEnv('handover');
    sandbox = new GlusterSandbox('handover');
    bricks = [0, 1, 2, 3, 4, 5].map((i) => path.join(env.dir, `b${i}`));
    const specs = bricks.map((b, i) => `server${(i % 3) + 1}:${b}`);
    expect(env.run(['--mode=script', 'volume', 'create', NAME, 'replica', '3', ...specs, 'force']).code).toBe(0);
    for (const [k, v] of OPTIONS) expect(env.run(['volume', 'set', NAME, k, v]).code).toBe(0);
    expect(env.run(['volume', 'start', NAME]).code).toBe(0);

    const c = await openVolume(NAME, { home: env.home });
    for (let d = 0; d < 4; d++) {
      await c.mkdirp(`/dir${d}/sub`);
      for (let f = 0; f < 6; f++) {
        const data = Buffer.from(`file ${d}/${f}\n`.repeat(50 * (f + 1)));
        await c.writeFile(`/dir${d}/f${f}`, data);
        expected.set(`dir${d}/f${f}`, sha(data));
      }
      await c.writeFile(`/dir${d}/sub/deep`, `deep ${d}\n`);
      expected.set(`dir${d}/sub/deep`, sha(Buffer.from(`deep ${d}\n`)));
      expected.set(`dir${d}`, 'dir');
      expected.set(`dir${d}/sub`, 'dir');
    }
    await c.symlink('dir0/f0', '/link');
    expected.set('link', 'symlink:dir0/f0');
    await c.close();

    tgInfo = env.run(['volume', 'info', NAME]).stdout;
    expect(env.run(['--mode=script', 'volume', 'stop', NAME]).code).toBe(0);
    const h = env.run(['volume', 'handover', NAME]);
    expect([h.code, h.stderr]).toEqual([0, '']);
    script = h.stdout;
    fs.writeFileSync(path.join(env.dir, 'handover.sh'), script);
    run1 = sh('sh', [path.join(env.dir, 'handover.sh')]);
    // From here on the volume is gluster's: the sandbox removes it.
    sandbox.track(NAME);
  });

  afterAll(() => {
    sandbox?.cleanup();
    env?.cleanup();
  });

  it('prints a script with each server’s preparation, probes, create with force and the options', () => {
    expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    expect(script).toMatch(/^set -eu$/m);
    for (let s = 1; s <= 3; s++) expect(script).toContain(`  prepare server${s} ${bricks[s - 1]} ${bricks[s + 2]}\n`);
    expect(script).toContain('  gluster --mode=script peer probe server2\n  gluster --mode=script peer probe server3\n');
    // All three names are this node here, and the bricks sit in the root partition: force, saying why.
    expect(script).toContain(`  gluster --mode=script volume create ${NAME} replica 3 ${bricks.map((b, i) => `server${(i % 3) + 1}:${b}`).join(' ')} force\n`);
    expect(script).toMatch(/#   Multiple bricks of a replicate volume are present on the same server\./);
    expect(script).toMatch(/#   The brick server1:\S+ is being created in the root partition\./);
    const sets = [...script.matchAll(/^gluster --mode=script volume set "\$VOL" (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]);
    expect(sets).toEqual(OPTIONS);
  });

  it('runs to the end against glusterd', () => {
    expect([run1.code, run1.stderr]).toEqual([0, '']);
    expect(run1.stdout).toMatch(/volume create: .*: success/);
    expect(run1.stdout.trimEnd().endsWith(`volume ${NAME}: handed over`)).toBe(true);
  });

  it("gives a volume whose gluster volume info equals tgluster's (ids blanked)", () => {
    expect(blankIds(gluster('volume', 'info', NAME))).toBe(blankIds(tgInfo));
  });

  it('left the brick roots with glusterd’s own volume-id, nothing of tgluster’s', () => {
    const id = /^Volume ID: (\S+)$/m.exec(gluster('volume', 'info', NAME))![1];
    for (const b of bricks) {
      expect(bytesToGfid(getXattrOpt(b, 'trusted.glusterfs.volume-id')!)).toBe(id);
      expect(getXattrOpt(b, 'trusted.gfid')!.toString('hex')).toBe('00000000000000000000000000000001');
    }
  });

  it('mounts with every file intact, and heal info shows 0 entries', () => {
    const mnt = sandbox.mountVolume(NAME);
    expect(treeContents(mnt)).toEqual(expected);
    sandbox.unmount(mnt);
    expect(sandbox.healInfoCounts(NAME)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('can be run again: nothing is prepared or created twice', () => {
    const again = sh('sh', [path.join(env.dir, 'handover.sh')]);
    expect([again.code, again.stderr]).toEqual([0, '']);
    expect(again.stdout).toContain(`volume ${NAME} is in the pool already: not prepared or created again\n`);
    expect(blankIds(gluster('volume', 'info', NAME))).toBe(blankIds(tgInfo));
  });
});

/** Other volume shapes: type words as `volume create` takes them, and the brick count. */
const SHAPES: Array<{ label: string; words: string[]; bricks: number }> = [
  { label: 'distribute 3', words: [], bricks: 3 },
  { label: 'replica 2', words: ['replica', '2'], bricks: 2 },
  { label: 'replica 3 arbiter 1', words: ['replica', '3', 'arbiter', '1'], bricks: 3 },
  { label: '2 x (2 + 1)', words: ['replica', '3', 'arbiter', '1'], bricks: 6 },
];

describe.each(SHAPES)('volume handover of a $label volume to real GlusterFS', ({ label, words, bricks: n }) => {
  const name = `hov${label.replace(/\W+/g, '')}${process.pid}`;
  let env: Env;
  let sandbox: GlusterSandbox;
  let tgInfo: string;
  let run: { code: number; stdout: string; stderr: string };
  const expected = new Map<string, string>();

  beforeAll(async () => {
    ensureGlusterd();
    env = makeEnv('handover-shape');
    sandbox = new GlusterSandbox('handover-shape');
    const specs = Array.from({ length: n }, (_, i) => `server${(i % 3) + 1}:${path.join(env.dir, `b${i}`)}`);
    expect(env.run(['--mode=script', 'volume', 'create', name, ...words, ...specs, 'force']).code).toBe(0);
    expect(env.run(['volume', 'start', name]).code).toBe(0);
    const c = await openVolume(name, { home: env.home });
    await c.mkdirp('/d/sub');
    for (let f = 0; f < 8; f++) {
      const data = Buffer.from(`${label} ${f}\n`.repeat(20 * (f + 1)));
      await c.writeFile(`/d/f${f}`, data);
      expected.set(`d/f${f}`, sha(data));
    }
    expected.set('d', 'dir');
    expected.set('d/sub', 'dir');
    await c.close();
    tgInfo = env.run(['volume', 'info', name]).stdout;
    expect(env.run(['--mode=script', 'volume', 'stop', name]).code).toBe(0);
    const h = env.run(['volume', 'handover', name]);
    expect([h.code, h.stderr]).toEqual([0, '']);
    fs.writeFileSync(path.join(env.dir, 'handover.sh'), h.stdout);
    run = sh('sh', [path.join(env.dir, 'handover.sh')]);
    sandbox.track(name);
  });

  afterAll(() => {
    sandbox?.cleanup();
    env?.cleanup();
  });

  it('the script runs; volume info equals tgluster’s; every file is there; heal info is 0', () => {
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(blankIds(gluster('volume', 'info', name))).toBe(blankIds(tgInfo));
    const mnt = sandbox.mountVolume(name);
    const seen = treeContents(mnt);
    sandbox.unmount(mnt);
    expect(seen).toEqual(expected);
    if (words.length) expect(sandbox.healInfoCounts(name)).toEqual(Array.from({ length: n }, () => 0));
  });
});
