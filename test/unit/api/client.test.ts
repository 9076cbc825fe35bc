// The client library over one real posix brick. DHT is replaced by a pass-through so that these
// tests pin the api's own behaviour (path walking, symlinks, xdata, xattr policy).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { clientFor, FopError, type VolumeClient } from '../../../src/api/index.js';
import { defaultParts } from '../../../src/xlators/graph-parts.js';
import type { GraphParts } from '../../../src/xlators/graph.js';
import type { Xlator } from '../../../src/xlators/types.js';
import { getXattr } from '../../../src/xattr/index.js';
import { bytesToGfid } from '../../../src/libglusterfs/uuid.js';
import { makeVolume, type TestVolume } from './helpers.js';

/** Forwards every fop to its only child. */
function passThrough(name: string, children: readonly Xlator[]): Xlator {
  const child = children[0];
  return new Proxy({ name, children } as unknown as Xlator, {
    get: (t, k) => (k === 'name' || k === 'children' ? (t as never)[k] : (child as never as Record<string, (...a: unknown[]) => unknown>)[k as string]?.bind(child)),
  });
}

const parts: GraphParts = {
  ...defaultParts,
  dht: function (name: string, children: readonly Xlator[]) {
    return passThrough(name, children);
  } as unknown as GraphParts['dht'],
};

let tv: TestVolume;
let c: VolumeClient;
let brick: string;

beforeEach(() => {
  tv = makeVolume('apit', { bricks: 1 });
  brick = tv.brickPaths[0];
  c = clientFor(tv.volume, { home: tv.dir, parts });
});
afterEach(() => tv.cleanup());

async function errCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(FopError);
    expect((e as FopError).errno).toBeGreaterThan(0);
    return (e as FopError).code;
  }
  throw new Error('expected a FopError');
}

describe('files and directories', () => {
  it('writes and reads back at offsets; the brick holds the bytes, the gfid and the mdata', async () => {
    await c.mkdirp('/a/b');
    await c.writeFile('/a/b/f', 'hello world');
    await c.write('/a/b/f', 6, Buffer.from('WORLD!'));
    expect((await c.readFile('/a/b/f')).toString()).toBe('hello WORLD!');
    expect((await c.read('/a/b/f', 2, 3)).toString()).toBe('llo');
    const st = await c.stat('/a/b/f');
    expect(st.size).toBe(12);
    const onBrick = path.join(brick, 'a/b/f');
    expect(fs.readFileSync(onBrick, 'utf8')).toBe('hello WORLD!');
    expect(bytesToGfid(getXattr(onBrick, 'trusted.gfid'))).toBe(st.gfid);
    expect(getXattr(onBrick, 'trusted.glusterfs.mdata')).toHaveLength(57);
    expect(fs.existsSync(path.join(brick, '.glusterfs', st.gfid.slice(0, 2), st.gfid.slice(2, 4), st.gfid))).toBe(true);
  });

  it('applies open flags like open(2)', async () => {
    await c.writeFile('/f', 'abcdef');
    expect(await errCode(c.open('/f', 'wx'))).toBe('EEXIST');
    const fa = await c.open('/f', 'a');
    await fa.write(Buffer.from('gh'));
    expect((await c.readFile('/f')).toString()).toBe('abcdefgh');
    await (await c.open('/f', 'w')).close();
    expect((await c.stat('/f')).size).toBe(0);
    expect(await errCode(c.open('/missing', 'r'))).toBe('ENOENT');
    const fh = await c.open('/f', 'r');
    await fh.close();
    expect(await errCode(fh.read(0, 1))).toBe('EBADF');
  });

  it('applies the umask to new inodes and chmod/chown/utimes exactly', async () => {
    const old = process.umask(0o027);
    try {
      expect((await c.mkdir('/d')).mode & 0o7777).toBe(0o750);
      expect((await c.create('/d/f')).mode & 0o7777).toBe(0o640);
    } finally {
      process.umask(old);
    }
    await c.chmod('/d/f', 0o4711);
    expect(fs.statSync(path.join(brick, 'd/f')).mode & 0o7777).toBe(0o4711);
    await c.chown('/d/f', 1234, 5678);
    expect(fs.statSync(path.join(brick, 'd/f')).uid).toBe(1234);
    await c.utimes('/d/f', { sec: 1000, nsec: 5 }, { sec: 2000, nsec: 7 });
    const st = await c.stat('/d/f');
    expect([st.mtime.sec, st.mtime.nsec, st.atime.sec]).toEqual([2000, 7, 1000]);
  });

  it('renames, links and removes, and forgets renamed directories', async () => {
    await c.mkdirp('/x/y');
    await c.writeFile('/x/y/f', '1');
    await c.stat('/x/y/f'); // caches /x and /x/y
    await c.rename('/x', '/z');
    expect((await c.readFile('/z/y/f')).toString()).toBe('1');
    expect(await errCode(c.stat('/x/y/f'))).toBe('ENOENT');
    await c.link('/z/y/f', '/z/h');
    expect((await c.stat('/z/h')).nlink).toBe(2);
    expect(await errCode(c.rename('/z', '/z/y/inside'))).toBe('EINVAL');
    expect(await errCode(c.unlink('/z'))).toBe('EISDIR');
    expect(await errCode(c.rmdir('/z'))).toBe('ENOTEMPTY');
    await c.unlink('/z/h');
    await c.unlink('/z/y/f');
    await c.rmdir('/z/y');
    await c.rmdir('/z');
    expect(await c.readdir('/')).toEqual([]);
  });

  it('hides the brick-internal names of the root', async () => {
    await c.mkdir('/visible');
    expect(fs.readdirSync(brick)).toContain('.glusterfs');
    expect(await c.readdir('/')).toEqual(['visible']);
  });
});

describe('path walking', () => {
  it('follows in-volume symlinks in every non-final position, relative and absolute', async () => {
    await c.mkdirp('/real/sub');
    await c.writeFile('/real/sub/f', 'data');
    await c.symlink('real', '/rel');
    await c.symlink('/real/sub', '/abs');
    await c.symlink('../../real', '/real/sub/up');
    expect((await c.readFile('/rel/sub/f')).toString()).toBe('data');
    expect((await c.readFile('/abs/f')).toString()).toBe('data');
    expect((await c.readFile('/real/sub/up/sub/f')).toString()).toBe('data');
    expect((await c.lstat('/rel')).type).toBe('symlink');
    expect((await c.stat('/rel')).type).toBe('dir');
    expect(await c.readlink('/abs')).toBe('/real/sub');
  });

  it('keeps symlink targets inside the volume: ".." stops at the root, absolute means volume root', async () => {
    await c.writeFile('/etc-passwd', 'in volume');
    await c.symlink('/etc-passwd', '/l1');
    await c.symlink('../../../../etc-passwd', '/l2');
    expect((await c.readFile('/l1')).toString()).toBe('in volume');
    expect((await c.readFile('/l2')).toString()).toBe('in volume');
  });

  it('recovers from directories another client replaced behind its cache', async () => {
    await c.mkdirp('/a/b');
    await c.stat('/a/b'); // /a is now a remembered dentry
    const other = clientFor(tv.volume, { home: tv.dir, parts });
    await other.rmdir('/a/b');
    await other.rmdir('/a');
    await other.symlink('real', '/a'); // /a is no longer a directory at all
    await other.mkdirp('/real/b');
    await other.writeFile('/real/b/f', 'via the new /a');
    expect((await c.readFile('/a/b/f')).toString()).toBe('via the new /a');
  });

  it('refuses escapes and bounds symlink loops with ELOOP', async () => {
    expect(await errCode(c.stat('/../x'))).toBe('EINVAL');
    expect(await errCode(c.stat('a/../../x'))).toBe('EINVAL');
    await c.symlink('/loop2', '/loop1');
    await c.symlink('/loop1', '/loop2');
    expect(await errCode(c.stat('/loop1'))).toBe('ELOOP');
    expect(await errCode(c.stat('/loop1/x'))).toBe('ELOOP');
    await c.writeFile('/file', '');
    expect(await errCode(c.stat('/file/x'))).toBe('ENOTDIR');
    expect(await errCode(c.rmdir('/'))).toBe('EBUSY');
  });
});

describe('xattrs', () => {
  it('round-trips user xattrs and hides the internal trusted keys', async () => {
    await c.writeFile('/f', 'x');
    await c.setxattr('/f', 'user.k', Buffer.from('v1'));
    await c.setxattr('/f', 'trusted.mine', Buffer.from('t'));
    expect((await c.getxattr('/f', 'user.k')).toString()).toBe('v1');
    expect(getXattr(path.join(brick, 'f'), 'user.k').toString()).toBe('v1');
    expect((await c.listxattr('/f')).sort()).toEqual(['trusted.mine', 'user.k']);
    expect(await errCode(c.getxattr('/f', 'trusted.gfid'))).toBe('ENODATA');
    expect(await errCode(c.getxattr('/f', 'trusted.glusterfs.mdata'))).toBe('ENODATA');
    expect(await errCode(c.setxattr('/f', 'trusted.gfid', Buffer.alloc(16)))).toBe('EPERM');
    expect(await errCode(c.setxattr('/f', 'trusted.afr.dirty', Buffer.alloc(12)))).toBe('EPERM');
    expect(await errCode(c.setxattr('/f', 'trusted.gfid2path.abc', Buffer.from('x')))).toBe('ENOTSUP');
    expect(await errCode(c.removexattr('/f', 'trusted.gfid'))).toBe('EPERM');
    expect(await errCode(c.setxattr('/f', 'user.k', Buffer.from('v2'), 'create'))).toBe('EEXIST');
    await c.removexattr('/f', 'user.k');
    expect(await errCode(c.getxattr('/f', 'user.k'))).toBe('ENODATA');
    // The gfid on the brick is untouched by all of the above.
    expect(bytesToGfid(getXattr(path.join(brick, 'f'), 'trusted.gfid'))).toBe((await c.stat('/f')).gfid);
  });

  it('answers the virtual keys glusterfs.gfid.string and trusted.glusterfs.pathinfo', async () => {
    await c.writeFile('/f', 'x');
    const st = await c.stat('/f');
    expect((await c.getxattr('/f', 'glusterfs.gfid.string')).toString()).toBe(st.gfid);
    const host = (await import('node:os')).hostname();
    expect((await c.getxattr('/f', 'trusted.glusterfs.pathinfo')).toString()).toBe(`<POSIX(${brick}):${host}:${brick}/f>\0`); // NUL-terminated, as 10.3
  });
});
