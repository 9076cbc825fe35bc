// mkdir -p for every layer (state dir, lock dir, brick handles, fs export).
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * mkdir -p without Node's recursive mode, which loops forever where mkdir(2) answers ENOENT for
 * a path whose parent exists (under /proc, for example). Each level is tried at most twice.
 * Levels it creates get `mode` (less the umask, as mkdir(2) does); existing ones are kept.
 */
export function ensureDir(dir: string, mode = 0o777): void {
  try {
    fs.mkdirSync(dir, mode);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    const parent = path.dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw e;
    ensureDir(parent, mode);
    try {
      fs.mkdirSync(dir, mode);
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException).code !== 'EEXIST') throw e2;
    }
  }
}
