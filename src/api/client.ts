// The gfapi-like client: fs-shaped async calls over the synchronous xlator graph. This layer is
// what a FUSE mount plus the kernel would be: it walks paths, applies the umask, stamps every
// modifying fop with one timestamp (xdata.time) and every new inode with a client-chosen gfid
// (xdata.gfidReq), so that all replicas end up with the same gfid and the same mdata.
import { randomUUID } from 'node:crypto';
import type { Volume } from '../mgmt/types.js';
import { FopError } from '../libglusterfs/errors.js';
import { MODE_ONLY, STAT_ONLY, type DirEntry, type Iatt, type Loc, type ReaddirOpts, type Statfs, type Timespec, type Xdata, type Xlator } from '../xlators/types.js';
import { isUnder, normalizePath } from './path.js';
import { pathinfo } from './pathinfo.js';
import { Resolver, type EntryTarget, type Resolved } from './resolve.js';
import { checkXattrWrite, isInternalXattr } from './xattr-policy.js';
import { distributeIn } from '../xlators/dht/dht.js';
import { DEFAULT_XATTR_NAME } from '../xlators/dht/xattrs.js';

export type Stat = Iatt;
export type TimeArg = Timespec | Date | number;

/** Largest piece one writev/readv carries (FUSE's max_write is 128 KiB; bigger is cheaper here). */
export const IO_CHUNK = 1024 * 1024;

/** Names a mount never shows in the volume root. */
const HIDDEN_AT_ROOT = /^\.glusterfs(-anonymous-inode-.*)?$/;
/** What a listing of names needs from the bricks: no gfid, no xattrs. */
export const NAMES_ONLY: ReaddirOpts = STAT_ONLY;
/** Names and types only: each entry's iatt is exact in type and mode alone, and shared (see ReaddirOpts.modeOnly). */
export const NAMES_AND_TYPES: ReaddirOpts = MODE_ONLY;

function umask(): number {
  // process.umask() with no argument is deprecated; set-and-restore reads it just the same.
  const m = process.umask(0o022);
  process.umask(m);
  return m;
}

function toTimespec(t: TimeArg): Timespec {
  if (typeof t === 'object' && 'sec' in t) return t;
  const ms = t instanceof Date ? t.getTime() : t * 1000;
  const sec = Math.floor(ms / 1000);
  return { sec, nsec: Math.round((ms - sec * 1000) * 1e6) };
}

/** Wall-clock time with sub-millisecond precision (one value per fop). */
export function now(): Timespec {
  const t = performance.timeOrigin + performance.now();
  const sec = Math.floor(t / 1000);
  return { sec, nsec: Math.min(999_999_999, Math.floor((t - sec * 1000) * 1e6)) };
}

export type OpenFlags = 'r' | 'r+' | 'w' | 'w+' | 'wx' | 'a';

/** Who a fop is made for: new inodes get these owners (a mount's caller; default, this process). */
export interface Caller {
  uid: number;
  gid: number;
}

export interface OpenOptions {
  /** The file's first bytes, when the open creates it: see VolumeClient.open. */
  initialData?: Buffer;
}

/** An open file: addresses the inode it was opened on, by gfid. */
export class FileHandle {
  private closed = false;
  /** This open created the file with the initialData it was given. */
  initialWritten = false;
  constructor(
    private readonly client: VolumeClient,
    readonly path: string,
    private readonly loc: Loc,
    private readonly append: boolean,
    /** The iatt the graph returned when this open created the file: the first write hands it back. */
    private created?: Iatt,
  ) {}

  private check(): Loc {
    if (this.closed) throw new FopError('EBADF', this.path);
    return this.loc;
  }

  async read(offset: number, length: number): Promise<Buffer> {
    return this.client.readAt(this.check(), offset, length);
  }

  /** Writes all of `data` at `offset` (at the end of file when opened with 'a'); returns bytes written. */
  async write(data: Buffer, offset = 0): Promise<number> {
    const loc = this.check();
    const at = this.append ? this.client.top.stat(loc).size : offset;
    const hint = this.created;
    this.created = undefined;
    this.client.writeAt(loc, at, data, hint);
    return data.length;
  }

  async truncate(size: number): Promise<void> {
    this.client.truncateLoc(this.check(), size, true);
  }

  /** fallocate(2): reserve [offset, offset+length), extending the size unless keepSize. */
  async fallocate(offset: number, length: number, keepSize = false): Promise<Stat> {
    return this.client.top.fallocate(this.check(), keepSize ? 1 : 0, offset, length, { time: now() });
  }

  async sync(): Promise<void> {
    this.client.top.fsync(this.check());
  }

  async stat(): Promise<Stat> {
    return this.client.top.stat(this.check());
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

export class VolumeClient {
  private readonly resolver: Resolver;
  readonly uid = process.getuid?.() ?? 0;
  readonly gid = process.getgid?.() ?? 0;

  constructor(
    readonly volume: Volume,
    readonly top: Xlator,
  ) {
    this.resolver = new Resolver(top);
  }

  // ---- xdata ---------------------------------------------------------------------------

  /** @internal a modifying fop's xdata: one timestamp, the caller's owners. */
  xdata(who?: Caller): Xdata {
    return { time: now(), uid: who?.uid ?? this.uid, gid: who?.gid ?? this.gid };
  }

  /** @internal xdata of a fop that makes an inode: also the gfid every replica gives it. */
  newInode(who?: Caller): Xdata {
    return { ...this.xdata(who), gfidReq: randomUUID() };
  }

  private resolve(p: string, follow = true): Resolved {
    return this.resolver.resolve(p, follow);
  }

  /**
   * Runs a path operation; ESTALE means a directory the walk remembered was removed and re-made
   * by someone else: the walk's memory is dropped and the operation tried once more, as the
   * kernel retries a path operation with revalidated lookups.
   */
  private retryStale<T>(op: () => T): T {
    try {
      return op();
    } catch (err) {
      if (!(err instanceof FopError && err.code === 'ESTALE')) throw err;
      this.resolver.invalidate('/');
      return op();
    }
  }

  /** Runs an entry fop in the parent directory `p` names (retried once on ESTALE). */
  private atEntry<T>(p: string, fop: (e: EntryTarget) => T): T {
    return this.retryStale(() => fop(this.resolver.entry(p)));
  }

  // ---- metadata --------------------------------------------------------------------------

  async stat(p: string): Promise<Stat> {
    return this.resolve(p).iatt;
  }

  async lstat(p: string): Promise<Stat> {
    return this.resolve(p, false).iatt;
  }

  async exists(p: string): Promise<boolean> {
    try {
      this.resolve(p, false);
      return true;
    } catch (e) {
      if (e instanceof FopError && (e.code === 'ENOENT' || e.code === 'ENOTDIR')) return false;
      throw e;
    }
  }

  async statfs(): Promise<Statfs> {
    return this.top.statfs({ path: '/', gfid: this.resolve('/').iatt.gfid });
  }

  async chmod(p: string, mode: number): Promise<Stat> {
    return this.top.setattr(this.resolve(p).loc, { mode: mode & 0o7777 }, this.xdata());
  }

  /** uid/gid of -1 (or undefined) leave that owner unchanged, as chown(2). */
  async chown(p: string, uid?: number, gid?: number, follow = true): Promise<Stat> {
    const attrs: { uid?: number; gid?: number } = {};
    if (uid !== undefined && uid >= 0) attrs.uid = uid;
    if (gid !== undefined && gid >= 0) attrs.gid = gid;
    return this.top.setattr(this.resolve(p, follow).loc, attrs, this.xdata());
  }

  async utimes(p: string, atime: TimeArg, mtime: TimeArg): Promise<Stat> {
    return this.top.setattr(this.resolve(p).loc, { atime: toTimespec(atime), mtime: toTimespec(mtime) }, this.xdata());
  }

  // ---- directories -----------------------------------------------------------------------

  async mkdir(p: string, mode = 0o777): Promise<Stat> {
    return this.atEntry(p, (e) => this.top.mkdir(e.loc, mode & ~umask() & 0o7777, this.newInode()));
  }

  /** mkdir -p: creates missing ancestors; an existing directory is fine. */
  async mkdirp(p: string, mode = 0o777): Promise<void> {
    const parts = normalizePath(p).split('/').filter(Boolean);
    let cur = '';
    for (const part of parts) {
      cur += '/' + part;
      try {
        await this.mkdir(cur, mode);
      } catch (e) {
        if (!(e instanceof FopError && e.code === 'EEXIST')) throw e;
        if ((await this.stat(cur)).type !== 'dir') throw new FopError('ENOTDIR', cur);
      }
    }
  }

  async rmdir(p: string): Promise<void> {
    const e = this.resolver.entry(p, 'rmdir');
    const { iatt } = this.resolve(e.path, false);
    if (iatt.type !== 'dir') throw new FopError('ENOTDIR', p);
    this.top.rmdir({ ...e.loc, gfid: iatt.gfid }, this.xdata());
    this.resolver.invalidate(e.path);
  }

  /**
   * Entries with their attributes ("." and ".." not included). `opts` says what each entry
   * needs (see ReaddirOpts): a names-only listing asks for `{ statOnly: true, xattrs: [] }`.
   */
  async readdirp(p: string, opts?: ReaddirOpts): Promise<DirEntry[]> {
    const r = this.resolve(p);
    if (r.iatt.type !== 'dir') throw new FopError('ENOTDIR', p);
    return this.listing(r.loc, opts);
  }

  /** @internal a directory's entries as a mount shows them (GlusterFS's own names hidden at the root). */
  listing(loc: Loc, opts?: ReaddirOpts): DirEntry[] {
    const entries = this.top.readdir(loc, opts);
    return loc.path === '/' ? entries.filter((d) => !HIDDEN_AT_ROOT.test(d.name)) : entries;
  }

  async readdir(p: string): Promise<string[]> {
    return (await this.readdirp(p, NAMES_AND_TYPES)).map((d) => d.name);
  }

  // ---- files -----------------------------------------------------------------------------

  /** Creates a new empty regular file (EEXIST if the name exists). */
  async create(p: string, mode = 0o666): Promise<Stat> {
    return this.atEntry(p, (e) => this.createAt(e, mode));
  }

  private createAt(e: EntryTarget, mode: number, initialData?: Buffer): Iatt {
    const xdata = this.newInode();
    if (initialData?.length) xdata.initialData = initialData;
    return this.top.create(e.loc, mode & ~umask() & 0o7777, xdata);
  }

  /**
   * open(2)-like: 'r' read, 'r+' read/write, 'w'/'w+' create or truncate, 'wx' exclusive create,
   * 'a' append. `opts.initialData`: when this open creates the file, these become its first
   * bytes in the same operation, so the file never appears empty or half written (and no
   * separate write is made); `handle.initialWritten` tells whether that happened (false when
   * an existing file was opened: the caller then writes them itself).
   */
  async open(p: string, flags: OpenFlags = 'r', mode = 0o666, opts: OpenOptions = {}): Promise<FileHandle> {
    const append = flags === 'a';
    if (flags === 'r' || flags === 'r+') return this.openExisting(p, flags, append);
    // The create first (one entry transaction, no failed lookup before it); an existing name is
    // then opened instead, unless the open is exclusive. Such a create changes nothing on any
    // brick: with every brick up AFR writes no changelog for an entry transaction, and on a
    // degraded set it asks the bricks first (TxnSpec.refuseEarly), as the kernel's lookup would.
    try {
      return this.atEntry(p, (e) => {
        const data = opts.initialData;
        const iatt = this.createAt(e, mode, data);
        const fh = new FileHandle(this, e.path, { ...e.loc, gfid: iatt.gfid }, append, iatt);
        fh.initialWritten = data !== undefined && data.length > 0;
        return fh;
      });
    } catch (err) {
      // The name exists: open it (unless the open is exclusive).
      if (!(flags !== 'wx' && err instanceof FopError && (err.code === 'EEXIST' || err.code === 'EBUSY'))) throw err;
    }
    return this.openExisting(p, flags, append);
  }

  private openExisting(p: string, flags: OpenFlags, append: boolean): FileHandle {
    const r = this.resolve(p);
    if (r.iatt.type === 'dir' && flags !== 'r') throw new FopError('EISDIR', p);
    if ((flags === 'w' || flags === 'w+') && r.iatt.size > 0) this.truncateLoc(r.loc, 0);
    return new FileHandle(this, r.path, r.loc, append);
  }

  /** @internal chunked readv until `length` bytes or end of file. */
  readAt(loc: Loc, offset: number, length: number): Buffer {
    const parts: Buffer[] = [];
    let got = 0;
    while (got < length) {
      const want = Math.min(IO_CHUNK, length - got);
      const b = this.top.readv(loc, offset + got, want);
      parts.push(b);
      got += b.length;
      if (b.length < want) break;
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  }

  /**
   * @internal chunked writev; each chunk is one fop with its own timestamp. `hint` (the iatt of
   * the create just made) goes with the first chunk: the graph then knows the inode already.
   */
  writeAt(loc: Loc, offset: number, data: Buffer, hint?: Iatt): Iatt | undefined {
    let last: Iatt | undefined;
    for (let done = 0; done < data.length; done += IO_CHUNK) {
      const xd = this.xdata();
      if (done === 0 && hint) xd.lookupHint = hint;
      last = this.top.writev(loc, offset + done, data.subarray(done, done + IO_CHUNK), xd);
    }
    return last;
  }

  /** @internal */
  /** `viaFd`: an ftruncate of an open file (see Xdata.viaFd). */
  truncateLoc(loc: Loc, size: number, viaFd = false): Iatt {
    if (!Number.isSafeInteger(size) || size < 0) throw new FopError('EINVAL', `size ${size}`);
    return this.top.truncate(loc, size, viaFd ? { ...this.xdata(), viaFd } : this.xdata());
  }

  async read(p: string, offset: number, length: number): Promise<Buffer> {
    const r = this.resolve(p);
    if (r.iatt.type === 'dir') throw new FopError('EISDIR', p);
    return this.readAt(r.loc, offset, length);
  }

  async write(p: string, offset: number, data: Buffer): Promise<number> {
    const r = this.resolve(p);
    if (r.iatt.type === 'dir') throw new FopError('EISDIR', p);
    this.writeAt(r.loc, offset, data);
    return data.length;
  }

  async readFile(p: string): Promise<Buffer> {
    const r = this.resolve(p);
    if (r.iatt.type === 'dir') throw new FopError('EISDIR', p);
    return this.readAt(r.loc, 0, r.iatt.size);
  }

  /** Creates or replaces the content of a file. */
  async writeFile(p: string, data: Buffer | string, mode = 0o666): Promise<void> {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    // A new file is created with its first chunk: one transaction instead of a create and a write.
    const first = buf.subarray(0, IO_CHUNK);
    const fh = await this.open(p, 'w', mode, { initialData: first });
    const from = fh.initialWritten ? first.length : 0;
    if (buf.length > from) await fh.write(buf.subarray(from), from);
    await fh.close();
  }

  async truncate(p: string, size: number): Promise<Stat> {
    const r = this.resolve(p);
    if (r.iatt.type === 'dir') throw new FopError('EISDIR', p);
    return this.truncateLoc(r.loc, size);
  }

  /** fallocate(2) by path (see FileHandle.fallocate). */
  async fallocate(p: string, offset: number, length: number, keepSize = false): Promise<Stat> {
    const r = this.resolve(p);
    if (r.iatt.type !== 'file') throw new FopError(r.iatt.type === 'dir' ? 'EISDIR' : 'ENODEV', p);
    return this.top.fallocate(r.loc, keepSize ? 1 : 0, offset, length, this.xdata());
  }

  /** fsync(2) by path. */
  async fsync(p: string): Promise<void> {
    const r = this.resolve(p);
    if (r.iatt.type !== 'file') throw new FopError('EINVAL', p);
    this.top.fsync(r.loc, this.xdata());
  }

  // ---- names -----------------------------------------------------------------------------

  async unlink(p: string): Promise<void> {
    const e = this.resolver.entry(p, 'unlink');
    const { iatt } = this.resolve(e.path, false);
    if (iatt.type === 'dir') throw new FopError('EISDIR', p);
    this.top.unlink({ ...e.loc, gfid: iatt.gfid }, this.xdata());
    this.resolver.invalidate(e.path);
  }

  async rename(from: string, to: string): Promise<void> {
    this.retryStale(() => {
      const src = this.resolver.entry(from, 'rename');
      const dst = this.resolver.entry(to, 'rename');
      const { iatt } = this.resolve(src.path, false);
      if (src.path === dst.path) return;
      if (iatt.type === 'dir' && isUnder(dst.path, src.path)) throw new FopError('EINVAL', `${from} -> ${to}`);
      this.top.rename({ ...src.loc, gfid: iatt.gfid }, dst.loc, this.xdata());
      this.resolver.invalidate(src.path);
      this.resolver.invalidate(dst.path);
    });
  }

  /** Hard link; the existing name is not followed if it is a symlink (Linux link(2)). */
  async link(existing: string, newPath: string): Promise<Stat> {
    const old = this.resolve(existing, false);
    if (old.iatt.type === 'dir') throw new FopError('EPERM', existing);
    return this.atEntry(newPath, (e) => this.top.link(old.loc, e.loc, this.xdata()));
  }

  /**
   * mknod(2): `mode` with its file type (S_IFIFO, S_IFCHR, S_IFBLK, S_IFSOCK, S_IFREG; none =
   * regular), `rdev` = makedev(major, minor) for devices. The umask applies to the bits.
   */
  async mknod(p: string, mode: number, rdev = 0): Promise<Stat> {
    const type = mode & 0o170000;
    return this.atEntry(p, (e) => this.top.mknod(e.loc, type | (mode & ~umask() & 0o7777), rdev, this.newInode()));
  }

  async mkfifo(p: string, mode = 0o666): Promise<Stat> {
    return this.mknod(p, 0o010000 | (mode & 0o7777));
  }

  async symlink(target: string, p: string): Promise<Stat> {
    if (!target) throw new FopError('ENOENT', 'empty symlink target');
    return this.atEntry(p, (e) => this.top.symlink(target, e.loc, this.newInode()));
  }

  async readlink(p: string): Promise<string> {
    const r = this.resolve(p, false);
    if (r.iatt.type !== 'symlink') throw new FopError('EINVAL', p);
    return this.top.readlink(r.loc);
  }

  // ---- xattrs ----------------------------------------------------------------------------

  async getxattr(p: string, name: string, follow = true): Promise<Buffer> {
    const r = this.resolve(p, follow);
    return this.getxattrAt(r.loc, name, r.iatt);
  }

  async listxattr(p: string, follow = true): Promise<string[]> {
    return this.listxattrAt(this.resolve(p, follow).loc);
  }

  async setxattr(p: string, name: string, value: Buffer, flags: 0 | 'create' | 'replace' = 0, follow = true): Promise<void> {
    this.setxattrAt(this.resolve(p, follow).loc, name, value, flags);
  }

  async removexattr(p: string, name: string, follow = true): Promise<void> {
    this.removexattrAt(this.resolve(p, follow).loc, name);
  }

  /**
   * @internal one key of an inode, the mount's virtual keys included (those need the inode's
   * attributes: `iatt` when the caller has them, else they are read).
   */
  getxattrAt(loc: Loc, name: string, iatt?: Iatt): Buffer {
    const attrs = () => iatt ?? this.top.stat(loc);
    if (name === 'glusterfs.gfid.string') return Buffer.from(attrs().gfid);
    if (name === 'trusted.glusterfs.pathinfo' || name === 'glusterfs.pathinfo') {
      // a C string, its NUL included, as 10.3 answers it (getfattr --only-values shows the NUL)
      return Buffer.from(`${pathinfo(this.top, loc, attrs().type === 'dir')}\0`);
    }
    if (isInternalXattr(name, this.dhtName())) throw new FopError('ENODATA', name);
    const v = this.top.getxattr(loc, name)[name];
    if (v === undefined) throw new FopError('ENODATA', name);
    return v;
  }

  /** @internal the keys a mount lists (GlusterFS's internal ones hidden). */
  listxattrAt(loc: Loc): string[] {
    const dht = this.dhtName();
    return Object.keys(this.top.getxattr(loc)).filter((n) => !isInternalXattr(n, dht));
  }

  /** The xattr-name of the volume's DHT (the graph's now): its keys are the volume's own. */
  private dhtName(): string {
    return distributeIn(this.top)?.o.keys.layout ?? DEFAULT_XATTR_NAME;
  }

  /** @internal */
  setxattrAt(loc: Loc, name: string, value: Buffer, flags: 0 | 'create' | 'replace' = 0, who?: Caller): void {
    if (checkXattrWrite(name, this.dhtName()) === 'ignore') return;
    this.top.setxattr(loc, { [name]: value }, flags, this.xdata(who));
  }

  /** @internal */
  removexattrAt(loc: Loc, name: string, who?: Caller): void {
    if (checkXattrWrite(name, this.dhtName()) === 'ignore') throw new FopError('ENODATA', name);
    this.top.removexattr(loc, name, this.xdata(who));
  }

  /** Nothing to release: the graph holds no descriptors between fops. Kept for API symmetry. */
  async close(): Promise<void> {}
}
