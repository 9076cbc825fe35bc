// A DHT linkto file is created with its linkto xattr in one create, and a brick names it only
// once it has it: kill -9 during that create leaves no linkto-moded file without a target.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getXattrOpt } from '../../src/xattr/index.js';
import { createVolume, makeEnv, type Env } from './fs-helpers.js';

const V = 'lkcrash';
const LINKTO = 'trusted.glusterfs.dht.linkto';

describe('linkto creation killed -9 (distribute over 2 bricks)', () => {
  let e: Env;
  let bricks: string[];
  beforeAll(() => {
    e = makeEnv('lkcrash');
    bricks = createVolume(e, V, 2);
  });
  afterAll(() => e.cleanup());

  const ok = (args: string[], input?: string) => {
    const r = e.run(['fs', ...args], input);
    expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 0, stderr: '' });
    return r.stdout;
  };
  const brickOf = (name: string) => bricks.findIndex((b) => fs.existsSync(path.join(b, name)));

  /** Two names that hash to different bricks. */
  function namesOnBothBricks(): [string, string] {
    const seen: string[][] = [[], []];
    for (let i = 0; seen[0].length === 0 || seen[1].length === 0; i++) {
      const n = `n${i}`;
      ok(['put', '-', `${V}:/${n}`], 'x');
      seen[brickOf(n)].push(n);
      ok(['rm', `${V}:/${n}`]);
    }
    return [seen[0][0], seen[1][0]];
  }

  it.each(['posix.after-gfid', 'posix.after-publish'])('at %s: a linkto is there whole or not at all, and the data stays readable', (point) => {
    const [src, dst] = namesOnBothBricks();
    ok(['put', '-', `${V}:/${src}`], 'the data\n');
    // mv to a name hashed to the other brick: the linkto goes there, the data stays.
    const r = e.run(['fs', 'mv', `${V}:/${src}`, `${V}:/${dst}`], undefined, { TGLUSTER_CRASH_AT: point });
    expect(r.code).toBe(137);
    const at = path.join(bricks[1], dst);
    if (fs.existsSync(at)) {
      expect(fs.lstatSync(at).mode & 0o7777).toBe(0o1000);
      expect(getXattrOpt(at, LINKTO)?.toString()).toBe(`${V}-client-0\0`);
    }
    expect(fs.readdirSync(path.join(bricks[1], '.glusterfs', 'unlink'))).toEqual([]);
    expect(ok(['cat', `${V}:/${src}`])).toBe('the data\n');
    // The rename can be made again and completes.
    ok(['mv', `${V}:/${src}`, `${V}:/${dst}`]);
    expect(ok(['cat', `${V}:/${dst}`])).toBe('the data\n');
    ok(['rm', `${V}:/${dst}`]);
  });
});
