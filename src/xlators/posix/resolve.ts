// Path confinement: turns a Loc into a path inside the brick without ever leaving it.
// Every intermediate component is lstat'ed and must be a real directory (a symlink stored in the
// volume is data, never a way through: ELOOP); "..", ".", empty and NUL components are refused;
// ".glusterfs" at the brick root is not reachable (EPERM), as on a real brick. Nameless (gfid)
// locs go through the .glusterfs handle, whose directory symlinks are parsed, not followed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FopError } from '../../libglusterfs/errors.js';
import { ROOT_GFID, type Gfid, type Loc } from '../types.js';
import { getAllXattrs, getXattrOpt } from '../../xattr/index.js';
import { bytesToGfid, isGfid } from '../../libglusterfs/uuid.js';
import { handlePath, parseDirHandleTarget } from './handle.js';
import { GFID2PATH_PREFIX } from './gfid2path.js';
import type { DirScope } from './beneath.js';

export const NAME_MAX = 255;

/** A brick root: its path, and the scope that opens its directories in the kernel (posix's). */
export type BrickRoot = string | { path: string; scope: DirScope };
const rootPath = (b: BrickRoot): string => (typeof b === 'string' ? b : b.path);

export interface Resolved {
  /** Path of the object on the brick (the handle for a nameless non-directory). */
  real: string;
  /** Volume path when known ("/" for the root); undefined for a nameless file with no name found. */
  vpath?: string;
  /** Real path of the parent directory and the basename (undefined for root / nameless files). */
  parentReal?: string;
  name?: string;
  /** lstat of the object; undefined when it does not exist. */
  st?: fs.Stats;
  /** lstat of the parent directory when the walk made one (not for names in the brick root). */
  parentSt?: fs.Stats;
}

function lstatOpt(p: string): fs.Stats | undefined {
  try {
    // A missing name is an answer, not an error: no exception built for it.
    return fs.lstatSync(p, { throwIfNoEntry: false });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new FopError(code ?? 'EIO', p);
  }
}

/** Checks one path component / entry name. */
export function checkName(name: string): void {
  if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\0')) {
    throw new FopError('EINVAL', `bad name ${JSON.stringify(name)}`);
  }
  if (Buffer.byteLength(name) > NAME_MAX) throw new FopError('ENAMETOOLONG', name);
}

/** Checks an xattr name a fop sets (non-empty, no NUL). */
export function checkXattrName(name: string): void {
  if (!name || name.includes('\0')) throw new FopError('EINVAL', `bad xattr name ${JSON.stringify(name)}`);
}

/** Splits a volume-absolute path into checked components ("/" -> []). */
export function splitVolumePath(vpath: string): string[] {
  if (typeof vpath !== 'string' || !vpath.startsWith('/')) {
    throw new FopError('EINVAL', `not a volume-absolute path: ${JSON.stringify(vpath)}`);
  }
  if (vpath === '/') return [];
  const parts = vpath.slice(1).split('/');
  for (const p of parts) checkName(p);
  return parts;
}

/**
 * Resolves a volume path inside the brick; the last component may be missing (st undefined).
 * `statFinal: false` leaves the last component unexamined (st undefined): for a name about to
 * be created, whose create fails with EEXIST by itself if the name is taken.
 */
export function resolvePath(brick: BrickRoot, vpath: string, statFinal = true): Resolved {
  const root = rootPath(brick);
  const parts = splitVolumePath(vpath);
  if (parts.length === 0) return { real: root, vpath: '/', st: lstatOpt(root) };
  if (parts[0] === '.glusterfs') throw new FopError('EPERM', `${vpath}: reserved name`);
  const name = parts[parts.length - 1];
  if (typeof brick !== 'string') {
    // The kernel opens the parent beneath the root: no symlink on the way, nothing outside.
    let dir: string;
    try {
      dir = brick.scope.dir(parts.slice(0, -1));
    } catch (e) {
      throw e instanceof FopError ? new FopError(e.code, vpath) : e;
    }
    const real = `${dir}/${name}`;
    return { real, vpath, parentReal: dir, name, st: statFinal ? lstatOpt(real) : undefined };
  }
  let dir = root;
  let parentSt: fs.Stats | undefined;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = path.join(dir, parts[i]);
    const st = lstatOpt(next);
    if (!st) throw new FopError('ENOENT', vpath);
    if (st.isSymbolicLink()) throw new FopError('ELOOP', vpath);
    if (!st.isDirectory()) throw new FopError('ENOTDIR', vpath);
    dir = next;
    parentSt = st;
  }
  const real = path.join(dir, name);
  return { real, vpath, parentReal: dir, name, st: statFinal ? lstatOpt(real) : undefined, parentSt };
}

/** The gfid stored on an object, or undefined. */
export function readGfid(p: string): Gfid | undefined {
  const b = getXattrOpt(p, 'trusted.gfid');
  return b && b.length === 16 ? bytesToGfid(b) : undefined;
}

const MAX_DEPTH = 4096;

/** fn's answer, or undefined when it throws. */
function attempt<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/** Volume path of a directory gfid, by walking its handle chain up to the root. */
function dirPathOfGfid(brick: BrickRoot, gfid: Gfid, depth = 0): string {
  if (gfid === ROOT_GFID) return '/';
  if (depth > MAX_DEPTH) throw new FopError('ELOOP', gfid);
  const h = handlePath(rootPath(brick), gfid);
  let target: string;
  try {
    target = fs.readlinkSync(h);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FopError(code === 'ENOENT' || code === 'EINVAL' ? 'ESTALE' : (code ?? 'EIO'), gfid);
  }
  const parsed = parseDirHandleTarget(target);
  if (!parsed) throw new FopError('ESTALE', `${gfid}: malformed handle ${target}`);
  const parent = dirPathOfGfid(brick, parsed.parent, depth + 1);
  return parent === '/' ? `/${parsed.name}` : `${parent}/${parsed.name}`;
}

/** Resolves a gfid: directories to their named path, non-directories to their handle. */
export function resolveGfid(brick: BrickRoot, gfid: Gfid): Resolved {
  if (!isGfid(gfid)) throw new FopError('EINVAL', `bad gfid ${JSON.stringify(gfid)}`);
  if (gfid === ROOT_GFID) return resolvePath(brick, '/');
  const h = handlePath(rootPath(brick), gfid);
  const hst = lstatOpt(h);
  if (!hst) throw new FopError('ESTALE', gfid);
  // A directory handle is a symlink with no other name and a well-formed target; anything else
  // is the inode itself (a symlink file's handle is a hard link of that symlink).
  if (hst.isSymbolicLink() && hst.nlink === 1 && parseDirHandleTarget(fs.readlinkSync(h))) {
    const r = resolvePath(brick, dirPathOfGfid(brick, gfid));
    if (!r.st || !r.st.isDirectory() || readGfid(r.real) !== gfid) throw new FopError('ESTALE', gfid);
    return r;
  }
  if (hst.isDirectory()) throw new FopError('ESTALE', `${gfid}: handle is a directory`);
  // A non-directory reached by gfid needs no name: fileVpath finds one when asked.
  return { real: h, st: hst };
}

/**
 * Volume paths of directories fileVpath has walked to, per brick: a hint, never an answer by
 * itself (a rename may have moved the directory since), trusted only when the inode at the end of
 * the path is the one asked about. heal info names thousands of files in a few directories.
 */
const dirHints = new Map<string, string>();
const DIR_HINTS_MAX = 4096;

function dirPathHint(brick: BrickRoot, gfid: Gfid, fresh: boolean): string {
  const key = `${rootPath(brick)}\0${gfid}`;
  const hint = fresh ? undefined : dirHints.get(key);
  if (hint !== undefined) return hint;
  const p = dirPathOfGfid(brick, gfid);
  if (dirHints.size >= DIR_HINTS_MAX) dirHints.clear();
  dirHints.set(key, p);
  return p;
}

/** A volume path of a non-directory from its gfid2path keys (`known`: its xattrs, already read), checked against the inode. */
export function fileVpath(brick: BrickRoot, h: string, hst: fs.Stats, known?: Record<string, Buffer>): string | undefined {
  let xattrs: Record<string, Buffer>;
  try {
    xattrs = known ?? getAllXattrs(h);
  } catch {
    return undefined;
  }
  for (const [k, v] of Object.entries(xattrs)) {
    if (!k.startsWith(GFID2PATH_PREFIX)) continue;
    const s = v.toString('utf8');
    const slash = s.indexOf('/');
    const parent = s.slice(0, slash);
    const name = s.slice(slash + 1);
    try {
      checkName(name);
      for (const fresh of [false, true]) {
        const dir = dirPathHint(brick, parent, fresh);
        const vpath = dir === '/' ? `/${name}` : `${dir}/${name}`;
        // One lstat of the whole path, not a confined walk: nothing is opened or returned
        // through it, and only the handle's own inode at its end makes it the answer.
        const st = attempt(() => lstatOpt(`${rootPath(brick)}${vpath}`));
        if (st && st.ino === hst.ino && st.dev === hst.dev) return vpath;
      }
    } catch {
      /* stale key: try the next one */
    }
  }
  return undefined;
}

/**
 * A regular file by its handle (GlusterFS's posix works on the handle path of an inode it has a
 * gfid for): one lstat, no name needed; undefined when there is no file handle for `gfid`.
 */
export function resolveFileHandle(brick: BrickRoot, gfid: Gfid): (Resolved & { st: fs.Stats }) | undefined {
  if (gfid === ROOT_GFID || !isGfid(gfid)) return undefined;
  const h = handlePath(rootPath(brick), gfid);
  const st = lstatOpt(h);
  return st?.isFile() ? { real: h, st } : undefined;
}

/** Resolves a Loc: by path when it has one, else by gfid. */
export function resolveLoc(brick: BrickRoot, loc: Loc): Resolved {
  if (loc.path) return resolvePath(brick, loc.path);
  if (loc.gfid) return resolveGfid(brick, loc.gfid);
  throw new FopError('EINVAL', 'loc has neither path nor gfid');
}
