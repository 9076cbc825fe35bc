// Where lock state lives: one directory per user under a lock root shared by every process on
// the machine, and in it one base name per brick (keyed by the brick's real path).
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureDir } from '../../fsutil/ensure-dir.js';

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

/** `<root>/<user dir>/<hash of the brick>`: what each lock scheme names its brick's state after. */
export function brickLockBase(brickReal: string): string {
  let b = bases.get(brickReal);
  if (b === undefined) {
    b = path.join(lockRoot(), locksDirName(), sha(brickReal).slice(0, 20));
    bases.set(brickReal, b);
  }
  return b;
}

/**
 * Opens (creating) a lock file read-write; its directory is made when missing (it may also have
 * been removed by a process that was tidying up at exit).
 */
export function openLockFile(file: string): number {
  for (;;) {
    try {
      return fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      ensureDir(path.dirname(file), 0o700);
    }
  }
}
