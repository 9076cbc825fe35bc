// Oracle (1): real GlusterFS 10.3 places files and lays out directories exactly as tgluster's
// DHT computes. A 4-brick distribute volume is created in the real glusterd, FUSE-mounted and
// populated; then every directory's layout xattrs must equal tgluster's layout computation and
// every file must sit on the brick tgluster's DHT hashes it to. Runs as root (CI: npm run
// test:oracle); it fails, never skips, when glusterd cannot be started.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Brick, Volume } from '../../src/mgmt/types.js';
import type { Loc, Xdata } from '../../src/xlators/types.js';
import { prepareVolumeBricks } from '../../src/glusterfsd/brick-processes.js';
import { getXattrOpt } from '../../src/xattr/index.js';
import { Client } from '../../src/xlators/client/client.js';
import { Dht } from '../../src/xlators/dht/dht.js';
import { brickStatfs, replicaStatfs } from '../../src/xlators/dht/du.js';
import { chunksFromStatfs, computeNewLayout, decodeLayout, DHT_XATTR, encodeLayout, hashedSubvol, type DirLayout } from '../../src/xlators/dht/layout.js';
import { dhtSubvolumeNames as dhtSubvolumes, sharedBrickCount } from '../../src/mgmt/volgen.js';
import { posixOptions } from '../helpers/volfile-options.js';
import { isLinkto, LINKTO_XATTR, MDS_XATTR } from '../../src/xlators/dht/xattrs.js';
import { Posix } from '../../src/xlators/posix/posix.js';
import { load, type HashVector } from '../unit/dht/fixtures.js';

const VOL = `d1plc${process.pid}`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-d1-oracle-'));
const mnt = path.join(tmp, 'mnt');
const brickDirs = [0, 1, 2, 3].map((i) => path.join(tmp, `b${i}`));
let created = false;
let mounted = false;

const gluster = (...args: string[]) => execFileSync('gluster', ['--mode=script', ...args], { encoding: 'utf8', timeout: 120_000 });

/** Polls (for at most two minutes) until glusterd answers the CLI. */
function glusterdAnswers(): boolean {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (spawnSync('gluster', ['--mode=script', 'volume', 'list'], { timeout: 30_000 }).status === 0) return true;
    spawnSync('sleep', ['0.5']);
  }
  return false;
}

function ensureGlusterd(): void {
  if (spawnSync('pgrep', ['-x', 'glusterd']).status !== 0) {
    const r = spawnSync('glusterd', [], { timeout: 60_000 });
    if (r.status !== 0) throw new Error(`glusterd failed to start: ${r.stderr?.toString() ?? r.error}`);
  }
  if (!glusterdAnswers()) throw new Error('glusterd is not answering `gluster volume list`');
}

// Names that exercise the hash: ASCII, CJK, emoji, spaces, quotes, long names, rsync temporaries.
const vectors = load<{ vectors: HashVector[] }>('dm-hash-vectors.json').vectors;
const names = vectors
  .filter((v) => v.kind === 'name' || v.kind === 'rsync-regex-edge' || v.kind === 'cjk-length-sweep')
  .map((v) => Buffer.from(v.name_hex, 'hex').toString('utf8'))
  .filter((n) => n !== '' && n !== '.' && n !== '..' && !n.includes('/') && !n.includes('\0') && Buffer.byteLength(n) <= 255);
const uniqueNames = [...new Set(names)];
const dirs = ['/', '/dirA', '/dirA/sub1', '/deep', '/deep/x', '/deep/x/y', '/中文目录', '/.rsync.tmpdir', '/.rsync.tmpdir/.x.y'];
/** Files per directory: all names in / and /dirA, a slice elsewhere. */
const filesIn = (d: string) => (d === '/' || d === '/dirA' ? uniqueNames : uniqueNames.slice(0, 40));

type Op = 'mkdir' | 'write' | 'rename' | 'link' | 'unlink';
const OPS_FILES = Array.from({ length: 24 }, (_, i) => `f${i}`);
/** The namespace operations run through both implementations (renames and links create linkto files). */
function namespaceOps(run: (op: Op, a: string, b?: string) => void): void {
  run('mkdir', '/ops');
  run('mkdir', '/ops/sub');
  for (const f of OPS_FILES) run('write', `/ops/${f}`);
  for (let i = 0; i < 6; i++) run('rename', `/ops/f${i}`, `/ops/r${i}`);
  for (let i = 6; i < 12; i++) run('link', `/ops/f${i}`, `/ops/h${i}`);
  run('rename', '/ops/f12', '/ops/f13'); // onto an existing file
  run('unlink', '/ops/f14');
}

const volume: Volume = {
  name: VOL, id: randomUUID(), type: 'Distribute', status: 'Started', replicaCount: 1, arbiterCount: 0,
  disperseCount: 0, redundancyCount: 0, stripeCount: 1, transport: 'tcp', options: [],
  bricks: brickDirs.map((p, i): Brick => ({ host: 'server1', path: p, brickId: i, nodeUuid: 'x', port: 0, arbiter: false })),
};
const subvols = dhtSubvolumes(volume);
const join = (d: string, n: string) => (d === '/' ? `/${n}` : `${d}/${n}`);

/** The layout gluster wrote for a directory, read from the four bricks. */
function brickLayout(dir: string): DirLayout {
  return {
    entries: subvols.map((sv, i) => {
      const raw = getXattrOpt(path.join(brickDirs[i], dir), DHT_XATTR);
      if (!raw) throw new Error(`${sv.name}: no layout on ${dir}`);
      return { name: sv.name, range: decodeLayout(raw) };
    }),
  };
}

beforeAll(() => {
  if (process.getuid?.() !== 0) throw new Error('the placement oracle needs root (trusted.* xattrs, FUSE)');
  ensureGlusterd();
  for (const d of [...brickDirs, mnt]) fs.mkdirSync(d);
  gluster('volume', 'create', VOL, ...brickDirs.map((d) => `server1:${d}`), 'force');
  created = true;
  gluster('volume', 'start', VOL);
  execFileSync('mount', ['-t', 'glusterfs', `server1:/${VOL}`, mnt], { timeout: 120_000 });
  mounted = true;
  for (const d of dirs) {
    if (d !== '/') fs.mkdirSync(path.join(mnt, d));
    for (const n of filesIn(d)) fs.writeFileSync(path.join(mnt, join(d, n)), n);
  }
  namespaceOps((op, a, b) => {
    const m = (x: string) => path.join(mnt, x);
    if (op === 'mkdir') fs.mkdirSync(m(a));
    else if (op === 'write') fs.writeFileSync(m(a), a);
    else if (op === 'rename') fs.renameSync(m(a), m(b!));
    else if (op === 'link') fs.linkSync(m(a), m(b!));
    else fs.unlinkSync(m(a));
  });
  execFileSync('umount', [mnt]);
  mounted = false;
  gluster('volume', 'stop', VOL);
});

afterAll(() => {
  if (mounted) spawnSync('umount', ['-l', mnt]);
  if (created) {
    spawnSync('gluster', ['--mode=script', 'volume', 'stop', VOL, 'force'], { timeout: 120_000 });
    spawnSync('gluster', ['--mode=script', 'volume', 'delete', VOL], { timeout: 120_000 });
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('placement oracle: real GlusterFS 10.3 vs tgluster DHT', () => {
  it('tgluster computes the layout gluster wrote for every directory', () => {
    const infos = subvols.map((sv) => ({ name: sv.name, usable: true, chunks: chunksFromStatfs(replicaStatfs(sv.bricks.map((b) => brickStatfs(b.path, sharedBrickCount(volume, b))))) }));
    for (const d of dirs) {
      // root: built by directory self-heal (commit hash 1); others by mkdir on a never-rebalanced volume (0)
      const want = computeNewLayout(d, infos, { commitHash: d === '/' ? 1 : 0 });
      const got = brickLayout(d);
      for (const e of want.entries) {
        const on = got.entries.find((x) => x.name === e.name)!;
        expect(encodeLayout(on.range).toString('hex'), `${d} ${e.name}`).toBe(encodeLayout(e.range).toString('hex'));
      }
    }
  });

  it('the .mds marker sits on the subvolume each directory name hashes to', () => {
    for (const d of dirs.filter((x) => x !== '/')) {
      const parent = brickLayout(path.posix.dirname(d));
      const hashed = hashedSubvol(parent, path.posix.basename(d));
      const withMds = subvols.filter((_, i) => getXattrOpt(path.join(brickDirs[i], d), MDS_XATTR) !== undefined).map((s) => s.name);
      expect(withMds, d).toEqual([hashed]);
    }
  });

  it('every file sits on the brick tgluster hashes it to', () => {
    let checked = 0;
    for (const d of dirs) {
      const layout = brickLayout(d);
      for (const n of filesIn(d)) {
        const holders = subvols.filter((_, i) => {
          const p = path.join(brickDirs[i], join(d, n));
          if (!fs.existsSync(p)) return false;
          const st = fs.lstatSync(p);
          const linkto = getXattrOpt(p, LINKTO_XATTR);
          return !isLinkto({ type: 'file', mode: st.mode }, linkto ? { [LINKTO_XATTR]: linkto } : {}, LINKTO_XATTR);
        });
        expect(holders.map((s) => s.name), join(d, n)).toEqual([hashedSubvol(layout, n)]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it("tgluster's DHT over the same bricks finds every file with gluster's gfid and content", () => {
    const clients = volume.bricks.map((b) => new Client(`${VOL}-client-${b.brickId}`, [new Posix(`${VOL}-posix-${b.brickId}`, [], posixOptions(volume, b))]));
    const dht = new Dht(`${VOL}-dht`, clients, {});
    for (const d of dirs) {
      expect(dht.lookup({ path: d }).iatt.type).toBe('dir');
      for (const n of filesIn(d).slice(0, 25)) {
        const p = join(d, n);
        const reply = dht.lookup({ path: p, name: n });
        const brick = subvols.findIndex((s) => s.name === hashedSubvol(brickLayout(d), n));
        const gfid = getXattrOpt(path.join(brickDirs[brick], p), 'trusted.gfid')!.toString('hex');
        expect(reply.iatt.gfid.replace(/-/g, ''), p).toBe(gfid);
        expect(dht.readv({ path: p, name: n }, 0, 1024).toString('utf8')).toBe(n);
      }
    }
  });

  it('renames, hard links and unlinks leave the same bricks as gluster left (modes, sizes, linkto bytes, layouts)', () => {
    // The same operations through tgluster's DHT on a fresh 4-brick volume of the same name on
    // the same filesystem (so the same chunks and layouts), then compared brick by brick.
    const tdir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-d1-oracle-tg-'));
    try {
      const tv: Volume = { ...volume, bricks: volume.bricks.map((b) => ({ ...b, path: path.join(tdir, `b${b.brickId}`) })) };
      for (const b of tv.bricks) fs.mkdirSync(b.path);
      prepareVolumeBricks(tv);
      const tclients = tv.bricks.map((b) => new Client(`${VOL}-client-${b.brickId}`, [new Posix(`${VOL}-posix-${b.brickId}`, [], posixOptions(tv, b))]));
      const tdht = new Dht(`${VOL}-dht`, tclients, {});
      const l = (p: string): Loc => ({ path: p, name: path.posix.basename(p) });
      let sec = 1_800_000_000;
      const xd = (): Xdata => ({ gfidReq: randomUUID(), time: { sec: sec++, nsec: 0 } });
      namespaceOps((op, a, b) => {
        if (op === 'mkdir') tdht.mkdir(l(a), 0o755, xd());
        else if (op === 'write') {
          tdht.create(l(a), 0o644, xd());
          tdht.writev(l(a), 0, Buffer.from(a), xd());
        } else if (op === 'rename') tdht.rename(l(a), l(b!), xd());
        else if (op === 'link') tdht.link(l(a), l(b!), xd());
        else tdht.unlink(l(a));
      });
      const snapshot = (root: string, dir: string) => {
        const out: Record<string, unknown> = {};
        const full = path.join(root, dir);
        for (const n of fs.readdirSync(full).sort()) {
          const p = path.join(full, n);
          const st = fs.lstatSync(p);
          const x = (k: string) => getXattrOpt(p, k)?.toString('hex');
          out[n] = { dir: st.isDirectory(), mode: (st.mode & 0o7777).toString(8), size: st.isDirectory() ? 0 : st.size, nlink: st.nlink, linkto: x(LINKTO_XATTR), mds: x(MDS_XATTR), layout: x(DHT_XATTR) };
        }
        return out;
      };
      for (let i = 0; i < 4; i++) {
        for (const d of ['ops', 'ops/sub']) {
          expect(snapshot(tv.bricks[i].path, d), `brick ${i} /${d}`).toEqual(snapshot(brickDirs[i], d));
        }
        expect(snapshot(tv.bricks[i].path, '').ops).toEqual(snapshot(brickDirs[i], '').ops);
      }
    } finally {
      fs.rmSync(tdir, { recursive: true, force: true });
    }
  });
});
