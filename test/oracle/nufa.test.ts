// Oracle (cluster.nufa): a 3-brick distribute volume with cluster.nufa on, mounted by GlusterFS
// 10.3 and by tgluster, first as is (every brick is this machine's: the first one is the local
// subvolume) and then with --xlator-option VOL-dht.local-volume-name=VOL-client-2; the same
// regular files, fifos and directories made through each mount. Each brick must then hold the
// same names, the data where GlusterFS put it and a linkto file where the name hashes elsewhere,
// and the client volfile must name the translator cluster/nufa.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeEnv, type Env } from '../scenario/fs-helpers.js';
import { ensureGlusterd, gluster, GlusterSandbox, sh, waitFor } from './helpers.js';

const VOL = `nufa${process.pid % 10000}`;

/** Per brick: each name, `data`, `linkto` (mode ---------T, empty) or `dir`. */
function bricksView(bricks: string[]): string[][] {
  return bricks.map((b) => {
    const out: string[] = [];
    const visit = (rel: string) => {
      for (const d of fs.readdirSync(path.join(b, rel), { withFileTypes: true }).sort((x, y) => x.name.localeCompare(y.name))) {
        if (!rel && d.name.startsWith('.glusterfs')) continue;
        const r = rel ? `${rel}/${d.name}` : d.name;
        const st = fs.lstatSync(path.join(b, r));
        out.push(`${r} ${d.isDirectory() ? 'dir' : (st.mode & 0o7777) === 0o1000 ? 'linkto' : d.isFIFO() ? 'fifo' : 'data'}`);
        if (d.isDirectory()) visit(r);
      }
    };
    visit('');
    return out;
  });
}

/** The same work through a mount point. */
function work(mnt: string, tag: string): void {
  fs.mkdirSync(path.join(mnt, `${tag}-d`));
  for (let i = 0; i < 12; i++) fs.writeFileSync(path.join(mnt, `${tag}-d`, `f${i}`), `data ${i}\n`);
  for (let i = 0; i < 4; i++) expect(sh('mkfifo', [path.join(mnt, `${tag}-d`, `p${i}`)]).code).toBe(0);
  for (let i = 0; i < 6; i++) fs.writeFileSync(path.join(mnt, `${tag}${i}`), 'top\n');
}

describe('cluster.nufa on GlusterFS 10.3 and on tgluster', () => {
  let sb: GlusterSandbox;
  let env: Env;
  const views: Record<string, { g: string[][]; t: string[][] }> = {};
  let specs: { g: string; t: string };

  beforeAll(() => {
    ensureGlusterd();
    sb = new GlusterSandbox('nufa');
    env = makeEnv('oracle-nufa');
    const gb = [0, 1, 2].map((i) => path.join(sb.dir, `b${i}`));
    const tb = [0, 1, 2].map((i) => path.join(env.dir, `b${i}`));
    for (const b of [...gb, ...tb]) fs.mkdirSync(b);
    sb.create(VOL, gb, 1);
    gluster('volume', 'set', VOL, 'cluster.nufa', 'on');
    sb.start(VOL);
    const ok = (...a: string[]) => {
      const r = env.run(['--mode=script', ...a]);
      if (r.code !== 0) throw new Error(`${a.join(' ')}: ${r.stderr}`);
      return r.stdout;
    };
    ok('volume', 'create', VOL, ...tb.map((b, i) => `server${i + 1}:${b}`), 'force');
    ok('volume', 'set', VOL, 'cluster.nufa', 'on');
    ok('volume', 'start', VOL);
    const dhtNode = (spec: string) => /volume \S+-dht\n[^]*?end-volume/.exec(spec)![0].replace(VOL, 'V');
    specs = { g: dhtNode(gluster('system::', 'getspec', VOL)), t: dhtNode(ok('system::', 'getspec', VOL)) };

    for (const [tag, opts] of [['plain', []], ['named', ['-o', `xlator-option=${VOL}-dht.local-volume-name=${VOL}-client-2`]]] as const) {
      const gm = path.join(sb.dir, `mnt-${tag}`);
      const tm = path.join(env.dir, `mnt-${tag}`);
      fs.mkdirSync(gm);
      fs.mkdirSync(tm);
      expect(sh('mount', ['-t', 'glusterfs', ...opts, `server1:/${VOL}`, gm]).code).toBe(0);
      waitFor('the GlusterFS mount', () => sh('stat', [gm]).code === 0);
      expect(env.run(['mount', ...opts, `server1:/${VOL}`, tm]).code).toBe(0);
      work(gm, tag);
      work(tm, tag);
      sh('umount', [gm]);
      sh('umount', [tm]);
      views[tag] = { g: bricksView(gb), t: bricksView(tb) };
    }
  });

  afterAll(() => {
    sb?.cleanup();
    env?.run(['--mode=script', 'volume', 'stop', VOL, 'force']);
    env?.cleanup();
  });

  it('names the DHT translator cluster/nufa, without distribute options', () => {
    expect(specs.t).toBe(specs.g);
    expect(specs.t).toContain('type cluster/nufa');
  });

  it('puts every new file on the local subvolume, with a linkto where its name hashes', () => {
    expect(views.plain.t).toEqual(views.plain.g);
    expect(views.plain.g[0].filter((l) => l.endsWith(' data') || l.endsWith(' fifo')).length).toBe(22);
  });

  it('takes the local subvolume from --xlator-option VOL-dht.local-volume-name', () => {
    expect(views.named.t).toEqual(views.named.g);
    expect(views.named.g[2].filter((l) => l.startsWith('named') && (l.endsWith(' data') || l.endsWith(' fifo'))).length).toBe(22);
  });
});
