// `fs ls` of symlink operands, as coreutils ls treats them: a link to a directory lists the
// directory, a dangling or looping link is listed as itself (not "No such file or directory").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVolume, makeEnv, type Env } from './fs-helpers.js';

describe('fs ls of symlink operands', () => {
  let e: Env;
  beforeAll(() => {
    e = makeEnv('lssym');
    createVolume(e, 'lssym', 3, 3);
    for (const args of [
      ['mkdir', 'lssym:/d'],
      ['ln', '-s', 'd', 'lssym:/dlink'],
      ['ln', '-s', '/nowhere', 'lssym:/dangling'],
      ['ln', '-s', 'loop', 'lssym:/loop'],
    ]) {
      expect(e.run(['fs', ...args]).code).toBe(0);
    }
    expect(e.run(['fs', 'put', '-', 'lssym:/d/f'], 'x\n').code).toBe(0);
  });
  afterAll(() => e.cleanup());

  it('lists the directory a link leads to', () => {
    expect(e.run(['fs', 'ls', 'lssym:/dlink'])).toMatchObject({ code: 0, stdout: 'f\n', stderr: '' });
  });

  it('lists a dangling link and a looping link as themselves', () => {
    expect(e.run(['fs', 'ls', 'lssym:/dangling'])).toMatchObject({ code: 0, stdout: 'lssym:/dangling\n', stderr: '' });
    expect(e.run(['fs', 'ls', 'lssym:/loop'])).toMatchObject({ code: 0, stdout: 'lssym:/loop\n', stderr: '' });
    const long = e.run(['fs', 'ls', '-l', 'lssym:/dangling']);
    expect(long.code).toBe(0);
    expect(long.stdout).toMatch(/^lrwxrwxrwx 1 \S+ \S+ 8 .* lssym:\/dangling -> \/nowhere\n$/);
  });

  it('still reports a missing name', () => {
    expect(e.run(['fs', 'ls', 'lssym:/nope'])).toMatchObject({ code: 1, stdout: '', stderr: 'tgluster: lssym:/nope: No such file or directory\n' });
  });
});
