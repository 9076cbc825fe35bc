// Where lock state lives: one directory per user under a lock root shared by every process on
// the machine, and in it one base name per brick (keyed by the brick's real path).
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureDir } from '../../fsutil/ensure-dir.js';
import { FopError } from '../../libglusterfs/errors.js';

const SHM = '/dev/shm';

/**
 * The lock root: /dev/shm when it is there (tmpfs: making and removing lock files costs no
 * journal commit, which on a busy disk costs more than the fop), else the temp dir;
 * TGLUSTER_LOCK_DIR overrides both. Every process on the machine must use the same one.
 */
export function lockRoot(): string {
  const env = process.env.TGLUSTER_LOCK_DIR;
  if (env) return env;
  try {
    if (fs.statSync(SHM).isDirectory()) {
      fs.accessSync(SHM, fs.constants.W_OK | fs.constants.X_OK);
      return SHM;
    }
  } catch {
    /* no usable /dev/shm */
  }
  return os.tmpdir();
}

/**
 * `tgluster-locks` for root; `tgluster-locks-<uid>` for anyone else, since the first process to
 * make the directory owns it (0700) and no other user could enter it. Users therefore never share
 * locks, which is fine as they never share bricks: the xattr namespaces differ (src/xattr).
 */
export function locksDirName(uid = process.getuid?.() ?? 0): string {
  return uid === 0 ? 'tgluster-locks' : `tgluster-locks-${uid}`;
}

export const sha = (s: string) => createHash('sha256').update(s).digest('hex');

const bases = new Map<string, string>();
let verified: string | undefined;

/**
 * This user's lock directory, made 0700 when missing. The lock root is shared by every user
 * (/dev/shm is world-writable), so a directory found there is used only if it is a real directory
 * (not a symlink) owned by this user with no access for anyone else: otherwise another local user
 * could hold, or delete, this user's volume locks.
 */
export function userLockDir(): string {
  const dir = path.join(lockRoot(), locksDirName());
  if (verified === dir) return dir;
  ensureDir(dir, 0o700);
  const st = fs.lstatSync(dir);
  const uid = process.getuid?.() ?? 0;
  if (!st.isDirectory() || st.uid !== uid || (st.mode & 0o077) !== 0) {
    const what = st.isSymbolicLink() ? 'a symbolic link' : !st.isDirectory() ? 'not a directory' : `owned by uid ${st.uid}, mode ${(st.mode & 0o7777).toString(8).padStart(4, '0')}`;
    throw new FopError('EACCES', `lock directory ${dir} is ${what}: refusing to use it (it must be this user's own 0700 directory; remove it or set TGLUSTER_LOCK_DIR)`);
  }
  verified = dir;
  return dir;
}

/** `<root>/<user dir>/<hash of the brick>`: what each lock scheme names its brick's state after. */
export function brickLockBase(brickReal: string): string {
  let b = bases.get(brickReal);
  if (b === undefined) {
    b = path.join(userLockDir(), sha(brickReal).slice(0, 20));
    bases.set(brickReal, b);
  }
  return b;
}

const OPEN_FLAGS = fs.constants.O_RDWR | fs.constants.O_NOFOLLOW;

/**
 * Opens (creating) a lock file read-write, never through a symlink; its directory is made when
 * missing (it may also have been removed by a process that was tidying up at exit).
 */
export function openLockFile(file: string): number {
  for (;;) {
    try {
      return fs.openSync(file, OPEN_FLAGS | fs.constants.O_CREAT, 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      ensureDir(path.dirname(file), 0o700);
    }
  }
}

/**
 * Opens a brick's long-lived lock file, which names its brick inside (what `sweepLocks` reads).
 * It appears whole: written under a temporary name and linked in, so no process ever sees it
 * without its brick and no sweep can take it for an orphan.
 */
export function openBrickLockFile(file: string, brickReal: string): number {
  try {
    return fs.openSync(file, OPEN_FLAGS);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, brickReal, { mode: 0o600, flag: 'w' });
  try {
    fs.linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    fs.unlinkSync(tmp);
  }
  return fs.openSync(file, OPEN_FLAGS);
}

/**
 * Removes what no brick needs any more: a brick's lock file whose brick directory is gone (a
 * deleted volume, a test's temporary bricks), a leftover temporary file, an empty per-brick
 * directory of the lock-file scheme. Returns how many entries went.
 */
export function sweepLocks(keepBrick: (brickReal: string) => boolean = (b) => fs.existsSync(b)): number {
  let dir: string;
  try {
    dir = userLockDir();
  } catch {
    return 0; // not ours to tidy
  }
  let removed = 0;
  for (const name of fs.readdirSync(dir)) {
    const p = path.join(dir, name);
    try {
      if (name.endsWith('.ranges')) {
        const fd = fs.openSync(p, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
        let brick: string;
        try {
          brick = fs.readFileSync(fd, 'utf8');
        } finally {
          fs.closeSync(fd);
        }
        if (brick !== '' && keepBrick(brick)) continue;
        fs.unlinkSync(p);
      } else if (name.endsWith('.tmp')) {
        const pid = Number(name.split('.').at(-2));
        if (Number.isInteger(pid) && isAlive(pid)) continue;
        fs.unlinkSync(p);
      } else {
        fs.rmdirSync(p); // the lock-file scheme's directory: only when no key file is in it
      }
      removed++;
    } catch {
      // in use, not empty, or already gone
    }
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
