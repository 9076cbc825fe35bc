// Shared bits of the benchmarks: throw-away state dirs, the built CLI, timing.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The CLI bundle's entry (CommonJS); bin/tgluster only requires it. */
export const MAIN = path.join(ROOT, 'dist', 'cli', 'tgluster.cjs');

export function tempDir(tag) {
  return fs.mkdtempSync(path.join(process.env.BENCH_DIR || os.tmpdir(), `tg-bench-${tag}-`));
}

/** Runs the built CLI with a given TGLUSTER_HOME; throws on a non-zero exit. */
export function tgluster(home, args, input) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { env: { ...process.env, TGLUSTER_HOME: home }, input: input ?? '' });
  if (r.status !== 0) throw new Error(`tgluster ${args.join(' ')}: ${r.status}\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** Wall time of one child process, in ms. */
export function timeSpawn(cmd, args, env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status} ${r.stderr}`);
  return ms;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Creates and starts a volume through the CLI; returns its brick paths. */
export function makeVolume(home, dir, name, bricks, replica = 1) {
  const paths = Array.from({ length: bricks }, (_, i) => path.join(dir, `${name}-b${i}`));
  const specs = paths.map((p, i) => `server${(i % 3) + 1}:${p}`);
  tgluster(home, ['--mode=script', 'volume', 'create', name, ...(replica > 1 ? ['replica', String(replica)] : []), ...specs, 'force']);
  tgluster(home, ['volume', 'start', name]);
  return paths;
}

export function ensureBuilt() {
  if (!fs.existsSync(MAIN)) throw new Error('run `npm run build` first');
}

export const fmt = (x, d = 2) => x.toFixed(d);

/** The file system type of `dir` (as `stat -f` names it: ext2/ext3, xfs, tmpfs...). */
export function fsType(dir) {
  const r = spawnSync('stat', ['-f', '-c', '%T', dir], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : 'unknown';
}

/**
 * BENCH_BRICK_FS=xfs|ext4: bricks on a fresh loop-mounted file system instead of the temp dir:
 * XFS with 512-byte inodes (what GlusterFS recommends for bricks: its xattrs stay in the inode),
 * or ext4 with its default 256-byte inodes (they spill into a block). A fresh file system gives
 * figures that do not depend on the state of the machine's own disk. Needs root and mkfs.xfs or
 * mkfs.ext4. Returns the mount point and a function that unmounts and deletes it; undefined when
 * not asked for.
 */
export function brickFs() {
  const kind = process.env.BENCH_BRICK_FS;
  if (!kind) return undefined;
  const mkfs = { xfs: ['mkfs.xfs', ['-q', '-f', '-i', 'size=512']], ext4: ['mkfs.ext4', ['-q', '-F', '-I', '256']] }[kind];
  if (!mkfs) throw new Error(`BENCH_BRICK_FS=${kind}: xfs or ext4`);
  const base = fs.mkdtempSync(path.join(os.tmpdir(), `tg-bench-${kind}-`));
  const img = path.join(base, 'bricks.img');
  const mnt = path.join(base, 'mnt');
  fs.mkdirSync(mnt);
  const run = (cmd, args) => {
    const r = spawnSync(cmd, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr || r.error}`);
  };
  run('truncate', ['-s', '4G', img]);
  run(mkfs[0], [...mkfs[1], img]);
  run('mount', ['-o', 'loop', img, mnt]);
  return {
    dir: mnt,
    cleanup: () => {
      spawnSync('umount', [mnt]);
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
}
