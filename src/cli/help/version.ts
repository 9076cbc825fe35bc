// tgluster's own version line, read from the package.json this build came from (only `--version`
// pays for the read).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export function tglusterVersion(from: string = __dirnameOf()): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'tgluster' && pkg.version) return pkg.version;
    } catch {
      // no package.json here: go up
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

/** This module's directory: src/cli/help, or dist/cli in a build (both below the package root). */
function __dirnameOf(): string {
  return path.dirname(fileURLToPath(import.meta.url));
}

/** The line `tgluster --version` adds after gluster's block. */
export const versionLine = (): string => `tgluster ${tglusterVersion()} (GlusterFS 10.3 in a box: daemon-less, single machine)\n`;
