// The kernel's view of the volume's inodes: FUSE names each inode by a node id the file system
// hands out in lookup replies and takes back in forgets (the count of lookups the kernel holds).
// Each node keeps the gfid the graph addresses it by and the path it was last seen under; one
// gfid is one node, so hard links share their inode as on GlusterFS's own fuse-bridge.
import { ROOT_GFID, type Gfid } from '../xlators/types.js';
import { isUnder } from '../api/path.js';
import type { Handle } from '../api/handles.js';

export const ROOT_NODE = 1;

interface Node extends Handle {
  nlookup: number;
}

export class InodeTable {
  private readonly nodes = new Map<number, Node>([[ROOT_NODE, { path: '/', gfid: ROOT_GFID, nlookup: 1 }]]);
  private readonly byGfid = new Map<Gfid, number>([[ROOT_GFID, ROOT_NODE]]);
  /** Nodes by the path they were last seen under (a hard link's other names are not here). */
  private readonly byPath = new Map<string, number>([['/', ROOT_NODE]]);
  /** Ids are never reused, so every generation is 0. */
  private next = ROOT_NODE + 1;

  /** The handle of a node the kernel holds; undefined for one it never had or forgot. */
  get(node: number): Handle | undefined {
    return this.nodes.get(node);
  }

  /** Counts one more lookup of `gfid`, seen at `path`; returns its node id. */
  remember(gfid: Gfid, path: string, count = 1): number {
    const known = this.byGfid.get(gfid);
    if (known !== undefined) {
      const n = this.nodes.get(known)!;
      if (known !== ROOT_NODE) this.seenAt(known, n, path);
      n.nlookup += count;
      return known;
    }
    const id = this.next++;
    const n = { path, gfid, nlookup: count };
    this.nodes.set(id, n);
    this.byGfid.set(gfid, id);
    this.seenAt(id, n, path);
    return id;
  }

  /**
   * The node is now known under `path`. What the kernel holds below its old path is below the
   * new one too (a directory has one inode, whichever of its names was looked up last: its own
   * or `/.gfid/<gfid>/...`), so a later rename of either name keeps every path right.
   */
  private seenAt(id: number, n: Node, path: string): void {
    const old = n.path;
    if (old === path) {
      this.byPath.set(path, id);
      return;
    }
    if (this.byPath.get(old) === id) this.byPath.delete(old);
    n.path = path;
    this.byPath.set(path, id);
    if (this.byPath.size > 1) this.rebase(old, path, id);
  }

  /** Every node strictly below `from` (other than `skip`) now lives below `to`. */
  private rebase(from: string, to: string, skip?: number): void {
    if (from === '/') return;
    for (const [id, n] of this.nodes) {
      if (id === ROOT_NODE || id === skip || n.path === from || !isUnder(n.path, from)) continue;
      if (this.byPath.get(n.path) === id) this.byPath.delete(n.path);
      n.path = to + n.path.slice(from.length);
      this.byPath.set(n.path, id);
    }
  }

  /** The inode `gfid`, if the kernel holds it, is now at `path` (a rename, or another of its names). */
  relocate(gfid: Gfid, path: string): void {
    const id = this.byGfid.get(gfid);
    if (id !== undefined && id !== ROOT_NODE) this.seenAt(id, this.nodes.get(id)!, path);
  }

  /** The path the kernel's inode `gfid` was last seen under, if it holds one. */
  pathOf(gfid: Gfid): string | undefined {
    const id = this.byGfid.get(gfid);
    return id === undefined ? undefined : this.nodes.get(id)?.path;
  }

  /** Whether the kernel holds an inode last seen under `path`. */
  holds(path: string): boolean {
    return this.byPath.has(path);
  }

  /** The kernel dropped `count` lookups of the node. */
  forget(node: number, count: number): void {
    const n = this.nodes.get(node);
    if (!n || node === ROOT_NODE) return;
    n.nlookup -= count;
    if (n.nlookup > 0) return;
    this.nodes.delete(node);
    if (this.byGfid.get(n.gfid) === node) this.byGfid.delete(n.gfid);
    if (this.byPath.get(n.path) === node) this.byPath.delete(n.path);
  }

  /** A rename moved `from` to `to`: every node at or below it now lives under the new path. */
  moved(from: string, to: string): void {
    const at = this.byPath.get(from);
    if (at !== undefined && at !== ROOT_NODE) {
      const n = this.nodes.get(at)!;
      this.byPath.delete(from);
      n.path = to;
      this.byPath.set(to, at);
    }
    this.rebase(from, to, at);
  }

  get size(): number {
    return this.nodes.size;
  }
}
