// Real GlusterFS 10.3 as the oracle: glusterd (started if needed, never stopped), volumes with a
// tag prefix, FUSE mounts. Everything created here is removed by `cleanup()`; a missing gluster
// is a failure, not a skip (CI runs this suite as root on purpose).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Sh {
  code: number;
  stdout: string;
  stderr: string;
}

export function sh(cmd: string, args: string[], input?: string): Sh {
  const r = spawnSync(cmd, args, { input: input ?? '', encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? String(r.error ?? '') };
}

/** `gluster --mode=script ...`; throws with gluster's own text on failure. */
export function gluster(...args: string[]): string {
  const r = sh('gluster', ['--mode=script', ...args]);
  if (r.code !== 0) throw new Error(`gluster ${args.join(' ')} -> ${r.code}: ${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** Makes sure glusterd answers; starts it when no glusterd runs. Fails loudly otherwise. */
export function ensureGlusterd(): void {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) throw new Error('oracle tests need root');
  if (sh('pgrep', ['-x', 'glusterd']).code !== 0) {
    const r = sh('glusterd', []);
    if (r.code !== 0) throw new Error(`cannot start glusterd: ${r.stderr}`);
  }
  // glusterd takes a moment to listen; retry a cheap query until it answers (bounded).
  for (let i = 0; i < 50; i++) {
    if (sh('gluster', ['--mode=script', 'volume', 'list']).code === 0) return;
    execFileSync('sleep', ['0.2']);
  }
  throw new Error('glusterd does not answer');
}

/** Waits (bounded) until `fn` holds; polling real daemons is the only synchronisation available. */
export function waitFor(what: string, fn: () => boolean, tries = 100): void {
  for (let i = 0; i < tries; i++) {
    if (fn()) return;
    execFileSync('sleep', ['0.2']);
  }
  throw new Error(`timed out waiting for ${what}`);
}

export interface OracleVolume {
  name: string;
  mount: string;
}

/** Tracks what a suite created in real gluster so that afterAll removes exactly that. */
export class GlusterSandbox {
  readonly dir: string;
  private volumes = new Set<string>();
  private mounts = new Set<string>();

  constructor(tag: string) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `tg-oracle-${tag}-`));
  }

  /** `volume create NAME [replica N] server1:b0 server2:b1 ... force` over existing brick dirs. */
  create(name: string, bricks: string[], replica: number): void {
    const specs = bricks.map((b, i) => `server${(i % 3) + 1}:${b}`);
    gluster('volume', 'create', name, ...(replica > 1 ? ['replica', String(replica)] : []), ...specs, 'force');
    this.volumes.add(name);
  }

  /**
   * A started replica 3 volume over new bricks `<dir>/b0..b2`, with `options` set before the
   * start, mounted: its bricks and the mount point.
   */
  startedReplica3(name: string, options: ReadonlyArray<readonly [string, string]>): { bricks: string[]; mnt: string } {
    const bricks = [0, 1, 2].map((i) => path.join(this.dir, `b${i}`));
    for (const b of bricks) fs.mkdirSync(b);
    this.create(name, bricks, 3);
    for (const [k, v] of options) gluster('volume', 'set', name, k, v);
    this.start(name);
    return { bricks, mnt: this.mountVolume(name) };
  }

  /** A volume made by other means (a script) that cleanup() must remove too. */
  track(name: string): void {
    this.volumes.add(name);
  }

  start(name: string): void {
    gluster('volume', 'start', name);
  }

  /** FUSE-mounts a volume (at `at`, else in the sandbox's temp dir) and returns the mount point. */
  mountVolume(name: string, at?: string, options: string[] = []): string {
    const mnt = at ?? path.join(this.dir, `mnt-${name}`);
    fs.mkdirSync(mnt, { recursive: true });
    const r = sh('mount', ['-t', 'glusterfs', ...options, `server1:/${name}`, mnt]);
    if (r.code !== 0) throw new Error(`mount ${name}: ${r.stdout}${r.stderr}`);
    this.mounts.add(mnt);
    waitFor(`mount of ${name}`, () => sh('stat', [mnt]).code === 0);
    return mnt;
  }

  unmount(mnt: string): void {
    if (!this.mounts.has(mnt)) return;
    sh('umount', [mnt]);
    if (sh('mountpoint', ['-q', mnt]).code === 0) sh('umount', ['-l', mnt]);
    this.mounts.delete(mnt);
  }

  /** Stops (if started) and deletes one of our volumes. */
  remove(name: string): void {
    if (!this.volumes.has(name)) return;
    sh('gluster', ['--mode=script', 'volume', 'stop', name, 'force']);
    sh('gluster', ['--mode=script', 'volume', 'delete', name]);
    this.volumes.delete(name);
  }

  /** One brick's row of `volume status --xml` (text mode wraps long brick names). */
  private brickNode(name: string, brickPath: string): { pid: number; online: boolean } {
    const xml = gluster('volume', 'status', name, '--xml');
    for (const m of xml.matchAll(/<node>([\s\S]*?)<\/node>/g)) {
      const field = (f: string) => new RegExp(`<${f}>([^<]*)</${f}>`).exec(m[1])?.[1];
      if (field('path') !== brickPath) continue;
      return { pid: Number(field('pid')), online: field('status') === '1' };
    }
    throw new Error(`brick ${brickPath} not in:\n${xml}`);
  }

  /** PID of a brick process, as an admin reads it from `volume status`. */
  brickPid(name: string, brickPath: string): number {
    const { pid } = this.brickNode(name, brickPath);
    if (!(pid > 0)) throw new Error(`brick ${brickPath} has no pid`);
    return pid;
  }

  brickOnline(name: string, brickPath: string): boolean {
    return this.brickNode(name, brickPath).online;
  }

  /**
   * Kills a brick process as an admin does (`kill -9` of the Pid `volume status` shows) and waits
   * until it is gone: glusterd takes a pid whose /proc entry is still there (a zombie not yet
   * reaped) for a running brick, and `volume start force` would then not restart it.
   */
  killBrick(name: string, brickPath: string): void {
    const pid = this.brickPid(name, brickPath);
    process.kill(pid, 'SIGKILL');
    waitFor(`brick pid ${pid} to be reaped`, () => !fs.existsSync(`/proc/${pid}`), 300);
    waitFor(`brick ${brickPath} offline in volume status`, () => !this.brickOnline(name, brickPath), 300);
  }

  /** Entries `gluster volume heal V info` reports, summed over bricks (-1 for a down brick). */
  healInfoCounts(name: string): number[] {
    const out = gluster('volume', 'heal', name, 'info');
    return [...out.matchAll(/^Number of entries: (\S+)$/gm)].map((m) => (m[1] === '-' ? -1 : Number(m[1])));
  }

  cleanup(): void {
    for (const m of [...this.mounts]) this.unmount(m);
    for (const v of [...this.volumes]) this.remove(v);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Every file/dir/symlink under a local root (a mount or a tree), relative, sorted. */
/** sha256 of some bytes, hex. */
export const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Every entry below `root` as 'dir', 'symlink:<target>' or the sha of its contents. */
export function treeContents(root: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const rel of walk(root)) {
    const p = path.join(root, rel);
    const st = fs.lstatSync(p);
    out.set(rel, st.isSymbolicLink() ? `symlink:${fs.readlinkSync(p)}` : st.isDirectory() ? 'dir' : sha(fs.readFileSync(p)));
  }
  return out;
}

export function walk(root: string): string[] {
  const out: string[] = [];
  const visit = (rel: string) => {
    for (const d of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${d.name}` : d.name;
      out.push(r);
      if (d.isDirectory()) visit(r);
    }
  };
  visit('');
  return out.sort();
}

/**
 * Whether a FUSE mount's AFR sees brick `i` (volume order) connected: `child_up` in the replica
 * set's private dump under `.meta`, what the mount log would report.
 */
export function mountSeesUp(mnt: string, vol: string, i: number, replica: number): boolean {
  const priv = fs.readFileSync(path.join(mnt, '.meta/graphs/active', `${vol}-replicate-${Math.floor(i / replica)}`, 'private'), 'utf8');
  return new RegExp(`^child_up\\[${i % replica}\\] = 1$`, 'm').test(priv);
}

/**
 * The end of a suite that runs the same steps on both sides: gluster's volumes and mounts go, the
 * tgluster volumes `made` are stopped and deleted, and the brick root `root` (under `parent`) is
 * removed, `parent` too once empty.
 */
export function tearDownSides(sb: GlusterSandbox | undefined, env: { run(args: string[]): unknown; cleanup(): void } | undefined, made: string[], root: string, parent: string): void {
  sb?.cleanup();
  for (const vol of made) {
    env?.run(['--mode=script', 'volume', 'stop', vol, 'force']);
    env?.run(['--mode=script', 'volume', 'delete', vol]);
  }
  env?.cleanup();
  fs.rmSync(root, { recursive: true, force: true });
  if (fs.existsSync(parent) && fs.readdirSync(parent).length === 0) fs.rmdirSync(parent);
}
