// The byte-range scheme (native addon built): one OFD lock per key on one file per brick.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as locks from '../../../src/xlators/locks/index.js';
import { rangesFile } from '../../../src/xlators/locks/lock-ranges.js';
import { brickLockBase } from '../../../src/xlators/locks/lock-root.js';
import { ask, crossProcessTests, kill9, peer, usePeers } from './peer.js';

delete process.env.TGLUSTER_NATIVE_LOCKS;
const brick = usePeers();

it('is the scheme when the addon is built', () => {
  expect(locks.lockScheme()).toBe('ranges');
});

crossProcessTests(brick, locks);

describe('byte-range locks', () => {
  it('keep all of a brick\'s keys in one file, with nothing made or removed per key', () => {
    for (let i = 0; i < 200; i++) {
      expect(locks.acquire(brick().dir, `key-${i}`)).toBe(true);
      locks.release(brick().dir, `key-${i}`);
    }
    const base = brickLockBase(brick().dir);
    const mine = fs.readdirSync(path.dirname(base)).filter((n) => n.startsWith(path.basename(base)));
    expect(mine).toEqual([path.basename(rangesFile(brick().dir))]);
    // It names its brick (what sweepLocks reads), and keys add nothing to it.
    expect(fs.readFileSync(rangesFile(brick().dir), 'utf8')).toBe(brick().dir);
  });

  it('are re-entrant in a process and free for others once the last reference goes', async () => {
    expect(locks.acquire(brick().dir, 'k')).toBe(true);
    expect(locks.acquire(brick().dir, 'k')).toBe(true);
    expect(locks.heldCount(brick().dir, 'k')).toBe(2);
    const c = await peer([brick().dir, 'raw', 'k']);
    expect(locks.release(brick().dir, 'k')).toBe(true);
    await ask(c, 'try', 'busy');
    expect(locks.release(brick().dir, 'k')).toBe(true);
    expect(locks.release(brick().dir, 'k')).toBe(false);
    await ask(c, 'try', 'locked');
  });

  it('keys that differ only slightly do not exclude each other', async () => {
    const c = await peer([brick().dir, 'raw', 'inode:g:dom-a']);
    await ask(c, 'lock', 'locked');
    expect(locks.acquire(brick().dir, 'inode:g:dom-b', false)).toBe(true);
    expect(locks.acquire(brick().dir, 'inode:g:dom-a', false)).toBe(false);
    locks.release(brick().dir, 'inode:g:dom-b');
    await kill9(c);
    expect(locks.acquire(brick().dir, 'inode:g:dom-a', false)).toBe(true);
    locks.release(brick().dir, 'inode:g:dom-a');
  });
});
