// The index translator of a brick (docs/on-disk-format.md §2.4): .glusterfs/indices/{xattrop,dirty} hold a
// hard link <gfid> to a base file "<kind>-<uuid>" while the inode has a non-zero watched AFR
// counter; indices/entry-changes/<parent gfid>/<name> links record granular entry changes.
// Base files are shared by all tgluster processes: an existing one is reused (the lowest name),
// stale ones with no links left are deleted, and a new one is made when none exists or the
// current one reaches the file system's link limit (EMLINK).
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Gfid } from '../types.js';
import { ensureDir } from '../../fsutil/ensure-dir.js';
import { privateDirMode } from './dir-mode.js';

import type { IndexKind } from '../../libglusterfs/index-gfids.js';

export type { IndexKind };

export const DIRTY_KEY = 'trusted.afr.dirty';

const codeOf = (e: unknown) => (e as NodeJS.ErrnoException).code;

/** A counter value with any non-zero byte. */
export const isNonZero = (b: Buffer) => b.some((x) => x !== 0);

/** unlink(2) of an index entry that may not be there (one syscall, unlike rmSync's walk). */
function unlinkOpt(p: string): void {
  try {
    fs.unlinkSync(p);
  } catch (e) {
    if (codeOf(e) !== 'ENOENT') throw e;
  }
}

/** unlinkOpt for an entry that is usually absent: a non-throwing lstat first. */
function unlinkIfThere(p: string): void {
  if (fs.lstatSync(p, { throwIfNoEntry: false })) unlinkOpt(p);
}

export class BrickIndex {
  private readonly base = new Map<IndexKind, string>();
  private readonly pendingPrefix: string;

  constructor(
    private readonly brick: string,
    volname?: string,
  ) {
    this.pendingPrefix = volname ? `trusted.afr.${volname}-` : 'trusted.afr.';
  }

  dir(kind: IndexKind): string {
    return path.join(this.brick, '.glusterfs', 'indices', kind);
  }

  /** True for keys whose non-zero value puts the inode in indices/xattrop. */
  isPendingKey(key: string): boolean {
    return key.startsWith(this.pendingPrefix) && key !== DIRTY_KEY;
  }

  /** True for the keys `update` looks at. */
  watches(key: string): boolean {
    return key === DIRTY_KEY || this.isPendingKey(key);
  }

  /**
   * Brings the xattrop and dirty index entries of gfid in line with its watched xattrs (all of
   * those it has). An inode with no pending key at all has no xattrop entry to keep, and its
   * index is left alone: at worst a stale entry from a crash stays, which the heal crawl drops,
   * as GlusterFS's index translator does with the state it caches per inode.
   */
  update(gfid: Gfid, xattrs: Record<string, Buffer>): void {
    let hasPending = false;
    let pending = false;
    for (const [k, v] of Object.entries(xattrs)) {
      if (!this.isPendingKey(k)) continue;
      hasPending = true;
      if (isNonZero(v)) pending = true;
    }
    const dirty = xattrs[DIRTY_KEY];
    if (hasPending) this.set('xattrop', gfid, pending);
    if (dirty !== undefined) this.set('dirty', gfid, isNonZero(dirty));
  }

  set(kind: 'xattrop' | 'dirty', gfid: Gfid, present: boolean): void {
    const p = path.join(this.dir(kind), gfid);
    if (present) this.linkBase(kind, p);
    // Most inodes have no pending entry: probe before unlinking (an ENOENT costs an exception).
    else if (kind === 'xattrop') unlinkIfThere(p);
    else unlinkOpt(p);
  }

  has(kind: 'xattrop' | 'dirty', gfid: Gfid): boolean {
    return fs.existsSync(path.join(this.dir(kind), gfid));
  }

  addEntry(parent: Gfid, name: string): void {
    const d = path.join(this.dir('entry-changes'), parent);
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        fs.mkdirSync(d, { mode: privateDirMode() });
      } catch (e) {
        if (codeOf(e) !== 'EEXIST') throw e;
      }
      try {
        this.linkBase('entry-changes', path.join(d, name));
        return;
      } catch (e) {
        // Another process removed the (then empty) directory between our mkdir and link.
        if (codeOf(e) !== 'ENOENT') throw e;
      }
    }
  }

  removeEntry(parent: Gfid, name: string): void {
    const d = path.join(this.dir('entry-changes'), parent);
    unlinkOpt(path.join(d, name));
    try {
      fs.rmdirSync(d);
    } catch {
      /* still has names, or already gone */
    }
  }

  /**
   * The names an index holds: gfids for xattrop and dirty, parent gfids for entry-changes, or the
   * entry names recorded under one parent (`parent`). Base files are not entries.
   */
  list(kind: IndexKind, parent?: Gfid): string[] {
    const d = parent === undefined ? this.dir(kind) : path.join(this.dir(kind), parent);
    let names: string[];
    try {
      names = fs.readdirSync(d);
    } catch (e) {
      if (codeOf(e) === 'ENOENT' || codeOf(e) === 'ENOTDIR') return [];
      throw e;
    }
    return parent === undefined ? names.filter((n) => !n.startsWith(`${kind}-`)) : names;
  }

  /** Purges one entry (a gfid, or `<parent>/<name>` of entry-changes) that heal found stale. */
  purge(kind: IndexKind, entry: string): void {
    if (kind !== 'entry-changes') return unlinkOpt(path.join(this.dir(kind), entry));
    const [parent, name] = entry.split('/');
    if (name === undefined) fs.rmSync(path.join(this.dir(kind), parent), { recursive: true, force: true });
    else this.removeEntry(parent, name);
  }

  /** Drops every index entry of an inode that no longer exists. */
  forget(gfid: Gfid): void {
    unlinkOpt(path.join(this.dir('xattrop'), gfid));
    unlinkOpt(path.join(this.dir('dirty'), gfid));
    fs.rmSync(path.join(this.dir('entry-changes'), gfid), { recursive: true, force: true });
  }

  /** Hard-links the current base file of `kind` at `target` (existing target: nothing to do). */
  private linkBase(kind: IndexKind, target: string): void {
    for (let attempt = 0; attempt < 5; attempt++) {
      const base = this.currentBase(kind);
      try {
        fs.linkSync(base, target);
        return;
      } catch (e) {
        const code = codeOf(e);
        if (code === 'EEXIST') return;
        if (code === 'EMLINK') this.base.set(kind, this.createBase(kind));
        else if (code === 'ENOENT' && !fs.existsSync(base)) this.base.delete(kind);
        else throw e;
      }
    }
    throw new Error(`cannot link index entry ${target}`);
  }

  private currentBase(kind: IndexKind): string {
    const cur = this.base.get(kind);
    if (cur) return cur;
    const d = this.dir(kind);
    ensureDir(d, privateDirMode());
    const prefix = `${kind}-`;
    const bases = fs
      .readdirSync(d)
      .filter((n) => n.startsWith(prefix))
      .sort();
    let chosen: string | undefined;
    for (const n of bases) {
      const p = path.join(d, n);
      if (chosen === undefined) {
        chosen = p;
        continue;
      }
      // A base file of an earlier incarnation that no index entry uses any more.
      try {
        if (fs.lstatSync(p).nlink === 1) fs.rmSync(p, { force: true });
      } catch {
        /* gone already */
      }
    }
    chosen ??= this.createBase(kind);
    this.base.set(kind, chosen);
    return chosen;
  }

  private createBase(kind: IndexKind): string {
    const p = path.join(this.dir(kind), `${kind}-${randomUUID()}`);
    const fd = fs.openSync(p, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_RDONLY, 0);
    try {
      fs.fchmodSync(fd, 0);
    } finally {
      fs.closeSync(fd);
    }
    return p;
  }
}
