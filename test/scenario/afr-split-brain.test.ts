// Split-brain states written by hand on real bricks, as the §6.4 dumps show them, and what a
// client then sees (the mount-* cases of the corpus, checked on a real 10.3 replica 2).
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { setXattr } from '../../src/xattr/index.js';
import { errCode, loc, replicaSet, xd, type ReplicaSet } from './afr-helpers.js';

let set: ReplicaSet | undefined;
afterEach(() => set?.cleanup());

/** replica 2 `diskRep2` with files created through AFR (all up), then edited behind its back. */
function rep2(): ReplicaSet {
  set = replicaSet('diskRep2', 2);
  for (const f of ['data1', 'meta1', 'notsb', 'small1']) {
    set.afr.create(loc(`/${f}`), 0o644, xd());
    set.afr.writev(loc(`/${f}`), 0, Buffer.from(`${f} content\n`), xd());
  }
  return set;
}
const onBrick = (s: ReplicaSet, i: number, f: string) => path.join(s.brickPaths[i], f);
const blame = (s: ReplicaSet, i: number, f: string, client: number, hex: string) =>
  setXattr(onBrick(s, i, f), `trusted.afr.diskRep2-client-${client}`, Buffer.from(hex, 'hex'));
const status = (s: ReplicaSet, f: string) =>
  s.afr.getxattr(loc(`/${f}`), 'replica.split-brain-status')['replica.split-brain-status'].toString();

describe('split-brain on real bricks', () => {
  it('data split-brain: reads and writes EIO, stat works, status names both clients', () => {
    const s = rep2();
    fs.writeFileSync(onBrick(s, 0, 'data1'), 'A'.repeat(31));
    fs.writeFileSync(onBrick(s, 1, 'data1'), 'B\n');
    blame(s, 0, 'data1', 1, '000000020000000000000000');
    blame(s, 1, 'data1', 0, '000000020000000000000000');
    expect(errCode(() => s.afr.readv(loc('/data1'), 0, 100))).toBe('EIO');
    expect(errCode(() => s.afr.writev(loc('/data1'), 0, Buffer.from('x'), xd()))).toBe('EIO');
    expect(errCode(() => s.afr.setattr(loc('/data1'), { mode: 0o600 }, xd()))).toBe('EIO');
    expect(s.afr.stat(loc('/data1')).type).toBe('file');
    expect(status(s, 'data1')).toBe(
      'data-split-brain:yes    metadata-split-brain:no    Choices:diskRep2-client-0,diskRep2-client-1\0',
    );
    expect(status(s, 'notsb')).toBe('The file is not under data or metadata split-brain\0');
    // Nothing was written by the refused fops.
    expect(fs.readFileSync(onBrick(s, 1, 'data1'), 'utf8')).toBe('B\n');
  });

  it('metadata split-brain: stat works, reads, writes, chmod and getxattr EIO', () => {
    const s = rep2();
    fs.chmodSync(onBrick(s, 0, 'meta1'), 0o600);
    fs.chmodSync(onBrick(s, 1, 'meta1'), 0o640);
    blame(s, 0, 'meta1', 1, '000000000000000100000000');
    blame(s, 1, 'meta1', 0, '000000000000000100000000');
    expect(s.afr.stat(loc('/meta1')).size).toBe('meta1 content\n'.length);
    for (const fn of [
      () => s.afr.readv(loc('/meta1'), 0, 10),
      () => s.afr.writev(loc('/meta1'), 0, Buffer.from('y'), xd()),
      () => s.afr.setattr(loc('/meta1'), { mode: 0o644 }, xd()),
      () => s.afr.getxattr(loc('/meta1'), 'user.a'),
    ]) {
      expect(errCode(fn)).toBe('EIO');
    }
    expect(status(s, 'meta1')).toMatch(/^data-split-brain:no {4}metadata-split-brain:yes {4}Choices:/);
  });

  it('gfid split-brain: lookup, stat, status EIO; a listing still shows the name', () => {
    set = replicaSet('gsb', 2);
    const s = set;
    s.clients[0].create(loc('/gf1'), 0o644, { gfidReq: randomUUID() });
    s.clients[1].create(loc('/gf1'), 0o644, { gfidReq: randomUUID() });
    expect(errCode(() => s.afr.stat(loc('/gf1')))).toBe('EIO');
    expect(errCode(() => s.afr.lookup(loc('/gf1')))).toBe('EIO');
    expect(errCode(() => status(s, 'gf1'))).toBe('EIO');
    expect(s.afr.readdir(loc('/')).map((e) => e.name)).toContain('gf1');
  });

  it('a copy shorter than the others without any blame is stale: reads come from the bigger one', () => {
    const s = rep2();
    fs.writeFileSync(onBrick(s, 0, 'small1'), 'w\n');
    fs.writeFileSync(onBrick(s, 1, 'small1'), 'wxyz-long\n');
    expect(s.afr.readv(loc('/small1'), 0, 100).toString()).toBe('wxyz-long\n');
    expect(s.afr.stat(loc('/small1')).size).toBe(10);
  });
});
