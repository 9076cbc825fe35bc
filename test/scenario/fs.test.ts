// `tgluster fs` end to end on replica 3, 2x3 and 4-brick distribute volumes: every verb through
// the built CLI, then the bricks themselves are checked (same gfid on every copy, user xattrs on
// every replica, no pending AFR marks, files on exactly one DHT subvolume).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { getXattrOpt, setXattr } from '../../src/xattr/index.js';
import { spawnSync } from 'node:child_process';
import { brickTree, createVolume, gfidOn, MAIN, makeEnv, nonZeroAfr, type Env } from './fs-helpers.js';

const SHAPES = [
  { name: 'fsr3', bricks: 3, replica: 3 },
  { name: 'fsdr', bricks: 6, replica: 3 },
  { name: 'fsd4', bricks: 4, replica: 1 },
] as const;

describe.each(SHAPES)('tgluster fs on $name ($bricks bricks, replica $replica)', ({ name, bricks, replica }) => {
  let e: Env;
  let paths: string[];
  const V = (p: string) => `${name}:${p}`;
  /** The bricks of the replica set (or the single brick) that hold `rel`. */
  const holders = (rel: string) => paths.filter((b) => fs.existsSync(path.join(b, rel)) && !isLinkto(path.join(b, rel)));
  const isLinkto = (p: string) => getXattrOpt(p, 'trusted.glusterfs.dht.linkto') !== undefined;
  const ok = (args: string[], input?: string | Buffer) => {
    const r = e.run(['fs', ...args], input);
    expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 0, stderr: '' });
    return r;
  };

  beforeAll(() => {
    e = makeEnv(name);
    paths = createVolume(e, name, bricks, replica);
  });
  afterAll(() => e.cleanup());

  it('put/cat round-trips bytes; every copy has the same gfid and no pending marks', () => {
    const local = path.join(e.dir, 'src.bin');
    const data = Buffer.alloc(3 * 1024 * 1024 + 17);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7919) & 0xff;
    fs.writeFileSync(local, data, { mode: 0o640 });
    ok(['mkdir', '-p', V('/d1/d2')]);
    ok(['put', local, V('/d1/d2/big')]);
    ok(['put', '-', V('/d1/small')], 'from stdin\n');
    expect(ok(['cat', V('/d1/d2/big')]).out.equals(data)).toBe(true);
    expect(ok(['cat', V('/d1/small')]).stdout).toBe('from stdin\n');
    const copies = holders('d1/d2/big');
    expect(copies).toHaveLength(replica);
    const st = JSON.parse(ok(['--json', 'stat', V('/d1/d2/big')]).stdout);
    expect(st).toMatchObject({ type: 'file', size: data.length, mode: '0640', uid: 0, gid: 0 });
    for (const b of copies) {
      const p = path.join(b, 'd1/d2/big');
      expect(fs.readFileSync(p).equals(data)).toBe(true);
      expect(gfidOn(p)).toBe(st.gfid);
      expect(getXattrOpt(p, 'trusted.glusterfs.mdata')?.equals(getXattrOpt(path.join(copies[0], 'd1/d2/big'), 'trusted.glusterfs.mdata')!)).toBe(true);
      expect(nonZeroAfr(p)).toEqual([]);
    }
    // Directories exist on every brick with one gfid.
    const dgfid = gfidOn(path.join(paths[0], 'd1/d2'));
    for (const b of paths) expect(gfidOn(path.join(b, 'd1/d2'))).toBe(dgfid);
  });

  it('cp copies files of several chunks, empty files, and over an existing file', () => {
    ok(['mkdir', V('/cp')]);
    const big = Buffer.alloc(1024 * 1024 + 777);
    for (let i = 0; i < big.length; i++) big[i] = (i * 13) & 0xff;
    ok(['put', '-', V('/cp/big')], big);
    ok(['cp', V('/cp/big'), V('/cp/big2')]);
    expect(ok(['cat', V('/cp/big2')]).out.equals(big)).toBe(true);
    ok(['put', '-', V('/cp/empty')], '');
    ok(['cp', V('/cp/empty'), V('/cp/empty2')]);
    expect(ok(['cat', V('/cp/empty2')]).stdout).toBe('');
    ok(['put', '-', V('/cp/short')], 'short');
    ok(['cp', V('/cp/short'), V('/cp/big2')]);
    expect(ok(['cat', V('/cp/big2')]).stdout).toBe('short');
    ok(['rm', '-r', V('/cp')]);
  });

  it('ls, mv, cp, ln, ln -s, rm -r behave like coreutils and leave consistent bricks', () => {
    ok(['mkdir', V('/m')]);
    ok(['put', '-', V('/m/a')], 'A');
    ok(['mv', V('/m/a'), V('/m/b')]);
    ok(['cp', V('/m/b'), V('/m/c')]);
    ok(['ln', V('/m/b'), V('/m/hard')]);
    ok(['ln', '-s', 'b', V('/m/soft')]);
    expect(ok(['ls', V('/m')]).stdout).toBe('b\nc\nhard\nsoft\n');
    const long = ok(['ls', '-l', V('/m')]).stdout.split('\n');
    expect(long[0]).toMatch(/^total \d+$/);
    expect(long[1]).toMatch(/^-rw-r--r-- 2 root root 1 \w{3} [ \d]\d \d\d:\d\d b$/);
    expect(long[4]).toMatch(/^lrwxrwxrwx 1 root root 1 .* soft -> b$/);
    expect(ok(['cat', V('/m/soft')]).stdout).toBe('A');
    const listed = JSON.parse(ok(['ls', '--json', V('/m')]).stdout)[V('/m')];
    expect(listed.map((x: { name: string; type: string; nlink: number }) => [x.name, x.type, x.nlink])).toEqual([
      ['b', 'file', 2],
      ['c', 'file', 1],
      ['hard', 'file', 2],
      ['soft', 'symlink', 1],
    ]);
    expect(listed[3].target).toBe('b');
    const hard = holders('m/hard');
    expect(hard).toHaveLength(replica);
    for (const b of hard) expect(fs.statSync(path.join(b, 'm/hard')).ino).toBe(fs.statSync(path.join(b, 'm/b')).ino);
    ok(['rm', '-r', V('/m')]);
    for (const b of paths) expect(fs.existsSync(path.join(b, 'm'))).toBe(false);
    expect(ok(['ls', '-a', V('/')]).stdout).toBe('.\n..\nd1\n');
  });

  it('ls with operands only (run without the parser) prints what the parser path (after --) prints', () => {
    ok(['mkdir', '-p', V('/fast/sub')]);
    for (const n of ['b', 'é', '日本', 'Zed', '.hidden', 'with space']) ok(['touch', V(`/fast/${n}`)]);
    ok(['ln', '-s', 'Zed', V('/fast/soft')]);
    ok(['mv', V('/fast/b'), V('/fast/moved')]); // on distribute, often a linkto under the old name
    const operands = [V('/fast'), V('/fast/nope'), V('/fast/sub'), V('/fast/soft')];
    const fast = e.run(['fs', 'ls', ...operands]);
    const parsed = e.run(['fs', 'ls', '--', ...operands]);
    expect([fast.code, fast.stdout, fast.stderr]).toEqual([parsed.code, parsed.stdout, parsed.stderr]);
    expect(fast.code).toBe(1);
    expect(fast.stderr).toBe(`tgluster: ${V('/fast/nope')}: No such file or directory\n`);
    expect(fast.stdout).toBe(`${V('/fast')}:\nZed\nmoved\nsoft\nsub\nwith space\né\n日本\n\n${V('/fast/sub')}:\n${V('/fast/soft')}\n`);
  });

  it('chmod, chown, touch, truncate, write --offset change every copy', () => {
    ok(['put', '-', V('/meta')], 'hello world');
    ok(['chmod', '0604', V('/meta')]);
    ok(['chown', '123:456', V('/meta')]);
    ok(['truncate', '-s', '5', V('/meta')]);
    ok(['write', '--offset', '3', V('/meta')], 'LO, again');
    ok(['touch', V('/new-empty')]);
    expect(ok(['cat', V('/meta')]).stdout).toBe('helLO, again');
    for (const b of holders('meta')) {
      const st = fs.statSync(path.join(b, 'meta'));
      expect([st.mode & 0o7777, st.uid, st.gid, st.size]).toEqual([0o604, 123, 456, 12]);
      expect(nonZeroAfr(path.join(b, 'meta'))).toEqual([]);
    }
    expect(holders('new-empty')).toHaveLength(replica);
  });

  it('getfattr/setfattr: user xattrs land on every replica, internal keys stay hidden', () => {
    ok(['put', '-', V('/x')], 'x');
    ok(['setfattr', '-n', 'user.color', '-v', 'blue', V('/x')]);
    ok(['setfattr', '-n', 'user.bin', '-v', '0x00ff10', V('/x')]);
    expect(ok(['getfattr', '-n', 'user.color', V('/x')]).stdout).toBe(`# file: ${V('/x')}\nuser.color="blue"\n\n`);
    expect(ok(['getfattr', '-d', '-e', 'hex', V('/x')]).stdout).toBe(`# file: ${V('/x')}\nuser.bin=0x00ff10\nuser.color=0x626c7565\n\n`);
    for (const b of holders('x')) expect(getXattrOpt(path.join(b, 'x'), 'user.color')?.toString()).toBe('blue');
    const gfid = ok(['getfattr', '-n', 'glusterfs.gfid.string', V('/x')]).stdout;
    expect(gfid).toBe(`# file: ${V('/x')}\nglusterfs.gfid.string="${gfidOn(path.join(holders('x')[0], 'x'))}"\n\n`);
    const denied = e.run(['fs', 'setfattr', '-n', 'trusted.gfid', '-v', '0x00', V('/x')]);
    expect([denied.code, denied.stderr]).toEqual([1, `tgluster: ${V('/x')}: Operation not permitted\n`]);
    const hidden = e.run(['fs', 'getfattr', '-n', 'trusted.gfid', V('/x')]);
    expect([hidden.code, hidden.stderr]).toEqual([1, `tgluster: ${V('/x')}: trusted.gfid: No such attribute\n`]);
    // pathinfo: the shapes a 10.3 mount prints for each volume type.
    const host = os.hostname();
    const posix = (b: string, rel: string) => `<POSIX(${b}):${host}:${b}${rel}>`;
    const setOf = (b: string) => Math.floor(paths.indexOf(b) / replica);
    const rep = (k: number, rel: string) =>
      `(<REPLICATE:${name}-replicate-${k}> ${paths.slice(k * replica, (k + 1) * replica).map((b) => posix(b, rel)).join(' ')})`;
    const sets = bricks / replica;
    const sub = (k: number, rel: string) => (replica > 1 ? rep(k, rel) : posix(paths[k], rel));
    const fileInfo = sets === 1 ? rep(0, '/x') : `(<DISTRIBUTE:${name}-dht> ${sub(setOf(holders('x')[0]), '/x')})`;
    expect(ok(['getfattr', '-n', 'trusted.glusterfs.pathinfo', V('/x')]).stdout).toBe(`# file: ${V('/x')}\ntrusted.glusterfs.pathinfo="${fileInfo}"\n\n`);
    if (sets > 1) {
      ok(['mkdir', V('/pdir')]);
      const layout = Array.from({ length: sets }, (_, k) => {
        const v = getXattrOpt(path.join(paths[k * replica], 'pdir'), 'trusted.glusterfs.dht')!;
        return `(${replica > 1 ? `${name}-replicate-${k}` : `${name}-client-${k}`} ${v.readUInt32BE(8)} ${v.readUInt32BE(12)})`;
      });
      const parts = Array.from({ length: sets }, (_, k) => sub(k, '/pdir')).join(' ');
      const dirInfo = `((<DISTRIBUTE:${name}-dht> ${parts}) (${name}-dht-layout ${layout.join(' ')}))`;
      expect(ok(['getfattr', '-n', 'trusted.glusterfs.pathinfo', V('/pdir')]).stdout).toContain(`="${dirInfo}"`);
    }
    ok(['setfattr', '-x', 'user.color', V('/x')]);
    for (const b of holders('x')) expect(getXattrOpt(path.join(b, 'x'), 'user.color')).toBeUndefined();
  });

  it('import/export round-trips a tree: dirs, files, symlinks, modes, user xattrs', () => {
    const src = path.join(e.dir, 'tree-in');
    fs.mkdirSync(path.join(src, 'sub/deep'), { recursive: true });
    fs.writeFileSync(path.join(src, 'sub/deep/f1'), 'one');
    fs.writeFileSync(path.join(src, 'f2'), Buffer.from([0, 1, 2, 255]));
    fs.chmodSync(path.join(src, 'f2'), 0o600);
    fs.chmodSync(path.join(src, 'sub'), 0o750);
    fs.symlinkSync('sub/deep/f1', path.join(src, 'link'));
    fs.symlinkSync('/abs/elsewhere', path.join(src, 'dangling'));
    setXattr(path.join(src, 'sub/deep/f1'), 'user.tag', Buffer.from('t1'));
    ok(['import', src, V('/imp')]);
    const out = path.join(e.dir, 'tree-out');
    ok(['export', V('/imp'), out]);
    expect(fs.readFileSync(path.join(out, 'sub/deep/f1'), 'utf8')).toBe('one');
    expect(fs.readFileSync(path.join(out, 'f2')).equals(Buffer.from([0, 1, 2, 255]))).toBe(true);
    expect(fs.statSync(path.join(out, 'f2')).mode & 0o7777).toBe(0o600);
    expect(fs.statSync(path.join(out, 'sub')).mode & 0o7777).toBe(0o750);
    expect(fs.readlinkSync(path.join(out, 'link'))).toBe('sub/deep/f1');
    expect(fs.readlinkSync(path.join(out, 'dangling'))).toBe('/abs/elsewhere');
    expect(getXattrOpt(path.join(out, 'sub/deep/f1'), 'user.tag')?.toString()).toBe('t1');
    for (const b of holders('imp/sub/deep/f1')) expect(getXattrOpt(path.join(b, 'imp/sub/deep/f1'), 'user.tag')?.toString()).toBe('t1');
    // On a terminal (util-linux `script` provides one) import draws a progress bar on stderr.
    const tty = spawnSync('script', ['-qec', `${process.execPath} ${MAIN} fs import ${src} ${V('/imp-tty')}`, '/dev/null'], {
      env: { ...process.env, TGLUSTER_HOME: e.home },
      encoding: 'utf8',
    });
    expect(tty.status).toBe(0);
    expect(tty.stdout).toMatch(/import \[█+\] 6\/6 entries/);
    expect(brickTree(paths[0]).filter((p) => p.startsWith('imp/sub'))).toEqual(['imp/sub', 'imp/sub/deep', ...(holders('imp/sub/deep/f1').includes(paths[0]) ? ['imp/sub/deep/f1'] : [])]);
  });

  it('reports errors like coreutils, exit 1, no stack trace', () => {
    const missing = e.run(['fs', 'cat', V('/nope')]);
    expect([missing.code, missing.stdout, missing.stderr]).toEqual([1, '', `tgluster: ${V('/nope')}: No such file or directory\n`]);
    ok(['mkdir', '-p', V('/errdir')]);
    const isdir = e.run(['fs', 'rm', V('/errdir')]);
    expect([isdir.code, isdir.stderr]).toEqual([1, `tgluster: ${V('/errdir')}: Is a directory\n`]);
    const novol = e.run(['fs', 'ls', 'nosuchvol:/']);
    expect([novol.code, novol.stderr]).toEqual([1, 'tgluster: nosuchvol: Volume nosuchvol does not exist\n']);
    const escape = e.run(['fs', 'cat', V('/../../etc/passwd')]);
    expect([escape.code, escape.stderr]).toEqual([1, `tgluster: ${V('/../../etc/passwd')}: Invalid argument\n`]);
    expect(e.run(['fs', 'rm', '-f', V('/nope')]).code).toBe(0);
    const usage = e.run(['fs', 'truncate', V('/x')]);
    expect([usage.code, usage.stderr]).toEqual([1, "tgluster: fs: required option '-s, --size <size>' not specified\n"]);
    const badMode = e.run(['fs', 'chmod', 'u+q', V('/errdir')]);
    expect([badMode.code, badMode.stderr]).toEqual([1, "tgluster: chmod: invalid mode: 'u+q'\n"]);
  });
});
