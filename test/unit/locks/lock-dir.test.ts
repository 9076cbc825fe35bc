// Where lock files live: one directory per user, and a lock root mkdir(2) cannot create gives an
// error instead of Node's endless recursive mkdir.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as locks from '../../../src/xlators/locks/index.js';
import { brickLockBase } from '../../../src/xlators/locks/lock-root.js';
import { bundleChild } from '../posix/child-bundle.js';

let child: ReturnType<typeof bundleChild>;
let brick: string;
beforeAll(() => {
  child = bundleChild(path.join(__dirname, 'lock-child.ts'));
  brick = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-q2-lockdir-'));
});
afterAll(() => {
  child.cleanup();
  fs.rmSync(brick, { recursive: true, force: true });
});

describe('lock directory', () => {
  it('is tgluster-locks for root and tgluster-locks-<uid> for any other user', () => {
    expect(locks.locksDirName(0)).toBe('tgluster-locks');
    expect(locks.locksDirName(65534)).toBe('tgluster-locks-65534');
    expect(locks.locksDirName(1000)).toBe('tgluster-locks-1000');
  });

  it('lives under TGLUSTER_LOCK_DIR when set', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-q2-lockroot-'));
    const saved = process.env.TGLUSTER_LOCK_DIR;
    process.env.TGLUSTER_LOCK_DIR = root;
    try {
      const real = path.join(brick, 'own-root');
      expect(locks.acquire(real, 'k')).toBe(true);
      const userDir = path.join(root, locks.locksDirName());
      expect(path.dirname(brickLockBase(real))).toBe(userDir);
      expect(fs.statSync(userDir).mode & 0o777).toBe(0o700);
      // The brick's lock state (a .ranges file, or a directory of lock files) is in there.
      expect(fs.readdirSync(userDir).filter((n) => n.startsWith(path.basename(brickLockBase(real)))).length).toBe(1);
      locks.release(real, 'k');
      locks.forgetBrickLocks(real);
    } finally {
      if (saved === undefined) delete process.env.TGLUSTER_LOCK_DIR;
      else process.env.TGLUSTER_LOCK_DIR = saved;
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('under /proc: the lock fails with ENOENT instead of spinning forever', () => {
    // A child, so that a regression (the endless loop) is a timeout, not a hung test run.
    const r = spawnSync(process.execPath, [child.file, brick, 'raw', 'k'], {
      input: 'lock\nexit\n',
      env: { ...process.env, TGLUSTER_LOCK_DIR: '/proc/tgluster-q2-nope' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.signal).toBeNull();
    expect(r.status).not.toBe(0);
    expect(r.stdout).not.toContain('locked');
    expect(r.stderr).toContain("ENOENT: no such file or directory, mkdir '/proc/tgluster-q2-nope'");
  });
});
