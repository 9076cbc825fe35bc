// tgluster's native addon (native/*.c): xattr calls in one syscall each and byte-range locks.
// CI builds it (npm ci runs node-gyp), so its absence is a failure here, not a skip.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { nativeAddon, type NativeAddon } from '../../../src/native/addon.js';
import { xattrBackend } from '../../../src/xattr/index.js';

let addon: NativeAddon;
let dir: string;
beforeAll(() => {
  const a = nativeAddon();
  expect(a, 'build/Release/tgluster_native.node is built').toBeDefined();
  addon = a!;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-native-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return `${err.code} ${err.syscall}`;
  }
  return 'no error';
};

describe('xattr calls', () => {
  it('are the backend of src/xattr when built', () => {
    expect(xattrBackend()).toBe('native');
  });

  it('get answers undefined for an absent key and the value for a present one', () => {
    const f = path.join(dir, 'get');
    fs.writeFileSync(f, '');
    expect(addon.xattrGet(f, 'trusted.nothing')).toBeUndefined();
    addon.xattrSet(f, 'trusted.k', Buffer.from([0, 1, 2, 0]), 0);
    expect(addon.xattrGet(f, 'trusted.k')).toEqual(Buffer.from([0, 1, 2, 0]));
    addon.xattrSet(f, 'trusted.empty', Buffer.alloc(0), 0);
    expect(addon.xattrGet(f, 'trusted.empty')).toEqual(Buffer.alloc(0));
    expect(addon.xattrList(f).sort()).toEqual(['trusted.empty', 'trusted.k']);
  });

  it('set honours XATTR_CREATE and XATTR_REPLACE', () => {
    const f = path.join(dir, 'flags');
    fs.writeFileSync(f, '');
    addon.xattrSet(f, 'trusted.a', Buffer.from('1'), 1);
    expect(codeOf(() => addon.xattrSet(f, 'trusted.a', Buffer.from('2'), 1))).toBe('EEXIST lsetxattr');
    expect(codeOf(() => addon.xattrSet(f, 'trusted.b', Buffer.from('2'), 2))).toBe('ENODATA lsetxattr');
    addon.xattrSet(f, 'trusted.a', Buffer.from('3'), 2);
    expect(addon.xattrGet(f, 'trusted.a')).toEqual(Buffer.from('3'));
    addon.xattrRemove(f, 'trusted.a');
    expect(codeOf(() => addon.xattrRemove(f, 'trusted.a'))).toBe('ENODATA lremovexattr');
  });

  it('act on a symlink itself, never on its target', () => {
    const t = path.join(dir, 'target');
    const l = path.join(dir, 'link');
    fs.writeFileSync(t, '');
    fs.symlinkSync(t, l);
    addon.xattrSet(l, 'trusted.on-link', Buffer.from('x'), 0);
    expect(addon.xattrGet(t, 'trusted.on-link')).toBeUndefined();
    expect(addon.xattrList(l)).toEqual(['trusted.on-link']);
    // user.* is refused on symlinks by Linux (why user mode keeps a sidecar).
    expect(codeOf(() => addon.xattrSet(l, 'user.x', Buffer.from('x'), 0))).toBe('EPERM lsetxattr');
  });

  it('take a descriptor as the target', () => {
    const f = path.join(dir, 'fd');
    fs.writeFileSync(f, '');
    const fd = fs.openSync(f, 'r');
    try {
      addon.xattrSet(fd, 'trusted.f', Buffer.from('v'), 0);
      expect(addon.xattrGet(f, 'trusted.f')).toEqual(Buffer.from('v'));
      expect(addon.xattrGet(fd, 'trusted.f')).toEqual(Buffer.from('v'));
      expect(addon.xattrList(fd)).toEqual(['trusted.f']);
      addon.xattrRemove(fd, 'trusted.f');
      expect(addon.xattrGet(fd, 'trusted.missing')).toBeUndefined();
    } finally {
      fs.closeSync(fd);
    }
    expect(codeOf(() => addon.xattrGet(fd, 'trusted.f'))).toBe('EBADF fgetxattr');
  });

  it('read values and name lists larger than the first buffer (tmpfs takes them)', () => {
    const f = '/dev/shm/' + path.basename(dir) + '-big';
    fs.writeFileSync(f, '');
    try {
      const big = Buffer.alloc(20000, 7);
      addon.xattrSet(f, 'trusted.big', big, 0);
      expect(addon.xattrGet(f, 'trusted.big')).toEqual(big);
      const names = Array.from({ length: 300 }, (_, i) => `trusted.a-rather-long-name-${i}`);
      for (const n of names) addon.xattrSet(f, n, Buffer.from('v'), 0);
      expect(addon.xattrList(f).sort()).toEqual([...names, 'trusted.big'].sort());
    } finally {
      fs.rmSync(f, { force: true });
    }
  });

  it('errors name the code, syscall and path as Node does', () => {
    const missing = path.join(dir, 'missing');
    let err: NodeJS.ErrnoException | undefined;
    try {
      addon.xattrGet(missing, 'trusted.x');
    } catch (e) {
      err = e as NodeJS.ErrnoException;
    }
    expect({ code: err?.code, errno: err?.errno, syscall: err?.syscall, path: err?.path }).toEqual({
      code: 'ENOENT',
      errno: -2,
      syscall: 'lgetxattr',
      path: missing,
    });
    expect(codeOf(() => addon.xattrGet(path.join(dir, 'get'), 'trusted.' + 'n'.repeat(300)))).toBe('ERANGE xattr');
    expect(codeOf(() => addon.xattrGet(`${dir}/get\0x`, 'trusted.k'))).toBe('ENOENT xattr');
  });
});

describe('lockKey', () => {
  it('excludes another open file description on the same key only, NUL bytes included', () => {
    const f = path.join(dir, 'ranges');
    const a = fs.openSync(f, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600);
    const b = fs.openSync(f, fs.constants.O_RDWR);
    try {
      expect(addon.lockKey(a, 'inode\0g1\0dom', 1)).toBe(true);
      expect(addon.lockKey(b, 'inode\0g1\0dom', 2)).toBe(false);
      expect(addon.lockKey(b, 'inode\0g1\0dox', 2)).toBe(true);
      expect(addon.lockKey(b, 'inode\0g2\0dom', 2)).toBe(true);
      // The holder itself is not excluded (one owner per description).
      expect(addon.lockKey(a, 'inode\0g1\0dom', 2)).toBe(true);
      expect(addon.lockKey(a, 'inode\0g1\0dom', 0)).toBe(true);
      expect(addon.lockKey(b, 'inode\0g1\0dom', 2)).toBe(true);
      // Closing a description drops its locks.
      fs.closeSync(b);
      expect(addon.lockKey(a, 'inode\0g2\0dom', 2)).toBe(true);
      expect(fs.statSync(f).size).toBe(0);
    } finally {
      fs.closeSync(a);
      try {
        fs.closeSync(b);
      } catch {
        /* closed above */
      }
    }
  });

  it('refuses bad arguments with a TypeError, not a crash', () => {
    expect(() => addon.lockKey('x' as unknown as number, 'k', 1)).toThrow(TypeError);
    expect(() => addon.lockKey(0, 'k', 7 as 1)).toThrow(TypeError);
    expect(codeOf(() => addon.lockKey(987654, 'k', 1))).toBe('EBADF fcntl');
  });
});
