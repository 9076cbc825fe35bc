// Profiles small-file creates through the api on a replica volume in a temp dir.
//   node scripts/profile-create.mjs [--n 300] [--replica 3] [--size 100] [--only api|bare] [--count] [--aged-handles]
//   node --cpu-prof --cpu-prof-dir=/tmp/prof scripts/profile-create.mjs --only api
//   strace -f -c -o /tmp/sc.txt node scripts/profile-create.mjs --only api
//   TG_PROFILE_TRACE=1 node scripts/profile-create.mjs --n 3 --only api --count   (AFR fop sequence on stderr)
// Syscalls per file: run strace -c at two --n values and divide the difference (cancels setup).
// The TypeScript body (scripts/profile/create-entry.ts) is bundled next to node_modules so the
// native addons resolve; per-file costs are printed as JSON (ms), with the ratio to a bare loop.
import { build } from 'esbuild';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '300' },
    replica: { type: 'string', default: '3' },
    size: { type: 'string', default: '100' },
    only: { type: 'string' },
    count: { type: 'boolean', default: false },
    'aged-handles': { type: 'boolean', default: false },
  },
});
const outfile = path.join(root, 'node_modules', '.cache', 'tgluster-profile', `create-${process.pid}.mjs`);
await build({
  entryPoints: [path.join(root, 'scripts/profile/create-entry.ts')],
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  external: ['fs-xattr', 'fs-ext'],
  banner: { js: "import { createRequire as __tgCreateRequire } from 'node:module'; const require = __tgCreateRequire(import.meta.url);" },
});
const { profile } = await import(pathToFileURL(outfile).href);
try {
  await profile({ n: Number(values.n), replica: Number(values.replica), size: Number(values.size), only: values.only, count: values.count, agedHandles: values['aged-handles'] });
} finally {
  (await import('node:fs')).rmSync(outfile, { force: true });
}
