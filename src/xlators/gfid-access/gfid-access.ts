// features/gfid-access, which glusterfsd puts on top of a client's graph for --aux-gfid-mount
// (its name there: gfid-access-autoload): a virtual directory `/.gfid` in which every inode of
// the volume is found by its gfid, `/.gfid/<gfid>` and, below a directory, `/.gfid/<gfid>/<name>`.
// GlusterFS's fops carry the inode and it looks the gfid up namelessly; tgluster's carry a path,
// so this translator asks the volume where the gfid lives (glusterfs.gfidtopath, answered from
// the gfid handle or trusted.gfid2path) and sends the fop to that path.
//
// As 10.3 behaves (gfid-access.c): `/.gfid` has the root's attributes with gfid ...000d and inode
// 13; it cannot be listed, changed or made (ENOTSUP); no name can be made or removed directly
// in it (EPERM); a name in it that is not a canonical gfid, or a gfid the volume lacks, is ENOENT.
// A directory found by gfid is a virtual inode of its own (another gfid, which the mount keeps
// apart from the directory's real name) that cannot be listed (ENOTSUP), while what lies below it
// can; a file found by gfid is the file itself.
import { randomUUID } from 'node:crypto';
import { FopError } from '../../libglusterfs/errors.js';
import { GFID_TO_PATH_KEY } from '../../libglusterfs/index-gfids.js';
import { gfidIno, isGfid } from '../../libglusterfs/uuid.js';
import { ROOT_GFID } from '../types.js';
import type {
  DirEntry,
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

/** Whether `fn` answers (false on ENOENT: the gfid is not in the volume). */
function attemptPath(fn: () => string): boolean {
  try {
    fn();
    return true;
  } catch (e) {
    if (e instanceof FopError && e.code === 'ENOENT') return false;
    throw e;
  }
}

export class GfidAccess implements Xlator {
  readonly children: readonly Xlator[];
  /** Virtual directory inodes handed out, both ways (gfid-access keeps them in its inode ctx). */
  private readonly virtualOf = new Map<Gfid, Gfid>();
  private readonly realOf = new Map<Gfid, Gfid>();

  constructor(
    readonly name: string,
    children: readonly Xlator[],
    _options?: unknown,
  ) {
    if (children.length !== 1) throw new FopError('EINVAL', `${name}: gfid-access takes one subvolume`);
    this.children = children;
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
    return g === undefined ? undefined : (this.realOf.get(g) ?? g);
  }

  /** The loc the volume knows: a path through `/.gfid` becomes the inode's own path. */
  private real(loc: Loc): Loc {
    const at = placeOf(loc);
    if (at.kind === 'gfid-dir') throw new FopError('ENOTSUP', loc.path || GFID_DIR_PATH);
    if (at.kind === 'plain') return loc.gfid && this.realOf.has(loc.gfid) ? { ...loc, gfid: this.realGfid(loc.gfid) } : loc;
    const base = this.pathOf(at.name);
    const path = at.rest ? (base === '/' ? at.rest : base + at.rest) : base;
    const out: Loc = { path, gfid: this.realGfid(loc.gfid) ?? (at.rest ? undefined : at.name.toLowerCase()) };
    // `/.gfid/<gfid>` names no entry of a directory: the path alone places it
    if (at.rest && loc.name !== undefined) {
      out.name = loc.name;
      out.parent = this.realGfid(loc.parent);
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
      if (making && attemptPath(() => this.pathOf(at.name))) throw new FopError('EEXIST', loc.path);
      throw new FopError('EPERM', loc.path);
    }
    if (making && at.kind === 'by-gfid' && at.rest.lastIndexOf('/') === 0) throw new FopError('ESTALE', loc.path);
    return this.real(loc);
  }

  /** `/.gfid`'s attributes: the root's, with its own gfid and inode number. */
  private gfidDirIatt(): Iatt {
    const root = this.child.stat({ path: '/', gfid: ROOT_GFID });
    return { ...root, gfid: AUX_GFID, ino: gfidIno(AUX_GFID) };
  }

  /** The virtual inode a directory found by gfid gets (the same one for as long as this client lives). */
  private virtualDir(real: Gfid): Gfid {
    let v = this.virtualOf.get(real);
    if (!v) {
      v = randomUUID();
      this.virtualOf.set(real, v);
      this.realOf.set(v, real);
    }
    return v;
  }

  lookup(loc: Loc, xdata?: Xdata): LookupReply {
    const at = placeOf(loc);
    if (at.kind === 'gfid-dir') return { iatt: this.gfidDirIatt(), xattrs: {} };
    if (at.kind === 'plain' || at.rest) return this.child.lookup(this.real(loc), xdata);
    // a virtual entry never gets a gfid assigned: the gfid-req goes
    const { gfidReq: _, ...rest } = xdata ?? {};
    const reply = this.child.lookup(this.real(loc), rest);
    if (reply.iatt.type !== 'dir') return reply;
    const v = this.virtualDir(reply.iatt.gfid);
    return { ...reply, iatt: { ...reply.iatt, gfid: v, ino: gfidIno(v) } };
  }

  stat(loc: Loc): Iatt {
    if (placeOf(loc).kind === 'gfid-dir') return this.gfidDirIatt();
    const iatt = this.child.stat(this.real(loc));
    const v = loc.gfid && this.realOf.has(loc.gfid) ? loc.gfid : undefined;
    return v ? { ...iatt, gfid: v, ino: gfidIno(v) } : iatt;
  }

  statfs(loc: Loc): Statfs {
    return this.child.statfs(placeOf(loc).kind === 'gfid-dir' ? { path: '/', gfid: ROOT_GFID } : this.real(loc));
  }

  readdir(loc: Loc, opts?: ReaddirOpts): DirEntry[] {
    // ga_opendir: neither `/.gfid` nor a directory reached through it can be listed
    if (loc.gfid && this.realOf.has(loc.gfid)) throw new FopError('ENOTSUP', loc.path);
    return this.child.readdir(this.real(loc), opts);
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
    return this.child.link(this.real(oldLoc), this.entry(newLoc), xdata);
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
    return this.child.readlink(this.real(loc));
  }

  readv(loc: Loc, offset: number, size: number): Buffer {
    return this.child.readv(this.real(loc), offset, size);
  }

  writev(loc: Loc, offset: number, data: Buffer, xdata?: Xdata): Iatt {
    return this.child.writev(this.real(loc), offset, data, xdata);
  }

  truncate(loc: Loc, size: number, xdata?: Xdata): Iatt {
    return this.child.truncate(this.real(loc), size, xdata);
  }

  fallocate(loc: Loc, mode: number, offset: number, length: number, xdata?: Xdata): Iatt {
    return this.child.fallocate(this.real(loc), mode, offset, length, xdata);
  }

  fsync(loc: Loc, xdata?: Xdata): void {
    this.child.fsync(this.real(loc), xdata);
  }

  seek(loc: Loc, offset: number, what: 'data' | 'hole'): number {
    return this.child.seek(this.real(loc), offset, what);
  }

  setattr(loc: Loc, attrs: SetattrArgs, xdata?: Xdata): Iatt {
    return this.child.setattr(this.real(loc), attrs, xdata);
  }

  getxattr(loc: Loc, name?: string): Record<string, Buffer> {
    return this.child.getxattr(this.real(loc), name);
  }

  setxattr(loc: Loc, xattrs: Record<string, Buffer>, flags?: XattrFlags, xdata?: Xdata): void {
    this.child.setxattr(this.real(loc), xattrs, flags, xdata);
  }

  removexattr(loc: Loc, name: string, xdata?: Xdata): void {
    this.child.removexattr(this.real(loc), name, xdata);
  }

  xattrop(loc: Loc, xattrs: Record<string, Buffer>, xdata?: Xdata): Record<string, Buffer> {
    return this.child.xattrop(this.real(loc), xattrs, xdata);
  }

  inodelk(loc: Loc, domain: string, cmd: 'lock' | 'unlock'): void {
    this.child.inodelk(this.real(loc), domain, cmd);
  }

  entrylk(loc: Loc, domain: string, basename: string | undefined, cmd: 'lock' | 'unlock'): void {
    this.child.entrylk(this.real(loc), domain, basename, cmd);
  }
}
