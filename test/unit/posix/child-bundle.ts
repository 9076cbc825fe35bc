// Bundles a TypeScript entry for a child process (esbuild), next to node_modules so that the
// native addons (fs-xattr, fs-ext) resolve from the bundle.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

export function bundleChild(entry: string): { file: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(process.cwd(), 'node_modules', '.tg-child-'));
  const file = path.join(dir, 'child.mjs');
  buildSync({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['fs-xattr', 'fs-ext'],
    logLevel: 'error',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return { file, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
