// Self-heal figures (issue 8), each a ratio against a baseline measured in the same run.
//
// Setup: a replica 3 volume, its third brick killed, 5,000 small files (1-4 KiB) written in 20
// directories through the api, the brick started again: 5,000 + 20 + 1 pending entries.
//
//   heal-info: `tgluster volume heal V info` against a bare loop (its own node process too) that
//              lists each brick's xattrop index and reads the AFR xattrs of each entry through
//              its handle on that brick. Target: ratio <= 3.
//   heal:      `tgluster volume heal V` (index heal until heal info shows 0) against `cp -a` of
//              the same tree on the same disk. Target: heal rate >= 0.3 of cp's (ratio <= 3.3).
//
// BENCH_HEAL_FILES changes the file count; BENCH_RUNS the heal-info repetitions (median).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { MAIN, ROOT, ensureBuilt, fmt, makeVolume, median, tempDir, tgluster } from './lib.mjs';

ensureBuilt();
const N = Number(process.env.BENCH_HEAL_FILES ?? 5000);
const DIRS = 20;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const { openVolume } = await import(path.join(ROOT, 'dist', 'api.js'));

const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
function timed(cmd, args, env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env: { ...process.env, ...env }, maxBuffer: 1 << 30 });
  const t = ms(t0);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return { t, out: r.stdout.toString() };
}

const dir = tempDir('heal');
const home = path.join(dir, 'home');
try {
  const bricks = makeVolume(home, dir, 'hv', 3, 3);
  tgluster(home, ['debug', 'kill-brick', 'hv', `server3:${bricks[2]}`]);
  const vol = await openVolume('hv', { home });
  let t0 = process.hrtime.bigint();
  for (let d = 0; d < DIRS; d++) await vol.mkdir(`/d${d}`);
  for (let i = 0; i < N; i++) await vol.writeFile(`/d${i % DIRS}/f${i}`, Buffer.alloc(1024 + ((i * 997) % 3072), i & 0xff));
  console.log(`wrote ${N} files in ${DIRS} directories with brick 3 down: ${fmt(ms(t0) / 1000)} s`);
  tgluster(home, ['volume', 'start', 'hv', 'force']);

  // heal info
  const env = { TGLUSTER_HOME: home };
  const bare =
    `const a=require(${JSON.stringify(path.join(ROOT, 'build', 'Release', 'tgluster_native.node'))});const fs=require('fs');let n=0;` +
    `for(const b of ${JSON.stringify(bricks)}){const d=b+'/.glusterfs/indices/xattrop';for(const g of fs.readdirSync(d)){if(g.startsWith('xattrop-'))continue;` +
    `const h=g==='00000000-0000-0000-0000-000000000001'?b:b+'/.glusterfs/'+g.slice(0,2)+'/'+g.slice(2,4)+'/'+g;` +
    `for(const k of a.xattrList(h))if(k.startsWith('trusted.afr.'))a.xattrGet(h,k);n++}}console.log(n)`;
  const infoTimes = [];
  const bareTimes = [];
  let entries = 0;
  for (let r = 0; r < RUNS; r++) {
    const info = timed(process.execPath, [MAIN, 'volume', 'heal', 'hv', 'info'], env);
    infoTimes.push(info.t);
    entries = [...info.out.matchAll(/Number of entries: (\d+)/g)].reduce((s, m) => s + Number(m[1]), 0);
    bareTimes.push(timed(process.execPath, ['-e', bare]).t);
  }
  const info = median(infoTimes);
  const base = median(bareTimes);
  console.log(`heal info (${entries} entries over 3 bricks): median ${fmt(info)} ms; bare index + xattr loop: ${fmt(base)} ms`);
  console.log(`heal-info ratio: ${fmt(info / base)} (target <= 3)`);

  // heal
  const copyDir = path.join(dir, 'cp-a');
  fs.mkdirSync(copyDir);
  const cp = timed('cp', ['-a', ...Array.from({ length: DIRS }, (_, d) => path.join(bricks[0], `d${d}`)), copyDir]);
  t0 = process.hrtime.bigint();
  tgluster(home, ['volume', 'heal', 'hv']);
  const heal = ms(t0);
  const left = tgluster(home, ['volume', 'heal', 'hv', 'info']).toString();
  if (/Number of entries: [1-9]/.test(left)) throw new Error(`entries left after the heal:\n${left}`);
  console.log(`index heal of ${N} files: ${fmt(heal / 1000)} s (${fmt(N / (heal / 1000), 0)} files/s); cp -a of the tree: ${fmt(cp.t / 1000)} s`);
  console.log(`heal ratio: ${fmt(heal / cp.t)} (target <= 3.3; rate ${fmt(cp.t / heal)} of cp's, target >= 0.3)`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
