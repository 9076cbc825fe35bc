// ensureDir: mkdir -p that always terminates (Node's recursive mkdirSync spins forever on /proc).
import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDir } from '../../../src/mgmt/atomic.js';

const TGLUSTER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/tgluster');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('ensureDir', () => {
  it('creates every missing level and accepts an existing directory', () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-q1-atomic-'));
    dirs.push(base);
    const deep = path.join(base, 'a', 'b', 'c');
    ensureDir(deep);
    expect(fs.statSync(deep).isDirectory()).toBe(true);
    expect(() => ensureDir(deep)).not.toThrow();
  });

  it('fails with ENOENT where mkdir(2) cannot create the last level although its parent exists', () => {
    expect(() => ensureDir('/proc/tgluster-q1-nope/x')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });

  it('a state dir under /proc gives an error instead of a hung command', () => {
    // Run in a child so a regression (the endless loop) shows as a timeout, not a hung test run.
    const r = spawnSync(TGLUSTER, ['volume', 'create', 'v', 'server1:/tmp/tg-q1-never', 'force'], {
      env: { ...process.env, TGLUSTER_HOME: '/proc/tgluster-q1-nope' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("volume create: failed: ENOENT: no such file or directory, mkdir '/proc/tgluster-q1-nope'\n");
  });
});
