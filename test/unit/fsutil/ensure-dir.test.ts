// ensureDir's mode argument (termination under /proc is covered by test/unit/mgmt/atomic.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureDir } from '../../../src/fsutil/ensure-dir.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const mode = (p: string) => fs.statSync(p).mode & 0o7777;

describe('ensureDir(dir, mode)', () => {
  it('gives every level it creates the mode, and leaves an existing level as it was', () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-q2-ensure-'));
    dirs.push(base);
    fs.mkdirSync(path.join(base, 'old'), 0o755);
    ensureDir(path.join(base, 'old', 'a', 'b'), 0o700);
    expect([mode(path.join(base, 'old')), mode(path.join(base, 'old', 'a')), mode(path.join(base, 'old', 'a', 'b'))]).toEqual([
      0o755, 0o700, 0o700,
    ]);
  });

  it('fails with ENOTDIR when a level is a file', () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-q2-ensure-'));
    dirs.push(base);
    fs.writeFileSync(path.join(base, 'f'), '');
    expect(() => ensureDir(path.join(base, 'f', 'x'), 0o700)).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });
});
