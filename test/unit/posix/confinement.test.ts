// Adversarial paths: nothing a Loc says may reach outside the brick or into .glusterfs.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fopCode } from '../../helpers/fop-code.js';
import { getAllXattrs, setXattr } from '../../../src/xattr/index.js';
import type { Loc } from '../../../src/xlators/types.js';
import { ROOT, handleOf, makeBrick, newInode, type TestBrick } from './helpers.js';
import { DirScope } from '../../../src/xlators/posix/beneath.js';

let b: TestBrick;
let outside: string;
let secret: string;
const SECRET_MODE = 0o640;

beforeEach(() => {
  b = makeBrick();
  outside = path.join(path.dirname(b.dir), 'outside');
  fs.mkdirSync(outside);
  secret = path.join(outside, 'secret');
  fs.writeFileSync(secret, 'top secret');
  fs.chmodSync(secret, SECRET_MODE);
  fs.utimesSync(secret, 1000, 1000);
});
afterEach(() => b.cleanup());

function outsideUntouched(): void {
  expect(fs.readdirSync(outside)).toEqual(['secret']);
  const st = fs.lstatSync(secret);
  expect([fs.readFileSync(secret, 'utf8'), st.mode & 0o7777, st.mtimeMs, st.uid]).toEqual(['top secret', SECRET_MODE, 1000000, 0]);
  expect(Object.keys(getAllXattrs(secret))).toEqual([]);
  expect(Object.keys(getAllXattrs(outside))).toEqual([]);
}

const code = (fn: () => unknown): string => fopCode(fn, 'no error');

/** Every fop that takes a Loc, aimed at `loc`; returns the errno of each. */
function allFops(loc: Loc): Record<string, string> {
  const p = b.posix;
  const x = () => newInode();
  return {
    lookup: code(() => p.lookup(loc)),
    create: code(() => p.create(loc, 0o644, x())),
    mkdir: code(() => p.mkdir(loc, 0o755, x())),
    symlink: code(() => p.symlink('t', loc, x())),
    readv: code(() => p.readv(loc, 0, 10)),
    writev: code(() => p.writev(loc, 0, Buffer.from('pwned'))),
    truncate: code(() => p.truncate(loc, 0)),
    setattr: code(() => p.setattr(loc, { mode: 0o777, uid: 4242, mtime: { sec: 5, nsec: 0 } })),
    setxattr: code(() => p.setxattr(loc, { 'user.pwned': Buffer.from('1') })),
    xattrop: code(() => p.xattrop(loc, { 'trusted.afr.vol-client-1': Buffer.from('000000010000000000000000', 'hex') })),
    readdir: code(() => p.readdir(loc)),
    unlink: code(() => p.unlink(loc)),
    rmdir: code(() => p.rmdir(loc)),
    renameFrom: code(() => p.rename(loc, { path: '/moved' })),
    linkTo: code(() => p.link(loc, { path: '/linked' })),
  };
}

describe('path confinement', () => {
  it.each([
    '/../outside/secret',
    '/a/../../outside/secret',
    '../outside/secret',
    'outside/secret',
    '/./x',
    '/a//b',
    '/x/',
    '/x\0y',
  ])('rejects malformed path %j with EINVAL for every fop', (p) => {
    const errs = allFops({ path: p });
    for (const [fop, c] of Object.entries(errs)) expect([fop, c]).toEqual([fop, 'EINVAL']);
    outsideUntouched();
  });

  it('does not traverse a symlink component (absolute target)', () => {
    fs.symlinkSync(outside, path.join(b.dir, 'esc'));
    const errs = allFops({ path: '/esc/secret' });
    for (const [fop, c] of Object.entries(errs)) expect([fop, c]).toEqual([fop, 'ELOOP']);
    expect(code(() => b.posix.create({ path: '/esc/new' }, 0o644, newInode()))).toBe('ELOOP');
    outsideUntouched();
  });

  it('does not traverse a relative symlink component, even one pointing inside the brick', () => {
    b.posix.mkdir({ path: '/d' }, 0o755, newInode());
    b.posix.create({ path: '/d/f' }, 0o644, newInode());
    b.posix.symlink('d', { path: '/lnk' }, newInode());
    b.posix.symlink('../outside', { path: '/up' }, newInode());
    expect(code(() => b.posix.readv({ path: '/lnk/f' }, 0, 1))).toBe('ELOOP');
    expect(code(() => b.posix.readv({ path: '/up/secret' }, 0, 1))).toBe('ELOOP');
    outsideUntouched();
  });

  it('applies fops on a stored symlink to the link itself, never to its target', () => {
    fs.symlinkSync(secret, path.join(b.dir, 'abs'));
    b.posix.lookup({ path: '/abs' }, { gfidReq: newInode().gfidReq });
    const errs = allFops({ path: '/abs' });
    // Data fops refuse a symlink; metadata fops act on the link.
    expect(errs).toMatchObject({ readv: 'EINVAL', writev: 'EINVAL', truncate: 'EINVAL', readdir: 'ENOTDIR', lookup: 'no error' });
    outsideUntouched();
  });

  it('treats an intermediate regular file as ENOTDIR', () => {
    b.posix.create({ path: '/f' }, 0o644, newInode());
    expect(code(() => b.posix.stat({ path: '/f/x' }))).toBe('ENOTDIR');
  });

  it('never reaches .glusterfs at the brick root', () => {
    for (const p of ['/.glusterfs', '/.glusterfs/indices', `/.glusterfs/00/00/${ROOT}`]) {
      const errs = allFops({ path: p });
      for (const [fop, c] of Object.entries(errs)) expect([p, fop, c]).toEqual([p, fop, 'EPERM']);
    }
    b.posix.create({ path: '/f' }, 0o644, newInode());
    expect(code(() => b.posix.rename({ path: '/f' }, { path: '/.glusterfs' }))).toBe('EPERM');
    expect(code(() => b.posix.link({ path: '/f' }, { path: '/.glusterfs/x' }))).toBe('EPERM');
    expect(b.posix.readdir({ path: '/' }).map((e) => e.name)).toEqual(['f']);
    // Deeper directories may use the name.
    b.posix.mkdir({ path: '/d' }, 0o755, newInode());
    b.posix.mkdir({ path: '/d/.glusterfs' }, 0o755, newInode());
    expect(b.posix.stat({ path: '/d/.glusterfs' }).type).toBe('dir');
  });

  it('refuses rename/link targets that escape', () => {
    b.posix.create({ path: '/f' }, 0o644, newInode());
    fs.symlinkSync(outside, path.join(b.dir, 'esc'));
    expect(code(() => b.posix.rename({ path: '/f' }, { path: '/../outside/f' }))).toBe('EINVAL');
    expect(code(() => b.posix.rename({ path: '/f' }, { path: '/esc/f' }))).toBe('ELOOP');
    expect(code(() => b.posix.link({ path: '/f' }, { path: '/esc/f' }))).toBe('ELOOP');
    expect(code(() => b.posix.symlink('x', { path: '/esc/s' }, newInode()))).toBe('ELOOP');
    outsideUntouched();
  });

  it('refuses forged gfids and forged directory handles', () => {
    expect(code(() => b.posix.stat({ path: '', gfid: '../../../outside' }))).toBe('EINVAL');
    const g = newInode().gfidReq;
    fs.mkdirSync(path.dirname(handleOf(b.dir, g)), { recursive: true });
    for (const target of [outside, '../../../../outside', `../../00/00/${ROOT}/..`, `../../00/00/${ROOT}/../../outside`]) {
      fs.rmSync(handleOf(b.dir, g), { force: true });
      fs.symlinkSync(target, handleOf(b.dir, g));
      // Not a well-formed directory handle: the handle is taken as a symlink inode, never followed.
      expect([target, code(() => b.posix.readdir({ path: '', gfid: g }))]).toEqual([target, 'ENOTDIR']);
      expect(b.posix.stat({ path: '', gfid: g }).type).toBe('symlink');
      expect(code(() => b.posix.writev({ path: '', gfid: g }, 0, Buffer.from('x')))).toBe('EINVAL');
    }
    // Well-formed but pointing through a parent gfid that does not exist.
    fs.rmSync(handleOf(b.dir, g));
    fs.symlinkSync(`../../ab/cd/abcd0000-0000-0000-0000-000000000000/x`, handleOf(b.dir, g));
    expect(code(() => b.posix.readdir({ path: '', gfid: g }))).toBe('ESTALE');
    // A well-formed handle naming a symlink component is refused as well.
    fs.symlinkSync(outside, path.join(b.dir, 'esc'));
    fs.rmSync(handleOf(b.dir, g));
    fs.symlinkSync(`../../00/00/${ROOT}/esc`, handleOf(b.dir, g));
    expect(code(() => b.posix.readdir({ path: '', gfid: g }))).toBe('ESTALE');
    outsideUntouched();
  });

  it('refuses entry names that escape the index directory', () => {
    b.posix.mkdir({ path: '/d' }, 0o755, newInode());
    const add = { 'trusted.afr.vol-client-1': Buffer.alloc(12) };
    for (const n of ['../../../../outside/x', '..', 'a/b', '']) {
      expect(code(() => b.posix.xattrop({ path: '/d' }, add, { entryName: n }))).toBe('EINVAL');
    }
    outsideUntouched();
  });

  it('keeps a gfid2path value pointing outside from resolving there', () => {
    const x = newInode();
    b.posix.create({ path: '/f' }, 0o644, x);
    setXattr(path.join(b.dir, 'f'), 'trusted.gfid2path.0000000000000000', Buffer.from(`${ROOT}/../outside/secret`));
    b.posix.writev({ path: '', gfid: x.gfidReq }, 0, Buffer.from('ok'));
    expect(fs.readFileSync(path.join(b.dir, 'f'), 'utf8')).toBe('ok');
    outsideUntouched();
  });
});

describe('the directory scope', () => {
  it('refuses "." and ".." components itself (its openat2 resolves a real path from /, not beneath a root)', () => {
    const b = makeBrick();
    try {
      const scope = new DirScope(fs.realpathSync(b.dir));
      for (const rel of [['..'], ['a', '..', '..'], ['.'], [''], ['a/b']]) {
        expect([rel, fopCode(() => scope.run(() => scope.dir(rel)))]).toEqual([rel, 'EINVAL']);
      }
    } finally {
      b.cleanup();
    }
  });
});
