// The checks glusterd runs on a new brick directory before it accepts it (volume create; usable by
// add-brick too), with glusterd's own messages. Facts from glusterd-utils.c / glusterd-store.c
// and docs/on-disk-format.md §7.1. Nothing here writes the volume-id: the caller does that once every brick
// of the operation has passed, so a rejected command leaves no brick marked.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getXattrOpt, removeXattr, setXattr } from '../xattr/index.js';
import { FopError, strerror } from '../libglusterfs/errors.js';

/** A stage failure. No message means glusterd had none either ("Staging failed on ..."). */
export class BrickCheckError extends Error {
  constructor(
    readonly detail?: string,
    /** The real reason, for the log, when glusterd shows none. */
    readonly reason?: string,
  ) {
    super(detail ?? reason ?? 'brick check failed');
    this.name = 'BrickCheckError';
  }
}

/** `host:/path` split at the last ':' (as gluster's get_host_name does). */
export interface BrickRef {
  host: string;
  path: string;
  /** The brick as the user named it (canonical), used verbatim in messages. */
  text: string;
}

export function splitBrick(text: string): BrickRef {
  const colon = text.lastIndexOf(':');
  return { host: text.slice(0, colon), path: text.slice(colon + 1), text };
}

const PATH_MAX = 4096;
const POSIX_PATH_MAX = 256;
/** Size of glusterd's volinfo->volname buffer: a 256-char name passes the CLI, not this. */
const VOLNAME_BUF = 256;

/** strerror() text of a failed system call (FopError or Node error). */
export function errnoText(e: unknown): string {
  if (e instanceof FopError) return e.strerror;
  const code = (e as NodeJS.ErrnoException)?.code;
  return code ? strerror(code) : String((e as Error)?.message ?? e);
}

/** The brick's volfile: <vol>.<host>.<path without its first '/', other '/' as '-'>.vol */
export function brickVolfileName(volname: string, b: BrickRef): string {
  return `${volname}.${b.host}.${b.path.slice(1).replace(/\/(?!$)/g, '-')}.vol`;
}

/**
 * glusterd_store_is_valid_brickpath + glusterd_is_valid_volfpath: limits that come from the
 * files glusterd would write for the brick under its working directory.
 */
export function brickPathLengthProblem(workdir: string, volname: string, b: BrickRef): string | undefined {
  const tooLong = `brick path ${b.text} is too long.`;
  if (!b.path.startsWith('/') || volname.length >= VOLNAME_BUF) return tooLong;
  if (b.path.length >= PATH_MAX) return tooLong;
  if (b.path.split('/').some((c) => c.length >= POSIX_PATH_MAX)) return tooLong;
  const volfile = `${workdir}/vols/${volname}/${brickVolfileName(volname, b)}`;
  if (volfile.length >= PATH_MAX || volfile.length - volfile.lastIndexOf('/') >= POSIX_PATH_MAX) {
    return `Volume file path for volume ${volname} and brick path ${b.text} is too long.`;
  }
  return undefined;
}

/** realpath(3) of an existing volume's brick, or its stored path when that cannot be resolved. */
export function realPathOrSelf(p: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return p;
  }
}

/**
 * realpath(3) of a brick that may not exist yet; other failures are glusterd's silent stage error.
 * EACCES (only a non-root tgluster meets it) is left to the brick directory check, which names it.
 */
function brickRealPath(p: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES') return p;
    throw new BrickCheckError(undefined, `realpath () failed for brick ${p}. The underlying filesystem may be in bad state. Error - ${errnoText(e)}`);
  }
}

/** glusterd's _is_prefix: equal, or one is the other plus a '/'-separated tail. */
export function pathsNest(a: string, b: string): boolean {
  if (a.length === 0 || b.length === 0) return a.length === b.length;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return long.startsWith(short) && (long.length === short.length || long[short.length] === '/');
}

/**
 * glusterd_is_brickpath_available: the brick may not contain or sit inside another brick.
 * `others` are real paths of the bricks already in use (every volume: all of tgluster's nodes
 * share this machine's disks). Returns the brick's own real path.
 */
export function checkBrickAvailable(b: BrickRef, others: Iterable<string>): string {
  const real = brickRealPath(b.path);
  for (const o of others) {
    if (pathsNest(o, real)) {
      throw new BrickCheckError(
        `Brick: ${b.text} not available. Brick may be containing or be contained by an existing brick.`,
      );
    }
  }
  return real;
}

/** The outcome of preparing one brick directory. */
export interface BrickDirResult {
  /** glusterd made the directory (the caller removes it if the command fails later). */
  created: boolean;
  /** "... is already part of a volume" found but overridden by force (glusterd still reports it). */
  notice?: string;
}

export interface BrickDirOptions {
  force: boolean;
  volname: string;
  /** glusterd's working directory: no brick may live inside it. */
  workdir: string;
  /** Called as soon as the directory exists, so it is cleaned up even if a later check fails. */
  onCreated?: (p: string) => void;
}

function lstatOrFail(p: string, shown = p): fs.Stats {
  try {
    return fs.lstatSync(p);
  } catch (e) {
    throw new BrickCheckError(`lstat failed on ${shown}. Reason : ${errnoText(e)}`);
  }
}

function insideDir(p: string, dir: string): boolean {
  const d = dir.replace(/\/+$/, '');
  return p === d || p.startsWith(`${d}/`);
}

/** glusterd_check_and_set_brick_xattr's first step: can this filesystem hold trusted xattrs? */
function checkXattrSupport(b: BrickRef): void {
  try {
    setXattr(b.path, 'trusted.glusterfs.test', Buffer.from('working\0'));
  } catch (e) {
    throw new BrickCheckError(
      `Glusterfs is not supported on brick: ${b.host}:${b.path}.\nSetting extended attributes failed, reason: ${errnoText(e)}.`,
    );
  }
  try {
    removeXattr(b.path, 'trusted.glusterfs.test');
  } catch (e) {
    throw new BrickCheckError(`Removing test extended attribute failed, reason: ${errnoText(e)}`);
  }
}

const IN_USE_KEYS = ['trusted.gfid', 'trusted.glusterfs.volume-id'];

function hasKey(dir: string, key: string): boolean {
  try {
    return getXattrOpt(dir, key) !== undefined;
  } catch (e) {
    if (e instanceof FopError && (e.code === 'ENOTSUP' || e.code === 'EOPNOTSUPP')) return false;
    throw new BrickCheckError(`Failed to get extended attribute ${key}, reason: ${errnoText(e)}`);
  }
}

/**
 * glusterd_is_path_in_use: the brick or any ancestor up to / carries a gfid or a volume-id.
 * Returns glusterd's message, or undefined when the path is free.
 */
export function pathInUse(p: string): string | undefined {
  let cur = p;
  for (;;) {
    if (IN_USE_KEYS.some((k) => hasKey(cur, k))) {
      return cur === p ? `${p} is already part of a volume` : `parent directory ${cur} is already part of a volume`;
    }
    if (cur === '/') return undefined;
    cur = path.dirname(cur);
  }
}

/**
 * What only `force` overrides about where a brick directory sits: glusterd's message when it is a
 * mount point or in the root partition, else undefined.
 */
function placementProblem(b: Pick<BrickRef, 'host' | 'path'>, brickSt: fs.Stats, parentSt: fs.Stats, rootSt: fs.Stats): string | undefined {
  if (brickSt.dev !== parentSt.dev) {
    return `The brick ${b.host}:${b.path} is a mount point. Please create a sub-directory under the mount point and use that as the brick directory. Or use 'force' at the end of the command if you want to override this behavior.`;
  }
  if (parentSt.dev === rootSt.dev) {
    return `The brick ${b.host}:${b.path} is being created in the root partition. It is recommended that you don't use the system's root partition for storage backend. Or use 'force' at the end of the command if you want to override this behavior.`;
  }
  return undefined;
}

/** placementProblem of an existing brick directory of this machine (undefined if it cannot be read). */
export function brickPlacementProblem(b: Pick<BrickRef, 'host' | 'path'>): string | undefined {
  try {
    return placementProblem(b, fs.lstatSync(b.path), fs.lstatSync(`${b.path}/..`), fs.lstatSync('/'));
  } catch {
    return undefined;
  }
}

/**
 * glusterd_validate_and_create_brickpath, minus the volume-id write: creates the last path
 * component, then the mount-point / root-partition / working-dir / xattr / in-use checks.
 */
export function validateBrickDir(b: BrickRef, opts: BrickDirOptions): BrickDirResult {
  let created = false;
  try {
    fs.mkdirSync(b.path, 0o755);
    created = true;
    opts.onCreated?.(b.path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new BrickCheckError(
        `Failed to create brick directory for brick ${b.host}:${b.path}. Reason : ${errnoText(e)} `,
      );
    }
  }
  const brickSt = lstatOrFail(b.path);
  if (!created && !brickSt.isDirectory()) {
    throw new BrickCheckError(`The provided path ${b.path} which is already present, is not a directory`);
  }
  const rootSt = lstatOrFail('/');
  const parentSt = lstatOrFail(`${b.path}/..`);
  if (!opts.volname.startsWith('gluster_shared_storage') && insideDir(b.path, opts.workdir)) {
    throw new BrickCheckError("Brick isn't allowed to be created inside glusterd's working directory.");
  }
  if (!opts.force) {
    const problem = placementProblem(b, brickSt, parentSt, rootSt);
    if (problem) throw new BrickCheckError(problem);
  }
  checkXattrSupport(b);
  const inUse = pathInUse(b.path);
  if (inUse && !opts.force) throw new BrickCheckError(inUse);
  return { created, notice: inUse };
}
