// Work through `tgluster mount` against the same work on a local directory, in the same run
// (issue 10). A replica 3 volume, bricks in the temp dir; the local directory beside them.
//
//   creates: N small files (1 KiB) written one by one (open, write, close) into a fresh
//            directory of the mount, vs the same into a fresh local directory;
//   tar x:   the project's src/ and test/ trees (a few hundred source files) extracted into the
//            mount, vs into a local directory.
// Each round runs both halves back to back; the figure is the median of per-round ratios
// (mount time / local time). BENCH_FILES (default 1000) and BENCH_ROUNDS (default 5).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, ensureBuilt, fmt, makeVolume, median, tempDir, tgluster } from './lib.mjs';

ensureBuilt();
const N = Number(process.env.BENCH_FILES ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const data = Buffer.alloc(1024, 0x61);
const secs = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;

const dir = tempDir('mount');
const home = path.join(dir, 'home');
const mnt = path.join(dir, 'mnt');
const local = path.join(dir, 'local');
const archive = path.join(dir, 'tree.tar');
fs.mkdirSync(mnt);
fs.mkdirSync(local);

function creates(base, r) {
  const d = path.join(base, `c${r}`);
  fs.mkdirSync(d);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) fs.writeFileSync(path.join(d, `f${i}`), data);
  return secs(t0);
}

function untar(base, r) {
  const d = path.join(base, `t${r}`);
  fs.mkdirSync(d);
  const t0 = process.hrtime.bigint();
  const x = spawnSync('tar', ['-C', d, '-xf', archive]);
  if (x.status !== 0) throw new Error(`tar x: ${x.stderr}`);
  return secs(t0);
}

try {
  makeVolume(home, dir, 'mb', 3, 3);
  tgluster(home, ['mount', 'mb', mnt]);
  const c = spawnSync('tar', ['-C', ROOT, '-cf', archive, 'src', 'test']);
  if (c.status !== 0) throw new Error(`tar c: ${c.stderr}`);
  const members = spawnSync('tar', ['-tf', archive], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).length;
  const rows = { creates: [], tar: [] };
  for (let r = 0; r < ROUNDS; r++) {
    const [cm, cl] = [creates(mnt, r), creates(local, r)];
    const [tm, tl] = [untar(mnt, r), untar(local, r)];
    rows.creates.push({ mount: cm, local: cl });
    rows.tar.push({ mount: tm, local: tl });
    console.log(`round ${r}: creates ${fmt(N / cm, 0)}/s (local ${fmt(N / cl, 0)}/s), tar x ${fmt(tm)} s (local ${fmt(tl, 3)} s)`);
  }
  const ratio = (xs) => median(xs.map((x) => x.mount / x.local));
  console.log(`creates through the mount: ${fmt(N / median(rows.creates.map((x) => x.mount)), 0)} files/s; ratio mount/local ${fmt(ratio(rows.creates), 1)}`);
  console.log(`tar x of ${members} members through the mount: ${fmt(median(rows.tar.map((x) => x.mount)))} s; ratio mount/local ${fmt(ratio(rows.tar), 1)}`);
} finally {
  spawnSync('umount', [mnt]);
  fs.rmSync(dir, { recursive: true, force: true });
}
