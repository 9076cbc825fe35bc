// tgluster as a real non-root user (nobody), not emulated with TGLUSTER_XATTR_NS=user: volume
// create/start/status and the fs verbs on a replica 3 and a 2-brick distribute volume. The bricks
// must carry GlusterFS's xattrs as user.tgluster.trusted.* and no trusted.* at all, a symlink's
// xattrs in the sidecar, the 0600 bookkeeping dirs with the owner's x bit, and the locks in a
// per-uid directory even when root's tgluster-locks (0700) already exists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureDir } from '../../src/fsutil/ensure-dir.js';
import { lockRoot, locksDirName } from '../../src/xlators/locks/index.js';
import { bytesToGfid } from '../../src/libglusterfs/uuid.js';

const NOBODY = 65534;
const REPO = path.resolve(__dirname, '../..');
const BIN = path.join(REPO, 'bin/tgluster');
/** What nobody must be able to read for the CLI to run from this checkout. */
const NEEDED = [BIN, 'dist/cli/tgluster.cjs', 'node_modules/fs-xattr/package.json', 'node_modules/fs-ext/package.json'].map((p) =>
  path.resolve(REPO, p),
);
// Read-only access to the raw names on disk (the test checks what src/xattr wrote).
const rawXattr = createRequire(import.meta.url)('fs-xattr') as {
  listAttributesSync(p: string): string[];
  getAttributeSync(p: string, n: string): Buffer;
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-q2-nonroot-'));
fs.chownSync(dir, NOBODY, NOBODY);
const childEnv: NodeJS.ProcessEnv = { ...process.env, TGLUSTER_HOME: path.join(dir, 'home'), HOME: dir, NO_COLOR: '1' };
delete childEnv.TGLUSTER_XATTR_NS;
delete childEnv.TGLUSTER_LOCK_DIR;

const asNobody = (args: string[], input = '') => {
  const r = spawnSync(process.execPath, args, { uid: NOBODY, gid: NOBODY, env: childEnv, cwd: dir, input, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? (r.error ? String(r.error) : '') };
};

/** Why this cannot run here (undefined: it can). */
function whyNot(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root to run a child as nobody';
  const probe = `const fs=require('fs');for(const p of ${JSON.stringify([...NEEDED, dir])})fs.accessSync(p,fs.constants.R_OK|(p===${JSON.stringify(dir)}?fs.constants.W_OK|fs.constants.X_OK:0))`;
  const r = asNobody(['-e', probe]);
  if (r.code !== 0) return `the checkout or the temp dir is not accessible to nobody (${(r.stderr.split('\n').find((l) => l.includes('Error')) ?? r.stderr).trim()})`;
  return undefined;
}
const skipReason = whyNot();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Every object under a brick, .glusterfs excluded, brick root first. */
function objects(brick: string): string[] {
  const out = [brick];
  for (const n of fs.readdirSync(brick, { recursive: true }) as string[]) if (!n.startsWith('.glusterfs')) out.push(path.join(brick, n));
  return out;
}

describe.skipIf(skipReason !== undefined)(`as nobody${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const b = (n: string) => path.join(dir, n);
  const R3 = ['r0', 'r1', 'r2'].map(b);
  const D2 = ['d0', 'd1'].map(b);
  const ALL = [...R3, ...D2];
  const tg = (args: string[], input?: string) => asNobody([BIN, ...args], input);
  const ok = (args: string[], input?: string) => {
    const r = tg(args, input);
    expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 0, stderr: '' });
    return r.stdout;
  };
  const locks = path.join(lockRoot(), locksDirName(NOBODY));

  beforeAll(() => {
    // The situation QA hit: root made the shared lock dir first (0700), nobody cannot enter it.
    ensureDir(path.join(lockRoot(), locksDirName(0)), 0o700);
    ok(['--mode=script', 'volume', 'create', 'nr3', 'replica', '3', ...R3.map((p, i) => `server${i + 1}:${p}`), 'force']);
    ok(['--mode=script', 'volume', 'create', 'nd2', ...D2.map((p, i) => `server${i + 1}:${p}`), 'force']);
    ok(['--mode=script', 'volume', 'start', 'nr3']);
    ok(['--mode=script', 'volume', 'start', 'nd2']);
  });
  it.each(['nr3', 'nd2'])('fs mkdir/put/cat/ln -s/mv/setfattr/getfattr on %s', (v) => {
    ok(['fs', 'mkdir', `${v}:/dir`]);
    ok(['fs', 'put', '-', `${v}:/dir/f`], 'hello from nobody\n');
    expect(ok(['fs', 'cat', `${v}:/dir/f`])).toBe('hello from nobody\n');
    ok(['fs', 'ln', '-s', 'g', `${v}:/dir/l`]);
    ok(['fs', 'mv', `${v}:/dir/f`, `${v}:/dir/g`]);
    ok(['fs', 'setfattr', '-n', 'user.k', '-v', 'val', `${v}:/dir/g`]);
    ok(['fs', 'setfattr', '-h', '-n', 'user.s', '-v', 'sv', `${v}:/dir/l`]);
    expect(ok(['fs', 'getfattr', '-n', 'user.k', `${v}:/dir/g`])).toBe(`# file: ${v}:/dir/g\nuser.k="val"\n\n`);
    expect(ok(['fs', 'getfattr', '-h', '-d', `${v}:/dir/l`])).toBe(`# file: ${v}:/dir/l\nuser.s="sv"\n\n`);
    expect(ok(['fs', 'cat', `${v}:/dir/l`])).toBe('hello from nobody\n');
    expect(ok(['fs', 'ls', `${v}:/dir`])).toBe('g\nl\n');
  });

  it('the stand-in names user.tgluster.* are as closed to clients as trusted.* is', () => {
    ok(['fs', 'put', '-', 'nr3:/sealed'], 'x');
    const gfidOf = (p: string) => rawXattr.getAttributeSync(p, 'user.tgluster.trusted.gfid').toString('hex');
    const before = R3.map((p) => gfidOf(path.join(p, 'sealed')));
    for (const name of ['user.tgluster.trusted.gfid', 'user.tgluster.trusted.afr.nr3-client-0', 'user.tgluster.anything']) {
      const set = tg(['fs', 'setfattr', '-n', name, '-v', '0x00000000000000000000000000000001', 'nr3:/sealed']);
      expect([name, set.code, set.stderr]).toEqual([name, 1, 'tgluster: nr3:/sealed: Operation not permitted\n']);
      const rm = tg(['fs', 'setfattr', '-x', name, 'nr3:/sealed']);
      expect([name, rm.code]).toEqual([name, 1]);
      const get = tg(['fs', 'getfattr', '-n', name, 'nr3:/sealed']);
      expect([name, get.code, get.stderr]).toEqual([name, 1, `tgluster: nr3:/sealed: ${name}: No such attribute\n`]);
    }
    expect(ok(['fs', 'getfattr', '-d', '-m', '.', 'nr3:/sealed'])).not.toContain('tgluster');
    expect(R3.map((p) => gfidOf(path.join(p, 'sealed')))).toEqual(before);
    for (const p of R3) expect(rawXattr.listAttributesSync(path.join(p, 'sealed')).filter((n: string) => n.includes('afr.nr3-client'))).toEqual([]);
  });

  it('volume status lists every brick online', () => {
    for (const [v, bricks] of [['nr3', R3], ['nd2', D2]] as const) {
      const out = ok(['volume', 'status', v]);
      expect(out).toMatch(new RegExp(`^Status of volume: ${v}\n`));
      for (const [i, p] of bricks.entries()) expect(out).toMatch(new RegExp(`\nBrick server${i + 1}:${p} +\\d+ +0 +Y `));
    }
  });

  it('bricks carry user.tgluster.trusted.* and no trusted.*; replicas agree on gfids', () => {
    const trusted: string[] = [];
    for (const brick of ALL) {
      expect(fs.statSync(brick).uid).toBe(NOBODY);
      for (const o of objects(brick)) {
        if (fs.lstatSync(o).isSymbolicLink()) continue; // no user.* on symlinks: the sidecar test
        const names = rawXattr.listAttributesSync(o);
        trusted.push(...names.filter((n) => n.startsWith('trusted.')).map((n) => `${o} ${n}`));
        expect([o, names.includes('user.tgluster.trusted.gfid')]).toEqual([o, true]);
      }
      expect(rawXattr.listAttributesSync(brick)).toContain('user.tgluster.trusted.glusterfs.volume-id');
    }
    expect(trusted).toEqual([]);
    const gfid = (p: string) => rawXattr.getAttributeSync(p, 'user.tgluster.trusted.gfid').toString('hex');
    for (const rel of ['dir', 'dir/g']) expect(new Set(R3.map((r) => gfid(path.join(r, rel)))).size).toBe(1);
    expect(new Set(D2.map((d) => gfid(path.join(d, 'dir')))).size).toBe(1);
    expect(rawXattr.listAttributesSync(path.join(R3[0], 'dir/g'))).toContain('user.k');
  });

  it("a symlink's xattrs (its gfid included) live in the brick's sidecar", () => {
    const sidecar = (brick: string) => {
      const st = fs.lstatSync(path.join(brick, 'dir/l'));
      const f = path.join(brick, '.glusterfs/tgluster-lxattr', `${st.dev}-${st.ino}.json`);
      return JSON.parse(fs.readFileSync(f, 'utf8')) as Record<string, string>;
    };
    const cars = R3.map(sidecar);
    for (const c of cars) {
      expect(Buffer.from(c['trusted.gfid'], 'base64').length).toBe(16);
      expect(Buffer.from(c['user.s'], 'base64').toString()).toBe('sv');
    }
    expect(new Set(cars.map((c) => c['trusted.gfid'])).size).toBe(1);
    const d = D2.find((p) => fs.existsSync(path.join(p, 'dir/l')))!;
    expect(Object.keys(sidecar(d))).toEqual(expect.arrayContaining(['trusted.gfid', 'user.s']));
  });

  it("GlusterFS's 0600 bookkeeping dirs get the owner's x bit (0700), owned by nobody", () => {
    for (const brick of ALL) {
      for (const rel of ['', 'indices', 'indices/xattrop', 'indices/dirty', 'indices/entry-changes', 'changelogs', 'unlink']) {
        const st = fs.statSync(path.join(brick, '.glusterfs', rel));
        expect([brick, rel, (st.mode & 0o7777).toString(8), st.uid]).toEqual([brick, rel, '700', NOBODY]);
      }
    }
  });

  it('with a brick down, the index entries (entry-changes/<gfid> included) are usable by their owner', () => {
    ok(['debug', 'kill-brick', 'nr3', `server3:${R3[2]}`]);
    ok(['fs', 'put', '-', 'nr3:/dir/while-down'], 'data\n');
    const uuid = bytesToGfid(rawXattr.getAttributeSync(path.join(R3[0], 'dir'), 'user.tgluster.trusted.gfid'));
    for (const good of R3.slice(0, 2)) {
      const d = path.join(good, '.glusterfs/indices/entry-changes', uuid);
      const st = fs.statSync(d);
      expect([(st.mode & 0o7777).toString(8), st.uid]).toEqual(['700', NOBODY]);
      expect(fs.readdirSync(d)).toEqual(['while-down']);
    }
    ok(['--mode=script', 'volume', 'start', 'nr3', 'force']);
    expect(ok(['fs', 'cat', 'nr3:/dir/while-down'])).toBe('data\n');
  });

  it('locks live in a per-uid directory (0700, owned by nobody), not in root\'s', () => {
    const st = fs.statSync(locks);
    expect([(st.mode & 0o7777).toString(8), st.uid]).toEqual(['700', NOBODY]);
  });
});
