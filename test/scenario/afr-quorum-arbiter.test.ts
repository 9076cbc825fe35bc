// Client quorum and the arbiter over real bricks (quorum-* cases of the corpus, docs/on-disk-format.md §6.6,
// both re-checked on a real 10.3 volume).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { afrDump, errCode, loc, replicaSet, xd, type ReplicaSet } from './afr-helpers.js';
import { healInode } from '../../src/xlators/afr/self-heal.js';
import { getXattr } from '../../src/xattr/index.js';
import { bytesToGfid } from '../../src/libglusterfs/uuid.js';

let set: ReplicaSet | undefined;
afterEach(() => set?.cleanup());

function withFile(name: string, replica: number, opts: Parameters<typeof replicaSet>[2] = {}): ReplicaSet {
  set = replicaSet(name, replica, opts);
  set.afr.create(loc('/file1'), 0o644, xd());
  set.afr.writev(loc('/file1'), 0, Buffer.from('hello\n'), xd());
  return set;
}

describe('client quorum', () => {
  it('replica 3, two bricks down: write, read, mkdir, rm, ls all ENOTCONN and nothing changes', () => {
    const s = withFile('q3', 3);
    s.clients[1].setDown(true);
    s.clients[2].setDown(true);
    expect(errCode(() => s.afr.writev(loc('/file1'), 6, Buffer.from('two-down\n'), xd()))).toBe('ENOTCONN');
    expect(errCode(() => s.afr.readv(loc('/file1'), 0, 10))).toBe('ENOTCONN');
    expect(errCode(() => s.afr.mkdir(loc('/qdir'), 0o755, xd()))).toBe('ENOTCONN');
    expect(errCode(() => s.afr.unlink(loc('/file1'), xd()))).toBe('ENOTCONN');
    expect(errCode(() => s.afr.readdir(loc('/')))).toBe('ENOTCONN');
    const b0 = s.brickPaths[0];
    expect(fs.readFileSync(path.join(b0, 'file1'), 'utf8')).toBe('hello\n');
    expect(fs.existsSync(path.join(b0, 'qdir'))).toBe(false);
    expect(afrDump(b0, 'file1')).toEqual({ 'trusted.afr.dirty': '000000000000000000000000' });
  });

  it('replica 3, one brick down: I/O works', () => {
    const s = withFile('q3b', 3);
    s.clients[0].setDown(true);
    s.afr.writev(loc('/file1'), 0, Buffer.from('one-down\n'), xd());
    expect(s.afr.readv(loc('/file1'), 0, 100).toString()).toBe('one-down\n');
  });

  it('replica 2 with quorum-type auto: first brick down blocks, second brick down does not', () => {
    const options: Array<[string, string]> = [['cluster.quorum-type', 'auto']];
    const s = withFile('q2', 2, { options });
    s.clients[0].setDown(true);
    expect(errCode(() => s.afr.create(loc('/q2'), 0o644, xd()))).toBe('ENOTCONN');
    expect(errCode(() => s.afr.readv(loc('/file1'), 0, 10))).toBe('ENOTCONN');
    s.clients[0].setDown(false);
    s.clients[1].setDown(true);
    s.afr.writev(loc('/file1'), 0, Buffer.from('second-down\n'), xd());
    expect(s.afr.readv(loc('/file1'), 0, 100).toString()).toBe('second-down\n');
  });
});

describe('arbiter (replica 3 arbiter 1)', () => {
  it('the arbiter keeps names, metadata and xattrs but zero-size data', () => {
    const s = withFile('arb', 3, { arbiter: true });
    s.afr.truncate(loc('/file1'), 2, xd());
    s.afr.writev(loc('/file1'), 2, Buffer.from('-more\n'), xd());
    s.afr.setattr(loc('/file1'), { mode: 0o600 }, xd());
    const [b0, b1, b2] = s.brickPaths;
    expect(fs.readFileSync(path.join(b0, 'file1'), 'utf8')).toBe('he-more\n');
    expect(fs.readFileSync(path.join(b1, 'file1'), 'utf8')).toBe('he-more\n');
    const arb = fs.statSync(path.join(b2, 'file1'));
    expect(arb.size).toBe(0);
    expect(arb.mode & 0o777).toBe(0o600);
    expect(afrDump(b2, 'file1')).toEqual(afrDump(b0, 'file1'));
    expect(s.afr.stat(loc('/file1')).size).toBe(8);
  });

  it('statfs answers from the data bricks, never from a smaller arbiter brick (arbiter-statfs.t)', () => {
    const s = withFile('arbfs', 3, { arbiter: true });
    const data = s.clients[0].statfs(loc('/'));
    // Fixed answers: the disk's free space moves with whatever else runs on the machine.
    for (const c of [s.clients[0], s.clients[1]]) c.statfs = () => data;
    // The arbiter's file system is tiny, as arbiter-statfs.t's 90 MB one beside 1 GB data bricks.
    s.clients[2].statfs = () => ({ ...data, blocks: 10, bfree: 5, bavail: 5 });
    expect(s.afr.statfs(loc('/')).bavail).toBe(data.bavail);
  });

  it('when only the arbiter is good: writes, reads and stat ENOTCONN; other files still work', () => {
    const s = withFile('arb2', 3, { arbiter: true });
    s.afr.create(loc('/g'), 0o644, xd());
    s.clients[1].setDown(true);
    s.afr.writev(loc('/file1'), 6, Buffer.from('more\n'), xd()); // brick 2 misses it
    expect(afrDump(s.brickPaths[2], 'file1')).toEqual({
      'trusted.afr.arb2-client-1': '000000010000000000000000',
      'trusted.afr.dirty': '000000000000000000000000',
    });
    s.clients[1].setDown(false);
    s.clients[0].setDown(true);
    expect(errCode(() => s.afr.readv(loc('/file1'), 0, 100))).toBe('ENOTCONN');
    expect(errCode(() => s.afr.writev(loc('/file1'), 0, Buffer.from('x'), xd()))).toBe('ENOTCONN');
    expect(errCode(() => s.afr.stat(loc('/file1')))).toBe('ENOTCONN');
    s.afr.writev(loc('/g'), 0, Buffer.from('y\n'), xd());
    expect(s.afr.readv(loc('/g'), 0, 10).toString()).toBe('y\n');
    s.afr.create(loc('/new'), 0o644, xd());
    expect(fs.readFileSync(path.join(s.brickPaths[1], 'file1'), 'utf8')).toBe('hello\n');
    // Refused before any pre-op: the changelog is what real 10.3 leaves (dirty back to zero).
    expect(afrDump(s.brickPaths[1], 'file1')).toEqual({ 'trusted.afr.dirty': '000000000000000000000000' });
  });

  it('an empty file only the arbiter held (made on its brick): heal takes the arbiter as source (bug-1591193)', () => {
    set = replicaSet('arb3', 3, { arbiter: true });
    const s = set;
    fs.writeFileSync(path.join(s.brickPaths[2], 'file3'), '');
    // The lookup gives it a gfid and makes it on the data bricks, which the arbiter then blames.
    expect(errCode(() => s.afr.lookup(loc('/file3'), xd()))).toBe('ENOTCONN');
    const gfid = s.afr.lookup(loc('/'), xd()) && afrDump(s.brickPaths[2], 'file3');
    expect(Object.keys(gfid)).toEqual(expect.arrayContaining(['trusted.afr.arb3-client-0', 'trusted.afr.arb3-client-1']));
    const g = bytesToGfid(getXattr(path.join(s.brickPaths[2], 'file3'), 'trusted.gfid'));
    expect(healInode(s.afr.healContext(), g)).toMatchObject({ healed: true, pending: false, splitBrain: false });
    for (const b of s.brickPaths) {
      for (const [k, v] of Object.entries(afrDump(b, 'file3'))) expect(`${k}=${v}`).toBe(`${k}=000000000000000000000000`);
    }
    expect(s.afr.lookup(loc('/file3'), xd()).iatt.size).toBe(0);
  });
});
