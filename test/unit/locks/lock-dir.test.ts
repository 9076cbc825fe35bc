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

/** Runs fn with TGLUSTER_LOCK_DIR = a fresh root, prepared by `prep(userDir)`. */
function withLockRoot(prep: (userDir: string) => void, fn: (userDir: string) => void): void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-lockroot-'));
  const saved = process.env.TGLUSTER_LOCK_DIR;
  process.env.TGLUSTER_LOCK_DIR = root;
  const userDir = path.join(root, locks.locksDirName());
  try {
    prep(userDir);
    fn(userDir);
  } finally {
    if (saved === undefined) delete process.env.TGLUSTER_LOCK_DIR;
    else process.env.TGLUSTER_LOCK_DIR = saved;
    fs.rmSync(root, { recursive: true, force: true });
  }
}

describe('a lock directory that is not this user\'s own 0700 directory is refused', () => {
  const cases: Array<[string, (d: string) => void, RegExp]> = [
    ['a symlink to a directory', (d) => fs.symlinkSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tg-elsewhere-')), d), /is a symbolic link: refusing/],
    ['mode 0777', (d) => (fs.mkdirSync(d), fs.chmodSync(d, 0o777)), /mode 0777: refusing/],
    ['mode 0750', (d) => (fs.mkdirSync(d), fs.chmodSync(d, 0o750)), /mode 0750: refusing/],
    ['a regular file', (d) => fs.writeFileSync(d, ''), /not a directory: refusing/],
  ];
  if (process.getuid?.() === 0) cases.push(['owned by another user', (d) => (fs.mkdirSync(d, 0o700), fs.chownSync(d, 65534, 65534)), /owned by uid 65534, mode 0700: refusing/]);
  for (const [what, prep, message] of cases) {
    it(what, () => {
      withLockRoot(prep, (userDir) => {
        const real = path.join(brick, `refused-${what.replace(/\W/g, '')}`);
        let err: unknown;
        try {
          locks.acquire(real, 'k');
        } catch (e) {
          err = e;
        }
        expect((err as { code?: string }).code).toBe('EACCES');
        expect(String((err as Error).message)).toMatch(message);
        expect(String((err as Error).message)).toContain(userDir);
      });
    });
  }
});

describe('sweepLocks', () => {
  it("removes a brick's lock file once its brick directory is gone, keeps the live ones", () => {
    withLockRoot(
      () => undefined,
      (userDir) => {
        const live = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-live-brick-'));
        const gone = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-gone-brick-'));
        try {
          for (const b of [live, gone]) {
            expect(locks.acquire(b, 'k')).toBe(true);
            locks.release(b, 'k');
          }
          const before = fs.readdirSync(userDir);
          fs.rmSync(gone, { recursive: true });
          locks.sweepLocks();
          const after = fs.readdirSync(userDir);
          const base = (b: string) => path.basename(brickLockBase(b));
          if (locks.lockScheme() === 'ranges') {
            expect(before.sort()).toEqual([`${base(live)}.ranges`, `${base(gone)}.ranges`].sort());
            expect(after).toEqual([`${base(live)}.ranges`]);
            expect(fs.readFileSync(path.join(userDir, after[0]), 'utf8')).toBe(live);
          } else {
            expect(after.filter((n) => n.startsWith(base(gone)))).toEqual([]);
          }
        } finally {
          locks.forgetBrickLocks(live);
          fs.rmSync(live, { recursive: true, force: true });
        }
      },
    );
  });
});
