// fs mkfifo and fs fallocate: a named pipe on every replica, listed as `p` by ls -l; util-linux
// fallocate's size rules (-n keeps the size), bad lengths refused.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVolume, makeEnv, type Env } from './fs-helpers.js';

let e: Env;
let bricks: string[];
beforeAll(() => {
  e = makeEnv('special');
  bricks = createVolume(e, 'sp3', 3, 3);
});
afterAll(() => e.cleanup());

describe('fs mkfifo / fallocate', () => {
  it('mkfifo makes a fifo with the mode asked on every brick', () => {
    expect(e.run(['fs', 'mkfifo', '-m', '0640', 'sp3:/pipe']).code).toBe(0);
    for (const b of bricks) {
      const st = fs.lstatSync(path.join(b, 'pipe'));
      expect([st.isFIFO(), st.mode & 0o7777]).toEqual([true, 0o640]);
    }
    expect(e.run(['fs', 'ls', '-l', 'sp3:/pipe']).stdout).toMatch(/^prw-r----- 1 /);
    const again = e.run(['fs', 'mkfifo', 'sp3:/pipe']);
    expect([again.code, again.stderr]).toEqual([1, 'tgluster: sp3:/pipe: File exists\n']);
  });

  it('fallocate grows a file on every brick; -n keeps the size; a zero length is refused', () => {
    expect(e.run(['fs', 'put', '-', 'sp3:/f'], 'hello').code).toBe(0);
    expect(e.run(['fs', 'fallocate', '-n', '-l', '64K', 'sp3:/f']).code).toBe(0);
    expect(bricks.map((b) => fs.statSync(path.join(b, 'f')).size)).toEqual([5, 5, 5]);
    expect(e.run(['fs', 'fallocate', '-l', '8K', 'sp3:/f']).code).toBe(0);
    expect(bricks.map((b) => fs.statSync(path.join(b, 'f')).size)).toEqual([8192, 8192, 8192]);
    expect(e.run(['fs', 'cat', 'sp3:/f']).out.subarray(0, 5).toString()).toBe('hello');
    const bad = e.run(['fs', 'fallocate', '-l', '0', 'sp3:/f']);
    expect([bad.code, bad.stderr]).toEqual([1, 'tgluster: fallocate: invalid length value specified\n']);
  });
});
