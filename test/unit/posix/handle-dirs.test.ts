// The .glusterfs/XX/YY directories a process has made are not mkdir'ed again; one removed behind
// its back (another process, an admin) is made again when the next handle needs it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { handleOf, makeBrick, newInode, T1, type TestBrick } from './helpers.js';

let b: TestBrick;
beforeEach(() => {
  b = makeBrick();
});
afterEach(() => b.cleanup());

const gfid = (n: number) => `abcd0000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

describe('handle directories', () => {
  it('a removed XX/YY directory is made again for the next file and directory', () => {
    b.posix.create({ path: '/f1' }, 0o644, newInode(T1, gfid(1)));
    const yy = path.dirname(handleOf(b.dir, gfid(1)));
    expect(fs.existsSync(handleOf(b.dir, gfid(1)))).toBe(true);
    // Someone removes the directory (and with it the first handle) behind the process's back.
    fs.rmSync(yy, { recursive: true });
    b.posix.create({ path: '/f2' }, 0o644, newInode(T1, gfid(2)));
    expect(fs.lstatSync(handleOf(b.dir, gfid(2))).ino).toBe(fs.lstatSync(path.join(b.dir, 'f2')).ino);
    fs.rmSync(yy, { recursive: true });
    b.posix.mkdir({ path: '/d3' }, 0o755, newInode(T1, gfid(3)));
    expect(fs.readlinkSync(handleOf(b.dir, gfid(3)))).toBe('../../00/00/00000000-0000-0000-0000-000000000001/d3');
    // A lookup heals the handle lost with the first removal.
    b.posix.lookup({ path: '/f1' });
    expect(fs.lstatSync(handleOf(b.dir, gfid(1))).ino).toBe(fs.lstatSync(path.join(b.dir, 'f1')).ino);
  });

  it('a removed first-level XX directory is made again too', () => {
    b.posix.create({ path: '/f1' }, 0o644, newInode(T1, gfid(1)));
    fs.rmSync(path.join(b.dir, '.glusterfs', 'ab'), { recursive: true });
    b.posix.create({ path: '/f2' }, 0o644, newInode(T1, gfid(2)));
    expect(fs.existsSync(handleOf(b.dir, gfid(2)))).toBe(true);
  });
});
