// Oracle (split-brain access): files in data, metadata or data+metadata split-brain and a
// directory in entry split-brain (each copy blaming every other, set on the stopped bricks), then
// the same commands through a GlusterFS 10.3 mount and a tgluster mount: stat, cat, append,
// getfattr of replica.split-brain-status, and again after replica.split-brain-choice. On replica 2
// (no client quorum) a lookup is served from the first copy and reads fail with EIO; on replica 3
// (quorum auto) the lookup itself fails with ENOTCONN.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setXattr } from '../../src/xattr/index.js';
import { makeEnv, type Env } from '../scenario/fs-helpers.js';
import { ensureGlusterd, gluster, GlusterSandbox, mountSeesUp, sh, tearDownSides, waitFor } from './helpers.js';

const RUN = `p${process.pid}`;
const ROOT = `/bricks/sba/${RUN}`;

/** Which changelog counter each name's copies blame one another on: data, metadata, entry. */
const KINDS: Array<[name: string, counters: number[]]> = [
  ['fdata', [1, 0, 0]],
  ['fmeta', [0, 1, 0]],
  ['fboth', [1, 1, 0]],
  ['dentry', [0, 0, 1]],
];

const COMMANDS = (vol: string) =>
  KINDS.flatMap(([n]) => [
    `stat -c '%n %F' ${n}`,
    n.startsWith('d') ? `ls ${n}` : `cat ${n}`,
    ...(n.startsWith('d') ? [] : [`echo more >> ${n}`]),
    `getfattr --only-values -n replica.split-brain-status ${n}`,
    `setfattr -n replica.split-brain-choice -v ${vol}-client-1 ${n} && ${n.startsWith('d') ? 'ls' : 'cat'} ${n}`,
  ]);

function runAll(mnt: string, vol: string): string {
  const script = COMMANDS(vol).map((c) => `echo "## ${c}"; ( ${c} ) 2>&1; echo "rc=$?"`).join('\n');
  const r = spawnSync('bash', ['-c', script], { cwd: mnt, encoding: 'utf8' });
  return r.stdout.replaceAll(mnt, '<M>');
}

function blameAll(bricks: string[], vol: string): void {
  for (const [name, counters] of KINDS) {
    const v = Buffer.alloc(12);
    counters.forEach((c, k) => v.writeInt32BE(c, k * 4));
    bricks.forEach((b, i) => bricks.forEach((_, j) => i !== j && setXattr(path.join(b, name), `trusted.afr.${vol}-client-${j}`, v)));
  }
}

const MAKE = 'for f in fdata fmeta fboth; do echo data > $f; done; mkdir dentry && echo in > dentry/x';

for (const replica of [2, 3]) {
  describe(`split-brain through a GlusterFS mount and a tgluster mount (replica ${replica})`, () => {
    const vol = `sba${replica}`;
    let sb: GlusterSandbox;
    let env: Env;
    let tm: string;
    let g = '';
    let t = '';
    const gBricks = Array.from({ length: replica }, (_, i) => path.join(ROOT, `g${replica}`, `b${i}`));
    const tBricks = Array.from({ length: replica }, (_, i) => path.join(ROOT, `t${replica}`, `b${i}`));

    beforeAll(() => {
      ensureGlusterd();
      sb = new GlusterSandbox(`sba${replica}`);
      env = makeEnv(`oracle-sba${replica}`);
      for (const b of [...gBricks, ...tBricks]) fs.mkdirSync(b, { recursive: true });
      // GlusterFS: make, stop, blame on the bricks, start, mount again
      sb.create(vol, gBricks, replica);
      gluster('volume', 'set', vol, 'cluster.self-heal-daemon', 'off');
      sb.start(vol);
      let gm = sb.mountVolume(vol);
      expect(sh('bash', ['-c', `cd ${gm} && ${MAKE}`]).code).toBe(0);
      sb.unmount(gm);
      gluster('volume', 'stop', vol);
      blameAll(gBricks, vol);
      sb.start(vol);
      gm = sb.mountVolume(vol);
      for (let i = 0; i < replica; i++) waitFor(`child ${i} up`, () => mountSeesUp(gm, vol, i, replica));
      g = runAll(gm, vol);
      // tgluster: the same
      const run = (args: string[]) => expect(env.run(['--mode=script', ...args]).code).toBe(0);
      run(['volume', 'create', vol, 'replica', String(replica), ...tBricks.map((b, i) => `server${i + 1}:${b}`), 'force']);
      run(['volume', 'set', vol, 'cluster.self-heal-daemon', 'off']);
      run(['volume', 'start', vol]);
      tm = path.join(env.dir, 'mnt');
      fs.mkdirSync(tm);
      expect(env.run(['mount', vol, tm]).code).toBe(0);
      expect(sh('bash', ['-c', `cd ${tm} && ${MAKE}`]).code).toBe(0);
      sh('umount', [tm]);
      run(['volume', 'stop', vol]);
      blameAll(tBricks, vol);
      run(['volume', 'start', vol]);
      expect(env.run(['mount', vol, tm]).code).toBe(0);
      t = runAll(tm, vol);
    });

    afterAll(() => {
      if (tm) sh('umount', [tm]);
      tearDownSides(sb, env, [vol], ROOT, path.dirname(ROOT));
    });

    it('every command answers alike', () => {
      expect(t).toBe(g);
    });
  });
}
