// The only module that touches extended attributes.
//
// GlusterFS keeps its metadata in `trusted.*` xattrs, which need CAP_SYS_ADMIN. When tgluster
// runs as root it uses the real names, so bricks are byte-compatible with GlusterFS. Otherwise
// `trusted.X` is stored as `user.tgluster.trusted.X` (TGLUSTER_XATTR_NS=user forces this mode
// as root too, for tests). Linux refuses `user.*` xattrs on symlinks, so in user mode a
// symlink's xattrs live in a JSON sidecar under `<brick>/.glusterfs/tgluster-lxattr/` keyed by
// inode number (see symlinkSidecar below).
//
// The calls go to tgluster's native addon (one l*xattr/f*xattr syscall each, flags native)
// when it is built, else to fs-xattr (TGLUSTER_NATIVE_XATTR=0 forces that, for tests): see Raw.
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nativeAddon, type XattrTarget } from '../native/addon.js';
import { FopError } from '../libglusterfs/errors.js';

type XattrNative = {
  getAttributeSync(p: string, name: string): Buffer;
  setAttributeSync(p: string, name: string, value: Buffer): void;
  removeAttributeSync(p: string, name: string): void;
  listAttributesSync(p: string): string[];
};

let native: XattrNative | undefined;
function lib(): XattrNative {
  // Loaded lazily: management commands that never touch a brick skip the native addon.
  native ??= loadNative();
  return native;
}

/**
 * fs-xattr's entry is an ES module: requiring it from the CommonJS CLI brings in Node's ESM
 * loader, ~5 ms for every command that touches a brick. Its native addon, beside that entry, has
 * the same synchronous calls (the entry only checks argument types, which ours always satisfy);
 * any other layout of the package falls back to the entry.
 */
function loadNative(): XattrNative {
  const req = createRequire(import.meta.url);
  try {
    const addon = req(path.join(path.dirname(req.resolve('fs-xattr')), 'build', 'Release', 'xattr.node'));
    const { getSync, setSync, removeSync, listSync } = addon;
    if ([getSync, setSync, removeSync, listSync].every((f) => typeof f === 'function')) {
      return { getAttributeSync: getSync, setAttributeSync: setSync, removeAttributeSync: removeSync, listAttributesSync: listSync };
    }
  } catch {
    // not built where expected: use the package's own entry
  }
  return req('fs-xattr') as XattrNative;
}

/**
 * The four calls on an object, whichever library makes them. A target is a path that names the
 * object itself (never what a final symlink points to) or, natively, a descriptor.
 */
interface Raw {
  /** The native addon: a path target is never followed (l*xattr); fs-xattr's are (see onObject). */
  readonly native: boolean;
  /** undefined when the key is absent. */
  get(t: XattrTarget, name: string): Buffer | undefined;
  set(t: XattrTarget, name: string, value: Buffer, flags: SetFlags): void;
  remove(t: XattrTarget, name: string): void;
  list(t: XattrTarget): string[];
  /** Every key with its value in one call, when the addon has it. */
  all?(t: XattrTarget): (string | Buffer)[];
}

type SetFlags = 0 | 'create' | 'replace';
const FLAG_BITS = { create: 1, replace: 2 } as const;

let raw: Raw | undefined;

function rawOps(): Raw {
  raw ??= pickRaw();
  return raw;
}

function pickRaw(): Raw {
  const addon = process.env.TGLUSTER_NATIVE_XATTR === '0' ? undefined : nativeAddon();
  if (addon) {
    return {
      native: true,
      get: (t, n) => addon.xattrGet(t, n),
      set: (t, n, v, f) => addon.xattrSet(t, n, v, f ? FLAG_BITS[f] : 0),
      remove: (t, n) => addon.xattrRemove(t, n),
      list: (t) => addon.xattrList(t),
      all: addon.xattrAll ? (t) => addon.xattrAll!(t) : undefined,
    };
  }
  const get = (t: XattrTarget, n: string): Buffer | undefined => {
    try {
      return lib().getAttributeSync(String(t), n);
    } catch (e) {
      // An absent key is the common answer: no FopError (and its stack trace) for it.
      const code = (e as NodeJS.ErrnoException)?.code;
      if (code === 'ENODATA' || code === 'ENOATTR' || wrap(e, String(t)).code === 'ENODATA') return undefined;
      throw e;
    }
  };
  return {
    native: false,
    get,
    set: (t, n, v, flags) => {
      // fs-xattr has no flags: they are checked here.
      if (flags) {
        const present = get(t, n) !== undefined;
        if (flags === 'create' && present) throw new FopError('EEXIST', `${String(t)}: ${n}`);
        if (flags === 'replace' && !present) throw new FopError('ENODATA', `${String(t)}: ${n}`);
      }
      lib().setAttributeSync(String(t), n, v);
    },
    remove: (t, n) => lib().removeAttributeSync(String(t), n),
    list: (t) => lib().listAttributesSync(String(t)),
  };
}

const USER_PREFIX = 'user.tgluster.';

// The uid is read once: tgluster never changes its credentials, and this runs for every name.
let isRoot: boolean | undefined;

/** true when trusted.* names are stored as-is (root, unless TGLUSTER_XATTR_NS=user). */
export function trustedNative(): boolean {
  const ns = process.env.TGLUSTER_XATTR_NS;
  if (ns === 'user') return false;
  if (ns === 'trusted') return true;
  isRoot ??= typeof process.getuid === 'function' && process.getuid() === 0;
  return isRoot;
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
 * Runs fn on a target that addresses the object itself, never what a final symlink points to:
 * natively the path (l*xattr calls); with fs-xattr, which has no l*xattr calls, the object
 * opened O_PATH|O_NOFOLLOW and reached through /proc/self/fd, which the kernel resolves to the
 * link inode itself. Errors become FopErrors naming p.
 */
function onObject<T>(p: string, fn: (target: XattrTarget) => T): T {
  if (rawOps().native) {
    try {
      return fn(p);
    } catch (e) {
      throw wrap(e, p);
    }
  }
  const fd = openObject(p);
  try {
    return fn(`/proc/self/fd/${fd}`);
  } catch (e) {
    throw wrap(e, p);
  } finally {
    fs.closeSync(fd);
  }
}

function openObject(p: string): number {
  try {
    return fs.openSync(p, O_PATH | fs.constants.O_NOFOLLOW);
  } catch (e) {
    throw wrap(e, p);
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

/**
 * The nearest ancestor carrying a .glusterfs directory (the brick root). The directory is resolved
 * first: posix names objects through /proc/self/fd/<dir>/./<name> (see posix/beneath.ts).
 */
function findBrickRoot(p: string): string {
  let dir = fs.realpathSync(path.dirname(path.resolve(p)));
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
  const v = getXattrOpt(p, name);
  if (v === undefined) throw new FopError('ENODATA', `${p}: ${name}`);
  return v;
}

/** Value or undefined when absent. */
export function getXattrOpt(p: string, name: string): Buffer | undefined {
  if (useSidecar(p)) {
    const v = readSidecar(p)[name];
    return v === undefined ? undefined : Buffer.from(v, 'base64');
  }
  return onObject(p, (t) => rawOps().get(t, toDisk(name)));
}

/**
 * Sets one xattr. flags 'create' fails with EEXIST when present (XATTR_CREATE), 'replace'
 * with ENODATA when absent (XATTR_REPLACE).
 */
export function setXattr(p: string, name: string, value: Buffer, flags: SetFlags = 0): void {
  if (useSidecar(p)) {
    const d = readSidecar(p);
    if (flags === 'create' && name in d) throw new FopError('EEXIST', `${p}: ${name}`);
    if (flags === 'replace' && !(name in d)) throw new FopError('ENODATA', `${p}: ${name}`);
    d[name] = value.toString('base64');
    writeSidecar(p, d);
    return;
  }
  onObject(p, (t) => rawOps().set(t, toDisk(name), value, flags));
}

export function removeXattr(p: string, name: string): void {
  if (useSidecar(p)) {
    const d = readSidecar(p);
    if (!(name in d)) throw new FopError('ENODATA', `${p}: ${name}`);
    delete d[name];
    writeSidecar(p, d);
    return;
  }
  onObject(p, (t) => rawOps().remove(t, toDisk(name)));
}

const namesFromDisk = (names: string[]): string[] => {
  const out: string[] = [];
  for (const n of names) {
    const m = fromDisk(n);
    if (m !== undefined) out.push(m);
  }
  return out;
};

/** Names as GlusterFS sees them (user-mode prefixes removed). */
export function listXattrs(p: string): string[] {
  if (useSidecar(p)) return Object.keys(readSidecar(p));
  return namesFromDisk(onObject(p, (t) => rawOps().list(t)));
}

/** All xattrs of an object as a name → value map. */
export function getAllXattrs(p: string): Record<string, Buffer> {
  return withXattrObject(p, (x) => x.all());
}

/** Several xattr operations on one object (see withXattrObject). */
export interface XattrObject {
  get(name: string): Buffer;
  getOpt(name: string): Buffer | undefined;
  set(name: string, value: Buffer, flags?: 0 | 'create' | 'replace'): void;
  remove(name: string): void;
  list(): string[];
  all(): Record<string, Buffer>;
}

/** The path-based functions above, one call each (symlinks in user mode: the sidecar). */
const byPath = (p: string): XattrObject => ({
  get: (n) => getXattr(p, n),
  getOpt: (n) => getXattrOpt(p, n),
  set: (n, v, f) => setXattr(p, n, v, f),
  remove: (n) => removeXattr(p, n),
  list: () => listXattrs(p),
  all: () => {
    const out: Record<string, Buffer> = {};
    for (const n of listXattrs(p)) {
      const v = getXattrOpt(p, n);
      if (v !== undefined) out[n] = v;
    }
    return out;
  },
});

/**
 * The same operations on one target (see onObject). The object remembers what it read and
 * wrote (null: absent), so a fop reading back a key it has just written (the iatt of a new
 * inode) makes no syscall for it; an object lives for one fop.
 */
function objectAt(p: string, t: XattrTarget): XattrObject {
  const ops = rawOps();
  const known = new Map<string, Buffer | null>();
  const call = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      throw wrap(e, p);
    }
  };
  const getOpt = (n: string): Buffer | undefined => {
    const k = known.get(n);
    if (k !== undefined) return k ?? undefined;
    const v = call(() => ops.get(t, toDisk(n)));
    known.set(n, v ?? null);
    return v;
  };
  const list = (): string[] => namesFromDisk(call(() => ops.list(t)));
  return {
    get: (n) => {
      const v = getOpt(n);
      if (v === undefined) throw new FopError('ENODATA', `${p}: ${n}`);
      return v;
    },
    getOpt,
    set: (n, v, flags = 0) => {
      call(() => ops.set(t, toDisk(n), v, flags));
      known.set(n, v);
    },
    remove: (n) => {
      call(() => ops.remove(t, toDisk(n)));
      known.set(n, null);
    },
    list,
    all: () => {
      const out: Record<string, Buffer> = {};
      if (ops.all) {
        const flat = call(() => ops.all!(t));
        for (let i = 0; i < flat.length; i += 2) {
          const n = fromDisk(flat[i] as string);
          if (n === undefined) continue;
          out[n] = flat[i + 1] as Buffer;
          known.set(n, out[n]);
        }
        return out;
      }
      for (const n of list()) {
        const v = getOpt(n);
        if (v !== undefined) out[n] = v;
      }
      return out;
    },
  };
}

/**
 * The xattr operations of a regular file or directory through a descriptor the caller already
 * has open on it (for I/O): no further open. Not for symlinks (their descriptors are O_PATH).
 */
export function xattrsOfFd(fd: number, p: string): XattrObject {
  return objectAt(p, rawOps().native ? fd : `/proc/self/fd/${fd}`);
}

/**
 * Runs fn with the xattr operations of one object: for fops that read or write several keys of
 * an inode (with fs-xattr, through one descriptor opened for all of them). Same semantics as
 * the single-call functions: never follows a final symlink, FopError on failure.
 */
export function withXattrObject<T>(p: string, fn: (x: XattrObject) => T): T {
  if (useSidecar(p)) return fn(byPath(p));
  if (rawOps().native) return fn(objectAt(p, p));
  const fd = openObject(p);
  try {
    // Errors of fn itself pass through unchanged; the operations wrap their own.
    return fn(objectAt(p, `/proc/self/fd/${fd}`));
  } finally {
    fs.closeSync(fd);
  }
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

/** Which library makes the calls: the native addon, or fs-xattr when it is not built (or TGLUSTER_NATIVE_XATTR=0). */
export function xattrBackend(): 'native' | 'fs-xattr' {
  return rawOps().native ? 'native' : 'fs-xattr';
}
