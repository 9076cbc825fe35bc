// Small-file creates per second through the api on a replica 3 volume, against a bare loop doing
// the minimum a replica-3 create needs on disk: create + write + setxattr trusted.gfid + handle
// hard link, on 3 directories. Target: ratio (api / bare) >= 0.3. Prints figures only.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, ensureBuilt, fmt, makeVolume, tempDir } from './lib.mjs';

ensureBuilt();
const N = Number(process.env.BENCH_FILES ?? 2000);
const SIZE = Number(process.env.BENCH_FILE_SIZE ?? 1024);
const xattr = createRequire(path.join(ROOT, 'package.json'))('fs-xattr');
const { openVolume } = await import(path.join(ROOT, 'dist', 'api.js'));

const dir = tempDir('smallfiles');
const home = path.join(dir, 'home');
const data = Buffer.alloc(SIZE, 0x61);
try {
  // The api on replica 3.
  makeVolume(home, dir, 'sf3', 3, 3);
  const vol = await openVolume('sf3', { home });
  await vol.mkdir('/d');
  let t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) await vol.writeFile(`/d/f${i}`, data);
  const apiSec = Number(process.hrtime.bigint() - t0) / 1e9;

  // The bare loop on three plain directories.
  const bare = [0, 1, 2].map((k) => path.join(dir, `bare${k}`));
  for (const b of bare) {
    fs.mkdirSync(path.join(b, 'd'), { recursive: true });
    fs.mkdirSync(path.join(b, '.glusterfs'), { recursive: true });
  }
  t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    const gfid = randomUUID();
    const raw = Buffer.from(gfid.replace(/-/g, ''), 'hex');
    for (const b of bare) {
      const p = path.join(b, 'd', `f${i}`);
      const fd = fs.openSync(p, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, 0o644);
      fs.writeSync(fd, data);
      fs.closeSync(fd);
      xattr.setAttributeSync(p, 'trusted.gfid', raw);
      const hdir = path.join(b, '.glusterfs', gfid.slice(0, 2), gfid.slice(2, 4));
      fs.mkdirSync(hdir, { recursive: true });
      fs.linkSync(p, path.join(hdir, gfid));
    }
  }
  const bareSec = Number(process.hrtime.bigint() - t0) / 1e9;
  const apiRate = N / apiSec;
  const bareRate = N / bareSec;
  console.log(`api, replica 3:        ${fmt(apiRate, 0)} creates/s (${N} files of ${SIZE} B in ${fmt(apiSec)} s)`);
  console.log(`bare loop, 3 dirs:     ${fmt(bareRate, 0)} creates/s (${fmt(bareSec)} s)`);
  console.log(`small-file ratio: ${fmt(apiRate / bareRate)} (target >= 0.3)`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
