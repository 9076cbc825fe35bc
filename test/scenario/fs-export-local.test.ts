// `fs export` to a local directory it cannot make: coreutils-style error naming the local path,
// exit 1, and never Node's endless recursive mkdir (under /proc mkdir(2) says ENOENT although
// the parent exists).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createVolume, MAIN, makeEnv, type Env } from './fs-helpers.js';

describe('fs export to an impossible local directory', () => {
  let e: Env;
  beforeAll(() => {
    e = makeEnv('q2exp');
    createVolume(e, 'q2exp', 1);
    expect(e.run(['fs', 'mkdir', 'q2exp:/d']).code).toBe(0);
    expect(e.run(['fs', 'put', '-', 'q2exp:/d/f'], 'hello\n').code).toBe(0);
  });
  afterAll(() => e.cleanup());

  /** In a child with a timeout: a regression to the endless loop fails instead of hanging. */
  const exportTo = (local: string) => {
    const r = spawnSync(process.execPath, [MAIN, 'fs', 'export', 'q2exp:/d', local], {
      env: { ...process.env, TGLUSTER_HOME: e.home, NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    return { signal: r.signal, code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('under /proc: No such file or directory, against the local path', () => {
    expect(exportTo('/proc/tgluster-q2-x/y')).toEqual({
      signal: null,
      code: 1,
      stdout: '',
      stderr: 'tgluster: /proc/tgluster-q2-x/y: No such file or directory\n',
    });
  });

  it('under /sys: the error names the local path, not VOL:/d', () => {
    const r = exportTo('/sys/tgluster-q2-x');
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^tgluster: \/sys\/tgluster-q2-x: (Operation not permitted|Read-only file system|Permission denied)\n$/);
  });

  it('onto a file: Not a directory, against the local path', () => {
    const f = path.join(e.dir, 'plain');
    fs.writeFileSync(f, 'x');
    expect(exportTo(f)).toEqual({ signal: null, code: 1, stdout: '', stderr: `tgluster: ${f}: Not a directory\n` });
    expect(fs.readFileSync(f, 'utf8')).toBe('x');
  });

  it('into a missing nested directory: made, and the tree exported', () => {
    const out = path.join(e.dir, 'out', 'deep');
    expect(exportTo(out)).toEqual({ signal: null, code: 0, stdout: '', stderr: '' });
    expect(fs.readFileSync(path.join(out, 'f'), 'utf8')).toBe('hello\n');
  });
});
