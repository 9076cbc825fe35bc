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
      if (known !== ROOT_NODE) n.path = path;
      n.nlookup += count;
      return known;
    }
    const id = this.next++;
    this.nodes.set(id, { path, gfid, nlookup: count });
    this.byGfid.set(gfid, id);
    return id;
  }

  /** The kernel dropped `count` lookups of the node. */
  forget(node: number, count: number): void {
    const n = this.nodes.get(node);
    if (!n || node === ROOT_NODE) return;
    n.nlookup -= count;
    if (n.nlookup > 0) return;
    this.nodes.delete(node);
    if (this.byGfid.get(n.gfid) === node) this.byGfid.delete(n.gfid);
  }

  /** A rename moved `from` to `to`: every node at or below it now lives under the new path. */
  moved(from: string, to: string): void {
    for (const n of this.nodes.values()) {
      if (isUnder(n.path, from)) n.path = to + n.path.slice(from.length);
    }
  }

  get size(): number {
    return this.nodes.size;
  }
}
