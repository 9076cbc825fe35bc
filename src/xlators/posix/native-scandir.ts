// The native directory scan (native/scandir.c, in the addon of src/native/addon.ts): a
// directory's entries with their lstat data in one call, for statOnly listings. Absent (addon
// not built, or TGLUSTER_NATIVE_SCANDIR=0), callers fall back to readdir + one lstat per entry,
// which gives the same entries.
import { nativeAddon } from '../../native/addon.js';

/** A directory's entry names and st_modes: element i of `modes` describes entry i of `names`. */
export interface DirModes {
  /** Each name followed by '/', in byte (strcmp) order, without "." and "..". */
  names: string;
  modes: Uint32Array;
}

/** One directory's entries: element i of every array describes entry i of `names`. */
export interface DirScan extends DirModes {
  nlinks: Float64Array;
  uids: Uint32Array;
  gids: Uint32Array;
  sizes: Float64Array;
  blocks: Float64Array;
  inos: Float64Array;
  atimeSec: Float64Array;
  atimeNsec: Uint32Array;
  mtimeSec: Float64Array;
  mtimeNsec: Uint32Array;
  ctimeSec: Float64Array;
  ctimeNsec: Uint32Array;
}

/** Throws a Node-style error (code, errno, syscall, path) when the directory cannot be read. */
export interface Scandir {
  (dir: string): DirScan;
  /** Names and modes only (the addon then makes no other typed array). */
  (dir: string, modesOnly: true): DirModes;
}

/** The native scan, or undefined when it is not built or is turned off (TGLUSTER_NATIVE_SCANDIR=0). */
export function nativeScandir(): Scandir | undefined {
  if (process.env.TGLUSTER_NATIVE_SCANDIR === '0') return undefined;
  const addon = nativeAddon();
  return addon ? (addon.scandir.bind(addon) as Scandir) : undefined;
}
