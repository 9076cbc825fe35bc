// The only module that touches extended attributes.
//
// GlusterFS keeps its metadata in `trusted.*` xattrs, which need CAP_SYS_ADMIN. When tgluster
// runs as root it uses the real names, so bricks are byte-compatible with GlusterFS. Otherwise
// `trusted.X` is stored as `user.tgluster.trusted.X` (TGLUSTER_XATTR_NS=user forces this mode
// as root too, for tests). Linux refuses `user.*` xattrs on symlinks, so in user mode a
// symlink's xattrs live in a JSON sidecar under `<brick>/.glusterfs/tgluster-lxattr/` keyed by
// inode number (see symlinkSidecar below).
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FopError } from '../xlators/errors.js';

type XattrNative = {
  getAttributeSync(p: string, name: string): Buffer;
  setAttributeSync(p: string, name: string, value: Buffer): void;
  removeAttributeSync(p: string, name: string): void;
  listAttributesSync(p: string): string[];
};

let native: XattrNative | undefined;
function lib(): XattrNative {
  // Loaded lazily: management commands that never touch a brick skip the native addon.
  native ??= createRequire(import.meta.url)('fs-xattr') as XattrNative;
  return native;
}

const USER_PREFIX = 'user.tgluster.';

/** true when trusted.* names are stored as-is (root, unless TGLUSTER_XATTR_NS=user). */
export function trustedNative(): boolean {
  if (process.env.TGLUSTER_XATTR_NS === 'user') return false;
  if (process.env.TGLUSTER_XATTR_NS === 'trusted') return true;
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function toDisk(name: string): string {
  return !trustedNative() && name.startsWith('trusted.') ? USER_PREFIX + name : name;
}

function fromDisk(name: string): string | undefined {
  if (trustedNative()) return name;
  if (name.startsWith(USER_PREFIX)) return name.slice(USER_PREFIX.length);
  return name;
}

const O_PATH = 0o10000000;

/**
 * Runs fn on a path that addresses the object itself, never what a symlink points to:
 * fs-xattr has no l*xattr calls, so a symlink is opened with O_PATH|O_NOFOLLOW and reached
 * through /proc/self/fd, which the kernel resolves to the link inode itself.
 */
function onObject<T>(p: string, fn: (target: string) => T): T {
  let fd: number;
  try {
    fd = fs.openSync(p, O_PATH | fs.constants.O_NOFOLLOW);
  } catch (e) {
    throw wrap(e, p);
  }
  try {
    return fn(`/proc/self/fd/${fd}`);
  } catch (e) {
    throw wrap(e, p);
  } finally {
    fs.closeSync(fd);
  }
}

function wrap(e: unknown, p: string): FopError {
  if (e instanceof FopError) return e;
  const err = e as NodeJS.ErrnoException;
  let code = err?.code ?? 'EIO';
  if (code === 'ENOATTR') code = 'ENODATA';
  if (!/^E[A-Z0-9]+$/.test(code)) {
    // fs-xattr reports errno names in the message for some errors.
    const m = /\b(E[A-Z0-9]{2,})\b/.exec(String(err?.message));
    code = m ? m[1] : 'EIO';
  }
  return new FopError(code, p);
}

function isSymlink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch (e) {
    throw wrap(e, p);
  }
}

// ---- user-mode symlink sidecar -------------------------------------------------------------

function sidecarFile(p: string): string {
  const st = fs.lstatSync(p);
  return path.join(findBrickRoot(p), '.glusterfs', 'tgluster-lxattr', `${st.dev}-${st.ino}.json`);
}

/** The nearest ancestor carrying a .glusterfs directory (the brick root). */
function findBrickRoot(p: string): string {
  let dir = path.dirname(path.resolve(p));
  for (;;) {
    if (fs.existsSync(path.join(dir, '.glusterfs'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return path.dirname(path.resolve(p));
    dir = up;
  }
}

function readSidecar(p: string): Record<string, string> {
  try {
    return JSON.parse(fs.readFileSync(sidecarFile(p), 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}

function writeSidecar(p: string, data: Record<string, string>): void {
  const file = sidecarFile(p);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(data));
  fs.renameSync(tmp, file);
}

const useSidecar = (p: string) => !trustedNative() && isSymlink(p);

// ---- public API ---------------------------------------------------------------------------

/** Value of one xattr; throws FopError ENODATA when absent. Never follows a final symlink. */
export function getXattr(p: string, name: string): Buffer {
  if (useSidecar(p)) {
    const v = readSidecar(p)[name];
    if (v === undefined) throw new FopError('ENODATA', `${p}: ${name}`);
    return Buffer.from(v, 'base64');
  }
  return onObject(p, (t) => lib().getAttributeSync(t, toDisk(name)));
}

/** Value or undefined when absent. */
export function getXattrOpt(p: string, name: string): Buffer | undefined {
  try {
    return getXattr(p, name);
  } catch (e) {
    if (e instanceof FopError && e.code === 'ENODATA') return undefined;
    throw e;
  }
}

/**
 * Sets one xattr. flags 'create' fails with EEXIST when present (XATTR_CREATE), 'replace'
 * with ENODATA when absent (XATTR_REPLACE); fs-xattr has no flags, so they are checked here.
 */
export function setXattr(p: string, name: string, value: Buffer, flags: 0 | 'create' | 'replace' = 0): void {
  if (flags) {
    const present = getXattrOpt(p, name) !== undefined;
    if (flags === 'create' && present) throw new FopError('EEXIST', `${p}: ${name}`);
    if (flags === 'replace' && !present) throw new FopError('ENODATA', `${p}: ${name}`);
  }
  if (useSidecar(p)) {
    const d = readSidecar(p);
    d[name] = value.toString('base64');
    writeSidecar(p, d);
    return;
  }
  onObject(p, (t) => lib().setAttributeSync(t, toDisk(name), value));
}

export function removeXattr(p: string, name: string): void {
  if (useSidecar(p)) {
    const d = readSidecar(p);
    if (!(name in d)) throw new FopError('ENODATA', `${p}: ${name}`);
    delete d[name];
    writeSidecar(p, d);
    return;
  }
  onObject(p, (t) => lib().removeAttributeSync(t, toDisk(name)));
}

/** Names as GlusterFS sees them (user-mode prefixes removed). */
export function listXattrs(p: string): string[] {
  if (useSidecar(p)) return Object.keys(readSidecar(p));
  const names = onObject(p, (t) => lib().listAttributesSync(t));
  const out: string[] = [];
  for (const n of names) {
    const m = fromDisk(n);
    if (m !== undefined) out.push(m);
  }
  return out;
}

/** All xattrs of an object as a name → value map. */
export function getAllXattrs(p: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const n of listXattrs(p)) {
    const v = getXattrOpt(p, n);
    if (v !== undefined) out[n] = v;
  }
  return out;
}

/** Drops the sidecar of a symlink that is being removed (user mode only). */
export function forgetSymlink(p: string): void {
  if (!useSidecar(p)) return;
  try {
    const st = fs.lstatSync(p);
    if (st.nlink > 1) return; // another name (the .glusterfs handle) still holds the inode
    fs.rmSync(sidecarFile(p), { force: true });
  } catch {
    /* already gone */
  }
}
