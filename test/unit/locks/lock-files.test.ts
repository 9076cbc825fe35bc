import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ask, childJs, crossProcessTests, kill9, peer, usePeers } from './peer.js';

// The flock-file scheme (the fallback without the native addon); peers inherit the setting.
process.env.TGLUSTER_NATIVE_LOCKS = '0';
const locks = await import('../../../src/xlators/locks/index.js');
const files = await import('../../../src/xlators/locks/lock-files.js');

const brick = usePeers();

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

crossProcessTests(brick, locks);

describe('flock locks across processes', () => {
  it('are the scheme of this file', () => {
    expect(locks.lockScheme()).toBe('files');
  });

  it('a cached descriptor whose file another process deleted is not trusted', async () => {
    // This process locks and releases k: its descriptor stays cached on the current file for
    // the rest of this synchronous burst (spawnSync keeps us inside it).
    expect(locks.acquire(brick().dir, 'k')).toBe(true);
    locks.release(brick().dir, 'k');
    const file = files.lockFile(brick().dir, 'k');
    const first = fs.statSync(file).ino;
    // Another process takes k and, leaving, deletes the file (nobody holds it then).
    const r = spawnSync(process.execPath, [childJs, brick().dir, 'raw', 'k'], { input: 'lock\nunlock\ndrop\nexit\n', encoding: 'utf8' });
    expect(r.stdout).toBe('ready\nlocked\nunlocked\ndropped\n');
    expect(fs.existsSync(file)).toBe(false);
    // Locking again must not trust the cached descriptor of the deleted inode: the key is taken
    // on a file at the path, which others will find.
    expect(locks.acquire(brick().dir, 'k')).toBe(true);
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.statSync(file).ino).not.toBe(first);
    const c = await peer([brick().dir, 'raw', 'k']);
    await ask(c, 'try', 'busy');
    locks.release(brick().dir, 'k');
    // Empty the idle cache now: left to the next macrotask, its clean-up (which briefly takes the
    // key to delete the file) could run while c tries, and c would see it busy.
    locks.dropIdle();
    await ask(c, 'try', 'locked');
    locks.dropIdle();
  });

  it('released descriptors are dropped when the burst ends (next macrotask)', async () => {
    expect(locks.acquire(brick().dir, 'burst')).toBe(true);
    locks.release(brick().dir, 'burst');
    const file = files.lockFile(brick().dir, 'burst');
    expect(fs.existsSync(file)).toBe(true);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(fs.existsSync(file)).toBe(false);
  });

  it('a file left by a holder killed -9 is reused and excludes again', async () => {
    const a = await peer([brick().dir, 'raw', 'k']);
    await ask(a, 'lock', 'locked');
    await kill9(a);
    // Its file stays (nobody could delete it), unlocked by the kernel.
    expect(fs.existsSync(files.lockFile(brick().dir, 'k'))).toBe(true);
    expect(locks.acquire(brick().dir, 'k', false)).toBe(true);
    const c = await peer([brick().dir, 'raw', 'k']);
    await ask(c, 'try', 'busy');
    locks.release(brick().dir, 'k');
    // Empty the idle cache now: left to the next macrotask, its clean-up (which briefly takes the
    // key to delete the file) could run while c tries, and c would see it busy.
    locks.dropIdle();
    await ask(c, 'try', 'locked');
    await ask(c, 'unlock', 'unlocked');
    // Whoever drops it last deletes it.
    await ask(c, 'drop', 'dropped');
    locks.dropIdle();
    expect(fs.existsSync(files.lockFile(brick().dir, 'k'))).toBe(false);
  });

});

describe('in-process behaviour', () => {
  it('is re-entrant; a released key keeps its file until dropped, then file and directory go', () => {
    withTempDir((dir) => {
      expect(locks.acquire(dir, 'k')).toBe(true);
      expect(locks.acquire(dir, 'k')).toBe(true);
      expect(locks.heldCount(dir, 'k')).toBe(2);
      const file = files.lockFile(dir, 'k');
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
      expect(fs.existsSync(files.lockDir(dir))).toBe(false);
      // A later lock re-creates them.
      expect(locks.acquire(dir, 'k')).toBe(true);
      expect(fs.existsSync(file)).toBe(true);
      locks.release(dir, 'k');
    });
  });

  it('keeps at most IDLE_FDS released descriptors, deleting the files of those it lets go', () => {
    withTempDir((dir) => {
      const n = files.IDLE_FDS + 10;
      for (let i = 0; i < n; i++) {
        locks.acquire(dir, `k${i}`);
        locks.release(dir, `k${i}`);
      }
      // The oldest were discarded (files gone), the most recent IDLE_FDS are kept.
      expect(fs.readdirSync(files.lockDir(dir)).length).toBe(files.IDLE_FDS);
      expect(fs.existsSync(files.lockFile(dir, 'k0'))).toBe(false);
      expect(fs.existsSync(files.lockFile(dir, `k${n - 1}`))).toBe(true);
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
    for (const r of reqs) fs.rmSync(files.lockDir(r.brick), { recursive: true, force: true });
  });
});
