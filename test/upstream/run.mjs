#!/usr/bin/env node
// Runs GlusterFS 10.3's own regression .t files, unmodified, against tgluster.
//
//   npm run test:upstream                                  # the chosen list (chosen.txt)
//   npm run test:upstream -- tests/basic/afr/quorum.t ...  # the files named (GlusterFS paths;
//                                                          # globs such as 'tests/basic/afr/*.t')
// Options: --jobs N (parallel files, default 1), --timeout S (per file; default none, 0 = none),
//          --scale X (EXPECT_WITHIN timeouts multiplied by X, default 2), --keep (keep each
//          file's scratch root), --results DIR, --run-not-runnable (run files listed as not
//          runnable too), --list FILE (another list), -v (stream each file's output).
// Env: TGLUSTER_UPSTREAM_TARBALL (the cached orig tarball), TGLUSTER_UPSTREAM_CACHE (where the
//      extracted tests and built tools live), TGLUSTER_UPSTREAM_TMP (parent of scratch roots),
//      TGLUSTER_UPSTREAM_MOUNT=0|1 (force the mount's availability), TGLUSTER_UPSTREAM_JOBS,
//      TGLUSTER_UPSTREAM_TIMEOUT, TGLUSTER_UPSTREAM_SCALE.
//
// Output: one TAP line per file as it finishes, then a table (file, result, reason), and last
// `upstream: N passed, M failed, K not runnable`. Exit 1 if any file failed.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const TGLUSTER = path.join(REPO, 'bin', 'tgluster');
const VERSION = '10.3';
const TARBALL_NAME = `glusterfs_${VERSION}.orig.tar.gz`;
const CACHE_ROOT = process.env.TGLUSTER_UPSTREAM_CACHE
  || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'tgluster');

// ---- arguments ---------------------------------------------------------------------------------
function parseArgs(argv) {
  const o = {
    files: [], list: null, jobs: Number(process.env.TGLUSTER_UPSTREAM_JOBS || 1),
    timeout: Number(process.env.TGLUSTER_UPSTREAM_TIMEOUT || 0),
    scale: Number(process.env.TGLUSTER_UPSTREAM_SCALE || 2), keep: false, results: null,
    runNotRunnable: false, verbose: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) die(`${a} needs a value`); return argv[++i]; };
    if (a === '--jobs' || a === '-j') o.jobs = Number(val());
    else if (a === '--timeout') o.timeout = Number(val());
    else if (a === '--scale') o.scale = Number(val());
    else if (a === '--keep') o.keep = true;
    else if (a === '--results') o.results = path.resolve(val());
    else if (a === '--list') o.list = path.resolve(val());
    else if (a === '--run-not-runnable') o.runNotRunnable = true;
    else if (a === '-v' || a === '--verbose') o.verbose = true;
    else if (a === '-h' || a === '--help') { usage(); process.exit(0); }
    else if (a.startsWith('-')) die(`unknown option ${a}`);
    else o.files.push(a);
  }
  if (!(o.jobs >= 1)) die('--jobs must be at least 1');
  if (!(o.timeout >= 0)) die('--timeout must be 0 (none) or more');
  if (!(o.scale >= 1)) die('--scale must be at least 1');
  return o;
}

function usage() {
  process.stdout.write(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8')
    .split('\n').slice(1).filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n') + '\n');
}

function die(msg) {
  process.stderr.write(`test:upstream: ${msg}\n`);
  process.exit(2);
}

// ---- lists -------------------------------------------------------------------------------------
function readLines(file) {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').map((l) => l.replace(/\r$/, ''));
}

// chosen.txt: one GlusterFS path (or glob) a line; '#' starts a comment.
function readChosen(file) {
  return readLines(file).map((l) => l.replace(/#.*/, '').trim()).filter(Boolean);
}

// not-runnable.txt: `PATH-OR-GLOB  reason...`; lines starting with '#' are comments.
function readNotRunnable(file) {
  const out = [];
  for (const l of readLines(file)) {
    const t = l.trim();
    if (!t || t.startsWith('#')) continue;
    const m = /^(\S+)\s+(.*)$/.exec(t);
    out.push({ pattern: m ? m[1] : t, reason: m ? m[2].trim() : 'listed in not-runnable.txt' });
  }
  return out;
}

function globToRegExp(g) {
  let re = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*' && g[i + 1] === '*') { re += '.*'; i++; }
    else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

// ---- the upstream tree: tarball, extraction, tools -----------------------------------------------
function tarballPath() {
  const want = process.env.TGLUSTER_UPSTREAM_TARBALL || path.join(CACHE_ROOT, TARBALL_NAME);
  if (fs.existsSync(want) && fs.statSync(want).size > 0) return want;
  process.stderr.write(`test:upstream: ${want} missing; fetching it (scripts/fetch-upstream-tests.sh)\n`);
  const r = spawnSync('bash', [path.join(REPO, 'scripts', 'fetch-upstream-tests.sh')], {
    stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8',
    env: { ...process.env, TGLUSTER_UPSTREAM_TARBALL: want },
  });
  if (r.status !== 0) die(`could not get ${TARBALL_NAME} (scripts/fetch-upstream-tests.sh exited ${r.status})`);
  return r.stdout.trim().split('\n').pop();
}

function extractTests(tarball) {
  const st = fs.statSync(tarball);
  const stamp = `${path.resolve(tarball)} ${st.size} ${Math.floor(st.mtimeMs)}\n`;
  const dir = path.join(CACHE_ROOT, `glusterfs-${VERSION}-tests`);
  const stampFile = path.join(dir, '.stamp');
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return dir;
  fs.mkdirSync(CACHE_ROOT, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(CACHE_ROOT, '.extract-'));
  const r = spawnSync('tar', ['-xzf', tarball, '-C', tmp, `glusterfs-${VERSION}/tests`], { stdio: 'inherit' });
  if (r.status !== 0) { fs.rmSync(tmp, { recursive: true, force: true }); die(`tar could not extract tests/ from ${tarball}`); }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(path.join(tmp, `glusterfs-${VERSION}`), dir);
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.writeFileSync(stampFile, stamp);
  return dir;
}

// arequal-checksum and get-mdata-xattr, compiled from the tarball's tests/utils (never committed).
function buildTools(upstream) {
  const dir = path.join(upstream, 'tools');
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, src] of [['arequal-checksum', 'arequal-checksum.c'], ['get-mdata-xattr', 'get-mdata-xattr.c']]) {
    const out = path.join(dir, name);
    if (fs.existsSync(out)) continue;
    const r = spawnSync('gcc', ['-O2', '-o', out, path.join(upstream, 'tests', 'utils', src)], { encoding: 'utf8' });
    if (r.status !== 0) process.stderr.write(`test:upstream: warning: could not build ${name} with gcc:\n${r.stderr || r.error}\n`);
  }
  return dir;
}

function ensureBuilt() {
  if (fs.existsSync(path.join(REPO, 'dist', 'cli', 'tgluster.cjs'))) return;
  process.stderr.write('test:upstream: dist/ missing, building (node scripts/build.mjs)\n');
  const r = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'build.mjs')], { cwd: REPO, stdio: 'inherit' });
  if (r.status !== 0) die('build failed');
}

// Is `tgluster mount` there? Without it, tgluster says "unrecognized word: mount".
function mountAvailability() {
  const forced = process.env.TGLUSTER_UPSTREAM_MOUNT;
  if (forced === '1') return '1';
  if (forced === '0') return 'disabled by TGLUSTER_UPSTREAM_MOUNT=0';
  const r = spawnSync(TGLUSTER, ['mount'], { encoding: 'utf8', timeout: 30000, env: { ...process.env, NO_COLOR: '1' } });
  const text = `${r.stdout || ''}${r.stderr || ''}`;
  if (/unrecognized word: mount/.test(text)) return '`tgluster mount` does not exist yet';
  if (!fs.existsSync('/dev/fuse')) return '/dev/fuse is missing';
  return '1';
}

// ---- classification before running -------------------------------------------------------------
// What a .t needs that this single-machine, daemon-less setting cannot give, read from its text.
const AUTO_RULES = [
  [/^\s*launch_cluster\b|^\s*TEST\s+launch_cluster\b/m, 'several glusterd nodes (cluster.rc launch_cluster)'],
  [/\bmount_nfs\b|\$\{?N[01]\b/, 'gluster NFS server (an NFS mount at $N0/$N1)'],
  [/^\s*\.\s+.*\bsnapshot\.rc\b/m, 'snapshots on LVM (snapshot.rc)'],
  [/^\s*\.\s+.*\bgeo-rep\.rc\b/m, 'geo-replication (geo-rep.rc)'],
  [/^\s*\.\s+.*\bec\.rc\b/m, 'disperse volumes: tgluster has no disperse data path (ec.rc)'],
  [/^\s*\.\s+.*\bthin-arbiter\.rc\b/m, 'thin-arbiter: tgluster has no thin-arbiter data path (thin-arbiter.rc)'],
  [/^\s*\.\s+.*\bssl\.rc\b/m, 'TLS transport (ssl.rc)'],
];

function autoNotRunnable(text) {
  const bad = /^\s*#?\s*G_TESTDEF_TEST_STATUS_CENTOS6\s*=\s*(BAD_TEST|KNOWN_ISSUE)/m.exec(text);
  if (bad) return `GlusterFS marks it ${bad[1]} on Linux (run-tests.sh skips it)`;
  for (const [re, why] of AUTO_RULES) if (re.test(text)) return why;
  return null;
}

// ---- running one file ------------------------------------------------------------------------------
const RC_FILES = ['include.rc', 'volume.rc', 'afr.rc', 'dht.rc', 'env.rc', 'tgluster-helpers.rc'];

function slug(rel) {
  return rel.replace(/^tests\//, '').replace(/\.t$/, '').replace(/[^A-Za-z0-9]+/g, '-').slice(-60);
}

function layOut(upstream, rel, tmpBase) {
  const root = fs.mkdtempSync(path.join(tmpBase, `tgluster-upstream-${slug(rel)}-`));
  // Some steps run as other users (su, run_cmd_as_user) on $M0 and $B0, which GlusterFS's test
  // machines keep under world-traversable /mnt and /d: mkdtemp's 0700 would refuse them.
  fs.chmodSync(root, 0o755);
  // The whole tests/ tree (small), so that relative paths inside the .t work; then our rc files.
  fs.cpSync(path.join(upstream, 'tests'), path.join(root, 'tests'), { recursive: true });
  for (const f of RC_FILES) fs.copyFileSync(path.join(HERE, 'rc', f), path.join(root, 'tests', f));
  fs.mkdirSync(path.join(root, 'libexec'));
  fs.symlinkSync(TGLUSTER, path.join(root, 'libexec', 'gluster'));
  for (const d of ['home', '.tgu']) fs.mkdirSync(path.join(root, d));
  fs.mkdirSync(path.join(root, 'shm'), { mode: 0o700 });
  return root;
}

function mountsUnder(root) {
  let text = '';
  try { text = fs.readFileSync('/proc/self/mounts', 'utf8'); } catch { return []; }
  return text.split('\n').map((l) => l.split(' ')[1]).filter((m) => m && m.startsWith(root + '/'))
    .map((m) => m.replace(/\\040/g, ' ')).sort().reverse();
}

function loopsUnder(root) {
  const r = spawnSync('losetup', ['-n', '-l', '-O', 'NAME,BACK-FILE'], { encoding: 'utf8' });
  return (r.stdout || '').split('\n').map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 2 && f[1].startsWith(root + '/')).map((f) => f[0]);
}

function scrub(root, keep) {
  for (const m of mountsUnder(root)) spawnSync('umount', ['-l', m]);
  spawnSync(path.join(HERE, 'bin', 'tgu-reap'), [root], { env: { ...process.env, TGU_ROOT: root } });
  for (const l of loopsUnder(root)) spawnSync('losetup', ['-d', l]);
  if (!keep) {
    if (mountsUnder(root).length > 0) {
      process.stderr.write(`test:upstream: ${root} still has mounts; left in place\n`);
      return;
    }
    fs.rmSync(root, { recursive: true, force: true });
  }
}

// Files running now (root -> child), so that an interrupted run leaves nothing behind.
const running = new Map();
let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write(`test:upstream: ${sig}: stopping ${running.size} running file(s) and cleaning up\n`);
    for (const [root, child] of running) {
      try { process.kill(-child.pid, 'SIGTERM'); } catch {}
      setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch {} scrub(root, false); }, 5000);
    }
    setTimeout(() => process.exit(130), 6000);
  });
}

function runOne(ctx, rel) {
  return new Promise((resolve) => {
    const root = layOut(ctx.upstream, rel, ctx.tmpBase);
    const env = {
      ...process.env,
      TGU_ROOT: root,
      TGU_BIN: path.join(HERE, 'bin'),
      TGU_TGLUSTER: TGLUSTER,
      TGU_TOOLS: ctx.tools,
      TGU_MOUNT: ctx.mount,
      TGU_TIMEOUT_SCALE: String(ctx.opts.scale),
      TGLUSTER_HOME: path.join(root, 'home'),
      TGLUSTER_LOCK_DIR: path.join(root, 'shm'),
      PATH: `${path.join(HERE, 'bin')}:${ctx.tools}:${process.env.PATH}`,
      NO_COLOR: '1',
      LC_ALL: 'C',
    };
    for (const k of ['M0', 'M1', 'M2', 'M3', 'N0', 'N1', 'B0', 'V0', 'V1', 'H0', 'CLI', 'DEBUG', 'EXIT_EARLY']) delete env[k];
    const started = Date.now();
    const child = spawn('bash', [path.join(root, 'tests', rel.replace(/^tests\//, ''))], {
      cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.set(root, child);
    const out = [];
    const err = [];
    child.stdout.on('data', (b) => { out.push(b); if (ctx.opts.verbose) process.stderr.write(b); });
    child.stderr.on('data', (b) => { err.push(b); if (ctx.opts.verbose) process.stderr.write(b); });
    let timedOut = false;
    // No limit unless asked for: on a busy machine a slow file is not a failed one.
    const timer = ctx.opts.timeout > 0 && setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid, 'SIGTERM'); } catch {}
      setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch {} }, 15000).unref();
    }, ctx.opts.timeout * 1000);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      running.delete(root);
      if (interrupted) return;
      try { process.kill(-child.pid, 'SIGKILL'); } catch {}
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      let notes = [];
      try { notes = fs.readFileSync(path.join(root, '.tgu', 'notes'), 'utf8').split('\n').filter(Boolean); } catch {}
      let mountLog = '';
      try { mountLog = fs.readFileSync(path.join(root, '.tgu', 'mount.log'), 'utf8'); } catch {}
      let shdLog = '';
      try { shdLog = fs.readFileSync(path.join(root, '.tgu', 'shd.log'), 'utf8'); } catch {}
      scrub(root, ctx.opts.keep);
      const res = judge({ rel, code, signal, timedOut, stdout, stderr, notes, ctx, seconds: (Date.now() - started) / 1000 });
      if (ctx.results) {
        const log = path.join(ctx.results, `${rel.replace(/\//g, '__')}.log`);
        fs.writeFileSync(log, `# ${rel}: ${res.status} (${res.reason || 'all assertions passed'})\n`
          + `# exit ${code}${signal ? ` signal ${signal}` : ''}, ${res.seconds.toFixed(1)} s${ctx.opts.keep ? `, root ${root}` : ''}\n`
          + `# --- stdout\n${stdout}# --- stderr\n${stderr}`
          + (notes.length ? `# --- notes\n${[...new Set(notes)].join('\n')}\n` : '')
          + (mountLog ? `# --- mounts\n${mountLog}` : '')
          + (shdLog ? `# --- self-heal daemon stand-in\n${shdLog}` : ''));
      }
      resolve(res);
    });
  });
}

// ---- judging a file's TAP -----------------------------------------------------------------------
function judge({ rel, code, signal, timedOut, stdout, stderr, notes, ctx, seconds }) {
  const lines = stdout.split('\n');
  let plan = null;
  let ok = 0;
  const bad = [];
  for (const l of lines) {
    let m;
    if (plan === null && (m = /^1\.\.(\d+)\s*$/.exec(l))) plan = Number(m[1]);
    else if (/^ok\s+\d+/.test(l)) ok++;
    else if (/^not ok\s+\d+/.test(l)) bad.push(l);
  }
  const ran = ok + bad.length;
  const passed = !timedOut && code === 0 && plan !== null && bad.length === 0 && ran === plan;
  const res = { rel, status: passed ? 'passed' : 'failed', plan, ok, failedCount: bad.length, seconds, reason: '' };
  if (passed) return res;
  const extra = [...new Set(notes.filter((n) => n !== 'mount-unavailable'))];
  const parts = [];
  if (notes.includes('mount-unavailable')) parts.push(`needs a FUSE mount: ${ctx.mount === '1' ? 'tgluster mount failed' : ctx.mount}`);
  if (timedOut) parts.push(`timed out after ${ctx.opts.timeout} s`);
  if (bad.length) {
    const m = /^not ok\s+(\d+)\s+\[[^\]]*\]\s+<\s*(\d+)>\s+(.*)$/.exec(bad[0]);
    parts.push(`${bad.length} of ${plan ?? '?'} failed; first: ${m ? `line ${m[2]}: ${m[3]}` : bad[0]}`);
  } else if (plan === null) {
    const last = stderr.trim().split('\n').pop() || stdout.trim().split('\n').pop() || '';
    parts.push(`no TAP plan (exit ${code}${signal ? `, ${signal}` : ''}): ${last}`);
  } else if (ran !== plan) {
    parts.push(`planned ${plan}, ran ${ran}`);
  } else if (code !== 0) {
    parts.push(`exit status ${code}${signal ? ` (${signal})` : ''}`);
  }
  if (extra.length) parts.push(`uses: ${extra.join('; ')}`);
  res.reason = parts.join('; ').replace(/\s+/g, ' ');
  return res;
}

// ---- output ----------------------------------------------------------------------------------------
function table(results) {
  const rows = results.map((r) => [
    r.rel,
    r.status === 'not-runnable' ? 'not runnable here' : r.status,
    r.status === 'passed' ? `${r.ok}/${r.plan}` : r.plan !== null && r.plan !== undefined ? `${r.ok}/${r.plan}` : '',
    r.reason || '',
  ]);
  const head = ['file', 'result', 'ok/plan', 'reason'];
  const w = [0, 1, 2].map((i) => Math.max(head[i].length, ...rows.map((r) => r[i].length)));
  const fmt = (r) => `${r[0].padEnd(w[0])}  ${r[1].padEnd(w[1])}  ${r[2].padEnd(w[2])}  ${r[3]}`.trimEnd();
  return [fmt(head), fmt(head.map((h, i) => '-'.repeat(i < 3 ? w[i] : 6))), ...rows.map(fmt)].join('\n');
}

// ---- main ------------------------------------------------------------------------------------------
async function main() {
  const opts = parseArgs(process.argv.slice(2));
  ensureBuilt();
  const tarball = tarballPath();
  const upstream = extractTests(tarball);
  const tools = buildTools(upstream);
  const all = spawnSync('find', ['tests', '-name', '*.t', '-type', 'f'], { cwd: upstream, encoding: 'utf8' })
    .stdout.split('\n').filter(Boolean).sort();
  const allSet = new Set(all);

  const wanted = opts.files.length ? opts.files : readChosen(opts.list || path.join(HERE, 'chosen.txt'));
  const files = [];
  const missing = [];
  for (const w of wanted) {
    const rel = w.replace(/^\.?\/?/, '').startsWith('tests/') ? w.replace(/^\.?\/?/, '') : `tests/${w.replace(/^\.?\/?/, '')}`;
    if (/[*?]/.test(rel)) {
      const re = globToRegExp(rel);
      const hits = all.filter((f) => re.test(f));
      if (!hits.length) missing.push(rel);
      for (const h of hits) if (!files.includes(h)) files.push(h);
    } else if (allSet.has(rel)) {
      if (!files.includes(rel)) files.push(rel);
    } else missing.push(rel);
  }
  const notRunnable = readNotRunnable(path.join(HERE, 'not-runnable.txt'))
    .map((e) => ({ ...e, re: globToRegExp(e.pattern.startsWith('tests/') ? e.pattern : `tests/${e.pattern}`) }));

  const mount = mountAvailability();
  const tmpBase = process.env.TGLUSTER_UPSTREAM_TMP || os.tmpdir();
  let results = opts.results;
  if (!results) {
    results = path.join(CACHE_ROOT, 'upstream-results', 'latest');
    fs.rmSync(results, { recursive: true, force: true });
  }
  fs.mkdirSync(results, { recursive: true });
  const ctx = { opts, upstream, tools, mount, tmpBase, results };

  const total = files.length + missing.length;
  process.stdout.write(`# tgluster ${REPO}, GlusterFS ${VERSION} tests from ${tarball}\n`);
  process.stdout.write(`# mount: ${mount === '1' ? 'tgluster mount available' : mount}; EXPECT_WITHIN timeouts x${opts.scale}; per-file timeout ${opts.timeout ? `${opts.timeout} s` : 'none'}; jobs ${opts.jobs}\n`);
  process.stdout.write(`# logs: ${results}\n`);
  process.stdout.write(`1..${total}\n`);
  const out = new Array(files.length);
  let n = 0;
  const emit = (r) => {
    n++;
    const note = r.status === 'passed' ? `# ${r.ok}/${r.plan} in ${r.seconds.toFixed(0)} s`
      : r.status === 'not-runnable' ? `# SKIP not runnable here: ${r.reason}`
        : `# ${r.reason}`;
    process.stdout.write(`${r.status === 'failed' ? 'not ok' : 'ok'} ${n} - ${r.rel} ${note}\n`);
  };
  for (const m of missing) {
    const r = { rel: m, status: 'failed', reason: `no such file in GlusterFS ${VERSION}'s tests`, plan: null };
    emit(r);
    out.push(r);
  }

  const queue = files.map((rel, i) => ({ rel, i }));
  const worker = async () => {
    for (;;) {
      const job = queue.shift();
      if (!job || interrupted) return;
      const { rel, i } = job;
      let reason = null;
      if (!opts.runNotRunnable) {
        const listed = notRunnable.find((e) => e.re.test(rel));
        reason = listed ? listed.reason : autoNotRunnable(fs.readFileSync(path.join(upstream, rel), 'utf8'));
      }
      const r = reason ? { rel, status: 'not-runnable', reason, plan: null } : await runOne(ctx, rel);
      out[i] = r;
      emit(r);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.jobs, Math.max(1, files.length)) }, worker));

  const finals = out.filter(Boolean);
  fs.writeFileSync(path.join(results, 'summary.json'), JSON.stringify(finals, null, 2) + '\n');
  const passed = finals.filter((r) => r.status === 'passed').length;
  const failed = finals.filter((r) => r.status === 'failed').length;
  const skipped = finals.filter((r) => r.status === 'not-runnable').length;
  const tbl = table(finals);
  fs.writeFileSync(path.join(results, 'table.txt'), tbl + '\n');
  process.stdout.write(`\n${tbl}\n\n`);
  process.stdout.write(`upstream: ${passed} passed, ${failed} failed, ${skipped} not runnable\n`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((e) => { process.stderr.write(`test:upstream: ${e.stack || e}\n`); process.exit(2); });
