import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initBrick, BrickInitError } from '../../../src/xlators/posix/brick-init.js';
import { getXattr, setXattr } from '../../../src/xattr/index.js';

const ROOT = '00000000-0000-0000-0000-000000000001';
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-brickinit-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const mode = (p: string) => fs.lstatSync(p).mode & 0o7777;

describe('initBrick', () => {
  it('creates the root gfid and the fixed .glusterfs tree with GlusterFS modes', () => {
    initBrick(dir, 'be8ac7a1-94da-4c5c-8b83-e0da4f68ba62');
    expect(getXattr(dir, 'trusted.gfid').toString('hex')).toBe('00000000000000000000000000000001');
    const g = path.join(dir, '.glusterfs');
    expect(mode(g)).toBe(0o600);
    const top = fs.readdirSync(g).filter((n) => /^[0-9a-f]{2}$/.test(n));
    expect(top).toHaveLength(256);
    expect(mode(path.join(g, 'ab'))).toBe(0o700);
    const h = path.join(g, '00', '00', ROOT);
    expect(fs.readlinkSync(h)).toBe('../../..');
    expect(fs.statSync(h).ino).toBe(fs.statSync(dir).ino);
    for (const [rel, m] of [
      ['indices', 0o600],
      ['indices/xattrop', 0o600],
      ['indices/dirty', 0o600],
      ['indices/entry-changes', 0o600],
      ['changelogs/htime', 0o600],
      ['changelogs/csnap', 0o600],
      ['landfill', 0o755],
      ['unlink', 0o600],
    ] as const) {
      expect([rel, mode(path.join(g, rel))]).toEqual([rel, m]);
    }
    // glusterd writes the volume id, the brick process does not.
    expect(() => getXattr(dir, 'trusted.glusterfs.volume-id')).toThrow(/No data/);
  });

  it('is idempotent', () => {
    initBrick(dir, 'x');
    fs.writeFileSync(path.join(dir, '.glusterfs', 'indices', 'xattrop', 'keep'), '');
    initBrick(dir, 'x');
    expect(fs.existsSync(path.join(dir, '.glusterfs', 'indices', 'xattrop', 'keep'))).toBe(true);
  });

  it('refuses a brick whose root carries another gfid', () => {
    setXattr(dir, 'trusted.gfid', Buffer.alloc(16, 7));
    expect(() => initBrick(dir, 'x')).toThrow(BrickInitError);
    expect(getXattr(dir, 'trusted.gfid').toString('hex')).toBe('07'.repeat(16));
  });

  it('refuses a root handle that points elsewhere', () => {
    fs.mkdirSync(path.join(dir, '.glusterfs', '00', '00'), { recursive: true });
    fs.symlinkSync('/etc', path.join(dir, '.glusterfs', '00', '00', ROOT));
    expect(() => initBrick(dir, 'x')).toThrow(/does not resolve to the brick root/);
  });

  it('refuses a path that is not a directory', () => {
    const f = path.join(dir, 'f');
    fs.writeFileSync(f, '');
    expect(() => initBrick(f, 'x')).toThrow(/not a directory/);
    expect(() => initBrick(path.join(dir, 'missing'), 'x')).toThrow(BrickInitError);
  });
});
