// cluster.use-anonymous-inode off (GlusterFS 10.3's entry-self-heal-anon-dir-off.t, the parts
// that do not depend on its split-brain count): no `.glusterfs-anonymous-inode-*` directory is
// made, and the entry heal of a directory renamed while a brick was down removes the sink's old
// name with all it holds and makes the new one afresh, where with the option on the old inode is
// moved (renamed) into place.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { brickTree, gfidOn, makeEnv, type Env } from './fs-helpers.js';

let e: Env;
beforeEach(() => {
  e = makeEnv('anon-off');
});
afterEach(() => e.cleanup());

const ok = (...args: string[]) => {
  const r = e.run(['--mode=script', ...args]);
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return r.stdout;
};

/** A replica 2 volume with the option set before its first start. */
function volume(anon: 'on' | 'off'): string[] {
  const bricks = [0, 1].map((i) => path.join(e.dir, `b${i}`));
  ok('volume', 'create', 'v', 'replica', '2', ...bricks.map((b, i) => `server${i + 1}:${b}`), 'force');
  ok('volume', 'set', 'v', 'cluster.use-anonymous-inode', anon);
  ok('volume', 'start', 'v');
  return bricks;
}

const anonDirs = (b: string) => fs.readdirSync(b).filter((n) => n.includes('anonymous-inode'));

describe('cluster.use-anonymous-inode', () => {
  for (const anon of ['on', 'off'] as const) {
    it(`${anon}: a directory renamed while a brick was down heals ${anon === 'off' ? 'as a new directory, the old name removed with its contents' : 'by moving the old inode'}`, () => {
      const b = volume(anon);
      expect(b.map(anonDirs).map((l) => l.length)).toEqual(anon === 'on' ? [1, 1] : [0, 0]);
      ok('fs', 'mkdir', 'v:/rename-dir');
      ok('fs', 'touch', 'v:/rename-dir/inside');
      // held open, the sink's old inode cannot be reused for another directory
      const held = fs.openSync(path.join(b[1], 'rename-dir'), 'r');
      const gfid = gfidOn(path.join(b[0], 'rename-dir'));
      ok('debug', 'kill-brick', 'v', `server2:${b[1]}`);
      ok('fs', 'mv', 'v:/rename-dir', 'v:/new-name');
      ok('volume', 'start', 'v', 'force');
      ok('volume', 'heal', 'v');
      expect(ok('volume', 'heal', 'v', 'info')).toMatch(/Number of entries: 0\n\nBrick .*\n.*\nNumber of entries: 0\n/);
      expect(brickTree(b[1])).toEqual(brickTree(b[0]));
      expect(brickTree(b[1]).filter((n) => !n.includes('anonymous-inode'))).toEqual(['new-name', 'new-name/inside']);
      expect(gfidOn(path.join(b[1], 'new-name'))).toBe(gfid);
      // the handle of the directory leads to its one name
      expect(fs.readlinkSync(path.join(b[1], '.glusterfs', gfid!.slice(0, 2), gfid!.slice(2, 4), gfid!))).toMatch(/\/new-name$/);
      const after = fs.statSync(path.join(b[1], 'new-name'));
      const old = fs.fstatSync(held);
      fs.closeSync(held);
      expect({ same: after.ino === old.ino, removed: old.nlink === 0 }).toEqual(anon === 'on' ? { same: true, removed: false } : { same: false, removed: true });
      expect(b.map(anonDirs).map((l) => l.length)).toEqual(anon === 'on' ? [1, 1] : [0, 0]);
    });
  }

  it('off: a directory one brick renamed while the other wrote into it keeps those writes (a merge removes nothing)', () => {
    const b = volume('off');
    ok('fs', 'mkdir', 'v:/D');
    ok('debug', 'kill-brick', 'v', `server2:${b[1]}`);
    ok('fs', 'mv', 'v:/D', 'v:/E');
    ok('volume', 'start', 'v', 'force');
    ok('debug', 'kill-brick', 'v', `server1:${b[0]}`);
    ok('fs', 'put', '-', 'v:/D/b');
    ok('fs', 'put', '-', 'v:/X');
    ok('volume', 'start', 'v', 'force');
    e.run(['--mode=script', 'volume', 'heal', 'v']);
    // the root blames both ways (entry split-brain): its heal may only add, so b's only copy stays
    // (the directory is moved to its new name with b in it, never removed)
    expect(brickTree(b[1])).toEqual(['E', 'E/b', 'X']);
    expect(brickTree(b[0])).toEqual(['E', 'E/b', 'X']);
  });

  it('turned on while the volume runs: the first heal that parks an inode makes the directory', () => {
    const b = volume('off');
    ok('volume', 'set', 'v', 'cluster.use-anonymous-inode', 'on');
    ok('fs', 'mkdir', 'v:/d');
    ok('fs', 'mkdir', 'v:/d/sub');
    ok('debug', 'kill-brick', 'v', `server2:${b[1]}`);
    ok('fs', 'rm', '-r', 'v:/d');
    ok('volume', 'start', 'v', 'force');
    // a brick start makes it where it is missing; take it away again (with its handle), as a
    // volume whose bricks never had it would be
    const id = ok('volume', 'info', 'v').match(/Volume ID: (\S+)/)![1];
    const handle = id.replace(/^(.)(.)/, (_, a: string, c: string) => a + (parseInt(c, 16) ^ 1).toString(16));
    for (const x of b) {
      for (const n of anonDirs(x)) fs.rmSync(path.join(x, n), { recursive: true });
      fs.rmSync(path.join(x, '.glusterfs', handle.slice(0, 2), handle.slice(2, 4), handle), { force: true });
    }
    expect(b.map(anonDirs).map((l) => l.length)).toEqual([0, 0]);
    ok('volume', 'heal', 'v');
    expect(ok('volume', 'heal', 'v', 'info')).toMatch(/Number of entries: 0\n\nBrick .*\n.*\nNumber of entries: 0\n/);
    // the deleted directory is gone from the sink's namespace (parked, then cleaned)
    expect(brickTree(b[1]).filter((n) => !n.includes('anonymous-inode'))).toEqual([]);
    expect(anonDirs(b[1])).toHaveLength(1);
  });
});
