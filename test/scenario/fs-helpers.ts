// Running the built `tgluster` against a throw-away TGLUSTER_HOME, and reading bricks directly.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { getXattrOpt, listXattrs } from '../../src/xattr/index.js';
import { bytesToGfid } from '../../src/libglusterfs/uuid.js';
import { flockWait } from '../../src/fsutil/flock.js';
import { openWorkerLock } from '../../src/tasks/store.js';

export const MAIN = path.resolve(__dirname, '../../dist/main.js');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  out: Buffer;
}

export interface Env {
  home: string;
  dir: string;
  run(args: string[], input?: string | Buffer, extraEnv?: Record<string, string>): Run;
  /** The same, without blocking the test process (parallel clients). */
  runAsync(args: string[], extraEnv?: Record<string, string>): Promise<Run>;
  cleanup(): void;
}

export function makeEnv(tag: string): Env {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tg-${tag}-`));
  const home = path.join(dir, 'home');
  const env = (extra?: Record<string, string>) => ({ ...process.env, TGLUSTER_HOME: home, NO_COLOR: '1', ...extra });
  return {
    home,
    dir,
    run(args, input, extraEnv) {
      const r = spawnSync(process.execPath, [MAIN, ...args], { env: env(extraEnv), input: input ?? '', maxBuffer: 256 << 20 });
      return { code: r.status ?? 128 + 9, stdout: r.stdout.toString(), stderr: r.stderr.toString(), out: r.stdout };
    },
    runAsync(args, extraEnv) {
      return new Promise((resolve) => {
        const child = spawn(process.execPath, [MAIN, ...args], { env: env(extraEnv), stdio: ['ignore', 'pipe', 'pipe'] });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on('data', (b: Buffer) => out.push(b));
        child.stderr.on('data', (b: Buffer) => err.push(b));
        child.on('close', (code, signal) => {
          const o = Buffer.concat(out);
          resolve({ code: code ?? (signal === 'SIGKILL' ? 137 : 128), stdout: o.toString(), stderr: Buffer.concat(err).toString(), out: o });
        });
      });
    },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** `volume create` + `start` through the CLI; returns the brick paths in volume order. */
export function createVolume(e: Env, name: string, bricks: number, replica = 1): string[] {
  const paths = Array.from({ length: bricks }, (_, i) => path.join(e.dir, `${name}-b${i}`));
  const specs = paths.map((p, i) => `server${(i % 3) + 1}:${p}`);
  const args = ['--mode=script', 'volume', 'create', name, ...(replica > 1 ? ['replica', String(replica)] : []), ...specs, 'force'];
  const c = e.run(args);
  if (c.code !== 0) throw new Error(`volume create failed: ${c.stdout}${c.stderr}`);
  const s = e.run(['--mode=script', 'volume', 'start', name]);
  if (s.code !== 0) throw new Error(`volume start failed: ${s.stdout}${s.stderr}`);
  return paths;
}

export const gfidOn = (p: string): string | undefined => {
  const v = getXattrOpt(p, 'trusted.gfid');
  return v ? bytesToGfid(v) : undefined;
};

/** Every trusted.afr.* value on an object that is not all zeros. */
export function nonZeroAfr(p: string): string[] {
  return listXattrs(p)
    .filter((n) => n.startsWith('trusted.afr.'))
    .filter((n) => getXattrOpt(p, n)!.some((b) => b !== 0))
    .map((n) => `${p} ${n}=0x${getXattrOpt(p, n)!.toString('hex')}`);
}

/** Brick-relative paths of every object under a brick, .glusterfs excluded. */
export function brickTree(brick: string): string[] {
  const out: string[] = [];
  const visit = (rel: string) => {
    for (const d of fs.readdirSync(path.join(brick, rel), { withFileTypes: true })) {
      if (!rel && d.name.startsWith('.glusterfs')) continue;
      const r = rel ? `${rel}/${d.name}` : d.name;
      out.push(r);
      if (d.isDirectory()) visit(r);
    }
  };
  visit('');
  return out.sort();
}

/** gfid-named index entries of a brick (base files `xattrop-U`, `dirty-U` left out). */
export function indexEntries(brick: string): { xattrop: string[]; dirty: string[]; entryChanges: string[] } {
  const base = path.join(brick, '.glusterfs', 'indices');
  const list = (sub: string) => {
    try {
      return fs.readdirSync(path.join(base, sub)).filter((n) => !n.startsWith(`${sub}-`));
    } catch {
      return [];
    }
  };
  const entryChanges = list('entry-changes').flatMap((pg) => {
    try {
      return fs.readdirSync(path.join(base, 'entry-changes', pg)).map((n) => `${pg}/${n}`);
    } catch {
      return [];
    }
  });
  return { xattrop: list('xattrop').sort(), dirty: list('dirty').sort(), entryChanges: entryChanges.sort() };
}

/** Every object of a brick (root and .glusterfs excluded) with its afr counters, as [rel, key, s32 x3]. */
export function afrCounters(brick: string): Array<[string, string, number[]]> {
  const out: Array<[string, string, number[]]> = [];
  for (const rel of ['', ...brickTree(brick)]) {
    const p = path.join(brick, rel);
    for (const n of listXattrs(p)) {
      if (!n.startsWith('trusted.afr.')) continue;
      const v = getXattrOpt(p, n)!;
      out.push([rel, n, [0, 4, 8].map((o) => v.readInt32BE(o))]);
    }
  }
  return out;
}

/** Blocks until no task worker of the volume runs (its lock is free once it has exited). */
export function waitWorkerGone(home: string, volume: string): void {
  const fd = openWorkerLock(home, volume);
  try {
    flockWait(fd);
  } finally {
    fs.closeSync(fd);
  }
}
