// A small in-memory brick implementing the Xlator contract, for AFR protocol tests that must not
// depend on posix: ADD_ARRAY xattrop, ENOTCONN when down, and a log of every call.
import { FopError } from '../../../src/libglusterfs/errors.js';
import type {
  DirEntry, Flock, Iatt, Loc, LookupReply, SetattrArgs, Statfs, XattrFlags, Xdata, Xlator,
} from '../../../src/xlators/types.js';
import { ROOT_GFID } from '../../../src/xlators/types.js';

interface Node {
  type: 'file' | 'dir' | 'symlink' | 'other';
  gfid: string;
  mode: number;
  data: Buffer;
  target?: string;
  xattrs: Map<string, Buffer>;
}

const T0 = { sec: 0, nsec: 0 };
const parentOf = (p: string) => (p.lastIndexOf('/') <= 0 ? '/' : p.slice(0, p.lastIndexOf('/')));
const baseOf = (p: string) => p.slice(p.lastIndexOf('/') + 1);

export class FakeBrick implements Xlator {
  readonly children: readonly Xlator[] = [];
  down = false;
  nodes = new Map<string, Node>();
  calls: string[] = [];
  /** fop name -> errno code to fail with (once). */
  failOnce = new Map<string, string>();

  constructor(readonly name: string) {
    this.nodes.set('/', { type: 'dir', gfid: ROOT_GFID, mode: 0o755, data: Buffer.alloc(0), xattrs: new Map() });
  }

  private enter(fop: string, detail: string): void {
    if (this.down) throw new FopError('ENOTCONN');
    this.calls.push(`${fop} ${detail}`);
    const code = this.failOnce.get(fop);
    if (code) {
      this.failOnce.delete(fop);
      throw new FopError(code);
    }
  }
  private node(p: string): Node {
    const n = this.nodes.get(p);
    if (!n) throw new FopError('ENOENT', p);
    return n;
  }
  private iatt(n: Node): Iatt {
    const bits = n.type === 'dir' ? 0o040000 : n.type === 'symlink' ? 0o120000 : 0o100000;
    return {
      gfid: n.gfid, type: n.type, mode: bits | n.mode, uid: 0, gid: 0, size: n.data.length, nlink: 1,
      ino: 1, blocks: 0, atime: T0, mtime: T0, ctime: T0,
    };
  }
  private add(loc: Loc, n: Omit<Node, 'xattrs'>): Iatt {
    if (this.node(parentOf(loc.path)).type !== 'dir') throw new FopError('ENOTDIR');
    if (this.nodes.has(loc.path)) throw new FopError('EEXIST', loc.path);
    const node = { ...n, xattrs: new Map<string, Buffer>() };
    this.nodes.set(loc.path, node);
    return this.iatt(node);
  }
  private kids(p: string): string[] {
    return [...this.nodes.keys()].filter((k) => k !== '/' && parentOf(k) === p);
  }

  lookup(loc: Loc): LookupReply {
    this.enter('lookup', loc.path);
    const n = this.node(loc.path);
    return { iatt: this.iatt(n), xattrs: Object.fromEntries(n.xattrs) };
  }
  stat(loc: Loc): Iatt {
    this.enter('stat', loc.path);
    return this.iatt(this.node(loc.path));
  }
  statfs(loc: Loc): Statfs {
    this.enter('statfs', loc.path);
    return { bsize: 4096, frsize: 4096, blocks: 100, bfree: 50, bavail: 50, files: 10, ffree: 5 };
  }
  mkdir(loc: Loc, mode: number, xdata?: Xdata): Iatt {
    this.enter('mkdir', loc.path);
    return this.add(loc, { type: 'dir', gfid: String(xdata?.gfidReq), mode, data: Buffer.alloc(0) });
  }
  create(loc: Loc, mode: number, xdata?: Xdata): Iatt {
    this.enter('create', loc.path);
    return this.add(loc, { type: 'file', gfid: String(xdata?.gfidReq), mode, data: Buffer.alloc(0) });
  }
  symlink(target: string, loc: Loc, xdata?: Xdata): Iatt {
    this.enter('symlink', loc.path);
    return this.add(loc, { type: 'symlink', gfid: String(xdata?.gfidReq), mode: 0o777, data: Buffer.alloc(0), target });
  }
  mknod(loc: Loc, mode: number, _rdev: number, xdata?: Xdata): Iatt {
    this.enter('mknod', loc.path);
    return this.add(loc, { type: 'other', gfid: String(xdata?.gfidReq), mode: mode & 0o7777, data: Buffer.alloc(0) });
  }
  link(oldLoc: Loc, newLoc: Loc): Iatt {
    this.enter('link', newLoc.path);
    const n = this.node(oldLoc.path);
    if (this.nodes.has(newLoc.path)) throw new FopError('EEXIST');
    this.nodes.set(newLoc.path, n);
    return this.iatt(n);
  }
  unlink(loc: Loc): void {
    this.enter('unlink', loc.path);
    if (this.node(loc.path).type === 'dir') throw new FopError('EISDIR');
    this.nodes.delete(loc.path);
  }
  rmdir(loc: Loc): void {
    this.enter('rmdir', loc.path);
    if (this.node(loc.path).type !== 'dir') throw new FopError('ENOTDIR');
    if (this.kids(loc.path).length) throw new FopError('ENOTEMPTY');
    this.nodes.delete(loc.path);
  }
  rename(oldLoc: Loc, newLoc: Loc): void {
    this.enter('rename', `${oldLoc.path} ${newLoc.path}`);
    const n = this.node(oldLoc.path);
    this.nodes.delete(oldLoc.path);
    this.nodes.set(newLoc.path, n);
  }
  readlink(loc: Loc): string {
    this.enter('readlink', loc.path);
    return this.node(loc.path).target ?? '';
  }
  readv(loc: Loc, offset: number, size: number): Buffer {
    this.enter('readv', loc.path);
    return this.node(loc.path).data.subarray(offset, offset + size);
  }
  writev(loc: Loc, offset: number, data: Buffer): Iatt {
    this.enter('writev', loc.path);
    const n = this.node(loc.path);
    const out = Buffer.alloc(Math.max(n.data.length, offset + data.length));
    n.data.copy(out);
    data.copy(out, offset);
    n.data = out;
    return this.iatt(n);
  }
  truncate(loc: Loc, size: number): Iatt {
    this.enter('truncate', loc.path);
    const n = this.node(loc.path);
    const out = Buffer.alloc(size);
    n.data.copy(out, 0, 0, Math.min(size, n.data.length));
    n.data = out;
    return this.iatt(n);
  }
  fallocate(loc: Loc, _mode: number, offset: number, length: number): Iatt {
    this.enter('fallocate', loc.path);
    const n = this.node(loc.path);
    if (offset + length > n.data.length) n.data = Buffer.concat([n.data, Buffer.alloc(offset + length - n.data.length)]);
    return this.iatt(n);
  }
  fsync(loc: Loc): void {
    this.enter('fsync', loc.path);
    this.node(loc.path);
  }
  /** No holes in memory: all of it is data. */
  seek(loc: Loc, offset: number, what: 'data' | 'hole'): number {
    this.enter('seek', loc.path);
    const size = this.node(loc.path).data.length;
    if (offset >= size) throw new FopError('ENXIO', loc.path);
    return what === 'data' ? offset : size;
  }
  readdir(loc: Loc): DirEntry[] {
    this.enter('readdir', loc.path);
    return this.kids(loc.path).map((k) => ({ name: baseOf(k), iatt: this.iatt(this.node(k)) }));
  }
  setattr(loc: Loc, attrs: SetattrArgs): Iatt {
    this.enter('setattr', loc.path);
    const n = this.node(loc.path);
    if (attrs.mode !== undefined) n.mode = attrs.mode;
    return this.iatt(n);
  }
  getxattr(loc: Loc, name?: string): Record<string, Buffer> {
    this.enter('getxattr', loc.path);
    const n = this.node(loc.path);
    if (name === undefined) return Object.fromEntries(n.xattrs);
    const v = n.xattrs.get(name);
    if (!v) throw new FopError('ENODATA');
    return { [name]: v };
  }
  setxattr(loc: Loc, xattrs: Record<string, Buffer>, _flags?: XattrFlags): void {
    this.enter('setxattr', loc.path);
    const n = this.node(loc.path);
    for (const [k, v] of Object.entries(xattrs)) n.xattrs.set(k, v);
  }
  removexattr(loc: Loc, name: string): void {
    this.enter('removexattr', loc.path);
    if (!this.node(loc.path).xattrs.delete(name)) throw new FopError('ENODATA');
  }
  xattrop(loc: Loc, xattrs: Record<string, Buffer>, xdata?: Xdata): Record<string, Buffer> {
    const extra = xdata?.entryName ? ` ${xdata.entryDelete ? '-' : '+'}${String(xdata.entryName)}` : '';
    this.enter('xattrop', loc.path + extra);
    const n = this.node(loc.path);
    const out: Record<string, Buffer> = {};
    for (const [k, add] of Object.entries(xattrs)) {
      const cur = n.xattrs.get(k);
      if (!cur && add.every((b) => b === 0)) {
        out[k] = Buffer.alloc(add.length);
        continue;
      }
      const sum = Buffer.alloc(add.length);
      for (let i = 0; i < add.length; i += 4) sum.writeInt32BE((add.readInt32BE(i) + (cur ? cur.readInt32BE(i) : 0)) | 0, i);
      n.xattrs.set(k, sum);
      out[k] = sum;
    }
    return out;
  }
  inodelk(loc: Loc, domain: string, cmd: 'lock' | 'unlock'): void {
    this.enter('inodelk', `${cmd} ${domain} ${loc.path}`);
  }
  entrylk(loc: Loc, domain: string, basename: string | undefined, cmd: 'lock' | 'unlock'): void {
    this.enter('entrylk', `${cmd} ${domain} ${loc.path} ${basename}`);
  }
  /** Whole-file record locks only: path -> owner -> type. */
  held = new Map<string, Map<string, 'read' | 'write'>>();
  lk(loc: Loc, cmd: 'get' | 'set', lock: Flock, owner: string): Flock {
    this.enter('lk', `${cmd} ${lock.type} ${loc.path} ${owner}`);
    this.node(loc.path);
    const mine = this.held.get(loc.path) ?? new Map<string, 'read' | 'write'>();
    this.held.set(loc.path, mine);
    const conflict = [...mine].find(([o, t]) => o !== owner && lock.type !== 'unlock' && (t === 'write' || lock.type === 'write'));
    if (cmd === 'get') return conflict ? { type: conflict[1], start: 0, len: 0, pid: 0 } : { ...lock, type: 'unlock' };
    if (lock.type === 'unlock') mine.delete(owner);
    else if (conflict) throw new FopError('EAGAIN');
    else mine.set(owner, lock.type);
    return lock;
  }
}

/** The errno code `fn` fails with, or 'ok'. */
export const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return 'ok';
};
