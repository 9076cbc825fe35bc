// withXattrObject / xattrsOfFd: several xattr operations through one descriptor, with the same
// semantics as the single-call functions (never through a final symlink, FopError with errno).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { getAllXattrs, getXattrOpt, setXattr, withXattrObject, xattrsOfFd } from '../../../src/xattr/index.js';
import { FopError } from '../../../src/libglusterfs/errors.js';

let dir: string;
const saved = process.env.TGLUSTER_XATTR_NS;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-xobj-'));
  fs.mkdirSync(path.join(dir, '.glusterfs'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  if (saved === undefined) delete process.env.TGLUSTER_XATTR_NS;
  else process.env.TGLUSTER_XATTR_NS = saved;
});

const errCode = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return e instanceof FopError ? e.code : `not a FopError: ${String(e)}`;
  }
  return undefined;
};

describe.each(['trusted', 'user'])('xattr objects (%s names on disk)', (ns) => {
  beforeEach(() => {
    process.env.TGLUSTER_XATTR_NS = ns;
  });

  it('reads and writes like the single calls, create/replace flags included', () => {
    const f = path.join(dir, 'f');
    fs.writeFileSync(f, 'x');
    setXattr(f, 'trusted.a', Buffer.from('1'));
    const seen = withXattrObject(f, (x) => {
      expect(x.getOpt('trusted.missing')).toBeUndefined();
      expect(errCode(() => x.get('trusted.missing'))).toBe('ENODATA');
      expect(errCode(() => x.set('trusted.a', Buffer.from('2'), 'create'))).toBe('EEXIST');
      expect(errCode(() => x.set('trusted.b', Buffer.from('2'), 'replace'))).toBe('ENODATA');
      x.set('trusted.b', Buffer.from('2'), 'create');
      x.set('trusted.a', Buffer.from('3'), 'replace');
      x.remove('trusted.b');
      expect(errCode(() => x.remove('trusted.b'))).toBe('ENODATA');
      x.set('user.c', Buffer.from('4'));
      return { list: x.list().sort(), all: x.all() };
    });
    expect(seen.list).toEqual(['trusted.a', 'user.c']);
    expect(seen.all).toEqual(getAllXattrs(f));
    expect(getXattrOpt(f, 'trusted.a')).toEqual(Buffer.from('3'));
  });

  it('never goes through a final symlink', () => {
    const target = path.join(dir, 't');
    const link = path.join(dir, 'l');
    fs.writeFileSync(target, 'x');
    fs.symlinkSync('t', link);
    withXattrObject(link, (x) => x.set('trusted.k', Buffer.from('on-link')));
    expect(getXattrOpt(link, 'trusted.k')).toEqual(Buffer.from('on-link'));
    expect(getXattrOpt(target, 'trusted.k')).toBeUndefined();
  });

  it('reports a missing object as ENOENT and lets errors of the callback through untouched', () => {
    expect(errCode(() => withXattrObject(path.join(dir, 'nope'), (x) => x.list()))).toBe('ENOENT');
    const f = path.join(dir, 'f');
    fs.writeFileSync(f, 'x');
    const mine = new Error('callback failure');
    expect(() =>
      withXattrObject(f, () => {
        throw mine;
      }),
    ).toThrow(mine);
  });

  it('xattrsOfFd works through an I/O descriptor of the file', () => {
    const f = path.join(dir, 'f');
    fs.writeFileSync(f, 'x');
    const fd = fs.openSync(f, 'r+');
    try {
      const x = xattrsOfFd(fd, f);
      x.set('trusted.via-fd', Buffer.from('v'));
      expect(x.get('trusted.via-fd')).toEqual(Buffer.from('v'));
    } finally {
      fs.closeSync(fd);
    }
    expect(getXattrOpt(f, 'trusted.via-fd')).toEqual(Buffer.from('v'));
  });
});
