// Path walking over the graph, the way the kernel walks a FUSE mount: one named lookup per
// component, in-volume symlinks followed for non-final components (and for the final one when
// asked), bounded by ELOOP. Directories and symlinks met on the way are remembered for the
// life of the client, so a burst of fops in one directory pays for the walk once.
import { randomUUID } from 'node:crypto';
import { FopError } from '../libglusterfs/errors.js';
import { ROOT_GFID, type FileType, type Gfid, type Iatt, type Loc, type Xlator } from '../xlators/types.js';
import { joinPath, normalizePath, splitPath, isUnder } from './path.js';

/** Linux's MAXSYMLINKS. */
const MAX_SYMLINKS = 40;

/** A resolved inode: the loc to address it with and its attributes. */
export interface Resolved {
  path: string;
  loc: Loc;
  iatt: Iatt;
}

/** Where a new or removed name lives: its parent directory and its basename. */
export interface EntryTarget {
  dir: { path: string; gfid: Gfid };
  name: string;
  path: string;
  loc: Loc;
}

/** What an entry is wanted for: the errno of a final "." or ".." depends on it (namei.c). */
export type EntryOp = 'create' | 'unlink' | 'rmdir' | 'rename';

const DOT_ERRNO: Record<EntryOp, { '.': string; '..': string }> = {
  create: { '.': 'EEXIST', '..': 'EEXIST' },
  unlink: { '.': 'EISDIR', '..': 'EISDIR' },
  rmdir: { '.': 'EINVAL', '..': 'ENOTEMPTY' },
  rename: { '.': 'EBUSY', '..': 'EBUSY' },
};

interface Dentry {
  gfid: Gfid;
  type: FileType;
  target?: string;
}

export class Resolver {
  private readonly dentries = new Map<string, Dentry>();

  constructor(private readonly top: Xlator) {}

  /**
   * Fresh lookup of one name in a directory, with a gfid-req as a FUSE client's lookup carries:
   * a name made behind GlusterFS's back (no gfid on any copy) gets that one gfid everywhere.
   */
  private lookupChild(dir: { path: string; gfid: Gfid }, name: string): Resolved {
    const path = joinPath(dir.path, name);
    const loc: Loc = { path, parent: dir.gfid, name };
    const { iatt } = this.top.lookup(loc, { gfidReq: randomUUID() });
    return { path, loc: { ...loc, gfid: iatt.gfid }, iatt };
  }

  /** The component as a cached dentry when known, else looked up (and cached if dir/symlink). */
  private step(dir: { path: string; gfid: Gfid }, name: string): Dentry & { path: string } {
    const path = joinPath(dir.path, name);
    const hit = this.dentries.get(path);
    if (hit) return { ...hit, path };
    const r = this.lookupChild(dir, name);
    const d: Dentry = { gfid: r.iatt.gfid, type: r.iatt.type };
    if (d.type === 'symlink') d.target = this.top.readlink(r.loc);
    if (d.type === 'dir' || d.type === 'symlink') this.dentries.set(path, d);
    return { ...d, path };
  }

  /**
   * Walks `components` from `start`, following symlinks in non-final positions. Returns the
   * directory that holds the final component and the final component itself (unresolved).
   * Symlink targets are resolved inside the volume: an absolute target starts at the volume
   * root and ".." never climbs above it (chroot semantics: nothing outside is reachable).
   */
  private walkToLast(components: string[], budget: { links: number }): { dir: { path: string; gfid: Gfid }; last?: string } {
    const stack: Array<{ path: string; gfid: Gfid }> = [{ path: '/', gfid: ROOT_GFID }];
    const todo = components.slice();
    for (;;) {
      // Skip "." and climb ".." before deciding whether the next name is the last one.
      while (todo.length && (todo[0] === '.' || todo[0] === '..')) {
        if (todo.shift() === '..' && stack.length > 1) stack.pop();
      }
      if (todo.length === 0) return { dir: stack[stack.length - 1] };
      if (todo.length === 1) return { dir: stack[stack.length - 1], last: todo[0] };
      const name = todo.shift()!;
      const cur = stack[stack.length - 1];
      const d = this.step(cur, name);
      if (d.type === 'dir') {
        stack.push({ path: d.path, gfid: d.gfid });
      } else if (d.type === 'symlink') {
        if (++budget.links > MAX_SYMLINKS) throw new FopError('ELOOP', d.path);
        const target = splitPath(d.target ?? '');
        if (d.target!.startsWith('/')) stack.length = 1;
        todo.unshift(...target);
      } else {
        throw new FopError('ENOTDIR', d.path);
      }
    }
  }

  /**
   * Runs a walk; if it fails in a way a stale cached dentry could explain (another process
   * renamed or removed a directory we remember), forgets everything and walks once more.
   */
  private fresh<T>(walk: () => T): T {
    try {
      return walk();
    } catch (e) {
      const stale = e instanceof FopError && ['ENOENT', 'ESTALE', 'ENOTDIR', 'ELOOP'].includes(e.code);
      if (!stale || this.dentries.size === 0) throw e;
      this.dentries.clear();
      return walk();
    }
  }

  /** Resolves an existing path; `follow` decides whether a final symlink is followed. */
  resolve(p: string, follow: boolean): Resolved {
    return this.fresh(() => this.resolveOnce(p, follow));
  }

  private resolveOnce(p: string, follow: boolean): Resolved {
    const budget = { links: 0 };
    let components = splitPath(normalizePath(p));
    for (;;) {
      const { dir, last } = this.walkToLast(components, budget);
      if (last === undefined) {
        const loc: Loc = { path: dir.path, gfid: dir.gfid };
        return { path: dir.path, loc, iatt: this.top.lookup(loc).iatt };
      }
      const r = this.lookupChild(dir, last);
      if (!follow || r.iatt.type !== 'symlink') return r;
      if (++budget.links > MAX_SYMLINKS) throw new FopError('ELOOP', r.path);
      const target = this.top.readlink(r.loc);
      // Continue from the link's directory (or the root for an absolute target).
      const base = target.startsWith('/') ? [] : splitPath(dir.path);
      components = [...base, ...splitPath(target || '.')];
    }
  }

  /**
   * The parent directory of a name that is about to be created, removed or renamed (the
   * final component is never followed). "/" and names ending in "." or ".." are refused with
   * the errno Linux gives `op` for them: never normalised into another name first (rmdir of
   * "a/b/.." must not remove "a").
   */
  entry(p: string, op: EntryOp = 'create'): EntryTarget {
    const last = splitPath(p).at(-1);
    if (last === '.' || last === '..') throw new FopError(DOT_ERRNO[op][last], p);
    return this.fresh(() => this.entryOnce(p));
  }

  private entryOnce(p: string): EntryTarget {
    const norm = normalizePath(p);
    if (norm === '/') throw new FopError('EBUSY', p);
    const { dir, last } = this.walkToLast(splitPath(norm), { links: 0 });
    if (last === undefined) throw new FopError('EINVAL', p);
    const path = joinPath(dir.path, last);
    return { dir, name: last, path, loc: { path, parent: dir.gfid, name: last } };
  }

  /** Forget cached dentries at or below `p` (after rename, rmdir, unlink of a symlink). */
  invalidate(p: string): void {
    for (const key of this.dentries.keys()) if (isUnder(key, p)) this.dentries.delete(key);
  }
}
