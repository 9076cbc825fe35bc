// AFR create carrying the file's first data (xdata.initialData): on every brick the same state
// as a create followed by a write (docs/on-disk-format.md §6.2), arbiter included, in one transaction.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { afrDump, loc, replicaSet, xd, type ReplicaSet } from './afr-helpers.js';

const sets: ReplicaSet[] = [];
afterEach(() => {
  for (const s of sets.splice(0)) s.cleanup();
});
const make = (...args: Parameters<typeof replicaSet>) => {
  const s = replicaSet(...args);
  sets.push(s);
  return s;
};

const DATA = Buffer.from('first and only bytes\n');

/** xattrs (AFR's) and contents of /f on every brick, after `fill` made it. */
function state(name: string, opts: Parameters<typeof replicaSet>[2], fill: (s: ReplicaSet) => void, down?: number) {
  const s = make(name, 3, opts);
  if (down !== undefined) s.clients[down].setDown(true);
  fill(s);
  return s.brickPaths.map((b) => {
    const p = path.join(b, 'f');
    if (!fs.existsSync(p)) return 'absent';
    // Keys named after the volume read as V's, so that two volumes compare.
    const afr = Object.fromEntries(Object.entries(afrDump(b, 'f')).map(([k, v]) => [k.replace(`.${name}-`, '.V-'), v]));
    return { afr, data: fs.readFileSync(p, 'utf8'), mode: fs.statSync(p).mode & 0o777 };
  });
}

const withData = (s: ReplicaSet) => s.afr.create(loc('/f'), 0o644, { ...xd(), initialData: DATA });
const createThenWrite = (s: ReplicaSet) => {
  s.afr.create(loc('/f'), 0o644, xd());
  s.afr.writev(loc('/f'), 0, DATA, xd());
};

describe('create with initial data', () => {
  it('all bricks up: what create + write leave (dirty at zero, no pending keys)', () => {
    const one = state('cd1', {}, withData);
    expect(one).toEqual(state('cd2', {}, createThenWrite));
    expect(one[0]).toEqual({ afr: { 'trusted.afr.dirty': '000000000000000000000000' }, data: DATA.toString(), mode: 0o644 });
  });

  it('a brick down: the good ones blame it [2,1,0], as 10.3 does for `echo > new1`', () => {
    const one = state('cd3', {}, withData, 2);
    expect(one).toEqual(state('cd4', {}, createThenWrite, 2));
    expect(one[2]).toBe('absent');
    expect(one[0]).toMatchObject({ afr: { 'trusted.afr.V-client-2': '000000020000000100000000' } });
  });

  it('arbiter: the data bricks get the bytes, the arbiter a zero-size file with the same xattrs', () => {
    const s = make('cda', 3, { arbiter: true });
    const iatt = withData(s);
    expect(iatt.size).toBe(DATA.length);
    const [b0, b1, b2] = s.brickPaths;
    for (const b of [b0, b1]) expect(fs.readFileSync(path.join(b, 'f'))).toEqual(DATA);
    expect(fs.statSync(path.join(b2, 'f')).size).toBe(0);
    expect(afrDump(b2, 'f')).toEqual(afrDump(b0, 'f'));
    expect(s.afr.readv(loc('/f'), 0, 100)).toEqual(DATA);
  });
});
