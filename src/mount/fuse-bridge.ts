// GlusterFS's fuse-bridge, for tgluster: each request the kernel sends (native/fuse.c hands them
// over one by one) becomes one or a few calls of the api's handle layer, and its answer or errno
// goes back. The graph is synchronous, so a request is answered before the next is taken.
import { constants } from 'node:os';
import { constants as fsc } from 'node:fs';
import { FopError } from '../libglusterfs/errors.js';
import type { Handle, Handles } from '../api/handles.js';
import { joinPath } from '../api/path.js';
import type { Caller } from '../api/client.js';
import { now } from '../api/client.js';
import type { DirEntry, Iatt, SetattrArgs } from '../xlators/types.js';
import { attrOf, entryOf } from './fuse-attr.js';
import { FuseLocks } from './fuse-locks.js';
import { InodeTable } from './inode-table.js';
import { MetaNodes } from './meta-nodes.js';
import type { FuseNative, FuseRequest } from './fuse-native.js';

const E = constants.errno;

/** FUSE_SET_ATTR_* bits of a setattr request. */
const SET = { mode: 1, uid: 2, gid: 4, size: 8, atime: 16, mtime: 32, atimeNow: 128, mtimeNow: 256 } as const;
/** XATTR_CREATE / XATTR_REPLACE. */
const XATTR_CREATE = 1;
const XATTR_REPLACE = 2;

export interface BridgeOptions {
  /** Seconds the kernel may keep attributes and names (GlusterFS's default: 1). */
  attributeTimeout: number;
  entryTimeout: number;
  /** Where failures that are not an errno of the volume are reported (the log file). */
  log: (line: string) => void;
  /** The state directory: with it the mount serves /.meta. */
  home?: string;
}

interface OpenFile {
  node: number;
  append: boolean;
  /** The iatt of the create that opened it, handed to its first write. */
  created?: Iatt;
  /** A read or write went to the volume through it (see firstUse). */
  used?: boolean;
  /** The errno its first read or write met, which every close then reports too. */
  openError?: number;
}

/**
 * Keys GlusterFS's fuse-bridge answers itself (fuse_check_selinux_cap_xattr, and the ACL keys
 * without the acl option): the kernel asks for security.capability before every write.
 */
const NOT_KEPT_GET: Record<string, string> = {
  'security.capability': 'ENODATA',
  'security.selinux': 'ENODATA',
  'system.posix_acl_access': 'ENOTSUP',
  'system.posix_acl_default': 'ENOTSUP',
};

export class FuseBridge {
  readonly inodes = new InodeTable();
  private readonly files = new Map<number, OpenFile>();
  private readonly dirs = new Map<number, DirEntry[] | undefined>();
  private nextFh = 1;
  readonly locks: FuseLocks;

  /** The mount's /.meta, when the bridge knows its volume's state directory. */
  private readonly meta?: MetaNodes;

  constructor(
    private readonly fs: Handles,
    private readonly native: FuseNative,
    private readonly opts: BridgeOptions,
  ) {
    this.locks = new FuseLocks(fs, native, (ino) => this.node(ino), opts.log);
    if (opts.home) {
      const timeouts = { attr: opts.attributeTimeout, entry: opts.entryTimeout };
      this.meta = new MetaNodes(opts.home, fs.client.volume.name, this.inodes, native, timeouts, () => this.nextFh++);
    }
  }

  /** Answers one request (every request but a forget gets exactly one answer). */
  handle(r: FuseRequest): void {
    try {
      this.dispatch(r);
    } catch (e) {
      if (r.op === 'forget' || r.op === 'interrupt') return;
      let errno = E.EIO;
      if (e instanceof FopError && e.errno > 0) errno = e.errno;
      else this.opts.log(`${r.op} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      this.native.fuseReplyErr(r.req, errno);
    }
  }

  private node(ino: number): Handle {
    const h = this.inodes.get(ino);
    if (!h) throw new FopError('ESTALE', `node ${ino}`);
    return h;
  }

  private caller(r: FuseRequest): Caller {
    return { uid: r.uid, gid: r.gid };
  }

  /** A lookup's answer for `iatt` named `path`: the kernel now holds one more lookup of it. */
  private entry(iatt: Iatt, path: string): Float64Array {
    const node = this.inodes.remember(iatt.gfid, path);
    return entryOf(node, iatt, this.opts.attributeTimeout, this.opts.entryTimeout);
  }

  private fh(file: OpenFile): number {
    const id = this.nextFh++;
    this.files.set(id, file);
    return id;
  }

  private dispatch(r: FuseRequest): void {
    if (this.meta?.handle(r)) return;
    const n = this.native;
    const req = r.req;
    switch (r.op) {
      case 'lookup': {
        const dir = this.node(r.ino);
        const at = joinPath(dir.path, r.name!);
        // A name the kernel still holds an inode for is revalidated (fuse_resolve_entry finds it)
        n.fuseReplyEntry(req, this.entry(this.fs.lookup(dir, r.name!, this.inodes.holds(at)), at));
        return;
      }
      case 'forget':
        this.inodes.forget(r.ino, r.nlookup);
        return;
      case 'getattr':
        n.fuseReplyAttr(req, attrOf(this.fs.getattr(this.node(r.ino))), this.opts.attributeTimeout);
        return;
      case 'setattr':
        n.fuseReplyAttr(req, attrOf(this.setattr(r)), this.opts.attributeTimeout);
        return;
      case 'readlink':
        n.fuseReplyReadlink(req, this.fs.readlink(this.node(r.ino)));
        return;
      case 'mknod':
      case 'mkdir':
      case 'symlink': {
        const dir = this.node(r.ino);
        const name = r.name!;
        const who = this.caller(r);
        const iatt =
          r.op === 'mkdir'
            ? this.fs.mkdir(dir, name, r.mode, who)
            : r.op === 'symlink'
              ? this.fs.symlink(dir, name, r.name2!, who)
              : this.fs.mknod(dir, name, r.mode, r.rdev, who);
        n.fuseReplyEntry(req, this.entry(iatt, joinPath(dir.path, name)));
        return;
      }
      case 'link': {
        const dir = this.node(r.ino2!);
        const iatt = this.fs.link(this.node(r.ino), dir, r.name!, this.caller(r));
        n.fuseReplyEntry(req, this.entry(iatt, joinPath(dir.path, r.name!)));
        return;
      }
      case 'unlink': {
        const dir = this.node(r.ino);
        const gone = this.fs.unlink(dir, r.name!, this.caller(r));
        // a file with another name stays reachable by it (the kernel may hold it open)
        if (gone.nlink > 1 && this.inodes.pathOf(gone.gfid) === joinPath(dir.path, r.name!)) {
          const other = this.fs.pathOf(gone.gfid);
          if (other) this.inodes.relocate(gone.gfid, other);
        }
        n.fuseReplyErr(req, 0);
        return;
      }
      case 'rmdir':
        this.fs.rmdir(this.node(r.ino), r.name!, this.caller(r));
        n.fuseReplyErr(req, 0);
        return;
      case 'rename': {
        const dir = this.node(r.ino);
        const to = this.node(r.ino2!);
        const moved = this.fs.rename(dir, r.name!, to, r.name2!, r.flags, this.caller(r));
        const dest = joinPath(to.path, r.name2!);
        this.inodes.moved(joinPath(dir.path, r.name!), dest);
        // the inode may be held under another of its names (a hard link, `/.gfid/...`)
        this.inodes.relocate(moved.gfid, dest);
        n.fuseReplyErr(req, 0);
        return;
      }
      case 'create': {
        const dir = this.node(r.ino);
        const iatt = this.fs.create(dir, r.name!, r.mode, this.caller(r));
        const e = this.entry(iatt, joinPath(dir.path, r.name!));
        n.fuseReplyCreate(req, e, this.fh({ node: e[0], append: (r.flags & fsc.O_APPEND) !== 0, created: iatt }), 0);
        return;
      }
      case 'open': {
        const h = this.node(r.ino);
        // An open refreshes the inode, as AFR's open does: a pending copy is healed on access
        // (when that is on) even if nothing is read after (the kernel reads no empty file).
        this.fs.getattr(h);
        if (r.flags & fsc.O_TRUNC && (r.flags & 3) !== fsc.O_RDONLY) this.fs.truncate(h, 0);
        n.fuseReplyOpen(req, this.fh({ node: r.ino, append: (r.flags & fsc.O_APPEND) !== 0 }), 0);
        return;
      }
      case 'read': {
        const f = this.open(r);
        n.fuseReplyBuf(req, this.firstUse(f, () => this.fs.read(this.node(f.node), r.off, r.size)));
        return;
      }
      case 'write': {
        const f = this.open(r);
        const created = f.created;
        f.created = undefined;
        this.firstUse(f, () => this.fs.write(this.node(f.node), r.off, r.data!, f.append, created));
        n.fuseReplyWrite(req, r.data!.length);
        return;
      }
      case 'flush':
        this.locks.closed(r.ino, r.owner);
        n.fuseReplyErr(req, this.files.get(r.fh)?.openError ?? 0);
        return;
      case 'release':
        if (r.flockRelease) this.locks.closed(r.ino, r.owner);
        this.files.delete(r.fh);
        n.fuseReplyErr(req, 0);
        return;
      case 'getlk':
        this.locks.getlk(r);
        return;
      case 'setlk':
        this.locks.setlk(r);
        return;
      case 'interrupt':
        this.locks.interrupt(req);
        return;
      case 'fsync':
        this.fs.fsync(this.node(r.ino));
        n.fuseReplyErr(req, 0);
        return;
      case 'lseek':
        // the kernel sends only SEEK_DATA (3) and SEEK_HOLE (4)
        n.fuseReplyLseek(req, this.fs.seek(this.node(this.open(r).node), r.off, r.flags === 4 ? 'hole' : 'data'));
        return;
      case 'fallocate':
        this.fs.fallocate(this.node(r.ino), r.flags, r.off, r.size);
        n.fuseReplyErr(req, 0);
        return;
      case 'opendir': {
        const id = this.nextFh++;
        this.dirs.set(id, undefined);
        n.fuseReplyOpen(req, id, 0);
        return;
      }
      case 'readdir':
      case 'readdirplus':
        this.readdir(r);
        return;
      case 'releasedir':
        this.dirs.delete(r.fh);
        n.fuseReplyErr(req, 0);
        return;
      case 'fsyncdir':
        n.fuseReplyErr(req, 0);
        return;
      case 'statfs': {
        const s = this.fs.statfs();
        n.fuseReplyStatfs(req, Float64Array.of(s.bsize, s.frsize, s.blocks, s.bfree, s.bavail, s.files, s.ffree, 255));
        return;
      }
      case 'getxattr': {
        if (NOT_KEPT_GET[r.name!]) throw new FopError(NOT_KEPT_GET[r.name!], r.name);
        const h = this.node(r.ino);
        const v = this.fs.getxattr(h, r.name!);
        this.replySized(r, v);
        return;
      }
      case 'listxattr': {
        const names = this.fs.listxattr(this.node(r.ino));
        this.replySized(r, Buffer.from(names.map((k) => k + '\0').join('')));
        return;
      }
      case 'setxattr': {
        if (NOT_KEPT_GET[r.name!]) throw new FopError('ENOTSUP', r.name);
        const flags = r.flags & XATTR_CREATE ? 'create' : r.flags & XATTR_REPLACE ? 'replace' : 0;
        this.fs.setxattr(this.node(r.ino), r.name!, r.data!, flags, this.caller(r));
        n.fuseReplyErr(req, 0);
        return;
      }
      case 'removexattr':
        this.fs.removexattr(this.node(r.ino), r.name!, this.caller(r));
        n.fuseReplyErr(req, 0);
        return;
      default:
        n.fuseReplyErr(req, E.ENOSYS);
    }
  }

  /**
   * GlusterFS's open-behind (on by default) answers an open at once and opens the file on the
   * bricks at its first read or write: when that open fails (EIO on a file in split-brain), the
   * read or write gets the error, and so does every close of the descriptor after.
   */
  private firstUse<T>(f: OpenFile, fop: () => T): T {
    if (f.used) return fop();
    f.used = true;
    try {
      return fop();
    } catch (e) {
      if (e instanceof FopError && e.code === 'EIO') f.openError = E.EIO;
      throw e;
    }
  }

  private open(r: FuseRequest): OpenFile {
    const f = this.files.get(r.fh);
    if (!f) throw new FopError('EBADF', `fh ${r.fh}`);
    return f;
  }

  /** getxattr/listxattr: a size probe (size 0) gets the length, a short buffer ERANGE. */
  private replySized(r: FuseRequest, v: Buffer): void {
    if (r.size === 0) this.native.fuseReplyXattr(r.req, v.length);
    else if (v.length > r.size) this.native.fuseReplyErr(r.req, E.ERANGE);
    else this.native.fuseReplyBuf(r.req, v);
  }

  private setattr(r: FuseRequest): Iatt {
    const h = this.node(r.ino);
    const bits = r.toSet ?? 0;
    let last: Iatt | undefined;
    // with a file handle: the kernel's ftruncate of an open file
    if (bits & SET.size) last = this.fs.truncate(h, r.attrSize!, r.fh > 0);
    const attrs: SetattrArgs = {};
    if (bits & SET.mode) attrs.mode = r.attrMode! & 0o7777;
    if (bits & SET.uid) attrs.uid = r.attrUid!;
    if (bits & SET.gid) attrs.gid = r.attrGid!;
    const t = now();
    if (bits & SET.atimeNow) attrs.atime = t;
    else if (bits & SET.atime) attrs.atime = { sec: r.attrAtime!, nsec: r.attrAtimeNs! };
    if (bits & SET.mtimeNow) attrs.mtime = t;
    else if (bits & SET.mtime) attrs.mtime = { sec: r.attrMtime!, nsec: r.attrMtimeNs! };
    // Setting one time keeps the other (setattr on the graph wants both or neither).
    if ((attrs.atime === undefined) !== (attrs.mtime === undefined)) {
      const cur = last ?? this.fs.getattr(h);
      attrs.atime ??= cur.atime;
      attrs.mtime ??= cur.mtime;
    }
    if (Object.keys(attrs).length > 0) last = this.fs.setattr(h, attrs, this.caller(r));
    return last ?? this.fs.getattr(h);
  }

  /**
   * Directory reads: the listing is taken once per open directory (at its first read) and served
   * by offset from it, "." and ".." first; offsets are positions in that listing.
   */
  private readdir(r: FuseRequest): void {
    const plus = r.op === 'readdirplus';
    const dir = this.node(r.ino);
    let list = this.dirs.get(r.fh);
    if (list === undefined || r.off === 0) {
      const self = this.fs.getattr(dir);
      const dots: DirEntry[] = [
        { name: '.', iatt: self },
        { name: '..', iatt: self },
      ];
      list = dots.concat(this.fs.readdir(dir, !plus));
      this.dirs.set(r.fh, list);
    }
    const rest = list.slice(r.off, r.off + fitting(list, r.off, r.size, plus));
    const items = rest.map((d, i): [string, number, Float64Array] => {
      const next = r.off + i + 1;
      if (!plus) return [d.name, next, attrOf(d.iatt)];
      // Each named record is a lookup the kernel now holds; "." and "..", and a name the graph
      // gave no inode for (node 0: the kernel looks it up itself), are not.
      const node = d.name === '.' || d.name === '..' || d.noInode ? 0 : this.inodes.remember(d.iatt.gfid, joinPath(dir.path, d.name));
      return [d.name, next, entryOf(node, d.iatt, this.opts.attributeTimeout, this.opts.entryTimeout)];
    });
    this.native.fuseReplyDir(r.req, plus, r.size, items);
  }
}

/**
 * How many records from `from` fit in a reply of `size` bytes: a fuse_dirent is 24 bytes and the
 * name, a fuse_direntplus 152 and the name, each padded to 8.
 */
function fitting(list: DirEntry[], from: number, size: number, plus: boolean): number {
  const head = plus ? 152 : 24;
  let used = 0;
  let i = from;
  for (; i < list.length; i++) {
    const len = (head + Buffer.byteLength(list[i].name) + 7) & ~7;
    if (used + len > size) break;
    used += len;
  }
  return i - from;
}
