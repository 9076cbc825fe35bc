// `tgluster fs ls` of one directory with many entries (default 100,000) on a 4-brick distribute
// volume, against a bare readdir of the 4 brick directories (names only, as `ls` needs).
// Target: ratio (fs ls / bare) <= 2. Populating goes through the api (creates), timed apart.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { MAIN, ROOT, ensureBuilt, fmt, makeVolume, median, tempDir } from './lib.mjs';

ensureBuilt();
const N = Number(process.env.BENCH_LS_ENTRIES ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const { openVolume } = await import(path.join(ROOT, 'dist', 'api.js'));

const dir = tempDir('lsdir');
const home = path.join(dir, 'home');
try {
  const bricks = makeVolume(home, dir, 'ls4', 4);
  const vol = await openVolume('ls4', { home });
  await vol.mkdir('/big');
  let t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) await vol.create(`/big/entry-${i}`);
  const popSec = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`populated ${N} entries through the api in ${fmt(popSec)} s (${fmt(N / popSec, 0)} creates/s)`);

  const lsTimes = [];
  const bareTimes = [];
  for (let r = 0; r < RUNS; r++) {
    t0 = process.hrtime.bigint();
    const ls = spawnSync(process.execPath, [MAIN, 'fs', 'ls', 'ls4:/big'], { env: { ...process.env, TGLUSTER_HOME: home }, maxBuffer: 1 << 30 });
    lsTimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (ls.status !== 0) throw new Error(`fs ls failed: ${ls.stderr}`);
    const listed = ls.stdout.toString().split('\n').filter(Boolean).length;
    if (listed !== N) throw new Error(`fs ls listed ${listed} entries, expected ${N}`);
    // The bare side in its own process too, so both pay a node start-up.
    t0 = process.hrtime.bigint();
    const code = `const fs=require('fs');let n=0;for(const b of ${JSON.stringify(bricks)})n+=fs.readdirSync(b+'/big').length;console.log(n)`;
    const bare = spawnSync(process.execPath, ['-e', code]);
    bareTimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (bare.status !== 0) throw new Error(String(bare.stderr));
  }
  const a = median(lsTimes);
  const b = median(bareTimes);
  console.log(`tgluster fs ls (${N} entries, 4 bricks): median ${fmt(a)} ms over ${RUNS} runs`);
  console.log(`bare readdir of the 4 bricks:            median ${fmt(b)} ms over ${RUNS} runs`);
  console.log(`ls ratio: ${fmt(a / b)} (target <= 2)`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
