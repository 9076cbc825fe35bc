// Builds dist/ from src/. Start-up latency is part of the product (scripts run `tgluster` hundreds
// of times), and Node's ESM loader alone costs ~10 ms more than CommonJS, so the CLI is CommonJS:
//
//   dist/cli/tgluster.cjs   the CLI entry (bin/tgluster requires it), small
//   dist/cli/*-HASH.cjs     lazily required command modules and shared chunks
//   dist/api.js             the library API (ESM, one file): `import { openVolume } from 'dist/api.js'`
//   dist/main.js            ESM shim running the CLI, for callers of the old entry
//
// esbuild splits code only for ESM, so the CLI is split as ESM in memory and each output file is
// then converted to CommonJS on its own (imports become require(), import() a lazy require()).
// Chunk names are content hashes and dist/ is never wiped: parallel builds never leave it
// half-empty, and entries are replaced by rename, never seen half-written.
import { build, transform } from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
const CLI_DIR = path.join(DIST, 'cli');
const CLI_ENTRY = 'tgluster';
/** Unreferenced outputs of earlier builds are removed once this old (a running process may still load them). */
const PRUNE_AGE_MS = 60 * 60 * 1000;

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  logLevel: 'warning',
  absWorkingDir: ROOT,
  // Native addons stay outside the bundle and load only when a command needs them.
  external: ['fs-xattr', 'fs-ext', '@node-rs/xxhash'],
  write: false,
};

/** Writes a file so that readers see the old or the new content, never a partial one. */
function writeAtomic(file, contents) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, contents);
  fs.renameSync(tmp, file);
}

async function buildApi() {
  const r = await build({
    ...common,
    entryPoints: { api: 'src/api/index.ts' },
    outdir: DIST,
    format: 'esm',
    // Bundled CommonJS dependencies call require() for Node built-ins.
    banner: { js: "import { createRequire as __tgCreateRequire } from 'node:module'; const require = __tgCreateRequire(import.meta.url);" },
  });
  for (const f of r.outputFiles) writeAtomic(f.path, f.contents);
}

/** One ESM output file of the split build as CommonJS. */
async function toCommonJs(code, file) {
  const usesMetaUrl = code.includes('import.meta.url');
  const r = await transform(code, {
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcefile: file,
    logLevel: 'warning',
    // import('./x.cjs') -> Promise.resolve().then(() => require('./x.cjs')): still lazy.
    supported: { 'dynamic-import': false },
    // import.meta.url: this very file's URL, computed only when read (createRequire(import.meta.url)
    // runs on first use of a native addon, not at load).
    ...(usesMetaUrl && {
      define: { 'import.meta.url': '__tgImportMeta.url' },
      banner: "var __tgImportMeta = { get url() { return require('node:url').pathToFileURL(__filename).href; } };",
    }),
  });
  return r.code;
}

/** An import written in src/ (not in a bundled package, not in one of the stand-ins below). */
const fromSrc = (args) => args.namespace === 'file' && !args.importer.includes(`${path.sep}node_modules${path.sep}`);

/**
 * In the CommonJS CLI, createRequire(import.meta.url) is the calling file's own require (every
 * output file sits in dist/cli/, so it resolves alike), and node:module, ~1 ms to load, is not
 * loaded for it. Any other use of node:module in src/ fails the build rather than misbehaving.
 */
const ownRequire = {
  name: 'own-require',
  setup(b) {
    b.onResolve({ filter: /^(node:)?module$/ }, (args) => (fromSrc(args) ? { path: 'node:module', namespace: 'own-require' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'own-require' }, () => ({ contents: 'export const createRequire = () => require;', loader: 'js' }));
  },
};

/**
 * commander (the parser of the fs and debug commands) requires node:child_process as it loads,
 * for executable subcommands tgluster never has; that module brings net, dgram and the stream
 * modules (~3 ms). Bundled packages get a stand-in that requires it on first use.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.namespace === 'file' && !fromSrc(args) ? { path: 'child_process', namespace: 'lazy-child-process' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: "let cp; module.exports = new Proxy({}, { get: (_, key) => (cp ??= require('node:child_process'))[key] });",
      loader: 'js',
    }));
  },
};

/**
 * node:crypto (~3 ms with the stream modules it loads) is required on first call rather than when
 * a module of src/ importing it loads: a read-only command makes no gfid. src/ uses the names
 * below; a new one fails the build with "No matching export" and belongs in this list.
 */
const LAZY_CRYPTO_NAMES = ['randomUUID', 'createHash'];
const lazyCrypto = {
  name: 'lazy-crypto',
  setup(b) {
    b.onResolve({ filter: /^(node:)?crypto$/ }, (args) => (fromSrc(args) ? { path: 'node:crypto', namespace: 'lazy-crypto' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'lazy-crypto' }, () => ({
      contents: [
        "let crypto; const load = () => (crypto ??= require('node:crypto'));",
        ...LAZY_CRYPTO_NAMES.map((n) => `export const ${n} = (...args) => load().${n}(...args);`),
      ].join('\n'),
      loader: 'js',
    }));
  },
};

async function buildCli() {
  const r = await build({
    ...common,
    plugins: [ownRequire, lazyChildProcess, lazyCrypto],
    entryPoints: { [CLI_ENTRY]: 'src/cli/main.ts' },
    outdir: CLI_DIR,
    outExtension: { '.js': '.cjs' },
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    format: 'esm',
    splitting: true,
  });
  const entryFile = path.join(CLI_DIR, `${CLI_ENTRY}.cjs`);
  const outputs = await Promise.all(r.outputFiles.map(async (f) => ({ file: f.path, code: await toCommonJs(f.text, f.path) })));
  // Chunks first, the entry last: a process started meanwhile finds every chunk its entry names.
  for (const o of outputs) if (o.file !== entryFile) writeAtomic(o.file, o.code);
  writeAtomic(entryFile, outputs.find((o) => o.file === entryFile).code);
  writeAtomic(path.join(DIST, 'main.js'), "// The CLI is CommonJS (start-up cost); this ESM entry only runs it.\nimport './cli/tgluster.cjs';\n");
  return new Set(outputs.map((o) => o.file));
}

/**
 * Removes content-hashed files of earlier builds (this layout's and the old ESM chunks in dist/),
 * and temporary files an interrupted build left.
 */
function prune(current) {
  const old = Date.now() - PRUNE_AGE_MS;
  const candidates = [
    ...listDir(CLI_DIR).filter((f) => f.endsWith('.cjs') || f.endsWith('.tmp')),
    ...listDir(DIST).filter((f) => /-[A-Z0-9]{8}\.js$/.test(f) || f.endsWith('.tmp')),
  ];
  for (const f of candidates) {
    if (current.has(f)) continue;
    try {
      if (fs.statSync(f).mtimeMs < old) fs.rmSync(f, { force: true });
    } catch {
      // gone already (another build pruned it)
    }
  }
}

function listDir(dir) {
  return fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => path.join(dir, f)) : [];
}

const [, cliFiles] = await Promise.all([buildApi(), buildCli()]);
prune(cliFiles);
