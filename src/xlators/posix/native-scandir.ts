// The native directory scan (native/scandir.c, built by node-gyp at install into
// build/Release/): a directory's entries with their lstat data in one call, for statOnly
// listings. Loaded on first use; absent (no compiler at install, or TGLUSTER_NATIVE_SCANDIR=0),
// callers fall back to readdir + one lstat per entry, which gives the same entries.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

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

const ADDON = path.join('build', 'Release', 'tgluster_scandir.node');
let loaded: Scandir | null | undefined;

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

function load(): Scandir | null {
  const file = findAddon();
  if (!file) return null;
  try {
    return (createRequire(import.meta.url)(file) as { scandir: Scandir }).scandir;
  } catch {
    // Built for another Node ABI or platform: the JS listing is correct, only slower.
    return null;
  }
}

/** The native scan, or undefined when it is not built or is turned off (TGLUSTER_NATIVE_SCANDIR=0). */
export function nativeScandir(): Scandir | undefined {
  if (process.env.TGLUSTER_NATIVE_SCANDIR === '0') return undefined;
  if (loaded === undefined) loaded = load();
  return loaded ?? undefined;
}
