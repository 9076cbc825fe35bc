// The native directory scan (native/scandir.c): each entry's lstat data exactly as Node's lstat
// gives it, never following a symlink, and posix's statOnly readdir giving the same entries
// through it as through the JS fallback (readdir + lstat per entry).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scannedEntries } from '../../../src/xlators/posix/entries.js';
import { nativeScandir, type DirScan, type Scandir } from '../../../src/xlators/posix/native-scandir.js';
import type { DirEntry, ReaddirOpts } from '../../../src/xlators/types.js';
import { MODE_ONLY, STAT_ONLY } from '../../../src/xlators/types.js';
import { NULL_GFID } from '../../../src/xlators/posix/iatt.js';
import { makeBrick, newInode, type TestBrick } from './helpers.js';

const LINKTO = 'trusted.glusterfs.dht.linkto';
/** UTF-8 byte order puts U+FF21 first, JS (UTF-16) order puts the emoji (a surrogate pair) first. */
const WIDE = 'w\uFF21';
const EMOJI = 'w\u{1F600}';

let b: TestBrick;
let outside: string;
let scandir: Scandir;
const envSwitch = process.env.TGLUSTER_NATIVE_SCANDIR;

beforeEach(() => {
  delete process.env.TGLUSTER_NATIVE_SCANDIR; // these tests choose the path themselves
  b = makeBrick();
  outside = path.join(path.dirname(b.dir), 'outside');
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'secret'), 'top secret');
  const s = nativeScandir();
  // Built by `npm install` (node-gyp): without it these tests would compare the fallback with itself.
  expect(s, 'build/Release/tgluster_native.node is built').toBeDefined();
  scandir = s!;
});
afterEach(() => {
  b.cleanup();
  if (envSwitch !== undefined) process.env.TGLUSTER_NATIVE_SCANDIR = envSwitch;
});

/** Brick content: plain, sized, hard-linked, linkto-shaped sticky, directory, symlinks in and out. */
function populate(dir: string): void {
  b.posix.create({ path: `${dir}/plain` }, 0o644, newInode());
  b.posix.writev({ path: `${dir}/plain` }, 0, Buffer.from('12345'));
  b.posix.create({ path: `${dir}/sticky` }, 0o1000, newInode());
  b.posix.setxattr({ path: `${dir}/sticky` }, { [LINKTO]: Buffer.from('vol-client-1\0') });
  b.posix.mkdir({ path: `${dir}/sub` }, 0o750, newInode());
  b.posix.symlink('plain', { path: `${dir}/link` }, newInode());
  b.posix.symlink(outside, { path: `${dir}/escape` }, newInode());
  for (const n of [WIDE, EMOJI, 'with space', 'new\nline']) b.posix.create({ path: `${dir}/${n}` }, 0o600, newInode());
}

/** Entry i of a scan as plain numbers, and an lstat in the same shape (times to the nanosecond). */
function scanned(s: DirScan, i: number) {
  const ns = (sec: number, nsec: number) => BigInt(sec) * 1_000_000_000n + BigInt(nsec);
  return {
    mode: s.modes[i],
    nlink: s.nlinks[i],
    uid: s.uids[i],
    gid: s.gids[i],
    size: s.sizes[i],
    blocks: s.blocks[i],
    ino: s.inos[i],
    atimeNs: ns(s.atimeSec[i]!, s.atimeNsec[i]!),
    mtimeNs: ns(s.mtimeSec[i]!, s.mtimeNsec[i]!),
    ctimeNs: ns(s.ctimeSec[i]!, s.ctimeNsec[i]!),
  };
}
function lstatOf(p: string) {
  const st = fs.lstatSync(p, { bigint: true });
  const n = (v: bigint) => Number(v);
  return {
    mode: n(st.mode),
    nlink: n(st.nlink),
    uid: n(st.uid),
    gid: n(st.gid),
    size: n(st.size),
    blocks: n(st.blocks),
    ino: n(st.ino),
    atimeNs: st.atimeNs,
    mtimeNs: st.mtimeNs,
    ctimeNs: st.ctimeNs,
  };
}

/** posix readdir with the native scan (checked against calling it directly), then with the JS fallback. */
function bothPaths(dir: string, opts: ReaddirOpts): [DirEntry[], DirEntry[]] {
  const native = b.posix.readdir({ path: dir }, opts);
  const real = path.join(b.dir, dir);
  expect(native).toEqual(scannedEntries(scandir(real), real, opts, dir === '/' ? '.glusterfs' : undefined));
  process.env.TGLUSTER_NATIVE_SCANDIR = '0';
  try {
    return [native, b.posix.readdir({ path: dir }, opts)];
  } finally {
    delete process.env.TGLUSTER_NATIVE_SCANDIR;
  }
}

describe('native scandir', () => {
  it("gives every entry but . and .., each with its own lstat's fields exactly", () => {
    b.posix.mkdir({ path: '/d' }, 0o755, newInode());
    populate('/d');
    const dir = path.join(b.dir, 'd');
    fs.linkSync(path.join(dir, 'plain'), path.join(dir, 'hard')); // nlink 3 with the handle
    const s = scandir(dir);
    const names = s.names.split('/');
    expect(names.pop()).toBe('');
    expect([...names].sort()).toEqual(fs.readdirSync(dir).sort());
    expect(s.modes.length).toBe(names.length);
    names.forEach((name, i) => expect(scanned(s, i), name).toEqual(lstatOf(path.join(dir, name))));
    const mode = (n: string) => s.modes[names.indexOf(n)]! & 0o177777;
    expect(mode('sticky')).toBe(0o101000); // a linkto file: regular, exactly 01000
    expect(mode('sub')).toBe(0o040750);
    expect(mode('link')).toBe(0o120777);
    expect(s.nlinks[names.indexOf('hard')]).toBe(3);
  });

  it('a directory large enough to be statted by several threads: every entry, each its own lstat', () => {
    const dir = path.join(b.dir, 'many');
    fs.mkdirSync(dir);
    const N = 10_000; // above the addon's threshold of 4096 entries per thread
    for (let i = 0; i < N; i++) {
      const p = path.join(dir, `f${i}`);
      if (i % 1000 === 7) fs.mkdirSync(p);
      else if (i % 1000 === 8) fs.symlinkSync(outside, p);
      else fs.closeSync(fs.openSync(p, 'w', i % 1000 === 9 ? 0o1000 : 0o644));
    }
    // modes independent of the umask
    for (const [n, m] of [['f7', 0o755], ['f9', 0o1000], ['f9999', 0o644]] as const) fs.chmodSync(path.join(dir, n), m);
    const s = scandir(dir);
    const names = s.names.split('/');
    names.pop();
    expect(names.length).toBe(N);
    expect(names).toEqual([...names].sort()); // all ASCII: byte order is JS order
    const stats = names.map((n) => lstatOf(path.join(dir, n)));
    expect(names.map((_, i) => scanned(s, i))).toEqual(stats);
    const modeOf = (n: string) => s.modes[names.indexOf(n)]! & 0o177777;
    expect([modeOf('f7'), modeOf('f8'), modeOf('f9'), modeOf('f9999')]).toEqual([0o040755, 0o120777, 0o101000, 0o100644]);
  });

  it('reports a symlink to outside the brick as the symlink, never its target', () => {
    const s = scandir(b.dir);
    const names = s.names.split('/');
    expect(names).toContain('.glusterfs'); // the raw scan hides nothing; posix skips it
    b.posix.symlink(outside, { path: '/escape' }, newInode());
    const again = scandir(b.dir);
    const i = again.names.split('/').indexOf('escape');
    expect(again.modes[i]! & 0o170000).toBe(0o120000);
    expect(again.sizes[i]).toBe(Buffer.byteLength(outside)); // the link's length, not the directory's
    expect(again.inos[i]).toBe(Number(fs.lstatSync(path.join(b.dir, 'escape')).ino));
    expect(again.inos[i]).not.toBe(Number(fs.statSync(outside).ino));
  });

  it('does not open a symlinked directory, and throws Node-style errors', () => {
    fs.symlinkSync(outside, path.join(b.dir, 'escape'));
    const err = (p: unknown) => {
      try {
        scandir(p as string);
      } catch (e) {
        const x = e as NodeJS.ErrnoException;
        return { code: x.code, errno: x.errno, syscall: x.syscall, path: x.path };
      }
      return 'no error';
    };
    expect(err(path.join(b.dir, 'escape'))).toMatchObject({ code: expect.stringMatching(/^(ELOOP|ENOTDIR)$/), syscall: 'open' });
    expect(err(path.join(b.dir, 'none'))).toEqual({ code: 'ENOENT', errno: -2, syscall: 'open', path: path.join(b.dir, 'none') });
    fs.writeFileSync(path.join(b.dir, 'file'), '');
    expect(err(path.join(b.dir, 'file'))).toMatchObject({ code: 'ENOTDIR', errno: -20 });
    expect(err(42)).toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' });
  });
});

describe('posix statOnly readdir: native scan and JS fallback agree', () => {
  it('on names, iatts and (none) xattrs, sorted as JS sorts, .glusterfs hidden at the root', () => {
    populate('');
    const [native, js] = bothPaths('/', STAT_ONLY);
    expect(native).toEqual(js);
    const names = native.map((e) => e.name);
    expect(names).toEqual([...names].sort());
    expect(names.indexOf(EMOJI)).toBeLessThan(names.indexOf(WIDE)); // reordered from byte order
    expect(names).not.toContain('.glusterfs');
    const escape = native.find((e) => e.name === 'escape')!;
    expect([escape.iatt.type, escape.iatt.size]).toEqual(['symlink', Buffer.byteLength(outside)]);
    expect(native.find((e) => e.name === 'plain')!.iatt).toMatchObject({ type: 'file', size: 5, nlink: 1 });
  });

  it("with DHT's request: the linkto key read on the sticky entry only", () => {
    b.posix.mkdir({ path: '/d' }, 0o755, newInode());
    populate('/d');
    const opts: ReaddirOpts = { statOnly: true, xattrs: [LINKTO], xattrsIfMode: 0o1000 };
    const [native, js] = bothPaths('/d', opts);
    expect(native).toEqual(js);
    const withKeys = native.filter((e) => e.xattrs).map((e) => [e.name, Object.keys(e.xattrs!)]);
    expect(withKeys).toEqual([['sticky', [LINKTO]]]);
  });

  it('modeOnly: the statOnly listing with each iatt exact in type and mode only, one frozen iatt per mode', () => {
    b.posix.mkdir({ path: '/d' }, 0o755, newInode());
    populate('/d');
    const statOnly = b.posix.readdir({ path: '/d' }, STAT_ONLY);
    const opts: ReaddirOpts = { ...MODE_ONLY, xattrs: [LINKTO], xattrsIfMode: 0o1000 };
    const [native, js] = bothPaths('/d', opts);
    expect(native).toEqual(js);
    const typeMode = (es: DirEntry[]) => es.map((e) => [e.name, e.iatt.type, e.iatt.mode]);
    expect(typeMode(native)).toEqual(typeMode(statOnly));
    expect(native.find((e) => e.name === 'sticky')!.xattrs).toEqual({ [LINKTO]: Buffer.from('vol-client-1\0') });
    const plain = native.find((e) => e.name === 'plain')!.iatt;
    expect(plain).toMatchObject({ gfid: NULL_GFID, size: 0, nlink: 0, ino: 0 }); // not read: zero
    expect(Object.isFrozen(plain)).toBe(true);
    // the four files of mode 0600 share one iatt, in both paths
    const shared = (es: DirEntry[]) => new Set(es.filter((e) => (e.iatt.mode & 0o7777) === 0o600).map((e) => e.iatt)).size;
    expect([shared(native), shared(js)]).toEqual([1, 1]);
    // the scan behind it: the full scan's names and modes, and nothing else
    const real = path.join(b.dir, 'd');
    const full = scandir(real);
    expect(scandir(real, true)).toEqual({ names: full.names, modes: full.modes });
  });

  it('on an empty directory, and ENOTDIR for a file, through both', () => {
    b.posix.mkdir({ path: '/empty' }, 0o755, newInode());
    expect(bothPaths('/empty', STAT_ONLY)).toEqual([[], []]);
    b.posix.create({ path: '/f' }, 0o644, newInode());
    expect(() => b.posix.readdir({ path: '/f' }, STAT_ONLY)).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });
});
