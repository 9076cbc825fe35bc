// Inode-addressed calls, as gfapi's handle API (glfs_h_*) offers them next to its path calls: the
// caller keeps the inodes it has looked up (a FUSE bridge keeps the kernel's) and addresses each
// by its gfid and current path, so no call walks a path. Modes arrive with the umask applied (the
// kernel applies it), and new inodes belong to the caller the request names.
import { randomUUID } from 'node:crypto';
import { FopError } from '../libglusterfs/errors.js';
import { GFID_TO_PATH_KEY } from '../libglusterfs/index-gfids.js';
import type { DirEntry, Flock, Gfid, Iatt, Loc, SetattrArgs, Statfs } from '../xlators/types.js';
import { PLAIN_READDIR, ROOT_GFID } from '../xlators/types.js';
import type { Caller, VolumeClient } from './client.js';
import { isUnder, joinPath } from './path.js';

/** An inode the caller holds: its gfid and the path it was last seen under. */
export interface Handle {
  path: string;
  gfid: Gfid;
}

export const ROOT_HANDLE: Handle = { path: '/', gfid: ROOT_GFID };

/** renameat2(2)'s RENAME_NOREPLACE (RENAME_EXCHANGE is not offered, as on GlusterFS). */
export const RENAME_NOREPLACE = 1;

const locOf = (h: Handle): Loc => ({ path: h.path, gfid: h.gfid });
const entryLoc = (dir: Handle, name: string): Loc => ({ path: joinPath(dir.path, name), parent: dir.gfid, name });

export class Handles {
  constructor(readonly client: VolumeClient) {}

  private get top() {
    return this.client.top;
  }

  /**
   * A named lookup carries a gfid-req, as a FUSE client's does: a name without a gfid gets it.
   * `revalidate`: the caller already holds an inode under this name (see Xdata.revalidate).
   */
  lookup(dir: Handle, name: string, revalidate = false): Iatt {
    return this.top.lookup(entryLoc(dir, name), { gfidReq: randomUUID(), ...(revalidate ? { revalidate } : {}) }).iatt;
  }

  /** The inode's attributes: a stat, as a mount's getattr (a lookup is what revalidates a name). */
  getattr(h: Handle): Iatt {
    return this.top.stat(locOf(h));
  }

  setattr(h: Handle, attrs: SetattrArgs, who?: Caller): Iatt {
    return this.top.setattr(locOf(h), attrs, this.client.xdata(who));
  }

  /** `viaFd`: the kernel truncates a file it has open (ftruncate). */
  truncate(h: Handle, size: number, viaFd = false): Iatt {
    return this.client.truncateLoc(locOf(h), size, viaFd);
  }

  mkdir(dir: Handle, name: string, mode: number, who?: Caller): Iatt {
    return this.top.mkdir(entryLoc(dir, name), mode & 0o7777, this.client.newInode(who));
  }

  create(dir: Handle, name: string, mode: number, who?: Caller): Iatt {
    return this.top.create(entryLoc(dir, name), mode & 0o7777, this.client.newInode(who));
  }

  mknod(dir: Handle, name: string, mode: number, rdev: number, who?: Caller): Iatt {
    return this.top.mknod(entryLoc(dir, name), mode, rdev, this.client.newInode(who));
  }

  symlink(dir: Handle, name: string, target: string, who?: Caller): Iatt {
    if (!target) throw new FopError('ENOENT', 'empty symlink target');
    return this.top.symlink(target, entryLoc(dir, name), this.client.newInode(who));
  }

  link(h: Handle, dir: Handle, name: string, who?: Caller): Iatt {
    return this.top.link(locOf(h), entryLoc(dir, name), this.client.xdata(who));
  }

  /** Removes a name; returns the inode it named. */
  unlink(dir: Handle, name: string, who?: Caller): Iatt {
    const loc = entryLoc(dir, name);
    const iatt = this.held(loc);
    if (iatt.type === 'dir') throw new FopError('EISDIR', loc.path);
    this.top.unlink({ ...loc, gfid: iatt.gfid }, this.client.xdata(who));
    return iatt;
  }

  rmdir(dir: Handle, name: string, who?: Caller): Iatt {
    const loc = entryLoc(dir, name);
    const iatt = this.held(loc);
    if (iatt.type !== 'dir') throw new FopError('ENOTDIR', loc.path);
    this.top.rmdir({ ...loc, gfid: iatt.gfid }, this.client.xdata(who));
    return iatt;
  }

  /** rename(2)/renameat2(2): RENAME_NOREPLACE is honoured; RENAME_EXCHANGE is not offered (EINVAL), as on GlusterFS. */
  rename(dir: Handle, name: string, newDir: Handle, newName: string, flags = 0, who?: Caller): Iatt {
    if (flags & ~RENAME_NOREPLACE) throw new FopError('EINVAL', 'renameat2 flags');
    const from = entryLoc(dir, name);
    const to = entryLoc(newDir, newName);
    const iatt = this.held(from);
    if (flags & RENAME_NOREPLACE && this.exists(to)) throw new FopError('EEXIST', to.path);
    if (iatt.type === 'dir' && isUnder(to.path, from.path) && to.path !== from.path) throw new FopError('EINVAL', `${from.path} -> ${to.path}`);
    if (from.path !== to.path) this.top.rename({ ...from, gfid: iatt.gfid }, to, this.client.xdata(who));
    return iatt;
  }

  /** unlink, rmdir and rename name what the kernel holds (it looked the name up first). */
  private held(loc: Loc): Iatt {
    return this.top.lookup(loc, { revalidate: true }).iatt;
  }

  private exists(loc: Loc): boolean {
    try {
      this.top.lookup(loc);
      return true;
    } catch (e) {
      if (e instanceof FopError && e.code === 'ENOENT') return false;
      throw e;
    }
  }

  /** Where an inode lives now (one of its names), from its gfid alone; undefined if nobody can say. */
  pathOf(gfid: Gfid): string | undefined {
    try {
      return this.top.getxattr({ path: '', gfid }, GFID_TO_PATH_KEY)[GFID_TO_PATH_KEY]?.toString('utf8');
    } catch (e) {
      if (e instanceof FopError) return undefined;
      throw e;
    }
  }

  readlink(h: Handle): string {
    return this.top.readlink(locOf(h));
  }

  read(h: Handle, offset: number, length: number): Buffer {
    return this.client.readAt(locOf(h), offset, length);
  }

  /**
   * Writes all of `data` at `offset`, or at the end of the file when `append`. `created`: the
   * iatt of the create just made of this file, so the graph need not look it up again.
   */
  write(h: Handle, offset: number, data: Buffer, append = false, created?: Iatt): Iatt | undefined {
    const loc = locOf(h);
    return this.client.writeAt(loc, append ? this.top.stat(loc).size : offset, data, created);
  }

  fsync(h: Handle): void {
    this.top.fsync(locOf(h), this.client.xdata());
  }

  /**
   * A record lock of `owner` on an open file (fcntl F_GETLK / F_SETLK, or flock as a whole-file
   * lock): see Xlator.lk. Never waits; the caller retries a conflict (EAGAIN) if it would wait.
   */
  lk(h: Handle, cmd: 'get' | 'set', lock: Flock, owner: string): Flock {
    return this.top.lk(locOf(h), cmd, lock, owner);
  }

  /** lseek SEEK_DATA / SEEK_HOLE: where the next data or hole starts (ENXIO past the data). */
  seek(h: Handle, offset: number, what: 'data' | 'hole'): number {
    return this.top.seek(locOf(h), offset, what);
  }

  fallocate(h: Handle, mode: number, offset: number, length: number): Iatt {
    return this.top.fallocate(locOf(h), mode, offset, length, this.client.xdata());
  }

  /**
   * A directory's entries with full attributes (gfids included), as a mount lists them. `plain`:
   * the mount's READDIR (the kernel did not ask for readdirplus), else READDIRP.
   */
  readdir(h: Handle, plain = false): DirEntry[] {
    return this.client.listing(locOf(h), plain ? PLAIN_READDIR : undefined);
  }

  statfs(): Statfs {
    return this.top.statfs(locOf(ROOT_HANDLE));
  }

  getxattr(h: Handle, name: string): Buffer {
    return this.client.getxattrAt(locOf(h), name);
  }

  listxattr(h: Handle): string[] {
    return this.client.listxattrAt(locOf(h));
  }

  setxattr(h: Handle, name: string, value: Buffer, flags: 0 | 'create' | 'replace', who?: Caller): void {
    this.client.setxattrAt(locOf(h), name, value, flags, who);
  }

  removexattr(h: Handle, name: string, who?: Caller): void {
    this.client.removexattrAt(locOf(h), name, who);
  }
}
