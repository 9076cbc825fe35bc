// CLI start-up latency: median wall time of `tgluster volume info` (10 volumes defined) against
// `node -e 0` measured in the same run, interleaved so that machine load hits both alike.
// Target: ratio <= 1.3. Prints figures only.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAIN, ROOT, ensureBuilt, fmt, makeVolume, median, tempDir, timeSpawn } from './lib.mjs';

ensureBuilt();
// 41 interleaved samples: on a shared, loaded machine 21 left the median swinging by ~0.2.
const RUNS = Number(process.env.BENCH_RUNS ?? 41);
const dir = tempDir('latency');
const home = `${dir}/home`;
try {
  for (let i = 0; i < 10; i++) makeVolume(home, dir, `lat${i}`, 1);
  const env = { ...process.env, TGLUSTER_HOME: home };
  // What users run (bin/tgluster, which only requires the bundle) and the bundle entry itself.
  const BIN = path.join(ROOT, 'bin', 'tgluster');
  const info = [];
  const direct = [];
  const bare = [];
  // One warm-up each (page cache), then interleaved samples so that load hits all alike.
  timeSpawn(process.execPath, [BIN, 'volume', 'info'], env);
  timeSpawn(process.execPath, ['-e', '0'], env);
  for (let i = 0; i < RUNS; i++) {
    info.push(timeSpawn(process.execPath, [BIN, 'volume', 'info'], env));
    direct.push(timeSpawn(process.execPath, [MAIN, 'volume', 'info'], env));
    bare.push(timeSpawn(process.execPath, ['-e', '0'], env));
  }
  const a = median(info);
  const b = median(bare);
  console.log(`bin/tgluster volume info (10 volumes): median ${fmt(a)} ms over ${RUNS} runs`);
  console.log(`dist/cli/tgluster.cjs volume info:     median ${fmt(median(direct))} ms`);
  console.log(`node -e 0:                             median ${fmt(b)} ms`);
  console.log(`latency ratio: ${fmt(a / b)} (target <= 1.3)`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
