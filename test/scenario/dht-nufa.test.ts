// cluster.nufa on a distribute volume (checked against GlusterFS 10.3 by test/oracle/nufa.test.ts):
// new files and fifos go to the local subvolume (every brick is this machine's: the first), with
// a linkto file where the name hashes; files read back through the hashed name; directories and
// lookups are DHT's.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createVolume, makeEnv, type Env } from './fs-helpers.js';

let e: Env;
beforeEach(() => {
  e = makeEnv('nufa');
});
afterEach(() => e.cleanup());

const ok = (...args: string[]) => {
  const r = e.run(args);
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return r.stdout;
};

/** What a brick holds under a name: data, fifo, linkto or nothing. */
function kind(brick: string, name: string): string {
  const st = fs.lstatSync(path.join(brick, name), { throwIfNoEntry: false });
  if (!st) return '-';
  if (st.isFIFO()) return 'fifo';
  return (st.mode & 0o7777) === 0o1000 && st.size === 0 ? 'linkto' : 'data';
}

describe('cluster.nufa', () => {
  it('places new files and fifos on the local subvolume, linked from where they hash', () => {
    const b = createVolume(e, 'nv', 3);
    ok('--mode=script', 'volume', 'stop', 'nv');
    ok('volume', 'set', 'nv', 'cluster.nufa', 'on');
    ok('volume', 'start', 'nv');
    const names = Array.from({ length: 12 }, (_, i) => `f${i}`);
    for (const n of names) ok('fs', 'put', '-', `nv:/${n}`);
    ok('fs', 'mkfifo', 'nv:/p0', 'nv:/p1', 'nv:/p2', 'nv:/p3');
    let linked = 0;
    for (const n of [...names, 'p0', 'p1', 'p2', 'p3']) {
      const kinds = b.map((x) => kind(x, n));
      expect(kinds[0]).toBe(n.startsWith('p') ? 'fifo' : 'data');
      // at most one other brick, holding a linkto: where the name hashes when that is not brick 0
      expect(kinds.slice(1).filter((k) => k !== '-').every((k) => k === 'linkto')).toBe(true);
      linked += kinds.slice(1).filter((k) => k === 'linkto').length;
    }
    expect(linked).toBeGreaterThan(0);
    expect(ok('fs', 'ls', 'nv:/').split('\n').filter(Boolean).sort()).toEqual([...names, 'p0', 'p1', 'p2', 'p3'].sort());
  });
});
