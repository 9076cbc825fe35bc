// tgluster's native addon (native/*.c, built by node-gyp at install into build/Release/):
// loaded once, on first use. Absent (no compiler at install, another Node ABI), every caller
// has a JS fallback that gives the same results, only slower.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DirModes, DirScan } from '../xlators/posix/native-scandir.js';

/** A path (the object itself, never a final symlink's target) or an open descriptor. */
export type XattrTarget = string | number;

export interface NativeAddon {
  scandir(dir: string): DirScan;
  scandir(dir: string, modesOnly: true): DirModes;
  /** undefined when the key is absent. */
  xattrGet(target: XattrTarget, name: string): Buffer | undefined;
  /** flags: 0, 1 = XATTR_CREATE, 2 = XATTR_REPLACE. */
  xattrSet(target: XattrTarget, name: string, value: Buffer, flags: number): void;
  xattrRemove(target: XattrTarget, name: string): void;
  xattrList(target: XattrTarget): string[];
  /** Every key and its value, flattened: [name, value, name, value, ...] (an older build lacks it). */
  xattrAll?(target: XattrTarget): (string | Buffer)[];
  /** mode 0 unlock, 1 lock (waits), 2 try; false only when a try finds the key taken. */
  lockKey(fd: number, key: string, mode: 0 | 1 | 2): boolean;
  /**
   * An OFD record lock on fd (native/locks.c): cmd 0 asks, 1 sets without waiting; type 0 read,
   * 1 write, 2 unlock; len 0 to the end. Set: false when another owner conflicts. Get: null, or a
   * conflicting lock as [type, start, len]. An older build lacks it.
   */
  posixLock?(fd: number, cmd: 0 | 1, type: 0 | 1 | 2, start: number, len: number): boolean | [number, number, number] | null;
  /** linkat(2) of an open file (an O_TMPFILE one) to a new name. */
  linkFd(fd: number, newPath: string): void;
  /** Blocks until fd is readable (data, end of file or error): poll(2). */
  waitReadable(fd: number): void;
  /** mknod(2): a fifo, device, socket or regular file; dev is makedev(major, minor). */
  mknod(path: string, mode: number, dev: number): void;
  /** openat2(2) RESOLVE_BENEATH|RESOLVE_NO_SYMLINKS: an O_PATH fd of the directory `path` below dirfd. */
  openBeneath(dirfd: number, path: string): number;
  /** fallocate(2) on an open descriptor (mode 0, or FALLOC_FL_KEEP_SIZE = 1, ...). */
  fallocate(fd: number, mode: number, offset: number, length: number): void;
  /** lseek(2) with SEEK_DATA (3) or SEEK_HOLE (4) on an open descriptor; ENXIO past the data. */
  seek?(fd: number, offset: number, whence: number): number;
  /** utimensat(2), a final symlink not followed: atime and mtime to the nanosecond. */
  utimens?(path: string, atimeSec: number, atimeNsec: number, mtimeSec: number, mtimeNsec: number): void;
  /** The file (created, grown to `bytes`) mapped MAP_SHARED: io-stats' counters, shared by processes. */
  statsMap?(path: string, bytes: number): ArrayBuffer;
  /** Atomically adds n to u64 slot `slot` of a mapped buffer. */
  statsAdd?(buf: ArrayBuffer, slot: number, n: number): void;
  /** Atomically records one fop of `ns` nanoseconds in the record at `slot` (hits, sum, min, max). */
  statsFop?(buf: ArrayBuffer, slot: number, ns: number): void;
}

const ADDON = path.join('build', 'Release', 'tgluster_native.node');
let loaded: NativeAddon | null | undefined;

/**
 * The package root holds binding.gyp and, once built, the addon. Walking up works from src/ (tests),
 * dist/ (api) and dist/cli/ (CLI chunks) alike.
 */
function findAddon(): string | undefined {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (fs.existsSync(path.join(dir, 'binding.gyp'))) {
      const f = path.join(dir, ADDON);
      return fs.existsSync(f) ? f : undefined;
    }
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

function load(): NativeAddon | null {
  const file = findAddon();
  if (!file) return null;
  try {
    return createRequire(import.meta.url)(file) as NativeAddon;
  } catch {
    // Built for another Node ABI or platform.
    return null;
  }
}

/** The addon, or undefined when it is not built. */
export function nativeAddon(): NativeAddon | undefined {
  if (loaded === undefined) loaded = load();
  return loaded ?? undefined;
}
