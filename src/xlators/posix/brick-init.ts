// What a GlusterFS brick process creates when it starts (docs/on-disk-format.md §2.1, §7.2): the root gfid and
// the fixed part of the .glusterfs tree. Idempotent: existing pieces are left as they are, so it is
// safe on adopted bricks and on every start. The volume-id xattr is glusterd's job (volume create).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getXattrOpt, setXattr } from '../../xattr/index.js';
import { ROOT_GFID } from '../types.js';
import { gfidToBytes, bytesToGfid } from '../../libglusterfs/uuid.js';
import { privateDirMode } from './dir-mode.js';

/** A brick that a GlusterFS brick process would refuse to start (glusterd reports its message). */
export class BrickInitError extends Error {
  constructor(
    public readonly brickPath: string,
    detail: string,
  ) {
    super(`${brickPath}: ${detail}`);
    this.name = 'BrickInitError';
  }
}

export const GLUSTERFS_DIR = '.glusterfs';
/** Target of the root handle symlink .glusterfs/00/00/<root gfid>. */
export const ROOT_HANDLE_TARGET = '../../..';

/**
 * Fixed directories under .glusterfs and their modes (docs/on-disk-format.md §2.1); 'private' is GlusterFS's
 * 0600, see privateDirMode().
 */
const FIXED_DIRS: ReadonlyArray<[string, number | 'private']> = [
  ['indices', 'private'],
  ['indices/xattrop', 'private'],
  ['indices/dirty', 'private'],
  ['indices/entry-changes', 'private'],
  ['changelogs', 'private'],
  ['changelogs/htime', 'private'],
  ['changelogs/csnap', 'private'],
  ['landfill', 0o755],
  ['unlink', 'private'],
];

/** mkdir with an exact mode (umask-free); an existing directory is kept as it is. */
function ensureDir(p: string, mode: number): void {
  try {
    fs.mkdirSync(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    if (!fs.lstatSync(p).isDirectory()) throw new Error(`${p} exists and is not a directory`);
    return;
  }
  fs.chmodSync(p, mode);
}

function ensureRootGfid(brickPath: string): void {
  const cur = getXattrOpt(brickPath, 'trusted.gfid');
  if (cur === undefined) {
    setXattr(brickPath, 'trusted.gfid', gfidToBytes(ROOT_GFID), 'create');
    return;
  }
  if (cur.length !== 16 || bytesToGfid(cur) !== ROOT_GFID) {
    throw new BrickInitError(brickPath, `trusted.gfid is 0x${cur.toString('hex')}, not the root gfid`);
  }
}

function ensureRootHandle(brickPath: string, gdir: string): void {
  const dir = path.join(gdir, '00', '00');
  ensureDir(dir, 0o700);
  const handle = path.join(dir, ROOT_GFID);
  try {
    fs.symlinkSync(ROOT_HANDLE_TARGET, handle);
    return;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  // An existing handle must be the symlink that resolves to the brick root itself.
  const st = fs.lstatSync(handle);
  const root = fs.statSync(brickPath);
  let ok = st.isSymbolicLink();
  if (ok) {
    try {
      const t = fs.statSync(handle);
      ok = t.ino === root.ino && t.dev === root.dev;
    } catch {
      ok = false;
    }
  }
  if (!ok) throw new BrickInitError(brickPath, `${handle} does not resolve to the brick root`);
}

/** Prepares one brick directory as the brick process does at start. */
export function initBrick(brickPath: string, _volumeId: string): void {
  let st: fs.Stats;
  try {
    st = fs.statSync(brickPath);
  } catch (e) {
    throw new BrickInitError(brickPath, `cannot access brick: ${(e as Error).message}`);
  }
  if (!st.isDirectory()) throw new BrickInitError(brickPath, 'brick path is not a directory');
  ensureRootGfid(brickPath);
  const gdir = path.join(brickPath, GLUSTERFS_DIR);
  try {
    ensureDir(gdir, privateDirMode());
    for (let i = 0; i < 256; i++) ensureDir(path.join(gdir, i.toString(16).padStart(2, '0')), 0o700);
    ensureRootHandle(brickPath, gdir);
    for (const [rel, mode] of FIXED_DIRS) ensureDir(path.join(gdir, rel), mode === 'private' ? privateDirMode() : mode);
  } catch (e) {
    if (e instanceof BrickInitError) throw e;
    throw new BrickInitError(brickPath, (e as Error).message);
  }
}

/**
 * Empties <brick>/.glusterfs/unlink, as a brick process does when it starts: what is there is
 * an inode that had no name any more (or a create staged there that a crash never named), and
 * nothing can still use it once every client is gone. Only for a volume that was stopped.
 */
export function emptyUnlinkDir(brickPath: string): void {
  const dir = path.join(brickPath, GLUSTERFS_DIR, 'unlink');
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return; // not made yet: nothing to empty
  }
  for (const n of names) fs.rmSync(path.join(dir, n), { recursive: true, force: true });
}
