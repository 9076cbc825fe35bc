// features/gfid-access, which glusterfsd puts on top of a client's graph for --aux-gfid-mount
// (its name there: gfid-access-autoload): a virtual directory `/.gfid` in which every inode of
// the volume is found by its gfid, `/.gfid/<gfid>` and, below a directory, `/.gfid/<gfid>/<name>`.
// GlusterFS's fops carry the inode and it looks the gfid up namelessly; tgluster's carry a path,
// so this translator asks the volume where the gfid lives (glusterfs.gfidtopath, answered from
// the gfid handle or trusted.gfid2path) and sends the fop to that path.
//
// As 10.3 behaves (gfid-access.c): `/.gfid` has the root's attributes with gfid ...000d and inode
// 13; it cannot be listed, changed or made (ENOTSUP); no name can be made or removed directly
// in it (EPERM); a name in it that is not a canonical gfid, or a gfid the volume lacks (or only
// a subvolume that is down holds), is ENOENT.
// A directory found by gfid is a virtual inode of its own (another gfid, which the mount keeps
// apart from the directory's real name) that cannot be listed (ENOTSUP), while what lies below it
// can; a file found by gfid is the file itself.
import { randomUUID } from 'node:crypto';
import { FopError } from '../../libglusterfs/errors.js';
import { attempt } from '../outcome.js';
import { GFID_TO_PATH_KEY } from '../../libglusterfs/index-gfids.js';
import { gfidIno, isGfid } from '../../libglusterfs/uuid.js';
import { ROOT_GFID } from '../types.js';
import type {
  DirEntry,
  Flock,
  Gfid,
  Iatt,
  Loc,
  LookupReply,
  ReaddirOpts,
  SetattrArgs,
  Statfs,
  XattrFlags,
  Xdata,
  Xlator,
} from '../types.js';

export const GFID_DIR = '.gfid';
/** GF_AUX_GFID: the virtual directory's gfid ends in 0x0d. */
export const AUX_GFID: Gfid = '00000000-0000-0000-0000-00000000000d';
const GFID_DIR_PATH = `/${GFID_DIR}`;

/** Where a loc points, seen from this translator. */
type Place =
  | { kind: 'gfid-dir' }
  /** `/.gfid/<name>` itself (`rest` empty) or a path below it. */
  | { kind: 'by-gfid'; name: string; rest: string }
  | { kind: 'plain' };

function placeOf(loc: Loc): Place {
  if (loc.gfid === AUX_GFID || loc.path === GFID_DIR_PATH) return { kind: 'gfid-dir' };
  if (!loc.path.startsWith(`${GFID_DIR_PATH}/`)) return { kind: 'plain' };
  const tail = loc.path.slice(GFID_DIR_PATH.length + 1);
  const slash = tail.indexOf('/');
  return slash < 0 ? { kind: 'by-gfid', name: tail, rest: '' } : { kind: 'by-gfid', name: tail.slice(0, slash), rest: tail.slice(slash) };
}

/**
 * What one client's gfid-access remembers (10.3 keeps it in the inode table): the virtual
 * directory inodes it handed out, both ways, and the root's last attributes, which `/.gfid`
 * shows. It outlives a graph switch (a `volume set`, an add-brick), as the client's inodes do.
 */
export class GfidAccessState {
  readonly virtualOf = new Map<Gfid, Gfid>();
  readonly realOf = new Map<Gfid, Gfid>();
  rootIatt?: Iatt;
}

export class GfidAccess implements Xlator {
  readonly children: readonly Xlator[];
  private readonly state: GfidAccessState;

  constructor(
    readonly name: string,
    children: readonly Xlator[],
    options: { state?: GfidAccessState } = {},
  ) {
    if (children.length !== 1) throw new FopError('EINVAL', `${name}: gfid-access takes one subvolume`);
    this.children = children;
    this.state = options.state ?? new GfidAccessState();
  }

  private get child(): Xlator {
    return this.children[0];
  }

  /** The volume path of a gfid (ENOENT when the volume has no such inode). */
  private pathOf(name: string): string {
    // gf_uuid_parse takes either case; the gfid is kept in lower case everywhere here.
    const gfid = name.toLowerCase();
    if (!isGfid(gfid)) throw new FopError('ENOENT', `${GFID_DIR_PATH}/${name}`);
    if (gfid === ROOT_GFID) return '/';
    try {
      return this.child.getxattr({ path: '', gfid }, GFID_TO_PATH_KEY)[GFID_TO_PATH_KEY].toString('utf8').replace(/\0+$/, '');
    } catch (e) {
      // a nameless lookup of a gfid the volume lacks answers ESTALE, made ENOENT for the virtual name
      if (e instanceof FopError && (e.code === 'ESTALE' || e.code === 'ENODATA')) throw new FopError('ENOENT', `${GFID_DIR_PATH}/${name}`);
      throw e;
    }
  }

  private realGfid(g: Gfid | undefined): Gfid | undefined {
    return g === undefined ? undefined : (this.state.realOf.get(g) ?? g);
  }

  /**
   * The loc the volume knows: a path through `/.gfid` becomes the inode's own path. What is
   * reached by gfid is named by that gfid, whatever inode the caller holds for it: `/.gfid/<g>`
   * is inode g, and g the parent of a name right below it.
   */
  realLoc(loc: Loc): Loc {
    const at = placeOf(loc);
    if (at.kind === 'gfid-dir') throw new FopError('ENOTSUP', loc.path || GFID_DIR_PATH);
    if (at.kind === 'plain') return loc;
    const gfid = at.name.toLowerCase();
    const base = this.pathOf(at.name);
    if (!at.rest) return { path: base, gfid };
    const out: Loc = { path: base === '/' ? at.rest : base + at.rest, gfid: this.realGfid(loc.gfid) };
    if (loc.name !== undefined) {
      out.name = loc.name;
      out.parent = at.rest.lastIndexOf('/') === 0 ? gfid : this.realGfid(loc.parent);
    }
    return out;
  }

  /**
   * An entry fop's new or removed name (GFID_ACCESS_ENTRY_OP_CHECK). `making`: a new inode
   * (mkdir, create, symlink, mknod), which 10.3 winds with the virtual directory as its parent,
   * a gfid no brick has (ESTALE); removals and links reach the real directory.
   */
  private entry(loc: Loc, making = false): Loc {
    const at = placeOf({ path: loc.path });
    if (at.kind === 'gfid-dir') throw new FopError('ENOTSUP', loc.path);
    if (at.kind === 'by-gfid' && !at.rest) {
      // an inode that is there is one a mount would open after its lookup (api callers create first)
      const found = making ? attempt(() => this.pathOf(at.name)) : undefined;
      if (found && !found.ok && found.error.code !== 'ENOENT') throw found.error;
      if (found?.ok) throw new FopError('EEXIST', loc.path);
      throw new FopError('EPERM', loc.path);
    }
    if (making && at.kind === 'by-gfid' && at.rest.lastIndexOf('/') === 0) throw new FopError('ESTALE', loc.path);
    return this.realLoc(loc);
  }

  /**
   * `/.gfid`'s attributes: the root's, with its own gfid and inode number; the root's last
   * known ones when it cannot be reached now (10.3 answers from the root stat it keeps).
   */
  private gfidDirIatt(): Iatt {
    try {
      this.state.rootIatt = this.child.stat({ path: '/', gfid: ROOT_GFID });
    } catch (e) {
      if (!this.state.rootIatt) throw e;
    }
    return { ...this.state.rootIatt, gfid: AUX_GFID, ino: gfidIno(AUX_GFID) };
  }

  /** The virtual inode a directory found by gfid gets (the same one for as long as this client lives). */
  private virtualDir(real: Gfid): Gfid {
    let v = this.state.virtualOf.get(real);
    if (!v) {
      v = randomUUID();
      this.state.virtualOf.set(real, v);
      this.state.realOf.set(v, real);
    }
    return v;
  }

  /** A directory reached as `/.gfid/<g>` shows its virtual inode. */
  private asReached(loc: Loc, iatt: Iatt): Iatt {
    const at = placeOf(loc);
    if (at.kind !== 'by-gfid' || at.rest || iatt.type !== 'dir') return iatt;
    const v = this.virtualDir(iatt.gfid);
    return { ...iatt, gfid: v, ino: gfidIno(v) };
  }

  lookup(loc: Loc, xdata?: Xdata): LookupReply {
    const at = placeOf(loc);
    if (at.kind === 'gfid-dir') return { iatt: this.gfidDirIatt(), xattrs: {} };
    if (at.kind === 'plain' || at.rest) return this.child.lookup(this.realLoc(loc), xdata);
    // a virtual entry never gets a gfid assigned: the gfid-req goes
    const { gfidReq: _, ...rest } = xdata ?? {};
    const reply = this.child.lookup(this.realLoc(loc), rest);
    return { ...reply, iatt: this.asReached(loc, reply.iatt) };
  }

  stat(loc: Loc): Iatt {
    if (placeOf(loc).kind === 'gfid-dir') return this.gfidDirIatt();
    return this.asReached(loc, this.child.stat(this.realLoc(loc)));
  }

  statfs(loc: Loc): Statfs {
    return this.child.statfs(placeOf(loc).kind === 'gfid-dir' ? { path: '/', gfid: ROOT_GFID } : this.realLoc(loc));
  }

  readdir(loc: Loc, opts?: ReaddirOpts): DirEntry[] {
    // ga_opendir: neither `/.gfid` nor a directory reached as `/.gfid/<g>` can be listed
    const at = placeOf(loc);
    if (at.kind === 'gfid-dir' || (at.kind === 'by-gfid' && !at.rest)) throw new FopError('ENOTSUP', loc.path);
    return this.child.readdir(this.realLoc(loc), opts);
  }

  mkdir(loc: Loc, mode: number, xdata?: Xdata): Iatt {
    return this.child.mkdir(this.entry(loc, true), mode, xdata);
  }

  create(loc: Loc, mode: number, xdata?: Xdata): Iatt {
    return this.child.create(this.entry(loc, true), mode, xdata);
  }

  symlink(target: string, loc: Loc, xdata?: Xdata): Iatt {
    return this.child.symlink(target, this.entry(loc, true), xdata);
  }

  mknod(loc: Loc, mode: number, rdev: number, xdata?: Xdata): Iatt {
    return this.child.mknod(this.entry(loc, true), mode, rdev, xdata);
  }

  link(oldLoc: Loc, newLoc: Loc, xdata?: Xdata): Iatt {
    return this.child.link(this.realLoc(oldLoc), this.entry(newLoc), xdata);
  }

  unlink(loc: Loc, xdata?: Xdata): void {
    this.child.unlink(this.entry(loc), xdata);
  }

  rmdir(loc: Loc, xdata?: Xdata): void {
    this.child.rmdir(this.entry(loc), xdata);
  }

  rename(oldLoc: Loc, newLoc: Loc, xdata?: Xdata): void {
    this.child.rename(this.entry(oldLoc), this.entry(newLoc), xdata);
  }

  readlink(loc: Loc): string {
    return this.child.readlink(this.realLoc(loc));
  }

  readv(loc: Loc, offset: number, size: number): Buffer {
    return this.child.readv(this.realLoc(loc), offset, size);
  }

  writev(loc: Loc, offset: number, data: Buffer, xdata?: Xdata): Iatt {
    return this.child.writev(this.realLoc(loc), offset, data, xdata);
  }

  truncate(loc: Loc, size: number, xdata?: Xdata): Iatt {
    return this.child.truncate(this.realLoc(loc), size, xdata);
  }

  fallocate(loc: Loc, mode: number, offset: number, length: number, xdata?: Xdata): Iatt {
    return this.child.fallocate(this.realLoc(loc), mode, offset, length, xdata);
  }

  fsync(loc: Loc, xdata?: Xdata): void {
    this.child.fsync(this.realLoc(loc), xdata);
  }

  seek(loc: Loc, offset: number, what: 'data' | 'hole'): number {
    return this.child.seek(this.realLoc(loc), offset, what);
  }

  setattr(loc: Loc, attrs: SetattrArgs, xdata?: Xdata): Iatt {
    return this.child.setattr(this.realLoc(loc), attrs, xdata);
  }

  getxattr(loc: Loc, name?: string): Record<string, Buffer> {
    return this.child.getxattr(this.realLoc(loc), name);
  }

  setxattr(loc: Loc, xattrs: Record<string, Buffer>, flags?: XattrFlags, xdata?: Xdata): void {
    this.child.setxattr(this.realLoc(loc), xattrs, flags, xdata);
  }

  removexattr(loc: Loc, name: string, xdata?: Xdata): void {
    this.child.removexattr(this.realLoc(loc), name, xdata);
  }

  xattrop(loc: Loc, xattrs: Record<string, Buffer>, xdata?: Xdata): Record<string, Buffer> {
    return this.child.xattrop(this.realLoc(loc), xattrs, xdata);
  }

  inodelk(loc: Loc, domain: string, cmd: 'lock' | 'unlock'): void {
    this.child.inodelk(this.realLoc(loc), domain, cmd);
  }

  entrylk(loc: Loc, domain: string, basename: string | undefined, cmd: 'lock' | 'unlock'): void {
    this.child.entrylk(this.realLoc(loc), domain, basename, cmd);
  }

  lk(loc: Loc, cmd: 'get' | 'set', lock: Flock, owner: string): Flock {
    return this.child.lk(this.realLoc(loc), cmd, lock, owner);
  }
}
