import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as locks from '../../../src/xlators/locks/flock.js';
import { makeBrick, newInode, type TestBrick } from '../posix/helpers.js';
import { bundleChild } from '../posix/child-bundle.js';

let child: ReturnType<typeof bundleChild>;
let childJs: string;
beforeAll(() => {
  child = bundleChild(path.join(__dirname, 'lock-child.ts'));
  childJs = child.file;
});
afterAll(() => child.cleanup());

let b: TestBrick;
const children: ChildProcess[] = [];
beforeEach(() => {
  b = makeBrick();
});
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  b.cleanup();
});

/** A child process speaking the line protocol of lock-child.ts. */
class Peer {
  private lines: string[] = [];
  private waiters: Array<() => void> = [];
  readonly proc: ChildProcess;
  constructor(args: string[]) {
    this.proc = spawn(process.execPath, [childJs, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
    children.push(this.proc);
    let buf = '';
    this.proc.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        this.lines.push(buf.slice(0, i));
        buf = buf.slice(i + 1);
        for (const w of this.waiters.splice(0)) w();
      }
    });
  }
  send(cmd: string): void {
    this.proc.stdin!.write(cmd + '\n');
  }
  /** Next line the child prints. */
  async next(): Promise<string> {
    while (this.lines.length === 0) {
      await new Promise<void>((r) => this.waiters.push(r));
    }
    return this.lines.shift()!;
  }
  /** Lines printed so far and not consumed. */
  pending(): string[] {
    return [...this.lines];
  }
}

async function peer(args: string[]): Promise<Peer> {
  const p = new Peer(args);
  expect(await p.next()).toBe('ready');
  return p;
}

/** Sends `cmd` to `p` and expects `reply` as its next line. */
async function ask(p: Peer, cmd: string, reply: string): Promise<void> {
  p.send(cmd);
  expect(await p.next()).toBe(reply);
}

/** Kills `p` with SIGKILL and waits until it has exited (the kernel has dropped its locks). */
async function kill9(p: Peer): Promise<void> {
  const dead = new Promise((r) => p.proc.on('exit', r));
  p.proc.kill('SIGKILL');
  await dead;
}

/** Runs `fn` on a fresh temp dir, then drops idle lock descriptors and removes the dir. */
function withTempDir(fn: (dir: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-lock-'));
  try {
    fn(dir);
  } finally {
    locks.dropIdle();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('flock locks across processes', () => {
  it('exclude another process until released', async () => {
    const a = await peer([b.dir, 'raw', 'k1']);
    const c = await peer([b.dir, 'raw', 'k1']);
    await ask(a, 'lock', 'locked');
    await ask(c, 'try', 'busy');
    // This process is excluded as well.
    expect(locks.acquire(b.dir, 'k1', false)).toBe(false);
    c.send('lock'); // blocks until a releases
    await ask(a, 'unlock', 'unlocked');
    expect(await c.next()).toBe('locked');
    // Another key is independent.
    expect(locks.acquire(b.dir, 'k2', false)).toBe(true);
    locks.release(b.dir, 'k2');
  });

  it('are released by the kernel when the holder is killed -9', async () => {
    const a = await peer([b.dir, 'raw', 'k']);
    await ask(a, 'lock', 'locked');
    const c = await peer([b.dir, 'raw', 'k']);
    await ask(c, 'try', 'busy');
    await kill9(a);
    await ask(c, 'lock', 'locked');
  });

  it('a cached descriptor whose file another process deleted is not trusted', async () => {
    // This process locks and releases k: its descriptor stays cached on the current file for
    // the rest of this synchronous burst (spawnSync keeps us inside it).
    expect(locks.acquire(b.dir, 'k')).toBe(true);
    locks.release(b.dir, 'k');
    const file = locks.lockFile(b.dir, 'k');
    const first = fs.statSync(file).ino;
    // Another process takes k and, leaving, deletes the file (nobody holds it then).
    const r = spawnSync(process.execPath, [childJs, b.dir, 'raw', 'k'], { input: 'lock\nunlock\ndrop\nexit\n', encoding: 'utf8' });
    expect(r.stdout).toBe('ready\nlocked\nunlocked\ndropped\n');
    expect(fs.existsSync(file)).toBe(false);
    // Locking again must not trust the cached descriptor of the deleted inode: the key is taken
    // on a file at the path, which others will find.
    expect(locks.acquire(b.dir, 'k')).toBe(true);
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.statSync(file).ino).not.toBe(first);
    const c = await peer([b.dir, 'raw', 'k']);
    await ask(c, 'try', 'busy');
    locks.release(b.dir, 'k');
    // Empty the idle cache now: left to the next macrotask, its clean-up (which briefly takes the
    // key to delete the file) could run while c tries, and c would see it busy.
    locks.dropIdle();
    await ask(c, 'try', 'locked');
    locks.dropIdle();
  });

  it('released descriptors are dropped when the burst ends (next macrotask)', async () => {
    expect(locks.acquire(b.dir, 'burst')).toBe(true);
    locks.release(b.dir, 'burst');
    const file = locks.lockFile(b.dir, 'burst');
    expect(fs.existsSync(file)).toBe(true);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(fs.existsSync(file)).toBe(false);
  });

  it('a file left by a holder killed -9 is reused and excludes again', async () => {
    const a = await peer([b.dir, 'raw', 'k']);
    await ask(a, 'lock', 'locked');
    await kill9(a);
    // Its file stays (nobody could delete it), unlocked by the kernel.
    expect(fs.existsSync(locks.lockFile(b.dir, 'k'))).toBe(true);
    expect(locks.acquire(b.dir, 'k', false)).toBe(true);
    const c = await peer([b.dir, 'raw', 'k']);
    await ask(c, 'try', 'busy');
    locks.release(b.dir, 'k');
    // Empty the idle cache now: left to the next macrotask, its clean-up (which briefly takes the
    // key to delete the file) could run while c tries, and c would see it busy.
    locks.dropIdle();
    await ask(c, 'try', 'locked');
    await ask(c, 'unlock', 'unlocked');
    // Whoever drops it last deletes it.
    await ask(c, 'drop', 'dropped');
    locks.dropIdle();
    expect(fs.existsSync(locks.lockFile(b.dir, 'k'))).toBe(false);
  });

  it('posix inodelk and entrylk exclude across processes', async () => {
    b.posix.mkdir({ path: '/d' }, 0o755, newInode());
    b.posix.create({ path: '/d/f' }, 0o644, newInode());
    b.posix.inodelk({ path: '/d/f' }, 'dom', 'lock');
    b.posix.entrylk({ path: '/d' }, 'dom', 'x', 'lock');
    const i = await peer([b.dir, 'inodelk', '/d/f']);
    const e = await peer([b.dir, 'entrylk', '/d']);
    i.send('try');
    e.send('try');
    expect([await i.next(), await e.next()]).toEqual(['busy', 'busy']);
    i.send('lock');
    e.send('lock');
    b.posix.inodelk({ path: '/d/f' }, 'dom', 'unlock');
    expect(await i.next()).toBe('locked');
    b.posix.entrylk({ path: '/d' }, 'dom', 'x', 'unlock');
    expect(await e.next()).toBe('locked');
    // Now we are the ones excluded.
    const gfid = b.posix.stat({ path: '/d/f' }).gfid;
    expect(locks.acquire(b.posix.root, locks.inodeLockKey(gfid, 'dom'), false)).toBe(false);
    // Other domains are independent.
    b.posix.inodelk({ path: '/d/f' }, 'other', 'lock');
    b.posix.inodelk({ path: '/d/f' }, 'other', 'unlock');
  });
});

describe('in-process behaviour', () => {
  it('is re-entrant; a released key keeps its file until dropped, then file and directory go', () => {
    withTempDir((dir) => {
      expect(locks.acquire(dir, 'k')).toBe(true);
      expect(locks.acquire(dir, 'k')).toBe(true);
      expect(locks.heldCount(dir, 'k')).toBe(2);
      const file = locks.lockFile(dir, 'k');
      expect(locks.release(dir, 'k')).toBe(true);
      expect(locks.release(dir, 'k')).toBe(true);
      expect(locks.heldCount(dir, 'k')).toBe(0);
      expect(locks.release(dir, 'k')).toBe(false);
      // Cached for the next lock of this process: same inode, nothing re-created.
      const ino = fs.statSync(file).ino;
      expect(locks.acquire(dir, 'k')).toBe(true);
      expect(fs.statSync(file).ino).toBe(ino);
      locks.release(dir, 'k');
      // Dropping the cache (what exit does) deletes the unheld file and the empty directory.
      locks.dropIdle();
      expect(fs.existsSync(file)).toBe(false);
      expect(fs.existsSync(locks.lockDir(dir))).toBe(false);
      // A later lock re-creates them.
      expect(locks.acquire(dir, 'k')).toBe(true);
      expect(fs.existsSync(file)).toBe(true);
      locks.release(dir, 'k');
    });
  });

  it('keeps at most IDLE_FDS released descriptors, deleting the files of those it lets go', () => {
    withTempDir((dir) => {
      const n = locks.IDLE_FDS + 10;
      for (let i = 0; i < n; i++) {
        locks.acquire(dir, `k${i}`);
        locks.release(dir, `k${i}`);
      }
      // The oldest were discarded (files gone), the most recent IDLE_FDS are kept.
      expect(fs.readdirSync(locks.lockDir(dir)).length).toBe(locks.IDLE_FDS);
      expect(fs.existsSync(locks.lockFile(dir, 'k0'))).toBe(false);
      expect(fs.existsSync(locks.lockFile(dir, `k${n - 1}`))).toBe(true);
    });
  });

  it('lockAll takes keys in the documented order and releases them all', () => {
    const reqs = [
      { brick: '/b2', key: 'a' },
      { brick: '/b1', key: 'z' },
      { brick: '/b1', key: 'c' },
    ];
    expect([...reqs].sort(locks.compareLockKeys)).toEqual([reqs[2], reqs[1], reqs[0]]);
    const unlock = locks.lockAll(reqs);
    for (const r of reqs) expect(locks.heldCount(r.brick, r.key)).toBe(1);
    unlock();
    for (const r of reqs) expect(locks.heldCount(r.brick, r.key)).toBe(0);
    for (const r of reqs) fs.rmSync(locks.lockDir(r.brick), { recursive: true, force: true });
  });
});
