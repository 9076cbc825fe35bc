// Oracle: a real GlusterFS 10.3 volume with options and data, one brick killed during part of the
// writes, its glusterd state directory and bricks copied (cp -a), is adopted by
// `tgluster volume adopt --from-glusterd`: tgluster's volume info reads as gluster's did (brick
// paths those of the copies), every file reads back, and heal info counts what GlusterFS's did.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openVolume } from '../../src/api/index.js';
import { getXattrOpt } from '../../src/xattr/index.js';
import { bytesToGfid } from '../../src/libglusterfs/uuid.js';
import { makeEnv, type Env, type Run } from '../scenario/fs-helpers.js';
import { ensureGlusterd, gluster, GlusterSandbox, sh, sha, treeContents, waitFor } from './helpers.js';

const NAME = `adg${process.pid}`;
const OPTIONS: Array<[string, string]> = [
  ['cluster.self-heal-daemon', 'off'],
  ['cluster.favorite-child-policy', 'size'],
  ['performance.stat-prefetch', 'off'],
  ['cluster.quorum-type', 'fixed'],
  ['cluster.quorum-count', '2'],
];
const counts = (heal: string) => [...heal.matchAll(/^Number of entries: (\S+)$/gm)].map((m) => (m[1] === '-' ? -1 : Number(m[1])));

describe('a real GlusterFS volume adopted from a copy of its glusterd state', () => {
  let sandbox: GlusterSandbox;
  let env: Env;
  let bricks: string[];
  let copies: string[];
  let glusterInfo: string;
  let glusterHeal: number[];
  let volumeId: string;
  let adopt: Run;
  const expected = new Map<string, string>();

  beforeAll(() => {
    ensureGlusterd();
    sandbox = new GlusterSandbox('adopt-glusterd');
    copies = [0, 1, 2].map((i) => path.join(sandbox.dir, 'copy', `b${i}`));
    let mnt: string;
    ({ bricks, mnt } = sandbox.startedReplica3(NAME, OPTIONS));
    const w = (rel: string, data: string) => fs.writeFileSync(path.join(mnt, rel), data);

    fs.mkdirSync(path.join(mnt, 'd1/sub'), { recursive: true });
    for (let i = 0; i < 6; i++) w(`d1/f${i}`, `file ${i}\n`.repeat(100 * (i + 1)));
    w('d1/sub/deep', 'deep\n');
    fs.symlinkSync('d1/f0', path.join(mnt, 'link'));
    sandbox.killBrick(NAME, bricks[2]);
    // Changes the dead brick misses: data, metadata, new entries, a rename, an unlink.
    fs.appendFileSync(path.join(mnt, 'd1/f0'), 'appended while brick 3 was down\n');
    w('d1/new', 'created while brick 3 was down\n');
    fs.mkdirSync(path.join(mnt, 'd2'));
    w('d2/inner', 'inner\n');
    fs.chmodSync(path.join(mnt, 'd1/f1'), 0o600);
    fs.renameSync(path.join(mnt, 'd1/f2'), path.join(mnt, 'd1/f2r'));
    fs.unlinkSync(path.join(mnt, 'd1/f3'));
    for (const [rel, what] of treeContents(mnt)) expected.set(rel, what);
    sandbox.unmount(mnt);

    // The dead brick back (the self-heal daemon is off: nothing heals), then what gluster says.
    gluster('volume', 'start', NAME, 'force');
    waitFor('the killed brick online', () => sandbox.brickOnline(NAME, bricks[2]));
    glusterInfo = gluster('volume', 'info', NAME);
    glusterHeal = counts(gluster('volume', 'heal', NAME, 'info'));
    volumeId = /^Volume ID: (\S+)$/m.exec(glusterInfo)![1];

    // The copies: glusterd's state as the running node has it, the bricks once stopped.
    const stateCopy = path.join(sandbox.dir, 'glusterd');
    fs.mkdirSync(path.join(stateCopy, 'vols'), { recursive: true });
    expect(sh('cp', ['-a', `/var/lib/glusterd/vols/${NAME}`, path.join(stateCopy, 'vols')]).code).toBe(0);
    gluster('volume', 'stop', NAME);
    fs.mkdirSync(path.join(sandbox.dir, 'copy'));
    bricks.forEach((b, i) => expect(sh('cp', ['-a', b, copies[i]]).code).toBe(0));
    sandbox.remove(NAME);

    env = makeEnv('adopt-glusterd');
    const map = bricks.flatMap((b, i) => ['--brick-map', `server${i + 1}:${b}=${copies[i]}`]);
    adopt = env.run(['volume', 'adopt', NAME, '--from-glusterd', stateCopy, ...map]);
  });

  afterAll(() => {
    env?.run(['--mode=script', 'volume', 'stop', NAME, 'force']);
    env?.run(['--mode=script', 'volume', 'delete', NAME]);
    sandbox?.cleanup();
    env?.cleanup();
  });

  it('adopts the volume, started as it was', () => {
    expect([adopt.code, adopt.stderr]).toEqual([0, '']);
    expect(adopt.stdout).toBe(`volume adopt: ${NAME}: success: Replicate, 3 bricks, volume-id ${volumeId}, Started\n`);
  });

  it("reads in volume info as gluster's did, the brick paths being the copies'", () => {
    let want = glusterInfo;
    bricks.forEach((b, i) => (want = want.replace(`:${b}\n`, `:${copies[i]}\n`)));
    expect(env.run(['volume', 'info', NAME]).stdout).toBe(want);
  });

  it('keeps the volume-id on the copies (no brick was touched)', () => {
    for (const c of copies) expect(bytesToGfid(getXattrOpt(c, 'trusted.glusterfs.volume-id')!)).toBe(volumeId);
  });

  it('counts in heal info what GlusterFS counted', () => {
    expect(glusterHeal.some((n) => n > 0)).toBe(true);
    expect(counts(env.run(['volume', 'heal', NAME, 'info']).stdout)).toEqual(glusterHeal);
  });

  it('reads every file back', async () => {
    const c = await openVolume(NAME, { home: env.home });
    const seen = new Map<string, string>();
    const visit = async (dir: string) => {
      for (const d of await c.readdirp(dir)) {
        const rel = `${dir === '/' ? '' : dir.slice(1) + '/'}${d.name}`;
        if (d.iatt.type === 'dir') {
          seen.set(rel, 'dir');
          await visit(`/${rel}`);
        } else if (d.iatt.type === 'symlink') seen.set(rel, `symlink:${await c.readlink(`/${rel}`)}`);
        else seen.set(rel, sha(await c.readFile(`/${rel}`)));
      }
    };
    await visit('/');
    await c.close();
    expect(seen).toEqual(expected);
  });

  it('refuses a second adoption of the same volume, and a missing state dir, with non-zero exits', () => {
    const again = env.run(['volume', 'adopt', NAME, '--from-glusterd', path.join(sandbox.dir, 'glusterd')]);
    expect([again.code, again.stderr]).toEqual([1, `volume adopt: ${NAME}: failed: Volume ${NAME} already exists\n`]);
    const none = env.run(['--json', 'volume', 'adopt', 'other', '--from-glusterd', path.join(sandbox.dir, 'nothing')]);
    expect(none.code).toBe(1);
    expect(JSON.parse(none.stdout).error.message).toBe(`Volume other does not exist in ${path.join(sandbox.dir, 'nothing')} (no ${path.join(sandbox.dir, 'nothing', 'vols', 'other', 'info')})`);
  });
});
