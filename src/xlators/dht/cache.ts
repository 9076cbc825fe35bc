// What one DHT instance remembers between fops, as GlusterFS keeps a directory's layout in its
// inode ctx and the volume commit hash in the client's conf: creates and file fops in a known
// directory then cost no lookup of the directory. Entries are keyed by gfid, so a directory
// another process removed and re-made under the same path (new gfid) is never mistaken for the
// one remembered. Nothing expires by time: a lookup of the directory refreshes it, this
// process's layout-changing fops drop it, and ENOENT/ESTALE from a fop that used it makes the
// caller drop it and resolve afresh (dht.ts).
import type { Gfid } from '../types.js';
import type { DirInfo } from './dir.js';

/** Directories remembered at most (a crawl of a big tree must not grow without bound). */
export const MAX_DIRS = 4096;

export class DhtCache {
  private readonly dirs = new Map<Gfid, DirInfo>();
  private commit: number | undefined;

  constructor(private readonly maxDirs = MAX_DIRS) {}

  /** The remembered directory `gfid`, when it was last seen at `path`. */
  dir(gfid: Gfid | undefined, path: string): DirInfo | undefined {
    if (gfid === undefined) return undefined;
    const d = this.dirs.get(gfid);
    return d && d.path === path ? d : undefined;
  }

  /** Remembers a directory seen whole (every subvolume answered): its layout has no hole to revalidate. */
  rememberDir(d: DirInfo): void {
    if (d.down.length) {
      this.dirs.delete(d.reply.iatt.gfid);
      return;
    }
    const gfid = d.reply.iatt.gfid;
    this.dirs.delete(gfid); // re-inserted last: the Map's order is least recently seen first
    this.dirs.set(gfid, d);
    if (this.dirs.size > this.maxDirs) this.dirs.delete(this.dirs.keys().next().value!);
  }

  get size(): number {
    return this.dirs.size;
  }

  forgetDir(gfid: Gfid | undefined): void {
    if (gfid !== undefined) this.dirs.delete(gfid);
  }

  /** Forgets every directory under (or at) `path` (after a rename or rmdir of it). */
  forgetPath(path: string): void {
    const prefix = path === '/' ? '/' : `${path}/`;
    for (const [g, d] of this.dirs) if (d.path === path || d.path.startsWith(prefix)) this.dirs.delete(g);
  }

  commitHash(read: () => number): number {
    this.commit ??= read();
    return this.commit;
  }

  setCommitHash(h: number): void {
    this.commit = h;
  }

  /** Everything (the volume commit hash or many layouts changed under us). */
  clear(): void {
    this.dirs.clear();
    this.commit = undefined;
  }
}
