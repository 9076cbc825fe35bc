// DhtCache: directories are found only by the gfid AND the path they were seen at, directories
// seen with a subvolume down are not kept, and the number kept is bounded.
import { describe, expect, it } from 'vitest';
import { DhtCache } from '../../../src/xlators/dht/cache.js';
import type { DirInfo } from '../../../src/xlators/dht/dir.js';

const dir = (gfid: string, path: string, down = 0): DirInfo =>
  ({ path, down: Array.from({ length: down }, () => ({})), reply: { iatt: { gfid }, xattrs: {} } }) as unknown as DirInfo;

describe('DhtCache', () => {
  it('answers for the gfid only at the path it was seen at', () => {
    const c = new DhtCache();
    const d = dir('g1', '/a');
    c.rememberDir(d);
    expect(c.dir('g1', '/a')).toBe(d);
    expect(c.dir('g1', '/b')).toBeUndefined();
    expect(c.dir('g2', '/a')).toBeUndefined();
    expect(c.dir(undefined, '/a')).toBeUndefined();
  });

  it('drops a directory seen with a subvolume down, and what lies under a removed or renamed path', () => {
    const c = new DhtCache();
    c.rememberDir(dir('g1', '/a'));
    c.rememberDir(dir('g1', '/a', 1));
    expect(c.dir('g1', '/a')).toBeUndefined();
    for (const [g, p] of [['g2', '/a'], ['g3', '/a/b'], ['g4', '/ab'], ['g5', '/c']]) c.rememberDir(dir(g, p));
    c.forgetPath('/a');
    expect([c.dir('g2', '/a'), c.dir('g3', '/a/b')]).toEqual([undefined, undefined]);
    expect(c.dir('g4', '/ab')?.path).toBe('/ab');
    expect(c.dir('g5', '/c')?.path).toBe('/c');
  });

  it('keeps at most its bound, forgetting the least recently seen', () => {
    const c = new DhtCache(2);
    c.rememberDir(dir('g1', '/1'));
    c.rememberDir(dir('g2', '/2'));
    c.rememberDir(dir('g1', '/1')); // seen again: now the most recent
    c.rememberDir(dir('g3', '/3'));
    expect(c.size).toBe(2);
    expect(c.dir('g2', '/2')).toBeUndefined();
    expect(c.dir('g1', '/1')).toBeDefined();
  });

  it('reads the commit hash once until it is set or cleared', () => {
    const c = new DhtCache();
    let reads = 0;
    const read = () => ++reads * 10;
    expect([c.commitHash(read), c.commitHash(read)]).toEqual([10, 10]);
    c.setCommitHash(7);
    expect(c.commitHash(read)).toBe(7);
    c.clear();
    expect(c.commitHash(read)).toBe(20);
  });
});
