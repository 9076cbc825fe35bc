// The kernel's inodes as the FUSE bridge keeps them: one node per gfid, its path the name it was
// last seen under, and what is below a directory following it when it is renamed or seen under
// another of its names (`/.gfid/<gfid>/...`).
import { describe, expect, it } from 'vitest';
import { InodeTable } from '../../../src/mount/inode-table.js';

const G = (n: number) => `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;

describe('InodeTable', () => {
  it('one node per gfid: a hard link seen later names the same node', () => {
    const t = new InodeTable();
    const a = t.remember(G(10), '/a/f');
    expect(t.remember(G(10), '/b/g')).toBe(a);
    expect(t.get(a)?.path).toBe('/b/g');
    expect([t.holds('/a/f'), t.holds('/b/g')]).toEqual([false, true]);
  });

  it('a directory seen under another name takes what is below it along', () => {
    const t = new InodeTable();
    t.remember(G(2), '/d/sub');
    const inner = t.remember(G(3), '/d/sub/inner');
    const file = t.remember(G(4), '/d/sub/inner/f');
    const sibling = t.remember(G(5), '/d/subway');
    t.remember(G(2), '/.gfid/x/sub');
    expect([t.get(inner)?.path, t.get(file)?.path, t.get(sibling)?.path]).toEqual(['/.gfid/x/sub/inner', '/.gfid/x/sub/inner/f', '/d/subway']);
  });

  it('a rename moves the node and its subtree; relocate finds a node by gfid wherever it was seen', () => {
    const t = new InodeTable();
    const dir = t.remember(G(2), '/d');
    const f = t.remember(G(3), '/d/f');
    t.moved('/d', '/e');
    expect([t.get(dir)?.path, t.get(f)?.path]).toEqual(['/e', '/e/f']);
    t.relocate(G(3), '/elsewhere/f2');
    expect(t.get(f)?.path).toBe('/elsewhere/f2');
    expect(t.pathOf(G(3))).toBe('/elsewhere/f2');
    t.relocate(G(99), '/nothing');
    expect(t.pathOf(G(99))).toBeUndefined();
  });

  it('the root never moves', () => {
    const t = new InodeTable();
    t.moved('/', '/x');
    expect(t.get(1)?.path).toBe('/');
  });
});
