// AFR's record locks (afr_lk): every child in turn, a conflict undoes what was taken, and with
// client quorum set too few locked children undo and fail; without quorum one child is enough.
import { describe, expect, it } from 'vitest';
import { Afr } from '../../../src/xlators/afr/afr.js';
import type { Flock, Loc } from '../../../src/xlators/types.js';
import { code, FakeBrick } from './fake-brick.js';

const F: Loc = { path: '/f', name: 'f' };
const WRITE: Flock = { type: 'write', start: 0, len: 0, pid: 1 };
const READ: Flock = { type: 'read', start: 0, len: 0, pid: 1 };

function setup(n: number, options: Record<string, string> = {}) {
  const bricks = Array.from({ length: n }, (_, i) => new FakeBrick(`v-client-${i}`));
  for (const b of bricks) b.create(F, 0o644);
  const afr = new Afr('v-replicate-0', bricks, { options });
  return { bricks, afr };
}
const holders = (b: FakeBrick) => Object.fromEntries(b.held.get('/f') ?? []);

describe('AFR lk', () => {
  it('takes the lock on every child; another owner conflicts (EAGAIN) and takes nothing', () => {
    const { bricks, afr } = setup(3);
    expect(afr.lk(F, 'set', WRITE, 'a')).toEqual(WRITE);
    expect(bricks.map(holders)).toEqual([{ a: 'write' }, { a: 'write' }, { a: 'write' }]);
    expect(code(() => afr.lk(F, 'set', READ, 'b'))).toBe('EAGAIN');
    expect(bricks.map(holders)).toEqual([{ a: 'write' }, { a: 'write' }, { a: 'write' }]);
    expect(afr.lk(F, 'get', READ, 'b')).toMatchObject({ type: 'write' });
    afr.lk(F, 'set', { ...WRITE, type: 'unlock' }, 'a');
    expect(afr.lk(F, 'get', READ, 'b')).toMatchObject({ type: 'unlock' });
    expect(afr.lk(F, 'set', READ, 'b')).toEqual(READ);
  });

  it('a conflict on a later child undoes the locks taken on the earlier ones', () => {
    const { bricks, afr } = setup(3);
    bricks[2].held.set('/f', new Map([['x', 'write']]));
    expect(code(() => afr.lk(F, 'set', WRITE, 'a'))).toBe('EAGAIN');
    expect(bricks.map(holders)).toEqual([{}, {}, { x: 'write' }]);
  });

  it('replica 3 (quorum auto): two children locked are enough, one is not and is undone (ENOTCONN)', () => {
    const { bricks, afr } = setup(3);
    bricks[0].down = true;
    expect(afr.lk(F, 'set', WRITE, 'a')).toEqual(WRITE);
    afr.lk(F, 'set', { ...WRITE, type: 'unlock' }, 'a');
    bricks[1].down = true;
    expect(code(() => afr.lk(F, 'set', WRITE, 'a'))).toBe('ENOTCONN');
    expect(holders(bricks[2])).toEqual({});
  });

  it('replica 2 without quorum: one child is enough; none fails with ENOTCONN', () => {
    const { bricks, afr } = setup(2);
    bricks[0].down = true;
    expect(afr.lk(F, 'set', WRITE, 'a')).toEqual(WRITE);
    expect(holders(bricks[1])).toEqual({ a: 'write' });
    bricks[1].down = true;
    expect(code(() => afr.lk(F, 'set', WRITE, 'b'))).toBe('ENOTCONN');
  });

  it('quorum fixed 2 on replica 2: a child down fails the lock and undoes it on the other', () => {
    const { bricks, afr } = setup(2, { 'quorum-type': 'fixed', 'quorum-count': '2' });
    bricks[1].down = true;
    expect(code(() => afr.lk(F, 'set', WRITE, 'a'))).toBe('ENOTCONN');
    expect(holders(bricks[0])).toEqual({});
    expect(bricks[0].calls.filter((c) => c.startsWith('lk'))).toEqual(['lk set write /f a', 'lk set unlock /f a']);
  });
});
