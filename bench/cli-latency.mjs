// CLI start-up latency: median wall time of `tgluster volume info` (10 volumes defined) against
// `node -e 0` measured in the same run, interleaved so that machine load hits both alike.
// Target: ratio <= 1.3. Prints figures only.
import * as fs from 'node:fs';
import { MAIN, ensureBuilt, fmt, makeVolume, median, tempDir, timeSpawn } from './lib.mjs';

ensureBuilt();
const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const dir = tempDir('latency');
const home = `${dir}/home`;
try {
  for (let i = 0; i < 10; i++) makeVolume(home, dir, `lat${i}`, 1);
  const env = { ...process.env, TGLUSTER_HOME: home };
  const info = [];
  const bare = [];
  // One warm-up each (page cache), then interleaved samples.
  timeSpawn(process.execPath, [MAIN, 'volume', 'info'], env);
  timeSpawn(process.execPath, ['-e', '0'], env);
  for (let i = 0; i < RUNS; i++) {
    info.push(timeSpawn(process.execPath, [MAIN, 'volume', 'info'], env));
    bare.push(timeSpawn(process.execPath, ['-e', '0'], env));
  }
  const a = median(info);
  const b = median(bare);
  console.log(`tgluster volume info (10 volumes): median ${fmt(a)} ms over ${RUNS} runs`);
  console.log(`node -e 0:                         median ${fmt(b)} ms over ${RUNS} runs`);
  console.log(`latency ratio: ${fmt(a / b)} (target <= 1.3)`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
