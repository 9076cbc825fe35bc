// Crash-safe file writes for the state dir: a reader sees the old file or the new one, never a
// mix, and a power cut after we return cannot lose the new one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { crashPoint } from '../libglusterfs/crash.js';
import { ensureDir } from '../fsutil/ensure-dir.js';

// Re-exported: the state dir's callers (lock.ts) have always imported it from here.
export { ensureDir };

function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function writeTemp(file: string, data: string): string {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return tmp;
}

/** Replaces `file` with `data` atomically (temp file, fsync, rename, fsync dir). */
export function writeFileAtomic(file: string, data: string): void {
  ensureDir(path.dirname(file));
  const tmp = writeTemp(file, data);
  crashPoint('mgmt-before-rename');
  try {
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  fsyncDir(path.dirname(file));
}

/**
 * Creates `file` with `data` only if it does not exist yet (atomic, race-free across
 * processes: link(2) fails with EEXIST). Returns false when someone else created it first.
 */
export function createFileAtomic(file: string, data: string): boolean {
  ensureDir(path.dirname(file));
  const tmp = writeTemp(file, data);
  try {
    fs.linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  fsyncDir(path.dirname(file));
  return true;
}

/** Removes a file or directory tree and makes the removal durable. */
export function removeDurably(p: string): void {
  fs.rmSync(p, { recursive: true, force: true });
  fsyncDir(path.dirname(p));
}
