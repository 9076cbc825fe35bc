// Small-file creates per second through the api on a replica 3 volume, against a bare loop doing
// the minimum a replica-3 create needs on disk: create + write + setxattr trusted.gfid + handle
// hard link, on 3 directories. Target: ratio (api / bare) >= 0.3. Prints figures only.
// BENCH_FILES files per round, BENCH_ROUNDS rounds (api and bare alternate); BENCH_DIR where the
// bricks go (default: the temp dir); BENCH_BRICK_FS=xfs or ext4 puts them on a fresh loop-mounted
// file system instead (see brickFs in lib.mjs; root needed).
//
// The primary figure is the median of per-round ratios: a round's api and bare halves run back
// to back, so each pair shares the disk's state (an ext4 disk's create cost swings threefold from
// one run to the next with what its cache holds, which a ratio of medians would mix in).
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, brickFs, ensureBuilt, fmt, fsType, makeVolume, median, tempDir } from './lib.mjs';

ensureBuilt();
const N = Number(process.env.BENCH_FILES ?? 1000);
const SIZE = Number(process.env.BENCH_FILE_SIZE ?? 1024);
const xattr = createRequire(path.join(ROOT, 'package.json'))('fs-xattr');
const { openVolume } = await import(path.join(ROOT, 'dist', 'api.js'));

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const mounted = brickFs();
if (mounted) process.env.BENCH_DIR = mounted.dir;
const dir = tempDir('smallfiles');
const home = path.join(dir, 'home');
const data = Buffer.alloc(SIZE, 0x61);

/** N creates through the api into a fresh directory of the replica 3 volume; seconds. */
async function apiRound(vol, r) {
  await vol.mkdir(`/d${r}`);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) await vol.writeFile(`/d${r}/f${i}`, data);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** The same N creates as bare syscalls on three plain directories; seconds. */
function bareRound(r) {
  const bare = [0, 1, 2].map((k) => path.join(dir, `bare${k}`));
  for (const b of bare) {
    fs.mkdirSync(path.join(b, `d${r}`), { recursive: true });
    fs.mkdirSync(path.join(b, '.glusterfs'), { recursive: true });
  }
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    const gfid = randomUUID();
    const raw = Buffer.from(gfid.replace(/-/g, ''), 'hex');
    for (const b of bare) {
      const p = path.join(b, `d${r}`, `f${i}`);
      const fd = fs.openSync(p, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, 0o644);
      fs.writeSync(fd, data);
      fs.closeSync(fd);
      xattr.setAttributeSync(p, 'trusted.gfid', raw);
      const hdir = path.join(b, '.glusterfs', gfid.slice(0, 2), gfid.slice(2, 4));
      fs.mkdirSync(hdir, { recursive: true });
      fs.linkSync(p, path.join(hdir, gfid));
    }
  }
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

// Write-back of one phase's dirty pages slows whichever phase runs next, so the phases alternate
// round by round, each starts after a sync, and the medians are compared.
const flush = () => spawnSync('sync');
try {
  makeVolume(home, dir, 'sf3', 3, 3);
  const vol = await openVolume('sf3', { home });
  const apiRates = [];
  const bareRates = [];
  for (let r = 0; r < ROUNDS; r++) {
    flush();
    apiRates.push(N / (await apiRound(vol, r)));
    flush();
    bareRates.push(N / bareRound(r));
  }
  const apiRate = median(apiRates);
  const bareRate = median(bareRates);
  const ratios = apiRates.map((a, i) => a / bareRates[i]);
  console.log(`bricks on:             ${fsType(dir)} (${dir})`);
  console.log(`api, replica 3:        median ${fmt(apiRate, 0)} creates/s (${ROUNDS} rounds of ${N} files of ${SIZE} B)`);
  console.log(`bare loop, 3 dirs:     median ${fmt(bareRate, 0)} creates/s`);
  console.log(`per-round ratios:      ${ratios.map((x) => fmt(x)).join(' ')}`);
  console.log(`ratio of the medians:  ${fmt(apiRate / bareRate)}`);
  console.log(`small-file ratio: ${fmt(median(ratios))} (median of the rounds; target >= 0.3)`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
  mounted?.cleanup();
}
