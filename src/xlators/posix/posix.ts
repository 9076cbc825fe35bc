// storage/posix: one brick directory behind the Xlator interface. Keeps what a GlusterFS 10.3
// brick keeps on disk: trusted.gfid on every inode, .glusterfs handles, gfid2path keys,
// trusted.glusterfs.mdata times, the AFR index, and serves inodelk/entrylk across processes.
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureDir } from '../../fsutil/ensure-dir.js';
import { nativeAddon } from '../../native/addon.js';
import { FopError, fromNodeError } from '../../libglusterfs/errors.js';
import {
  ROOT_GFID,
  type DirEntry,
  type Flock,
  type Gfid,
  type Iatt,
  type Loc,
  type LookupReply,
  type ReaddirOpts,
  type SetattrArgs,
  type Statfs,
  type Timespec,
  type XattrFlags,
  type Xdata,
  type Xlator,
} from '../types.js';
import {
  forgetSymlink,
  getAllXattrs,
  getXattr,
  getXattrOpt,
  removeXattr,
  setXattr,
  withXattrObject,
  xattrsOfFd,
  type XattrObject,
} from '../../xattr/index.js';
import * as locks from '../locks/index.js';
import { dropBrickLocks, posixLk } from '../locks/posix-locks.js';
import { crashPoint } from '../../libglusterfs/crash.js';
import { bytesToGfid, gfidToBytes, isGfid } from '../../libglusterfs/uuid.js';
import { gfid2pathEntry } from './gfid2path.js';
import {
  handleExists,
  handleLive,
  handlePath,
  linkFileHandle,
  setDirHandle,
  unlinkDirHandle,
  unlinkFileHandle,
} from './handle.js';
import { toIatt } from './iatt.js';
import { BrickIndex, isNonZero } from './indices.js';
import { GFID_TO_PATH_KEY, INODE_PATH_KEY, INODELK_COUNT_KEY, indexKindOf } from '../../libglusterfs/index-gfids.js';
import { InodeRecord } from './inode-record.js';
import { privateDirMode } from './dir-mode.js';
import { entryXattrs, needsXattrs, readXattrs, scannedEntries, statOnlyIattOf } from './entries.js';
import { nativeScandir } from './native-scandir.js';
import { MDATA_KEY, applyFopTime, applyUtimes, decodeMdata, encodeMdata, type TimeFlags } from './mdata.js';
import { checkName, checkXattrName, fileVpath, readGfid, resolveFileHandle, resolveLoc, resolvePath, type Resolved } from './resolve.js';
import { xattropAddWith } from './xattrop.js';
import { brickStatfs } from '../dht/du.js';
import { optionFlag, toBoolean } from '../../libglusterfs/cparse.js';
import { allocate, makeNode } from './nodes.js';
import { DirScope } from './beneath.js';

export interface PosixOptions {
  /** The brick directory. */
  path: string;
  /** Volume name: the index watches trusted.afr.<volname>-* (all trusted.afr.* when unset). */
  volname?: string;
  /** storage/posix's volfile options (ctime, gfid2path, update-link-count-parent, shared-brick-count); absent ones keep 10.3's defaults. */
  options?: Record<string, string>;
  /** File of the brick's inode table (mgmt/inode-tables); none: every inode is known by name. */
  inodeTable?: string;
}

const DEFAULTS: Record<string, string> = {
  ctime: 'on',
  gfid2path: 'on',
  'update-link-count-parent': 'off',
  'shared-brick-count': '1',
};


const PGFID_PREFIX = 'trusted.pgfid.';

/** Times each fop stamps on its inode / on the parent directory (GlusterFS's utime xlator). */
const T_CREATE: TimeFlags = { ctime: true, mtime: true, atime: true };
const T_CM: TimeFlags = { ctime: true, mtime: true };
const T_C: TimeFlags = { ctime: true };

function wrapFs<T>(fn: () => T, detail?: string): T {
  try {
    return fn();
  } catch (e) {
    throw fromNodeError(e, detail);
  }
}

const O_NOFOLLOW = fs.constants.O_NOFOLLOW;
/** lseek's whence values for sparse files (Linux). */
const SEEK_DATA = 3;
const SEEK_HOLE = 4;
/** Linux's O_TMPFILE (__O_TMPFILE | O_DIRECTORY); Node does not export it. */
const O_TMPFILE = 0o20000000 | fs.constants.O_DIRECTORY;
/** What an error about a resolved object names. */
const shown = (r: Resolved) => r.vpath ?? r.real;
const EMPTY = Buffer.alloc(0);
/** The brick-wide key serialising xattrop read-modify-writes (a leaf lock). */
const XATTROP_LOCK_KEY = 'tgluster.posix-xattrop';
const S_ISGID = 0o2000;
/** The keys an iatt is made from. */
const IATT_KEYS = ['trusted.gfid', MDATA_KEY];
const GFID_KEY = ['trusted.gfid'];
/** What a listing of a virtual index directory gives with each name: no inode behind it. */
const INDEX_ENTRY_IATT: Iatt = Object.freeze({
  gfid: '00000000-0000-0000-0000-000000000000', type: 'file', mode: 0, uid: 0, gid: 0, size: 0, nlink: 1, ino: 0, blocks: 0,
  atime: { sec: 0, nsec: 0 }, mtime: { sec: 0, nsec: 0 }, ctime: { sec: 0, nsec: 0 },
}) as Iatt;

export class Posix implements Xlator {
  readonly children: readonly Xlator[] = [];
  /** Real (symlink-free) path of the brick root. */
  readonly root: string;
  private readonly index: BrickIndex;
  /** What the brick's inode table knows of pending inodes (heal info names those by path). */
  private readonly inodes?: InodeRecord;
  private readonly ctime: boolean;
  private readonly gfid2path: boolean;
  private readonly pgfid: boolean;
  /** Bricks of the volume on this brick's filesystem: statfs is divided by it (glusterd computes it). */
  private readonly sharedBy: number;

  constructor(
    readonly name: string,
    _children: readonly Xlator[],
    options: PosixOptions,
  ) {
    this.root = wrapFs(() => fs.realpathSync(options.path), options.path);
    // An option the lookup does not know (undefined or '') keeps GlusterFS's default.
    const opt = (k: string) => options.options?.[k] || DEFAULTS[k];
    const flag = (k: string) => optionFlag(opt(k), toBoolean(DEFAULTS[k]) === true);
    this.ctime = flag('ctime');
    this.gfid2path = flag('gfid2path');
    this.pgfid = flag('update-link-count-parent');
    this.sharedBy = Math.max(1, Number.parseInt(opt('shared-brick-count'), 10) || 1);
    this.index = new BrickIndex(this.root, options.volname);
    this.inodes = options.inodeTable ? new InodeRecord(options.inodeTable) : undefined;
    this.brick = { path: this.root, scope: new DirScope(this.root) };
  }

  /** The brick root as resolution sees it: directories opened beneath it by the kernel. */
  private readonly brick: { path: string; scope: DirScope };

  // ---- helpers ------------------------------------------------------------------------------

  private resolve(loc: Loc): Resolved {
    return resolveLoc(this.brick, loc);
  }

  /**
   * An existing inode for a data fop or xattrop: a regular file named by gfid is reached through
   * its handle, as GlusterFS's posix does (one lstat, and the inode the caller locked even if a
   * name was renamed over it meanwhile); anything else, or a gfid with no file handle, by path.
   */
  private inode(loc: Loc): Resolved & { st: fs.Stats; gfid?: Gfid } {
    const byHandle = loc.gfid === undefined ? undefined : resolveFileHandle(this.brick, loc.gfid);
    return byHandle ? { ...byHandle, vpath: loc.path, gfid: loc.gfid } : this.existing(loc);
  }

  private existing(loc: Loc): Resolved & { st: fs.Stats } {
    const r = this.resolve(loc);
    if (!r.st) throw new FopError('ENOENT', loc.path || loc.gfid);
    return r as Resolved & { st: fs.Stats };
  }

  /** A name about to be created: must be absent, with a parent that has a gfid. */
  private newEntry(loc: Loc, xdata?: Xdata): { r: Resolved & { parentReal: string; name: string }; parent: Gfid; name: string } {
    if (!loc.path) throw new FopError('EINVAL', 'entry operation without a path');
    // The name itself is not looked at: the create, mkdir, symlink or link fails with EEXIST.
    const r = resolvePath(this.brick, loc.path, false);
    if (r.name === undefined || r.parentReal === undefined) throw new FopError('EEXIST', loc.path);
    const parent = this.gfidOf(r.parentReal);
    // A caller naming the parent by gfid means that inode (the server resolves it first): a
    // directory removed and re-made under the same path is another one (ESTALE).
    if (loc.parent !== undefined && loc.parent !== parent) throw new FopError('ESTALE', `${loc.path}: parent is not ${loc.parent}`);
    const want = xdata?.parentLayout;
    if (want !== undefined && !getXattrOpt(r.parentReal, want.key)?.equals(want.value)) {
      throw new FopError('ESTALE', `${loc.path}: the parent's layout changed`);
    }
    return { r: r as Resolved & { parentReal: string; name: string }, parent, name: r.name };
  }

  private gfidOf(real: string): Gfid {
    const g = readGfid(real);
    if (!g) throw new FopError('ESTALE', `${real}: no gfid`);
    return g;
  }

  private requestedGfid(xdata: Xdata | undefined): Gfid {
    const g = xdata?.gfidReq;
    if (typeof g !== 'string' || !isGfid(g) || g === ROOT_GFID) {
      throw new FopError('EINVAL', 'a new inode needs xdata.gfidReq');
    }
    if (handleLive(this.root, g)) throw new FopError('EEXIST', `gfid ${g} already exists`);
    return g;
  }

  private iattOf(real: string): Iatt {
    return withXattrObject(real, (x) => this.iattWith(real, x));
  }

  /** The iatt of `real`, its xattrs read through `x` (an object already open on it); `fd` stats through a descriptor. */
  private iattWith(real: string, x: XattrObject, fd?: number): Iatt {
    return this.iattFrom(real, x.getOpt('trusted.gfid'), this.ctime ? x.getOpt(MDATA_KEY) : undefined, fd);
  }

  /** iatt + all xattrs of an object, reading each xattr once. */
  private iattAndXattrs(real: string, known?: Record<string, Buffer>, st?: fs.Stats): { iatt: Iatt; xattrs: Record<string, Buffer> } {
    const xattrs = known ?? getAllXattrs(real);
    return { iatt: this.iattFrom(real, xattrs['trusted.gfid'], xattrs[MDATA_KEY], undefined, st), xattrs };
  }

  /**
   * Stats `real` (or `fd`) after its xattrs were read. With valid mdata the times come from it
   * and a plain stat does (`known`, when the caller has one: posix's lookup stats before it reads
   * the xattrs); otherwise a bigint stat gives the inode's nanosecond times.
   */
  private iattFrom(real: string, gfidRaw: Buffer | undefined, mdataRaw: Buffer | undefined, fd?: number, known?: fs.Stats): Iatt {
    const gfid = gfidRaw?.length === 16 ? bytesToGfid(gfidRaw) : undefined;
    const md = this.ctime ? decodeMdata(mdataRaw) : undefined;
    const bigint = md === undefined;
    const st = md && known ? known : wrapFs(() => (fd === undefined ? fs.lstatSync(real, { bigint }) : fs.fstatSync(fd, { bigint })), real);
    return toIatt(st, gfid, md, gfid !== undefined);
  }

  /** Stamps xdata.time into the mdata of `real` for the times `flags` names. */
  private stamp(real: string, xdata: Xdata | undefined, flags: TimeFlags): void {
    if (!this.ctime || !xdata?.time) return;
    withXattrObject(real, (x) => this.stampWith(x, xdata, flags));
  }

  /** stamp through an object already open on the inode (`fresh`: a new inode, with no mdata yet). */
  private stampWith(x: XattrObject, xdata: Xdata | undefined, flags: TimeFlags, fresh = false): void {
    const time = xdata?.time as Timespec | undefined;
    if (!this.ctime || !time) return;
    const next = applyFopTime(fresh ? undefined : decodeMdata(x.getOpt(MDATA_KEY)), time, flags);
    if (next) x.set(MDATA_KEY, encodeMdata(next));
  }

  private owner(xdata: Xdata | undefined): { uid: number; gid: number } {
    return {
      uid: typeof xdata?.uid === 'number' ? xdata.uid : process.getuid?.() ?? 0,
      gid: typeof xdata?.gid === 'number' ? xdata.gid : process.getgid?.() ?? 0,
    };
  }

  /** Records one more name (parent, name) of a non-directory: gfid2path and pgfid. */
  private addName(real: string, parent: Gfid, name: string, create: boolean, x?: XattrObject): void {
    if (!x) return withXattrObject(real, (o) => this.addName(real, parent, name, create, o));
    if (this.gfid2path) {
      const [k, v] = gfid2pathEntry(parent, name);
      x.set(k, v, create ? 'create' : 0);
    }
    if (this.pgfid) this.bumpPgfid(real, parent, 1);
  }

  private dropName(real: string, parent: Gfid, name: string): void {
    if (this.gfid2path) {
      const [k] = gfid2pathEntry(parent, name);
      if (getXattrOpt(real, k) !== undefined) removeXattr(real, k);
    }
    if (this.pgfid) this.bumpPgfid(real, parent, -1);
  }

  private bumpPgfid(real: string, parent: Gfid, delta: number): void {
    const key = PGFID_PREFIX + parent;
    const cur = getXattrOpt(real, key);
    const n = (cur?.length === 4 ? cur.readUInt32BE(0) : 0) + delta;
    if (n <= 0) {
      if (cur !== undefined) removeXattr(real, key);
      return;
    }
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n, 0);
    setXattr(real, key, b);
  }

  /**
   * Common tail of create/mkdir/symlink: ownership, gfid, handle, names, times. A new regular
   * file comes with its creation descriptor `fd`, through which all of it is done. On failure
   * the new object is removed again, so a failed fop leaves nothing behind.
   */
  private finishNew(
    r: Resolved,
    parent: Gfid,
    name: string,
    gfid: Gfid,
    xdata: Xdata | undefined,
    isDir: boolean,
    mode?: number,
    fd?: number,
    publish?: () => void,
  ): Iatt {
    const real = r.real;
    let iatt: Iatt;
    // A staged file (create with data) owns `real` only once it is published under that name.
    let mine = publish === undefined;
    try {
      let { uid, gid } = this.owner(xdata);
      // A set-group-ID parent hands down its group (and the bit, to directories), as posix does.
      // The path walk already lstat'ed the parent (a real directory) unless it is the root.
      const pst = r.parentSt ?? fs.statSync(r.parentReal!);
      if (pst.mode & S_ISGID) {
        gid = pst.gid;
        if (isDir && mode !== undefined) mode |= S_ISGID;
      }
      this.setOwnerAndMode(real, fd, uid, gid, mode);
      // One object for all the new inode's keys (the order of the writes is unchanged), and
      // for reading its iatt back.
      const write = (x: XattrObject): Iatt => {
        x.set('trusted.gfid', gfidToBytes(gfid), 'create');
        crashPoint('posix.after-gfid');
        if (isDir) setDirHandle(this.root, gfid, parent, name);
        else {
          if (mine) linkFileHandle(this.root, gfid, real);
          this.addName(real, parent, name, true, x);
        }
        if (xdata?.newXattrs) this.setNewXattrs(x, gfid, xdata.newXattrs);
        this.stampWith(x, xdata, T_CREATE, true);
        if (!mine) {
          // Named last, handle after the name (a lookup heals a missing handle, never a stray one).
          publish!();
          mine = true;
          crashPoint('posix.after-publish');
          linkFileHandle(this.root, gfid, real);
        }
        return this.iattWith(real, x, fd);
      };
      iatt = fd === undefined ? withXattrObject(real, write) : write(xattrsOfFd(fd, real));
    } catch (e) {
      if (mine) this.undoNew(real, gfid, parent, name, isDir);
      throw fromNodeError(e, r.vpath);
    }
    this.stamp(r.parentReal!, xdata, T_CM);
    return iatt;
  }

  /** xdata.newXattrs of a create or mkdir (a DHT layout, a linkto): set; a non-zero watched one is indexed as an xattrop would index it. */
  private setNewXattrs(x: XattrObject, gfid: Gfid, xattrs: Record<string, Buffer>): void {
    const watched: Record<string, Buffer> = {};
    let marked = false;
    for (const [k, v] of Object.entries(xattrs)) {
      checkXattrName(k);
      if (!Buffer.isBuffer(v)) throw new FopError('EINVAL', `new xattr ${k}: not a Buffer`);
      x.set(k, v);
      if (!this.index.watches(k)) continue;
      watched[k] = v;
      if (isNonZero(v)) marked = true;
    }
    // A new gfid has no index entry yet: only a mark needs one.
    if (marked) this.index.update(gfid, watched);
  }

  /**
   * Ownership, then the exact mode bits whatever the umask (chown clears set-id bits, so it
   * comes first). Through `fd` only what differs from what the creation gave is changed.
   */
  private setOwnerAndMode(real: string, fd: number | undefined, uid: number, gid: number, mode: number | undefined): void {
    const bits = mode === undefined ? undefined : mode & 0o7777;
    if (fd === undefined) {
      fs.lchownSync(real, uid, gid);
      if (bits !== undefined) fs.chmodSync(real, bits);
      return;
    }
    const st = fs.fstatSync(fd);
    const chown = st.uid !== uid || st.gid !== gid;
    if (chown) fs.fchownSync(fd, uid, gid);
    if (bits !== undefined && (chown || (st.mode & 0o7777) !== bits)) fs.fchmodSync(fd, bits);
  }

  private undoNew(real: string, gfid: Gfid, parent: Gfid, name: string, isDir: boolean): void {
    try {
      if (isDir) {
        unlinkDirHandle(this.root, gfid, parent, name);
        fs.rmdirSync(real);
      } else {
        unlinkFileHandle(this.root, gfid, fs.lstatSync(real).ino);
        forgetSymlink(real);
        fs.unlinkSync(real);
      }
    } catch {
      /* best effort: a later lookup heals what is left */
    }
  }

  // ---- Xlator: inode fops --------------------------------------------------------------------

  lookup(loc: Loc, xdata?: Xdata): LookupReply {
    const r = this.existing(loc);
    // The lock count is looked at before the xattrs are read and again after: a transaction
    // that set them is then seen holding its lock by one of the two looks.
    const lockDomain = typeof xdata?.inodelkCount === 'string' ? xdata.inodelkCount : undefined;
    const lockedBefore = lockDomain !== undefined && loc.gfid !== undefined && locks.isHeld(this.root, locks.inodeLockKey(loc.gfid, lockDomain));
    // All xattrs in one pass; the gfid comes from them (one read of each key).
    const xattrs = withXattrObject(r.real, (x) => {
      const all = x.all();
      const raw = all['trusted.gfid'];
      if (!(raw?.length === 16) && r.parentReal && r.name && typeof xdata?.gfidReq === 'string') {
        // A named object without a gfid (written behind GlusterFS's back): adopt the client's.
        const bytes = gfidToBytes(this.requestedGfid(xdata));
        x.set('trusted.gfid', bytes, 'create');
        all['trusted.gfid'] = bytes;
      }
      return all;
    });
    const raw = xattrs['trusted.gfid'];
    const gfid = raw?.length === 16 ? bytesToGfid(raw) : undefined;
    if (gfid && gfid !== ROOT_GFID && r.parentReal && r.name) {
      this.healHandle(r, gfid);
      // A named lookup (a nameless one, by gfid, teaches the inode table no name).
      if (this.inodes && loc.path && Object.entries(xattrs).some(([k, v]) => this.index.watches(k) && isNonZero(v))) this.inodes.remember(gfid);
    }
    // A nameless lookup changed nothing since its stat (a named one may have linked the handle).
    const reply = this.iattAndXattrs(r.real, xattrs, loc.path ? undefined : r.st);
    const vpath = xdata?.inodePath && gfid ? this.inodePathOf(r, gfid, xattrs) : undefined;
    const extra: Record<string, Buffer> = {};
    if (vpath !== undefined) extra[INODE_PATH_KEY] = Buffer.from(vpath);
    if (lockDomain !== undefined && gfid) {
      extra[INODELK_COUNT_KEY] = Buffer.from(lockedBefore || locks.isHeld(this.root, locks.inodeLockKey(gfid, lockDomain)) ? '1' : '0');
    }
    return Object.keys(extra).length ? { ...reply, xattrs: { ...xattrs, ...extra } } : reply;
  }

  /** The inode's path in this brick's inode table: none for an inode it never met by name. */
  private inodePathOf(r: Resolved & { st: fs.Stats }, gfid: Gfid, xattrs?: Record<string, Buffer>): string | undefined {
    if (gfid !== ROOT_GFID && this.inodes && !this.inodes.knows(gfid)) return undefined;
    return r.vpath ?? fileVpath(this.brick, r.real, r.st, xattrs);
  }

  /** A fresh named lookup recreates a missing or outdated handle, as posix does. */
  private healHandle(r: Resolved & { st: fs.Stats }, gfid: Gfid): void {
    if (r.st.isDirectory()) {
      const parent = readGfid(r.parentReal!);
      if (parent) setDirHandle(this.root, gfid, parent, r.name!);
    } else if (!handleExists(this.root, gfid)) {
      linkFileHandle(this.root, gfid, r.real);
    }
  }

  stat(loc: Loc): Iatt {
    return this.iattOf(this.existing(loc).real);
  }

  statfs(loc: Loc): Statfs {
    const r = this.existing(loc);
    // Several bricks of a volume on one filesystem each report their share, so df counts it once.
    return wrapFs(() => brickStatfs(r.real, this.sharedBy), r.vpath);
  }

  mkdir(loc: Loc, mode: number, xdata?: Xdata): Iatt {
    const { r, parent, name } = this.newEntry(loc, xdata);
    const gfid = this.requestedGfid(xdata);
    wrapFs(() => fs.mkdirSync(r.real, 0o700), loc.path);
    return this.finishNew(r, parent, name, gfid, xdata, true, mode);
  }

  create(loc: Loc, mode: number, xdata?: Xdata): Iatt {
    const g = xdata?.gfidReq;
    if (xdata?.internalFop && typeof g === 'string' && isGfid(g) && resolveFileHandle(this.brick, g)) return this.link({ path: '', gfid: g }, loc, xdata);
    const { r, parent, name } = this.newEntry(loc, xdata);
    const gfid = this.requestedGfid(xdata);
    const data = xdata?.initialData;
    // A file born with data or xattrs is made whole before it is named (see createStaged).
    if (data !== undefined || xdata?.newXattrs !== undefined) {
      if (data !== undefined && !Buffer.isBuffer(data)) throw new FopError('EINVAL', 'xdata.initialData');
      return this.createStaged(r, parent, name, gfid, mode, data ?? EMPTY, xdata);
    }
    const flags = fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY | O_NOFOLLOW;
    // Created with the permission bits asked for, so that usually (umask allowing) no chmod follows.
    const fd = wrapFs(() => fs.openSync(r.real, flags, mode & 0o777), loc.path);
    try {
      return this.finishNew(r, parent, name, gfid, xdata, false, mode, fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  /**
   * create with its first bytes (xdata.initialData) or xattrs (xdata.newXattrs, e.g. a DHT
   * linkto file's): the file is written and given its xattrs while it has no name, then linked
   * in. With the native addon the unnamed stage is an O_TMPFILE file (a crash leaves nothing);
   * elsewhere it is a name in .glusterfs/unlink, the directory GlusterFS keeps for inodes without
   * a name and empties when a brick starts (volume start does: emptyUnlinkDir).
   */
  private createStaged(
    r: Resolved & { parentReal: string; name: string },
    parent: Gfid,
    name: string,
    gfid: Gfid,
    mode: number,
    data: Buffer,
    xdata: Xdata | undefined,
  ): Iatt {
    const staged = this.stage(r.parentReal, mode);
    try {
      let done = 0;
      while (done < data.length) done += wrapFs(() => fs.writeSync(staged.fd, data, done, data.length - done, done), shown(r));
      const publish = () =>
        wrapFs(() => {
          if (staged.tmp === undefined) return nativeAddon()!.linkFd(staged.fd, r.real);
          fs.linkSync(staged.tmp, r.real);
          fs.unlinkSync(staged.tmp);
        }, shown(r));
      return this.finishNew(r, parent, name, gfid, xdata, false, mode, staged.fd, publish);
    } finally {
      fs.closeSync(staged.fd);
      if (staged.tmp !== undefined) fs.rmSync(staged.tmp, { force: true });
    }
  }

  /** An unnamed file to stage a create in: O_TMPFILE in `dir` when it can be linked in later, else a .glusterfs/unlink name. */
  private stage(dir: string, mode: number): { fd: number; tmp?: string } {
    if (nativeAddon() && process.env.TGLUSTER_NATIVE_LINK !== '0') {
      try {
        return { fd: fs.openSync(dir, O_TMPFILE | fs.constants.O_WRONLY, mode & 0o777) };
      } catch (e) {
        // A file system without O_TMPFILE says so in one of these ways.
        const code = (e as NodeJS.ErrnoException).code ?? '';
        if (!['EOPNOTSUPP', 'ENOTSUP', 'EISDIR', 'EINVAL'].includes(code)) throw fromNodeError(e, dir);
      }
    }
    const unlinkDir = path.join(this.root, '.glusterfs', 'unlink');
    const tmp = path.join(unlinkDir, `tgluster-create-${randomUUID()}`);
    const flags = fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY | O_NOFOLLOW;
    for (let attempt = 0; ; attempt++) {
      try {
        return { fd: fs.openSync(tmp, flags, mode & 0o777), tmp };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || attempt > 0) throw fromNodeError(e, tmp);
        ensureDir(unlinkDir, privateDirMode());
      }
    }
  }

  mknod(loc: Loc, mode: number, rdev: number, xdata?: Xdata): Iatt {
    const { r, parent, name } = this.newEntry(loc, xdata);
    const gfid = this.requestedGfid(xdata);
    wrapFs(() => makeNode(r.real, mode, rdev), loc.path);
    return this.finishNew(r, parent, name, gfid, xdata, false, mode & 0o7777);
  }

  symlink(target: string, loc: Loc, xdata?: Xdata): Iatt {
    if (typeof target !== 'string' || target === '' || target.includes('\0')) throw new FopError('EINVAL', 'symlink target');
    const { r, parent, name } = this.newEntry(loc, xdata);
    const gfid = this.requestedGfid(xdata);
    wrapFs(() => fs.symlinkSync(target, r.real), loc.path);
    return this.finishNew(r, parent, name, gfid, xdata, false);
  }

  link(oldLoc: Loc, newLoc: Loc, xdata?: Xdata): Iatt {
    const o = this.existing(oldLoc);
    if (o.st.isDirectory()) throw new FopError('EPERM', oldLoc.path);
    const gfid = this.gfidOf(o.real);
    const { r, parent, name } = this.newEntry(newLoc, xdata);
    wrapFs(() => fs.linkSync(o.real, r.real), newLoc.path);
    try {
      this.addName(r.real, parent, name, false);
    } catch (e) {
      fs.rmSync(r.real, { force: true });
      throw fromNodeError(e, newLoc.path);
    }
    if (!handleExists(this.root, gfid)) linkFileHandle(this.root, gfid, r.real);
    this.stamp(r.real, xdata, T_C);
    this.stamp(r.parentReal!, xdata, T_CM);
    return this.iattOf(r.real);
  }

  unlink(loc: Loc, xdata?: Xdata): void {
    const kind = loc.path ? undefined : indexKindOf(loc.parent);
    if (kind) return this.index.purge(kind, loc.name ?? '');
    const r = this.existing(loc);
    if (!r.parentReal || !r.name) throw new FopError('EINVAL', 'unlink needs a named loc');
    if (r.st.isDirectory()) throw new FopError('EISDIR', loc.path);
    const parent = this.gfidOf(r.parentReal);
    this.removeNonDir(r.real, r.st, parent, r.name, xdata);
    this.stamp(r.parentReal, xdata, T_CM);
  }

  /** Removes one name of a non-directory; the last name takes the handle and index entries along. */
  private removeNonDir(real: string, st: fs.Stats, parent: Gfid, name: string, xdata: Xdata | undefined): void {
    const gfid = readGfid(real);
    if (this.otherNames(st, gfid) > 0) {
      this.dropName(real, parent, name);
      // Another name of the inode carries on; its ctime moves.
      this.stamp(real, xdata, T_C);
      wrapFs(() => fs.unlinkSync(real), real);
      return;
    }
    if (gfid) {
      unlinkFileHandle(this.root, gfid, st.ino);
      this.index.forget(gfid);
    }
    forgetSymlink(real);
    wrapFs(() => fs.unlinkSync(real), real);
  }

  /** Names of a non-directory besides the one at hand (the handle is not a name). */
  private otherNames(st: fs.Stats, gfid: Gfid | undefined): number {
    const handle = gfid !== undefined && handleExists(this.root, gfid) ? 1 : 0;
    return st.nlink - handle - 1;
  }

  rmdir(loc: Loc, xdata?: Xdata): void {
    const r = this.existing(loc);
    if (!r.parentReal || !r.name) throw new FopError('EBUSY', 'cannot remove the brick root');
    if (!r.st.isDirectory()) throw new FopError('ENOTDIR', loc.path);
    const gfid = readGfid(r.real);
    const parent = this.gfidOf(r.parentReal);
    wrapFs(() => fs.rmdirSync(r.real), loc.path);
    if (gfid) {
      unlinkDirHandle(this.root, gfid, parent, r.name);
      this.index.forget(gfid);
    }
    this.stamp(r.parentReal, xdata, T_CM);
  }

  rename(oldLoc: Loc, newLoc: Loc, xdata?: Xdata): void {
    const o = this.existing(oldLoc);
    if (!o.parentReal || !o.name || !newLoc.path) throw new FopError('EINVAL', 'rename needs named locs');
    const n = resolvePath(this.brick, newLoc.path);
    if (!n.parentReal || !n.name) throw new FopError('EBUSY', 'cannot replace the brick root');
    const oldParent = this.gfidOf(o.parentReal);
    const newParent = this.gfidOf(n.parentReal);
    const gfid = readGfid(o.real);
    const isDir = o.st.isDirectory();
    const victim = n.st;
    if (victim && victim.ino === o.st.ino && victim.dev === o.st.dev) return; // rename(2): same inode, no-op
    const victimGfid = victim ? readGfid(n.real) : undefined;
    // The replaced file loses this name: its gfid2path key goes (its handle too if it was the last).
    const victimOthers = victim && !victim.isDirectory() ? this.otherNames(victim, victimGfid) : 0;
    wrapFs(() => fs.renameSync(o.real, n.real), `${oldLoc.path} -> ${newLoc.path}`);
    crashPoint('posix.after-rename');
    if (victim && victimGfid) this.releaseVictim(victim, victimGfid, victimOthers, newParent, n.name);
    if (gfid && isDir) setDirHandle(this.root, gfid, newParent, n.name);
    else if (gfid) {
      this.dropName(n.real, oldParent, o.name);
      this.addName(n.real, newParent, n.name, false);
    }
    this.stamp(n.real, xdata, T_C);
    this.stamp(o.parentReal, xdata, T_CM);
    if (n.parentReal !== o.parentReal) this.stamp(n.parentReal, xdata, T_CM);
  }

  /** Handle/index/name bookkeeping for the inode a rename replaced (it is reachable by its handle only). */
  private releaseVictim(st: fs.Stats, gfid: Gfid, otherNames: number, parent: Gfid, name: string): void {
    if (st.isDirectory()) {
      unlinkDirHandle(this.root, gfid, parent, name);
      this.index.forget(gfid);
      return;
    }
    const h = handlePath(this.root, gfid);
    if (otherNames > 0) {
      this.dropName(h, parent, name);
      return;
    }
    try {
      forgetSymlink(h);
    } catch {
      /* no handle left */
    }
    unlinkFileHandle(this.root, gfid, st.ino);
    this.index.forget(gfid);
  }

  readlink(loc: Loc): string {
    const r = this.existing(loc);
    if (!r.st.isSymbolicLink()) throw new FopError('EINVAL', loc.path);
    return wrapFs(() => fs.readlinkSync(r.real), loc.path);
  }

  /** Opens a regular file for I/O; never follows a symlink, never blocks on a fifo. */
  private openRegular(loc: Loc, flags: number): { fd: number; r: Resolved & { st: fs.Stats } } {
    const r = this.inode(loc);
    if (r.st.isDirectory()) throw new FopError('EISDIR', loc.path);
    if (!r.st.isFile()) throw new FopError('EINVAL', `${loc.path}: not a regular file`);
    const fd = wrapFs(() => fs.openSync(r.real, flags | O_NOFOLLOW | fs.constants.O_NONBLOCK), loc.path);
    return { fd, r };
  }

  readv(loc: Loc, offset: number, size: number): Buffer {
    if (!(offset >= 0) || !(size >= 0)) throw new FopError('EINVAL', 'negative offset or size');
    const { fd } = this.openRegular(loc, fs.constants.O_RDONLY);
    try {
      const buf = Buffer.alloc(size);
      let got = 0;
      while (got < size) {
        const n = fs.readSync(fd, buf, got, size - got, offset + got);
        if (n === 0) break;
        got += n;
      }
      return got === size ? buf : buf.subarray(0, got);
    } finally {
      fs.closeSync(fd);
    }
  }

  seek(loc: Loc, offset: number, what: 'data' | 'hole'): number {
    if (!(offset >= 0)) throw new FopError('EINVAL', 'negative offset');
    const { fd } = this.openRegular(loc, fs.constants.O_RDONLY);
    try {
      const native = nativeAddon();
      if (!native?.seek) {
        // Without the addon a file is one stretch of data (what lseek answers on a file system
        // without holes).
        const size = fs.fstatSync(fd).size;
        if (offset >= size) throw new FopError('ENXIO', loc.path);
        return what === 'data' ? offset : size;
      }
      return wrapFs(() => native.seek!(fd, offset, what === 'data' ? SEEK_DATA : SEEK_HOLE), loc.path);
    } finally {
      fs.closeSync(fd);
    }
  }

  writev(loc: Loc, offset: number, data: Buffer, xdata?: Xdata): Iatt {
    if (!(offset >= 0)) throw new FopError('EINVAL', 'negative offset');
    const { fd, r } = this.openRegular(loc, fs.constants.O_WRONLY);
    try {
      let done = 0;
      while (done < data.length) done += wrapFs(() => fs.writeSync(fd, data, done, data.length - done, offset + done), loc.path);
      return this.stampAndStat(fd, r.real, xdata, T_CM);
    } finally {
      fs.closeSync(fd);
    }
  }

  /** The tail of a data fop: stamp the times, return the iatt, through the fop's own descriptor. */
  private stampAndStat(fd: number, real: string, xdata: Xdata | undefined, flags: TimeFlags): Iatt {
    const x = xattrsOfFd(fd, real);
    this.stampWith(x, xdata, flags);
    return this.iattWith(real, x, fd);
  }

  truncate(loc: Loc, size: number, xdata?: Xdata): Iatt {
    if (!(size >= 0)) throw new FopError('EINVAL', 'negative size');
    const { fd, r } = this.openRegular(loc, fs.constants.O_WRONLY);
    try {
      wrapFs(() => fs.ftruncateSync(fd, size), loc.path);
      return this.stampAndStat(fd, r.real, xdata, T_CM);
    } finally {
      fs.closeSync(fd);
    }
  }

  fallocate(loc: Loc, mode: number, offset: number, length: number, xdata?: Xdata): Iatt {
    if (!(offset >= 0) || !(length > 0)) throw new FopError('EINVAL', 'fallocate range');
    const { fd, r } = this.openRegular(loc, fs.constants.O_WRONLY);
    try {
      wrapFs(() => allocate(fd, mode, offset, length), loc.path);
      return this.stampAndStat(fd, r.real, xdata, T_CM);
    } finally {
      fs.closeSync(fd);
    }
  }

  fsync(loc: Loc): void {
    const { fd } = this.openRegular(loc, fs.constants.O_RDONLY);
    try {
      wrapFs(() => fs.fsyncSync(fd), loc.path);
    } finally {
      fs.closeSync(fd);
    }
  }

  readdir(loc: Loc, opts?: ReaddirOpts): DirEntry[] {
    const kind = loc.path ? undefined : indexKindOf(loc.gfid);
    if (kind) return this.index.list(kind, loc.name).map((name) => ({ name, iatt: INDEX_ENTRY_IATT }));
    const r = this.existing(loc);
    if (!r.st.isDirectory()) throw new FopError('ENOTDIR', loc.path);
    const atRoot = r.real === this.root;
    const scan = opts?.statOnly ? nativeScandir() : undefined;
    if (scan) {
      const listing = wrapFs(() => (opts!.modeOnly ? scan(r.real, true) : scan(r.real)), loc.path);
      return scannedEntries(listing, r.real, opts!, atRoot ? '.glusterfs' : undefined);
    }
    const out: DirEntry[] = [];
    for (const name of wrapFs(() => fs.readdirSync(r.real), loc.path).sort()) {
      if (atRoot && name === '.glusterfs') continue;
      const p = `${r.real}/${name}`;
      try {
        out.push(this.dirEntry(name, p, opts));
      } catch (e) {
        // Removed by another process while we listed: it is simply no longer there.
        if (e instanceof FopError && e.code === 'ENOENT') continue;
        throw e;
      }
    }
    return out;
  }

  /** One readdirp entry with what `opts` asks for (no opts: full iatt and every xattr). */
  private dirEntry(name: string, p: string, opts: ReaddirOpts | undefined): DirEntry {
    if (!opts) return { name, ...this.iattAndXattrs(p) };
    if (opts.statOnly) {
      const iatt = statOnlyIattOf(p, opts);
      return { name, iatt, xattrs: entryXattrs(p, opts, iatt.mode) };
    }
    // gfid, mdata and the requested keys through one descriptor.
    return withXattrObject(p, (x) => {
      const { iatt } = this.iattAndXattrs(p, readXattrs(x, this.ctime ? IATT_KEYS : GFID_KEY));
      return { name, iatt, xattrs: needsXattrs(opts, iatt.mode) ? readXattrs(x, opts.xattrs) : undefined };
    });
  }

  setattr(loc: Loc, attrs: SetattrArgs, xdata?: Xdata): Iatt {
    const r = this.existing(loc);
    const link = r.st.isSymbolicLink();
    if (attrs.uid !== undefined || attrs.gid !== undefined) {
      wrapFs(() => fs.lchownSync(r.real, attrs.uid ?? -1, attrs.gid ?? -1), loc.path);
    }
    // Linux has no lchmod: a symlink's mode is fixed (GlusterFS skips it too).
    if (attrs.mode !== undefined && !link) wrapFs(() => fs.chmodSync(r.real, attrs.mode! & 0o7777), loc.path);
    if (attrs.atime || attrs.mtime) {
      const cur = wrapFs(() => fs.lstatSync(r.real, { bigint: true }), loc.path);
      const exact = (t: Timespec | undefined, fallbackNs: bigint): Timespec =>
        t ?? { sec: Number(fallbackNs / 1_000_000_000n), nsec: Number(fallbackNs % 1_000_000_000n) };
      const a = exact(attrs.atime, cur.atimeNs);
      const m = exact(attrs.mtime, cur.mtimeNs);
      const utimens = nativeAddon()?.utimens;
      // To the nanosecond with the addon (Node's utimes keeps about a microsecond).
      if (utimens) wrapFs(() => utimens(r.real, a.sec, a.nsec, m.sec, m.nsec), loc.path);
      else {
        const [as, ms] = [a.sec + a.nsec / 1e9, m.sec + m.nsec / 1e9];
        wrapFs(() => (link ? fs.lutimesSync(r.real, as, ms) : fs.utimesSync(r.real, as, ms)), loc.path);
      }
      const time = xdata?.time as Timespec | undefined;
      if (this.ctime && time) {
        const next = applyUtimes(decodeMdata(getXattrOpt(r.real, MDATA_KEY)), time, attrs.atime, attrs.mtime);
        if (next) setXattr(r.real, MDATA_KEY, encodeMdata(next));
      }
    }
    if (attrs.mode !== undefined || attrs.uid !== undefined || attrs.gid !== undefined) this.stamp(r.real, xdata, T_C);
    return this.iattOf(r.real);
  }

  getxattr(loc: Loc, name?: string): Record<string, Buffer> {
    // The inode table knows no name of it: nothing to resolve.
    if (name === INODE_PATH_KEY && loc.gfid && this.inodes && !this.inodes.knows(loc.gfid)) throw new FopError('ENODATA', name);
    const r = this.existing(loc);
    if (name === undefined) return getAllXattrs(r.real);
    if (name === GFID_TO_PATH_KEY || name === INODE_PATH_KEY) {
      const vpath = r.vpath ?? fileVpath(this.brick, r.real, r.st);
      if (vpath === undefined) throw new FopError('ENODATA', name);
      return { [name]: Buffer.from(vpath) };
    }
    return { [name]: getXattr(r.real, name) };
  }

  setxattr(loc: Loc, xattrs: Record<string, Buffer>, flags: XattrFlags = 0, xdata?: Xdata): void {
    const r = this.existing(loc);
    for (const [k, v] of Object.entries(xattrs)) {
      checkXattrName(k);
      setXattr(r.real, k, v, flags);
    }
    if (!(MDATA_KEY in xattrs)) this.stamp(r.real, xdata, T_C);
  }

  removexattr(loc: Loc, name: string, xdata?: Xdata): void {
    const r = this.existing(loc);
    removeXattr(r.real, name);
    this.stamp(r.real, xdata, T_C);
  }

  xattrop(loc: Loc, xattrs: Record<string, Buffer>, xdata?: Xdata): Record<string, Buffer> {
    const r = this.inode(loc);
    return withXattrObject(r.real, (x) => {
      let gfid = r.gfid;
      if (gfid === undefined) {
        const raw = x.getOpt('trusted.gfid');
        if (raw?.length !== 16) throw new FopError('ESTALE', `${r.real}: no gfid`);
        gfid = bytesToGfid(raw);
      }
      const entryName = xdata?.entryName;
      if (entryName !== undefined) {
        if (typeof entryName !== 'string') throw new FopError('EINVAL', 'xdata.entryName');
        checkName(entryName); // it becomes a file name inside indices/entry-changes
      }
      // Read-modify-write of the counters must not interleave with another process's. One key
      // per brick: nothing is locked while it is held, so it cannot take part in a deadlock.
      const key = XATTROP_LOCK_KEY;
      locks.acquire(this.root, key);
      try {
        // One listing tells which keys exist: absent ones are not read, and the index needs
        // only the watched keys this call did not already compute.
        const names = new Set(x.list());
        const out = xattropAddWith(x, xattrs, names);
        const watched: Record<string, Buffer> = {};
        for (const n of names) {
          if (n in out || !this.index.watches(n)) continue;
          const v = x.getOpt(n);
          if (v !== undefined) watched[n] = v;
        }
        // The index looks at the keys the inode has now and at every key of the request, whose
        // value after the addition it knows (zeros for an absent key left absent), as the index
        // translator does: an all-zero xattrop drops a stale entry.
        for (const [k, v] of Object.entries(out)) watched[k] = v;
        this.index.update(gfid, watched);
        // The fop that made it pending reached the inode through this brick: it knows the name.
        if (this.inodes && Object.entries(watched).some(([k, v]) => this.index.isPendingKey(k) && isNonZero(v))) this.inodes.remember(gfid);
        if (typeof entryName === 'string') {
          if (xdata?.entryDelete) this.index.removeEntry(gfid, entryName);
          else this.index.addEntry(gfid, entryName);
        }
        return out;
      } finally {
        locks.release(this.root, key);
      }
    });
  }

  // ---- locks ---------------------------------------------------------------------------------

  inodelk(loc: Loc, domain: string, cmd: 'lock' | 'unlock'): void {
    this.lockCmd(locks.inodeLockKey(this.lockGfid(loc, false, cmd), domain), cmd);
  }

  entrylk(loc: Loc, domain: string, _basename: string | undefined, cmd: 'lock' | 'unlock'): void {
    this.lockCmd(locks.entryLockKey(this.lockGfid(loc, true, cmd), domain), cmd);
  }

  /**
   * The caller's gfid when it gives one (so an unlock works after the inode is gone), else the
   * brick's. A lock on an inode this brick does not have fails (ENOENT), as a brick's server
   * fails to resolve it: a copy that missed a directory takes no part in its entry operations.
   */
  private lockGfid(loc: Loc, dir: boolean, cmd: 'lock' | 'unlock'): Gfid {
    if (loc.gfid) {
      if (!isGfid(loc.gfid)) throw new FopError('EINVAL', `bad gfid ${JSON.stringify(loc.gfid)}`);
      if (cmd === 'lock' && !fs.lstatSync(handlePath(this.root, loc.gfid), { throwIfNoEntry: false })) throw new FopError('ENOENT', loc.path || loc.gfid);
      return loc.gfid;
    }
    const r = this.existing(loc);
    if (dir && !r.st.isDirectory()) throw new FopError('ENOTDIR', loc.path);
    return this.gfidOf(r.real);
  }

  lk(loc: Loc, cmd: 'get' | 'set', lock: Flock, owner: string): Flock {
    const gfid = this.lockGfid(loc, false, cmd === 'set' && lock.type === 'unlock' ? 'unlock' : 'lock');
    return posixLk(this.root, gfid, handlePath(this.root, gfid), cmd, lock, owner);
  }

  /** Its client lost the connection: the record locks it held here go (server_connection_cleanup). */
  disconnected(): void {
    dropBrickLocks(this.root);
  }

  private lockCmd(key: string, cmd: 'lock' | 'unlock'): void {
    if (cmd === 'lock') locks.acquire(this.root, key);
    else if (cmd === 'unlock') locks.release(this.root, key);
    else throw new FopError('EINVAL', `lock command ${String(cmd)}`);
  }
}

/** Every fop runs in its brick's directory scope (beneath.ts): what it opened is closed after it. */
const FOPS = [
  'lookup', 'stat', 'statfs', 'mkdir', 'create', 'symlink', 'mknod', 'link', 'unlink', 'rmdir', 'rename',
  'readlink', 'readv', 'writev', 'truncate', 'fallocate', 'fsync', 'seek', 'readdir', 'setattr', 'getxattr',
  'setxattr', 'removexattr', 'xattrop', 'inodelk', 'entrylk', 'lk',
] as const satisfies ReadonlyArray<keyof Xlator>;
for (const fop of FOPS) {
  const impl = Posix.prototype[fop] as (...args: unknown[]) => unknown;
  (Posix.prototype as unknown as Record<string, unknown>)[fop] = function (this: Posix, ...args: unknown[]) {
    return (this as unknown as { brick: { scope: DirScope } }).brick.scope.run(() => impl.apply(this, args));
  };
}
