// A path whose last component is "." or ".." names a directory by a lexical form that, normalised,
// is another one (a/b/.. is a). No verb and no api call may act on the normalised target instead:
// each refuses as coreutils and Linux do (rm's POSIX refusal, rmdir EINVAL/ENOTEMPTY, unlink EISDIR,
// rename EBUSY, mkdir EEXIST), and nothing on the bricks changes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createVolume, makeEnv, type Env } from './fs-helpers.js';
import { openVolume } from '../../src/api/index.js';

let e: Env;
let bricks: string[];
const V = 'dots';

/** Every name on brick 0 (outside .glusterfs), sorted: what must not change. */
const tree = (): string[] => {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const n of fs.readdirSync(path.join(bricks[0], rel))) {
      if (rel === '' && n.startsWith('.glusterfs')) continue;
      const r = rel ? `${rel}/${n}` : n;
      out.push(r);
      if (fs.lstatSync(path.join(bricks[0], r)).isDirectory()) walk(r);
    }
  };
  walk('');
  return out.sort();
};

beforeAll(() => {
  e = makeEnv('dots');
  bricks = createVolume(e, V, 3, 3);
});
afterAll(() => e.cleanup());
beforeEach(() => {
  e.run(['fs', 'rm', '-rf', `${V}:/keep`, `${V}:/dst`]);
  for (const d of ['/keep', '/keep/sub', '/dst']) expect(e.run(['fs', 'mkdir', `${V}:${d}`]).code).toBe(0);
  expect(e.run(['fs', 'put', '-', `${V}:/keep/f`], 'data').code).toBe(0);
  expect(e.run(['fs', 'put', '-', `${V}:/keep/sub/g`], 'more').code).toBe(0);
});

describe('fs verbs refuse a final "." or ".." as coreutils does', () => {
  const cases: Array<[string[], string]> = [
    [['rm', '-r', `${V}:/keep/sub/..`], `tgluster: refusing to remove '.' or '..' directory: skipping '${V}:/keep/sub/..'\n`],
    [['rm', '-r', `${V}:/keep/sub/.`], `tgluster: refusing to remove '.' or '..' directory: skipping '${V}:/keep/sub/.'\n`],
    [['rm', '-rf', `${V}:/keep/sub/../`], `tgluster: refusing to remove '.' or '..' directory: skipping '${V}:/keep/sub/../'\n`],
    [['rm', `${V}:/keep/.`], `tgluster: ${V}:/keep/.: Is a directory\n`],
    [['rm', '-r', `${V}:/`], `tgluster: it is dangerous to operate recursively on '${V}:/'\ntgluster: use --no-preserve-root to override this failsafe\n`],
    [['mv', `${V}:/keep/.`, `${V}:/dst`], `tgluster: ${V}:/dst: Device or resource busy\n`],
    [['mv', `${V}:/keep/sub/..`, `${V}:/moved`], `tgluster: ${V}:/moved: Device or resource busy\n`],
    [['mkdir', `${V}:/keep/.`], `tgluster: ${V}:/keep/.: File exists\n`],
    [['mkdir', `${V}:/keep/sub/..`], `tgluster: ${V}:/keep/sub/..: File exists\n`],
  ];
  for (const [args, stderr] of cases) {
    it(`${args.join(' ')}: refused, nothing changes`, () => {
      const before = tree();
      const r = e.run(['fs', ...args]);
      expect([r.code, r.stderr]).toEqual([1, stderr]);
      expect(tree()).toEqual(before);
    });
  }

  it('cp -r of a/b/.. copies a into the destination directory, not into its parent', () => {
    const r = e.run(['fs', 'cp', '-r', `${V}:/keep/sub/..`, `${V}:/dst`]);
    expect(r.code).toBe(0);
    expect(tree().filter((n) => n.startsWith('dst'))).toEqual(['dst', 'dst/f', 'dst/sub', 'dst/sub/g']);
    expect(tree().filter((n) => !n.includes('/'))).toEqual(['dst', 'keep']);
  });
});

describe('api: entry fops on a final "." or ".." fail with the errno Linux gives', () => {
  it('rmdir EINVAL/ENOTEMPTY, unlink EISDIR, rename EBUSY, mkdir/create/symlink/link EEXIST', async () => {
    const c = await openVolume(V, { home: e.home });
    const code = async (p: Promise<unknown>) => p.then(() => 'ok', (x: { code?: string }) => x.code);
    const before = tree();
    expect(await code(c.rmdir('/keep/sub/.'))).toBe('EINVAL');
    expect(await code(c.rmdir('/keep/sub/..'))).toBe('ENOTEMPTY');
    expect(await code(c.unlink('/keep/.'))).toBe('EISDIR');
    expect(await code(c.unlink('/keep/sub/..'))).toBe('EISDIR');
    expect(await code(c.rename('/keep/.', '/z'))).toBe('EBUSY');
    expect(await code(c.rename('/keep/f', '/keep/sub/..'))).toBe('EBUSY');
    expect(await code(c.mkdir('/keep/..'))).toBe('EEXIST');
    expect(await code(c.create('/keep/sub/.'))).toBe('EEXIST');
    expect(await code(c.symlink('x', '/keep/.'))).toBe('EEXIST');
    expect(await code(c.link('/keep/f', '/keep/sub/..'))).toBe('EEXIST');
    expect(tree()).toEqual(before);
  });
});
