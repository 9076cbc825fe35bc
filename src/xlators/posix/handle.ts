// .glusterfs handles (docs/on-disk-format.md §2.2, §2.3): every inode is reachable by gfid through
// <brick>/.glusterfs/XX/YY/<gfid>: a hard link for non-directories, a relative symlink
// "../../PP/QQ/<parent gfid>/<name>" for directories.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FopError } from '../../libglusterfs/errors.js';
import { ROOT_GFID, type Gfid } from '../types.js';
import { isGfid } from '../../libglusterfs/uuid.js';
import { ensureDir } from '../../fsutil/ensure-dir.js';

export function handleDir(brick: string, gfid: Gfid): string {
  return path.join(brick, '.glusterfs', gfid.slice(0, 2), gfid.slice(2, 4));
}

export function handlePath(brick: string, gfid: Gfid): string {
  return `${handleDir(brick, gfid)}/${gfid}`;
}

/** The symlink target of a directory's handle. */
export function dirHandleTarget(parent: Gfid, name: string): string {
  return `../../${parent.slice(0, 2)}/${parent.slice(2, 4)}/${parent}/${name}`;
}

/** Parses a directory handle target into (parent gfid, name); undefined when malformed. */
export function parseDirHandleTarget(t: string): { parent: Gfid; name: string } | undefined {
  const m = /^\.\.\/\.\.\/([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f-]{36})\/([^/\0]+)$/.exec(t);
  if (!m || t.length > 511) return undefined;
  const [, pp, qq, parent, name] = m;
  if (!isGfid(parent) || parent.slice(0, 2) !== pp || parent.slice(2, 4) !== qq) return undefined;
  if (name === '.' || name === '..') return undefined;
  return { parent, name };
}

/**
 * Handle directories this process knows to exist. Nothing removes them while a brick is in use
 * (brick init makes .glusterfs/XX, the second level is made on demand), so a hit skips the
 * mkdir; one removed behind our back makes the link fail with ENOENT and is made again.
 */
const knownDirs = new Set<string>();
const KNOWN_DIRS_MAX = 1 << 17;

function mkdirOpt(d: string): void {
  try {
    fs.mkdirSync(d, 0o700);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
}

function ensureHandleDir(brick: string, gfid: Gfid, fresh = false): string {
  const d = handleDir(brick, gfid);
  if (!fresh && knownDirs.has(d)) return d;
  try {
    mkdirOpt(d);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    ensureDir(d, 0o700);
  }
  if (knownDirs.size >= KNOWN_DIRS_MAX) knownDirs.clear();
  knownDirs.add(d);
  return d;
}

/** Runs fn (which creates a name in the handle directory of gfid), making the directory first. */
function inHandleDir<T>(brick: string, gfid: Gfid, fn: () => T): T {
  ensureHandleDir(brick, gfid);
  try {
    return fn();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    // The directory was removed since we made it: make it again, once.
    ensureHandleDir(brick, gfid, true);
    return fn();
  }
}

function lstatOpt(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p, { throwIfNoEntry: false });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** True when a handle already exists for gfid (any kind). */
export function handleExists(brick: string, gfid: Gfid): boolean {
  return gfid === ROOT_GFID || lstatOpt(handlePath(brick, gfid)) !== undefined;
}

/**
 * Whether a gfid names a live inode here: a file's handle, or a directory's handle symlink that
 * still leads to a directory. A directory removed on the brick behind GlusterFS's back leaves a
 * dangling symlink, which a new mkdir with that gfid replaces (10.3's posix_mkdir stats through
 * the handle and goes on when that fails).
 */
export function handleLive(brick: string, gfid: Gfid): boolean {
  if (gfid === ROOT_GFID) return true;
  const h = handlePath(brick, gfid);
  const st = lstatOpt(h);
  if (!st) return false;
  if (!st.isSymbolicLink()) return true;
  return fs.statSync(h, { throwIfNoEntry: false }) !== undefined;
}

/**
 * Hard-links the handle of a non-directory. An existing handle of the same inode is fine; one
 * of another inode that no name references any more (nlink 1) is stale and replaced; one that
 * is still in use means the gfid belongs to another file (EEXIST).
 */
export function linkFileHandle(brick: string, gfid: Gfid, real: string): void {
  const h = handlePath(brick, gfid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      inHandleDir(brick, gfid, () => fs.linkSync(real, h));
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const hs = fs.lstatSync(h);
    const rs = fs.lstatSync(real);
    if (hs.ino === rs.ino && hs.dev === rs.dev) return;
    if (hs.isDirectory() || hs.isSymbolicLink() !== rs.isSymbolicLink() || hs.nlink > 1) {
      throw new FopError('EEXIST', `gfid ${gfid} is in use by another inode`);
    }
    fs.unlinkSync(h);
  }
  throw new FopError('EEXIST', `gfid ${gfid}`);
}

/** Creates or rewrites the symlink handle of a directory (atomically, via rename). */
export function setDirHandle(brick: string, gfid: Gfid, parent: Gfid, name: string): void {
  if (gfid === ROOT_GFID) return;
  const h = handlePath(brick, gfid);
  const target = dirHandleTarget(parent, name);
  try {
    if (fs.readlinkSync(h) === target) return;
  } catch {
    /* absent or not a symlink: (re)create below */
  }
  const tmp = `${h}.${process.pid}.tmp`;
  fs.rmSync(tmp, { force: true });
  inHandleDir(brick, gfid, () => fs.symlinkSync(target, tmp));
  fs.renameSync(tmp, h);
}

/** Removes a non-directory's handle if it is still a link to inode `ino`. */
export function unlinkFileHandle(brick: string, gfid: Gfid, ino: number): void {
  const h = handlePath(brick, gfid);
  const st = lstatOpt(h);
  if (st && st.ino === ino && !st.isDirectory()) fs.rmSync(h, { force: true });
}

/** Removes a directory's handle if it still names (parent, name). */
export function unlinkDirHandle(brick: string, gfid: Gfid, parent: Gfid, name: string): void {
  const h = handlePath(brick, gfid);
  try {
    if (fs.readlinkSync(h) !== dirHandleTarget(parent, name)) return;
  } catch {
    return;
  }
  fs.rmSync(h, { force: true });
}
