// Bundles src/ into dist/ with code splitting (chunks are content-hashed, so dist/ is not wiped:
// parallel builds never leave it half-empty): the entry stays tiny and each command group
// is a lazily imported chunk, so `tgluster volume info` pays only for what it runs.
import { build } from 'esbuild';

await build({
  entryPoints: { main: 'src/cli/main.ts', api: 'src/api/index.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  logLevel: 'warning',
  // Native addons stay outside the bundle and load only when a command needs them.
  external: ['fs-xattr', 'fs-ext'],
  banner: { js: "import { createRequire as __tgCreateRequire } from 'node:module'; const require = __tgCreateRequire(import.meta.url);" },
});
