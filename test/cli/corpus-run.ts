// Runs gluster command lines against bin/tgluster in a throw-away state dir and brick root.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const TGLUSTER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/tgluster');

/**
 * tgluster under the name `gluster`, as scripts that need a stand-in run it: gluster's screens
 * exactly (run as `tgluster`, --help and --version add tgluster's own lines).
 */
export const AS_GLUSTER: string = (() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-as-gluster-'));
  fs.symlinkSync(TGLUSTER, path.join(dir, 'gluster'));
  return path.join(dir, 'gluster');
})();

export interface Result {
  exit: number;
  stdout: string;
  stderr: string;
}

/** A fresh world: `root` stands in for `/` (bricks live under root/bricks/cli), `home` is TGLUSTER_HOME. */
export interface World {
  root: string;
  home: string;
}

export function makeWorld(): World {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tgc-'));
  const home = path.join(root, 'home');
  fs.mkdirSync(path.join(root, 'bricks', 'cli'), { recursive: true });
  return { root, home };
}

export function removeWorld(w: World): void {
  fs.rmSync(w.root, { recursive: true, force: true });
}

/** Maps the capture's absolute brick paths (/bricks/cli, /bricks/disk, /bricks/m4, ...) into the world. */
export function inWorld(w: World, text: string): string {
  return text.split('/bricks/').join(`${w.root}/bricks/`);
}

/** A setup step that mounts a fresh tmpfs at a capture path (the capture's loop-mounted ext4). */
export const TMPFS_STEP = 'tmpfs ';

function mountTmpfs(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', dir]);
}

/**
 * Removes everything under `dir` except the mount points in `mounts` (and the directories leading
 * to them), which are emptied instead: a mount point cannot be removed while mounted.
 */
function clearTree(dir: string, mounts: string[]): void {
  for (const name of fs.readdirSync(dir)) {
    const p = path.join(dir, name);
    if (mounts.some((m) => m === p || m.startsWith(`${p}/`))) clearTree(p, mounts);
    else fs.rmSync(p, { recursive: true, force: true });
  }
}

/** Creates the parent directory of every HOST:/path brick on the line (glusterd creates only the last component). */
export function makeBrickParents(line: string): void {
  for (const m of line.matchAll(/\S+?:(\/\S+)/g)) {
    const p = m[1].replace(/['"]$/, '');
    fs.mkdirSync(path.dirname(p), { recursive: true });
  }
}

function run(file: string, args: string[], w: World, stdin?: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: { ...process.env, TGLUSTER_HOME: w.home, NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({
        exit: code ?? (signal ? 128 : -1),
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
      }),
    );
    child.stdin.on('error', () => undefined); // the command may exit without reading its input
    child.stdin.end(stdin ?? '');
  });
}

/** One setup step: a gluster command line (plain words) run in script mode. */
export async function setupStep(w: World, line: string): Promise<void> {
  const mapped = inWorld(w, line);
  makeBrickParents(mapped);
  const r = await run(TGLUSTER, ['--mode=script', ...mapped.split(' ')], w);
  if (r.exit !== 0) throw new Error(`setup step failed (exit ${r.exit}): gluster ${line}\n${r.stdout}${r.stderr}`);
}

/** The case's own command line, through bash like the capture, with `gluster` replaced by tgluster run as gluster. */
export function runCommand(w: World, command: string, stdin: string | undefined, brickParents: boolean): Promise<Result> {
  const mapped = inWorld(w, command);
  if (brickParents) makeBrickParents(mapped);
  // --norc: with its stdin on a socket (Node's pipes are socketpairs) bash would take itself for an
  // rshd child and read ~/.bashrc, whose output (pyenv here) would land in the captured stderr.
  return run('bash', ['--norc', '--noprofile', '-c', mapped.replace(/^gluster\b/, AS_GLUSTER)], w, stdin);
}

/** At most `n` tasks at a time (the machine has 2 cores shared by everyone). */
export function limiter(n: number) {
  let active = 0;
  const queue: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((r) => queue.push(r));
    active++;
    try {
      return await task();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}

function cpArchive(from: string, to: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // cp -a keeps the bricks' extended attributes (volume-id, gfid), which fs.cpSync drops
    const child = spawn('cp', ['-a', from, to], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`cp -a ${from} ${to}: exit ${code}`))));
  });
}

/**
 * Cases with the same setup share one world: the setup runs once, its result is kept aside, and
 * each case starts from a fresh copy of it at the same paths (state files hold absolute brick
 * paths, so the copy cannot move). Cases of one group run one after another.
 */
export class SetupGroup {
  private readonly world = makeWorld();
  private readonly saved = `${this.world.root}.saved`;
  /** tmpfs mounts made by the setup (absolute paths in the world). */
  private readonly mounts: string[] = [];
  private ready?: Promise<void>;
  private queue: Promise<unknown> = Promise.resolve();

  /** slot: the limiter the setup's tgluster processes run under. */
  constructor(
    private readonly steps: string[],
    private readonly slot: <T>(task: () => Promise<T>) => Promise<T>,
  ) {}

  /** Runs `body` alone in the group, in the world freshly restored to the setup's state. */
  run<T>(body: (w: World) => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      this.ready ??= this.slot(() => this.build());
      await this.ready;
      await this.restore();
      return body(this.world);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async build(): Promise<void> {
    for (const step of this.steps) {
      if (step.startsWith(TMPFS_STEP)) {
        const dir = inWorld(this.world, step.slice(TMPFS_STEP.length));
        mountTmpfs(dir);
        this.mounts.push(dir);
      } else {
        await setupStep(this.world, step);
      }
    }
    fs.mkdirSync(this.saved);
    for (const d of ['home', 'bricks']) {
      if (fs.existsSync(path.join(this.world.root, d))) await cpArchive(path.join(this.world.root, d), this.saved);
    }
  }

  private async restore(): Promise<void> {
    clearTree(this.world.root, this.mounts);
    for (const d of fs.readdirSync(this.saved)) await cpArchive(path.join(this.saved, d), this.world.root);
  }

  remove(): void {
    for (const m of this.mounts.reverse()) execFileSync('umount', [m]);
    removeWorld(this.world);
    fs.rmSync(this.saved, { recursive: true, force: true });
  }
}
