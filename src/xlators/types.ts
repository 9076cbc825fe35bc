// The translator contract. Every layer of the data path (posix, client, afr, dht) implements
// Xlator and talks only to its children through it, as GlusterFS's xlators do.
//
// Fops are synchronous: one tgluster process serves one command, the bricks are local
// directories, and synchronous syscalls are several times faster than libuv's thread pool
// for small-file work. The async fs-like API (src/api) wraps this stack.

/** Canonical lowercase 8-4-4-4-12 gfid text. */
export type Gfid = string;

export const ROOT_GFID: Gfid = '00000000-0000-0000-0000-000000000001';
/** What an object without a trusted.gfid reports. */
export const NULL_GFID: Gfid = '00000000-0000-0000-0000-000000000000';

export type FileType = 'file' | 'dir' | 'symlink' | 'other';

export interface Timespec {
  sec: number;
  nsec: number;
}

/** What a fop reports about an inode (GlusterFS's iatt). nlink excludes the .glusterfs handle. */
export interface Iatt {
  gfid: Gfid;
  type: FileType;
  /** Full st_mode including the file-type bits. */
  mode: number;
  uid: number;
  gid: number;
  size: number;
  nlink: number;
  ino: number;
  blocks: number;
  atime: Timespec;
  mtime: Timespec;
  ctime: Timespec;
  /** st_rdev of a block or character device (absent otherwise). */
  rdev?: number;
}

/**
 * Where a fop applies. `path` is volume-absolute and normalised ("/", "/a/b"): no "." or ".."
 * components, no trailing slash. `parent`/`name` are filled for entry fops by the caller when
 * known; `gfid` allows nameless (gfid-based) resolution, as heal uses.
 */
export interface Loc {
  path: string;
  gfid?: Gfid;
  parent?: Gfid;
  name?: string;
}

/** Side-channel data, like GlusterFS's xdata dict. */
export interface Xdata {
  /** gfid the client chose for a new inode (create, mkdir, symlink, mknod). */
  gfidReq?: Gfid;
  /** Owner of a new inode (defaults to the caller's uid/gid). */
  uid?: number;
  gid?: number;
  /** Times to stamp into trusted.glusterfs.mdata so that all replicas agree. */
  time?: Timespec;
  /**
   * An object this child itself returned for the same inode earlier in the same operation (the
   * reply of DHT's lookup before a write, the iatt of the create an api write follows): the
   * child may use what it knew then instead of looking the inode up again, as GlusterFS's
   * xlators use their inode/fd ctx. Only ever the very object the child returned; a child that
   * does not know it ignores it.
   */
  lookupHint?: object;
  /**
   * create: the new file's first bytes (api writeFile, fs put). posix writes them, and every
   * xattr, before the file has a name, so nobody (nor a crash) ever finds it empty or half
   * written; a write that followed the create would have needed its own changelog round.
   */
  initialData?: Buffer;
  /** posix create/mkdir: xattrs set on the new inode before it is named, indexed as an xattrop's. */
  newXattrs?: Record<string, Buffer>;
  /**
   * create: DHT's own create of a linkto file (GlusterFS's internal-fop key): when the brick has
   * a regular file of that gfid already (a linkto of another name of a hard-linked file), the new
   * name is linked to it instead.
   */
  internalFop?: boolean;
  /**
   * lookup: also answer the inode's path as the brick's inode table knows it, under
   * INODE_PATH_KEY in the reply's xattrs (GlusterFS's lookup takes the gfid-to-path key in its
   * xdata the same way): heal info names every entry it looks up.
   */
  inodePath?: boolean;
  /** lookup: also answer whether an inodelk of this domain is held on the inode (INODELK_COUNT_KEY). */
  inodelkCount?: string;
  /**
   * lookup: the caller holds an inode under this name (a kernel revalidating its dentry), so a
   * miss where the name hashes is not the answer: DHT looks on every subvolume, as 10.3's
   * dht_revalidate finds the inode on the subvolume that held it.
   */
  revalidate?: boolean;
  /**
   * create, mknod, mkdir, symlink, link: the parent's layout xattr as the caller (DHT) placed the
   * name by it; posix fails with ESTALE when the parent's on-disk value differs (GlusterFS's
   * GF_PREOP_PARENT_KEY check), so a client holding a stale layout places the name again.
   */
  parentLayout?: { key: string; value: Buffer };
  /**
   * The caller holds the file open: GlusterFS would send the fd-based fop (FTRUNCATE for a
   * truncate), which is the name a profiled brick counts it under.
   */
  viaFd?: boolean;
  /** Inject a crash (tests): name of a crash point to die at. */
  [key: string]: unknown;
}

export interface LookupReply {
  iatt: Iatt;
  /** xattrs returned with the lookup (posix returns all on-disk ones; upper layers filter). */
  xattrs: Record<string, Buffer>;
}

export interface DirEntry {
  name: string;
  iatt: Iatt;
  /** Raw xattrs of the entry, when a layer needs them (dht: linkto detection). */
  xattrs?: Record<string, Buffer>;
  /**
   * The listing vouches for the name only, not its inode: a client looks it up before using it
   * (10.3's AFR drops readdirp's inodes while its replica set needs heal).
   */
  noInode?: boolean;
}

/**
 * What a readdirp caller wants with each entry (GlusterFS carries it in the request's xdata), so
 * that the brick does no per-entry work nobody reads. No options: every xattr, full iatts.
 */
export interface ReaddirOpts {
  /**
   * Only these xattr keys in each entry's `xattrs` (absent keys left out); undefined: every key.
   * An entry none was read for (an empty list, or xattrsIfMode) comes without `xattrs`.
   */
  xattrs?: readonly string[];
  /**
   * With `xattrs`: read them only for entries whose st_mode has one of these bits; e.g. DHT's
   * linkto key can only matter on a sticky file.
   */
  xattrsIfMode?: number;
  /**
   * A names-only listing (ls without -l): each iatt comes from the inode's lstat alone, with no
   * xattr read, so gfid is the null gfid, ino the brick inode's and the times the inode's (to
   * about the microsecond, not trusted.glusterfs.mdata's). Type, mode, size, owner and nlink
   * are exact.
   */
  statOnly?: boolean;
  /**
   * With statOnly: each iatt is exact in type and mode only (the null gfid, every other field
   * zero) and is one frozen object shared by all entries of that mode, so that listing a large
   * directory makes no iatt per entry. For `ls` without -l, which needs names and types only.
   */
  modeOnly?: boolean;
  /**
   * The caller winds GlusterFS's READDIR (names and types), not READDIRP: the entries are the
   * same here, but a profiled brick counts the fop by its name (io-stats), and DHT turns it into
   * READDIRP when its use-readdirp (dht.force-readdirp) is on.
   */
  plain?: boolean;
}

/** A listing that needs names, types, modes and sizes only: no gfid, no xattrs per entry. */
export const STAT_ONLY: ReaddirOpts = Object.freeze({ statOnly: true, xattrs: Object.freeze([]) });

/** GlusterFS's READDIR (see `plain`): every entry as readdirp gives it. */
export const PLAIN_READDIR: ReaddirOpts = Object.freeze({ plain: true });

/** A listing that needs names and types only (see modeOnly): shared iatts, no xattrs per entry. */
export const MODE_ONLY: ReaddirOpts = Object.freeze({ statOnly: true, modeOnly: true, xattrs: Object.freeze([]) });

export interface SetattrArgs {
  mode?: number; // permission bits only (07777)
  uid?: number;
  gid?: number;
  atime?: Timespec;
  mtime?: Timespec;
}

export interface Statfs {
  bsize: number;
  frsize: number;
  blocks: number;
  bfree: number;
  bavail: number;
  files: number;
  ffree: number;
}

export type XattrFlags = 0 | 'create' | 'replace';

/** A record lock (GlusterFS's gf_flock): len 0 runs to the end of the file. */
export interface Flock {
  type: 'read' | 'write' | 'unlock';
  start: number;
  len: number;
  /** The locking process (informational: locks belong to their owner). */
  pid: number;
}

export interface Xlator {
  /** The xlator's graph name: VOL-client-N, VOL-replicate-K, VOL-dht, ... */
  readonly name: string;
  readonly children: readonly Xlator[];

  lookup(loc: Loc, xdata?: Xdata): LookupReply;
  stat(loc: Loc): Iatt;
  statfs(loc: Loc): Statfs;
  mkdir(loc: Loc, mode: number, xdata?: Xdata): Iatt;
  /** Creates an empty regular file (O_CREAT|O_EXCL): EEXIST if the name exists. */
  create(loc: Loc, mode: number, xdata?: Xdata): Iatt;
  symlink(target: string, loc: Loc, xdata?: Xdata): Iatt;
  /** mknod(2): mode carries the type (S_IFIFO, S_IFCHR, S_IFBLK, S_IFSOCK, S_IFREG); rdev = makedev(major, minor). */
  mknod(loc: Loc, mode: number, rdev: number, xdata?: Xdata): Iatt;
  link(oldLoc: Loc, newLoc: Loc, xdata?: Xdata): Iatt;
  unlink(loc: Loc, xdata?: Xdata): void;
  rmdir(loc: Loc, xdata?: Xdata): void;
  rename(oldLoc: Loc, newLoc: Loc, xdata?: Xdata): void;
  readlink(loc: Loc): string;
  readv(loc: Loc, offset: number, size: number): Buffer;
  /** Returns the post-op iatt. */
  writev(loc: Loc, offset: number, data: Buffer, xdata?: Xdata): Iatt;
  truncate(loc: Loc, size: number, xdata?: Xdata): Iatt;
  /** fallocate(2): mode 0 allocates (and extends the size), FALLOC_FL_KEEP_SIZE (1) keeps it. */
  fallocate(loc: Loc, mode: number, offset: number, length: number, xdata?: Xdata): Iatt;
  /** fsync(2) of a regular file (AFR runs it as a data transaction, as GlusterFS does). */
  fsync(loc: Loc, xdata?: Xdata): void;
  /**
   * GlusterFS's seek fop (lseek SEEK_DATA / SEEK_HOLE) on a regular file: where the next data
   * or hole at or after `offset` starts; ENXIO when `offset` is past the last data.
   */
  seek(loc: Loc, offset: number, what: 'data' | 'hole'): number;
  /** readdirp: entries other than "." and "..", with stat data. */
  readdir(loc: Loc, opts?: ReaddirOpts): DirEntry[];
  setattr(loc: Loc, attrs: SetattrArgs, xdata?: Xdata): Iatt;
  /** One key, or all keys when name is undefined. ENODATA when the key is absent. */
  getxattr(loc: Loc, name?: string): Record<string, Buffer>;
  setxattr(loc: Loc, xattrs: Record<string, Buffer>, flags?: XattrFlags, xdata?: Xdata): void;
  removexattr(loc: Loc, name: string, xdata?: Xdata): void;
  /**
   * GlusterFS's xattrop ADD_ARRAY: element-wise big-endian s32 addition of each value onto the
   * on-disk value (absent counts as zeros; an all-zero add to an absent key creates nothing).
   * Returns the values after the addition. Posix also maintains the index (xattrop/dirty/
   * entry-changes) here, as the index xlator does on a real brick. xdata.entryName asks for the
   * granular entry-changes/<gfid>/<name> index entry; xdata.entryDelete removes it.
   */
  xattrop(loc: Loc, xattrs: Record<string, Buffer>, xdata?: Xdata): Record<string, Buffer>;
  /** Cross-process locks (features/locks on a brick). Blocking; released on unlock or process death. */
  inodelk(loc: Loc, domain: string, cmd: 'lock' | 'unlock'): void;
  entrylk(loc: Loc, domain: string, basename: string | undefined, cmd: 'lock' | 'unlock'): void;
  /**
   * features/locks' record locks (a mount's fcntl and flock locks), shared by every client of the
   * brick. 'get' answers a conflicting lock of another owner, or the request with type 'unlock'
   * when none conflicts; 'set' takes or drops the lock without waiting (EAGAIN while another
   * owner holds a conflicting one). `owner`: the lock owner within this client.
   */
  lk(loc: Loc, cmd: 'get' | 'set', lock: Flock, owner: string): Flock;
}
