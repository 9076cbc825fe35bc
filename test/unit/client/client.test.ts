import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client } from '../../../src/xlators/client/client.js';
import { FopError } from '../../../src/libglusterfs/errors.js';
import { fopCode } from '../../helpers/fop-code.js';
import type { Xlator } from '../../../src/xlators/types.js';
import { makeBrick, newInode, type TestBrick } from '../posix/helpers.js';

let b: TestBrick;
beforeEach(() => {
  b = makeBrick();
});
afterEach(() => b.cleanup());

const errno = (fn: () => unknown): string => fopCode(fn, 'no error');

/** One call of every fop (arguments valid for an existing file /f and directory /d). */
const everyFop = (c: Xlator): Array<[string, () => unknown]> => [
  ['lookup', () => c.lookup({ path: '/f' })],
  ['stat', () => c.stat({ path: '/f' })],
  ['statfs', () => c.statfs({ path: '/' })],
  ['mkdir', () => c.mkdir({ path: '/d2' }, 0o755, newInode())],
  ['create', () => c.create({ path: '/f2' }, 0o644, newInode())],
  ['symlink', () => c.symlink('f', { path: '/s2' }, newInode())],
  ['link', () => c.link({ path: '/f' }, { path: '/hl' })],
  ['readv', () => c.readv({ path: '/f' }, 0, 1)],
  ['writev', () => c.writev({ path: '/f' }, 0, Buffer.from('x'))],
  ['truncate', () => c.truncate({ path: '/f' }, 0)],
  ['readdir', () => c.readdir({ path: '/' })],
  ['setattr', () => c.setattr({ path: '/f' }, { mode: 0o600 })],
  ['getxattr', () => c.getxattr({ path: '/f' })],
  ['setxattr', () => c.setxattr({ path: '/f' }, { 'user.k': Buffer.from('v') })],
  ['removexattr', () => c.removexattr({ path: '/f' }, 'user.k')],
  ['xattrop', () => c.xattrop({ path: '/f' }, { 'trusted.afr.dirty': Buffer.alloc(12) })],
  ['inodelk', () => (c.inodelk({ path: '/f' }, 'd', 'lock'), c.inodelk({ path: '/f' }, 'd', 'unlock'))],
  ['entrylk', () => (c.entrylk({ path: '/d' }, 'd', 'n', 'lock'), c.entrylk({ path: '/d' }, 'd', 'n', 'unlock'))],
  ['readlink', () => c.readlink({ path: '/s2' })],
  ['rename', () => c.rename({ path: '/f2' }, { path: '/f3' })],
  ['unlink', () => c.unlink({ path: '/f3' })],
  ['rmdir', () => c.rmdir({ path: '/d2' })],
];

describe('Client', () => {
  it('forwards every fop to its brick while up', () => {
    b.posix.create({ path: '/f' }, 0o644, newInode());
    b.posix.mkdir({ path: '/d' }, 0o755, newInode());
    const c = new Client('vol-client-0', [b.posix]);
    expect(c.name).toBe('vol-client-0');
    for (const [fop, call] of everyFop(c)) expect([fop, errno(call)]).toEqual([fop, 'no error']);
    expect(b.posix.readdir({ path: '/' }).map((e) => e.name)).toEqual(['d', 'f', 'hl', 's2']);
  });

  it('answers ENOTCONN to every fop while down, touching nothing', () => {
    b.posix.create({ path: '/f' }, 0o644, newInode());
    b.posix.mkdir({ path: '/d' }, 0o755, newInode());
    const c = new Client('vol-client-0', [b.posix], { down: true });
    expect(c.isDown).toBe(true);
    for (const [fop, call] of everyFop(c)) expect([fop, errno(call)]).toEqual([fop, 'ENOTCONN']);
    expect(b.posix.readdir({ path: '/' }).map((e) => e.name)).toEqual(['d', 'f']);
    c.setDown(false);
    expect(c.stat({ path: '/f' }).type).toBe('file');
    c.setDown(true);
    const err = (() => {
      try {
        c.stat({ path: '/f' });
      } catch (e) {
        return e as FopError;
      }
    })();
    expect([err?.errno, err?.message]).toEqual([107, 'Transport endpoint is not connected: vol-client-0']);
  });

  it('needs exactly one child', () => {
    expect(() => new Client('c', [])).toThrow(/exactly one/);
  });
});
