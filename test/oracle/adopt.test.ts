// Oracle (3): bricks written by real GlusterFS 10.3, with one brick killed (kill -9 of its pid)
// during part of the writes, are adopted by tgluster (`volume create ... force` over the same
// brick dirs). Every file reads back through tgluster, and the pending counters tgluster's AFR
// sees are exactly the ones gluster wrote (and reading does not change them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Xlator } from '../../src/xlators/types.js';
import { openVolume, type VolumeClient } from '../../src/api/index.js';
import { getXattr, listXattrs } from '../../src/xattr/index.js';
import type { Afr } from '../../src/xlators/afr/afr.js';
import { brickTree, makeEnv, type Env } from '../scenario/fs-helpers.js';
import { ensureGlusterd, GlusterSandbox, sh, waitFor, walk } from './helpers.js';

/** The translator of that name in a graph (the client's top may be a wrapper over DHT). */
function findXlator(x: Xlator, name: string): Xlator | undefined {
  if (x.name === name) return x;
  for (const c of x.children) {
    const found = findXlator(c, name);
    if (found) return found;
  }
  return undefined;
}

// Unique per run: two runs of this suite may share one glusterd.
const NAME = `d4adopt3p${process.pid}`;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Every trusted.afr.* value on every object of a brick, as "rel key" -> hex. */
function afrSnapshot(brick: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const rel of ['', ...brickTree(brick)]) {
    const p = path.join(brick, rel);
    for (const n of listXattrs(p)) if (n.startsWith('trusted.afr.')) out.set(`/${rel} ${n}`, getXattr(p, n).toString('hex'));
  }
  return out;
}

const counters = (hex: string | undefined) => {
  const b = Buffer.from(hex ?? '000000000000000000000000', 'hex');
  return [0, 4, 8].map((o) => b.readInt32BE(o));
};

describe('bricks written by real gluster with a brick killed, adopted by tgluster', () => {
  let sandbox: GlusterSandbox;
  let env: Env;
  let bricks: string[];
  const expected = new Map<string, { type: string; sha?: string; target?: string }>();
  const before: Map<string, string>[] = [];

  beforeAll(() => {
    ensureGlusterd();
    sandbox = new GlusterSandbox('adopt');
    let mnt: string;
    ({ bricks, mnt } = sandbox.startedReplica3(NAME, [['cluster.self-heal-daemon', 'off']]));
    const w = (rel: string, data: string) => fs.writeFileSync(path.join(mnt, rel), data);

    // Phase 1: all bricks up.
    fs.mkdirSync(path.join(mnt, 'd1/sub'), { recursive: true });
    for (let i = 0; i < 5; i++) w(`d1/f${i}`, `file ${i}\n`.repeat(100 * (i + 1)));
    w('keep', 'written with every brick up\n');
    fs.symlinkSync('d1/f0', path.join(mnt, 'link'));
    sh('setfattr', ['-n', 'user.a', '-v', 'one', path.join(mnt, 'd1/f4')]);

    // Kill the third brick's process, as an admin would.
    const pid = sandbox.brickPid(NAME, bricks[2]);
    process.kill(pid, 'SIGKILL');
    waitFor('the brick to be seen offline', () => !sandbox.brickOnline(NAME, bricks[2]));

    // Phase 2: data, metadata and entry changes the dead brick misses.
    fs.appendFileSync(path.join(mnt, 'd1/f0'), 'appended while brick 3 was down\n');
    w('d1/new1', 'created while brick 3 was down\n');
    fs.mkdirSync(path.join(mnt, 'd1/newdir'));
    w('d1/newdir/inner', 'inner\n');
    fs.chmodSync(path.join(mnt, 'd1/f1'), 0o600);
    fs.renameSync(path.join(mnt, 'd1/f2'), path.join(mnt, 'd1/f2r'));
    fs.unlinkSync(path.join(mnt, 'd1/f3'));
    sh('setfattr', ['-n', 'user.b', '-v', 'two', path.join(mnt, 'd1/f4')]);

    for (const rel of walk(mnt)) {
      const p = path.join(mnt, rel);
      const st = fs.lstatSync(p);
      if (st.isSymbolicLink()) expected.set(rel, { type: 'symlink', target: fs.readlinkSync(p) });
      else if (st.isDirectory()) expected.set(rel, { type: 'dir' });
      else expected.set(rel, { type: 'file', sha: sha(fs.readFileSync(p)) });
    }
    sandbox.unmount(mnt);
    sandbox.remove(NAME);
    for (const b of bricks) before.push(afrSnapshot(b));

    env = makeEnv('adopt');
    const specs = bricks.map((b, i) => `server${i + 1}:${b}`);
    const c = env.run(['--mode=script', 'volume', 'create', NAME, 'replica', '3', ...specs, 'force']);
    expect([c.code, c.stderr]).toEqual([0, '']);
    expect(env.run(['volume', 'start', NAME]).code).toBe(0);
  });

  afterAll(() => {
    sandbox?.cleanup();
    env?.cleanup();
  });

  it('gluster left pending marks blaming the killed brick', () => {
    const blamed = [...before[0].entries()].filter(([k, v]) => k.endsWith(`${NAME}-client-2`) && counters(v).some((x) => x > 0));
    expect(blamed.map(([k]) => k.split(' ')[0]).sort()).toEqual(expect.arrayContaining(['/d1', '/d1/f0', '/d1/f1', '/d1/new1']));
  });

  it('reads every file, dir and symlink back through tgluster', async () => {
    const c: VolumeClient = await openVolume(NAME, { home: env.home });
    const seen: string[] = [];
    const visit = async (dir: string) => {
      for (const d of await c.readdirp(dir)) {
        const rel = `${dir === '/' ? '' : dir.slice(1) + '/'}${d.name}`;
        seen.push(rel);
        if (d.iatt.type === 'dir') await visit(`/${rel}`);
      }
    };
    await visit('/');
    expect(seen.sort()).toEqual([...expected.keys()].sort());
    for (const [rel, e] of expected) {
      if (e.type === 'file') expect([rel, sha(await c.readFile(`/${rel}`))]).toEqual([rel, e.sha]);
      if (e.type === 'symlink') expect(await c.readlink(`/${rel}`)).toBe(e.target);
    }
    expect((await c.getxattr('/d1/f4', 'user.b')).toString()).toBe('two');
    expect((await c.stat('/d1/f1')).mode & 0o777).toBe(0o600);
  });

  it("sees exactly the pending counters gluster wrote, and reading left them as they were", async () => {
    const c = await openVolume(NAME, { home: env.home });
    const afr = findXlator(c.top, `${NAME}-replicate-0`) as unknown as Afr;
    const keys = [0, 1, 2].map((j) => `trusted.afr.${NAME}-client-${j}`);
    const objects = new Set([...before[0].keys(), ...before[1].keys()].map((k) => k.split(' ')[0]));
    expect(objects.size).toBeGreaterThan(3);
    for (const obj of objects) {
      const { state } = afr.inspect({ path: obj });
      for (let i = 0; i < 3; i++) {
        const log = state.logs[i];
        if (!state.present[i]) continue;
        const want = { pending: keys.map((k) => counters(before[i].get(`${obj} ${k}`))), dirty: counters(before[i].get(`${obj} trusted.afr.dirty`)) };
        expect([obj, i, log]).toEqual([obj, i, want]);
      }
    }
    for (let i = 0; i < 3; i++) expect(afrSnapshot(bricks[i])).toEqual(before[i]);
  });
});
