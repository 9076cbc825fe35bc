// A second process for the lock tests: lock-child.ts bundled and run with node, driven by its
// line protocol.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { bundleChild } from '../posix/child-bundle.js';
import { makeBrick, newInode, type TestBrick } from '../posix/helpers.js';

type Locks = typeof import('../../../src/xlators/locks/index.js');

let child: ReturnType<typeof bundleChild>;
/** The bundled child script (valid inside a test file that called usePeers). */
export let childJs: string;
const children: ChildProcess[] = [];

/**
 * Bundles the child for this test file, gives each test a fresh brick, and kills leftover peers
 * after each test. Returns the current test's brick.
 */
export function usePeers(): () => TestBrick {
  let b: TestBrick | undefined;
  beforeEach(() => {
    b = makeBrick();
  });
  afterEach(() => b?.cleanup());
  beforeAll(() => {
    child = bundleChild(path.join(__dirname, 'lock-child.ts'));
    childJs = child.file;
  });
  afterAll(() => child.cleanup());
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });
  return () => b!;
}

/** A child process speaking the line protocol of lock-child.ts. */
export class Peer {
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

export async function peer(args: string[]): Promise<Peer> {
  const p = new Peer(args);
  expect(await p.next()).toBe('ready');
  return p;
}

/** Sends `cmd` to `p` and expects `reply` as its next line. */
export async function ask(p: Peer, cmd: string, reply: string): Promise<void> {
  p.send(cmd);
  expect(await p.next()).toBe(reply);
}

/** Kills `p` with SIGKILL and waits until it has exited (the kernel has dropped its locks). */
export async function kill9(p: Peer): Promise<void> {
  const dead = new Promise((r) => p.proc.on('exit', r));
  p.proc.kill('SIGKILL');
  await dead;
}


/** What every lock scheme must do across processes (b: the current test's brick). */
export function crossProcessTests(b: () => TestBrick, locks: Locks): void {
  describe(`locks across processes (${locks.lockScheme()})`, () => {
  it('exclude another process until released', async () => {
    const a = await peer([b().dir, 'raw', 'k1']);
    const c = await peer([b().dir, 'raw', 'k1']);
    await ask(a, 'lock', 'locked');
    await ask(c, 'try', 'busy');
    // This process is excluded as well.
    expect(locks.acquire(b().dir, 'k1', false)).toBe(false);
    c.send('lock'); // blocks until a releases
    await ask(a, 'unlock', 'unlocked');
    expect(await c.next()).toBe('locked');
    // Another key is independent.
    expect(locks.acquire(b().dir, 'k2', false)).toBe(true);
    locks.release(b().dir, 'k2');
  });

  it('are released by the kernel when the holder is killed -9', async () => {
    const a = await peer([b().dir, 'raw', 'k']);
    await ask(a, 'lock', 'locked');
    const c = await peer([b().dir, 'raw', 'k']);
    await ask(c, 'try', 'busy');
    await kill9(a);
    await ask(c, 'lock', 'locked');
  });

  it('posix inodelk and entrylk exclude across processes', async () => {
    b().posix.mkdir({ path: '/d' }, 0o755, newInode());
    b().posix.create({ path: '/d/f' }, 0o644, newInode());
    b().posix.inodelk({ path: '/d/f' }, 'dom', 'lock');
    b().posix.entrylk({ path: '/d' }, 'dom', 'x', 'lock');
    const i = await peer([b().dir, 'inodelk', '/d/f']);
    const e = await peer([b().dir, 'entrylk', '/d']);
    i.send('try');
    e.send('try');
    expect([await i.next(), await e.next()]).toEqual(['busy', 'busy']);
    i.send('lock');
    e.send('lock');
    b().posix.inodelk({ path: '/d/f' }, 'dom', 'unlock');
    expect(await i.next()).toBe('locked');
    b().posix.entrylk({ path: '/d' }, 'dom', 'x', 'unlock');
    expect(await e.next()).toBe('locked');
    // Now we are the ones excluded.
    const gfid = b().posix.stat({ path: '/d/f' }).gfid;
    expect(locks.acquire(b().posix.root, locks.inodeLockKey(gfid, 'dom'), false)).toBe(false);
    // Other domains are independent.
    b().posix.inodelk({ path: '/d/f' }, 'other', 'lock');
    b().posix.inodelk({ path: '/d/f' }, 'other', 'unlock');
  });
  });
}
