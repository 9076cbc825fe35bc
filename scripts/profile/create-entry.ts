// Body of scripts/profile-create.mjs (bundled by it): N small-file creates through the api on a
// replica volume in a temp dir, timed per phase (create, write), next to a bare loop doing the
// minimal syscalls per file on the same number of directories.
import { randomUUID } from 'node:crypto';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clientFor } from '../../src/api/index.js';
import type { Brick, Volume } from '../../src/mgmt/types.js';
import { createTimeOptions } from '../../src/mgmt/options/create-time.js';
import { prepareVolumeBricks } from '../../src/xlators/volume-prep.js';
import { setXattr } from '../../src/xattr/index.js';
import { gfidToBytes } from '../../src/xlators/posix/gfid.js';
import { Posix } from '../../src/xlators/posix/posix.js';
import { Afr } from '../../src/xlators/afr/afr.js';

export interface ProfileArgs {
  n: number;
  replica: number;
  size: number;
  only?: 'api' | 'bare';
  /** Count the fops each translator class serves (per file). */
  count?: boolean;
  /**
   * Give new inodes gfids starting 0000, so every handle goes to .glusterfs/00/00, which
   * exists: what creates cost on an aged brick, whose .glusterfs/XX/YY directories all exist.
   */
  agedHandles?: boolean;
}

/** Wraps every fop method of the classes so that calls are counted by "Class.fop". */
function countFops(counts: Map<string, number>): void {
  for (const cls of [Posix, Afr] as Array<{ name: string; prototype: Record<string, unknown> }>) {
    for (const fop of Object.getOwnPropertyNames(cls.prototype)) {
      const orig = cls.prototype[fop];
      if (fop === 'constructor' || typeof orig !== 'function') continue;
      const key = `${cls.name}.${fop}`;
      cls.prototype[fop] = function (this: unknown, ...args: unknown[]) {
        counts.set(key, (counts.get(key) ?? 0) + 1);
        if (process.env.TG_PROFILE_TRACE && cls === Afr) console.error(key, (args[0] as { path?: string })?.path);
        return (orig as (...a: unknown[]) => unknown).apply(this, args);
      };
    }
  }
}

function makeVolume(dir: string, replica: number): Volume {
  const id = randomUUID();
  const bricks: Brick[] = [];
  for (let i = 0; i < replica; i++) {
    const p = path.join(dir, `b${i}`);
    fs.mkdirSync(p);
    setXattr(p, 'trusted.glusterfs.volume-id', gfidToBytes(id));
    bricks.push({ host: `server${i + 1}`, path: p, brickId: i, nodeUuid: randomUUID(), port: 49152 + i, arbiter: false });
  }
  const volume: Volume = {
    name: 'prof', id, type: replica > 1 ? 'Replicate' : 'Distribute', status: 'Started', replicaCount: replica,
    arbiterCount: 0, disperseCount: 0, redundancyCount: 0, stripeCount: 1, transport: 'tcp', bricks, options: [],
  };
  volume.options = createTimeOptions(volume);
  prepareVolumeBricks(volume);
  return volume;
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

async function apiLoop(dir: string, a: ProfileArgs): Promise<Record<string, number>> {
  const vol = clientFor(makeVolume(dir, a.replica), { home: path.join(dir, 'home') });
  await vol.mkdir('/d');
  const counts = new Map<string, number>();
  if (a.count) countFops(counts);
  const data = Buffer.alloc(a.size, 0x61);
  let tCreate = 0;
  let tWrite = 0;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < a.n; i++) {
    const c0 = process.hrtime.bigint();
    const fh = await vol.open(`/d/f${i}`, 'wx');
    tCreate += ms(c0);
    const w0 = process.hrtime.bigint();
    if (data.length) await fh.write(data, 0);
    tWrite += ms(w0);
    await fh.close();
  }
  const total = ms(t0);
  const cpu = process.cpuUsage(cpu0);
  // CPU time per file: steadier than wall time on a shared machine.
  const cpuPerFile = (cpu.user + cpu.system) / 1000 / a.n;
  const fops = Object.fromEntries([...counts].sort((x, y) => y[1] - x[1]).map(([k, v]) => [k, v / a.n]));
  return { total, perFile: total / a.n, cpuPerFile, create: tCreate / a.n, write: tWrite / a.n, ...(a.count ? { fops } : {}) };
}

/** The floor: create + write + gfid xattr + handle link on each of `replica` directories. */
function bareLoop(dir: string, a: ProfileArgs): Record<string, number> {
  const dirs = Array.from({ length: a.replica }, (_, i) => {
    const d = path.join(dir, `bare${i}`);
    fs.mkdirSync(path.join(d, 'h'), { recursive: true });
    return d;
  });
  const data = Buffer.alloc(a.size, 0x61);
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < a.n; i++) {
    const gfid = randomUUID();
    const raw = gfidToBytes(gfid);
    for (const d of dirs) {
      const f = path.join(d, `f${i}`);
      const fd = fs.openSync(f, 'wx');
      if (data.length) fs.writeSync(fd, data);
      fs.closeSync(fd);
      setXattr(f, 'trusted.gfid', raw);
      fs.linkSync(f, path.join(d, 'h', gfid));
    }
  }
  const total = ms(t0);
  const cpu = process.cpuUsage(cpu0);
  return { total, perFile: total / a.n, cpuPerFile: (cpu.user + cpu.system) / 1000 / a.n };
}

function ageHandles(): void {
  // The builtin's CommonJS object, patched and synced into its ESM exports (the api's import).
  const crypto = createRequire(import.meta.url)('node:crypto') as { randomUUID: () => string };
  const real = crypto.randomUUID;
  crypto.randomUUID = () => `0000${real().slice(4)}`;
  syncBuiltinESMExports();
}

export async function profile(a: ProfileArgs): Promise<void> {
  if (a.agedHandles) ageHandles();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-prof-'));
  try {
    const out: Record<string, unknown> = { n: a.n, replica: a.replica, size: a.size };
    if (a.only !== 'bare') out.api = await apiLoop(dir, a);
    if (a.only !== 'api') out.bare = bareLoop(dir, a);
    const api = out.api as { perFile: number; cpuPerFile: number } | undefined;
    const bare = out.bare as { perFile: number; cpuPerFile: number } | undefined;
    if (api && bare) {
      out.ratio = bare.perFile / api.perFile;
      out.cpuRatio = bare.cpuPerFile / api.cpuPerFile;
    }
    console.log(JSON.stringify(out, (_, v) => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : v), 2));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
