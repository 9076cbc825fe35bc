// Rebalance figure (issue 9), a ratio against a baseline measured in the same run.
//
// Setup: a distribute volume of 3 bricks, 5,000 small files (1-4 KiB) in 20 directories written
// through the api, then `add-brick` of 2 more bricks.
//
//   rebalance: `tgluster volume rebalance V start --wait` (fix-layout of every directory, every
//              file whose hashed brick changed moved with GlusterFS's steps, directories settled)
//              against `cp -a` of the same tree on the same disk. Target: ratio <= 2.
//
// BENCH_REBALANCE_FILES changes the file count.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { MAIN, ROOT, ensureBuilt, fmt, makeVolume, tempDir, tgluster } from './lib.mjs';

ensureBuilt();
const N = Number(process.env.BENCH_REBALANCE_FILES ?? 5000);
const DIRS = 20;
const { openVolume } = await import(path.join(ROOT, 'dist', 'api.js'));
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

const dir = tempDir('rebalance');
const home = path.join(dir, 'home');
try {
  const bricks = makeVolume(home, dir, 'rv', 3);
  const vol = await openVolume('rv', { home });
  let t0 = process.hrtime.bigint();
  for (let d = 0; d < DIRS; d++) await vol.mkdir(`/d${d}`);
  for (let i = 0; i < N; i++) await vol.writeFile(`/d${i % DIRS}/f${i}`, Buffer.alloc(1024 + ((i * 997) % 3072), i & 0xff));
  console.log(`wrote ${N} files in ${DIRS} directories: ${fmt(ms(t0) / 1000)} s`);
  tgluster(home, ['volume', 'add-brick', 'rv', `server1:${path.join(dir, 'rv-b3')}`, `server2:${path.join(dir, 'rv-b4')}`, 'force']);

  // baseline: cp -a of the whole tree (every brick's directories) on the same disk
  const copyDir = path.join(dir, 'cp-a');
  fs.mkdirSync(copyDir);
  t0 = process.hrtime.bigint();
  for (const b of bricks) {
    const to = path.join(copyDir, path.basename(b));
    fs.mkdirSync(to);
    const r = spawnSync('cp', ['-a', ...Array.from({ length: DIRS }, (_, d) => path.join(b, `d${d}`)), to]);
    if (r.status !== 0) throw new Error(`cp -a ${b}: ${r.stderr}`);
  }
  const cp = ms(t0);

  t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [MAIN, '--json', 'volume', 'rebalance', 'rv', 'start', '--wait'], { env: { ...process.env, TGLUSTER_HOME: home } });
  const reb = ms(t0);
  if (r.status !== 0) throw new Error(`rebalance: ${r.status}\n${r.stdout}${r.stderr}`);
  const node = JSON.parse(r.stdout).nodes[0];
  if (node.status !== 'completed' || node.failures !== 0) throw new Error(`rebalance ended ${node.status} with ${node.failures} failures`);
  console.log(`rebalance 3 -> 5 bricks: ${fmt(reb / 1000)} s, ${node.rebalancedFiles} files moved (${fmt(node.rebalancedFiles / (reb / 1000), 0)} files/s), ${node.scanned} scanned; cp -a of the tree: ${fmt(cp / 1000)} s`);
  console.log(`rebalance ratio: ${fmt(reb / cp)} (target <= 2)`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
