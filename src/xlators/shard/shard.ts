// features/shard (features.shard on): a regular file made while sharding is on is cut into blocks
// of `shard-block-size` bytes. Block 0 is the base file under the file's own name; block N >= 1
// is `/.shard/<base gfid>.N`, made on first write; the base file keeps the block size and the
// logical size and block count (keys.ts). Files made before sharding was on, directories and
// symlinks pass through untouched. It sits above DHT, so each shard is placed, replicated and
// healed like any file.
//
// Where this differs from 10.3's translator, on purpose:
// - the size update is a locked read and set of the size xattr (an AFR metadata transaction)
//   instead of an atomic ADD_ARRAY64 xattrop, so a brick that misses it is healed like any
//   metadata change; the values on disk are the same;
// - a deleted file's shards go in the same call, behind the same `.remove_me` marker 10.3 leaves
//   for its background thread (so a crash midway is finished by the next deletion);
// - a truncate to a multiple of the block size keeps the last block whole (10.3 empties it).
import { randomUUID } from 'node:crypto';
import { FopError } from '../../libglusterfs/errors.js';
import { GFID_TO_PATH_KEY } from '../../libglusterfs/index-gfids.js';
import { toByteSize } from '../../libglusterfs/cparse.js';
import { withoutHint } from '../hint.js';
import { attempt } from '../outcome.js';
import type {
  DirEntry, Flock, Gfid, Iatt, Loc, LookupReply, ReaddirOpts, SetattrArgs, Statfs, XattrFlags, Xdata, Xlator,
} from '../types.js';
import {
  BLOCK_SIZE_KEY, FILE_SIZE_KEY, REMOVE_ME_GFID, REMOVE_ME_LOC, SHARD_DIR, SHARD_DIR_LOC, SHARD_KEY_PREFIX, SHARD_ROOT_GFID,
  decodeBlockSize, decodeFileSize, encodeBlockSize, encodeFileSize, isShardPath, markerLoc, shardLoc, type FileSize,
} from './keys.js';

export interface ShardOptions {
  options?: Record<string, string>;
}

const DEFAULT_BLOCK_SIZE = 64 * 1024 * 1024;
const S_IFREG = 0o100000;
/** fallocate modes 10.3's shard takes: plain, FALLOC_FL_ZERO_RANGE, KEEP_SIZE|PUNCH_HOLE. */
const FALLOCATE_MODES = new Set([0, 0x10, 0x1 | 0x2]);
/** The block sizes of inodes seen (0: not sharded), as 10.3's inode ctx keeps them; bounded. */
const MAX_REMEMBERED = 16384;

/** What shard knows of a sharded base file: the brick's own iatt, and the file's size. */
interface Base {
  gfid: Gfid;
  raw: Iatt;
  bs: number;
  size: FileSize;
}

const ROOT_XDATA: Xdata = { uid: 0, gid: 0 };

/** map.set, the oldest entry going first once the map holds MAX_REMEMBERED. */
function setBounded<V>(map: Map<Gfid, V>, key: Gfid, value: V): void {
  if (!map.has(key) && map.size >= MAX_REMEMBERED) map.delete(map.keys().next().value!);
  map.set(key, value);
}
const shardKey = (k: string) => k.startsWith(SHARD_KEY_PREFIX);

export class Shard implements Xlator {
  readonly children: readonly Xlator[];
  private readonly blockSize: number;
  private readonly known = new Map<Gfid, number>();
  /** Shards written since the last fsync of their file. */
  private readonly unsynced = new Map<Gfid, Set<number>>();
  /** The `.remove_me` markers left by an interrupted deletion were looked for. */
  private swept = false;
  /** The reply handed up for each child's lookup reply it changed (for lookupHint). */
  private readonly hints = new WeakMap<object, object>();

  constructor(
    readonly name: string,
    children: readonly Xlator[],
    options: ShardOptions = {},
  ) {
    if (children.length !== 1) throw new FopError('EINVAL', `${name}: shard has exactly one child`);
    this.children = children;
    const bs = toByteSize(options.options?.['shard-block-size'] ?? '');
    this.blockSize = bs && bs >= 4 * 1024 * 1024 ? bs : DEFAULT_BLOCK_SIZE;
  }

  private get child(): Xlator {
    return this.children[0];
  }

  // ---- what a file is ------------------------------------------------------------------------

  private remember(gfid: Gfid, bs: number): void {
    setBounded(this.known, gfid, bs);
  }

  /** A lookup reply with the logical size of a sharded file in place of its base file's. */
  private fromLookup(r: LookupReply): { reply: LookupReply; base?: Base } {
    if (r.iatt.type !== 'file') return { reply: r };
    const bs = decodeBlockSize(r.xattrs[BLOCK_SIZE_KEY]);
    this.remember(r.iatt.gfid, bs);
    if (!bs || !r.xattrs[FILE_SIZE_KEY]) return { reply: r };
    const size = decodeFileSize(r.xattrs[FILE_SIZE_KEY]);
    const reply = { ...r, iatt: { ...r.iatt, size: size.size, blocks: size.blocks } };
    this.hints.set(reply, r);
    return { reply, base: { gfid: r.iatt.gfid, raw: r.iatt, bs, size } };
  }

  /** The base file behind `loc` when it is sharded (one lookup). */
  private base(loc: Loc, xdata?: Xdata): Base | undefined {
    const known = loc.gfid !== undefined ? this.known.get(loc.gfid) : undefined;
    if (known === 0) return undefined;
    return this.fromLookup(this.child.lookup(loc, this.down(xdata))).base;
  }

  private withSize(iatt: Iatt, size: FileSize): Iatt {
    return { ...iatt, size: size.size, blocks: size.blocks };
  }

  /** An iatt the child returned for a file, with its logical size if it is sharded. */
  private fixed(loc: Loc, iatt: Iatt): Iatt {
    if (iatt.type !== 'file' || this.known.get(iatt.gfid) === 0) return iatt;
    const b = this.base({ ...loc, gfid: iatt.gfid });
    return b ? this.withSize(iatt, b.size) : iatt;
  }

  /** xdata for the child: a hint shard handed up becomes the child's own again. */
  private down(xdata?: Xdata): Xdata | undefined {
    const hint = xdata?.lookupHint;
    if (!hint) return xdata;
    const mine = this.hints.get(hint);
    return mine ? { ...xdata, lookupHint: mine } : withoutHint(xdata);
  }

  // ---- /.shard and its blocks ----------------------------------------------------------------

  private ensureDir(loc: Loc, gfid: Gfid): void {
    const found = attempt(() => this.child.lookup(loc));
    if (found.ok) {
      if (found.value.iatt.type !== 'dir') throw new FopError('EIO', `${loc.path} exists and is not a directory`);
      return;
    }
    if (found.error.code !== 'ENOENT') throw found.error;
    const made = attempt(() => this.child.mkdir(loc, 0o755, { ...ROOT_XDATA, gfidReq: gfid }));
    if (!made.ok && made.error.code !== 'EEXIST') throw made.error;
  }

  /** Block n of `b` for a write: looked up, or made with the base file's mode. Returns its blocks before. */
  private shardForWrite(b: Base, n: number, xdata?: Xdata): number {
    const loc = shardLoc(b.gfid, n);
    const found = attempt(() => this.child.lookup(loc));
    if (found.ok) return found.value.iatt.blocks;
    if (found.error.code !== 'ENOENT') throw found.error;
    const made = attempt(() => this.child.mknod(loc, S_IFREG | (b.raw.mode & 0o7777), 0, { ...ROOT_XDATA, time: xdata?.time, gfidReq: randomUUID() }));
    if (made.ok) return made.value.blocks;
    if (made.error.code !== 'EEXIST') throw made.error;
    return this.child.lookup(loc).iatt.blocks;
  }

  /**
   * Runs `op` on every block that [offset, offset+length) covers, in the block's own offsets,
   * making missing shards; returns the sum of the blocks' growth in 512-byte blocks.
   */
  private perBlock(loc: Loc, b: Base, offset: number, length: number, xdata: Xdata | undefined, op: (l: Loc, at: number, from: number, len: number, x?: Xdata) => Iatt): number {
    const end = offset + length;
    const first = Math.floor(offset / b.bs);
    const last = length > 0 ? Math.floor((end - 1) / b.bs) : first;
    if (last > 0) this.ensureDir(SHARD_DIR_LOC, SHARD_ROOT_GFID);
    let grown = 0;
    const written = this.unsynced.get(b.gfid) ?? new Set<number>();
    for (let n = first; n <= last; n++) {
      const from = Math.max(offset, n * b.bs);
      const to = Math.min(end, (n + 1) * b.bs);
      if (n === 0) {
        grown += op(loc, from, from - offset, to - from, this.down(xdata)).blocks - b.raw.blocks;
        continue;
      }
      const before = this.shardForWrite(b, n, xdata);
      grown += op(shardLoc(b.gfid, n), from - n * b.bs, from - offset, to - from, withoutHint(xdata)).blocks - before;
      written.add(n);
    }
    if (written.size) {
      setBounded(this.unsynced, b.gfid, written);
    }
    return grown;
  }

  /**
   * Sets the file's size under a lock of the base file: `size(current)` gives the new one. The
   * lock keeps two clients' updates from losing one another; the set is a metadata change that
   * AFR records for a brick that misses it.
   */
  private updateSize(loc: Loc, b: Base, next: (cur: FileSize) => FileSize, xdata?: Xdata): FileSize {
    const target: Loc = { ...loc, gfid: b.gfid };
    this.child.inodelk(target, this.name, 'lock');
    try {
      const cur = decodeFileSize(this.child.getxattr(target, FILE_SIZE_KEY)[FILE_SIZE_KEY]);
      const out = next(cur);
      out.blocks = Math.max(0, out.blocks);
      if (out.size !== cur.size || out.blocks !== cur.blocks) {
        this.child.setxattr(target, { [FILE_SIZE_KEY]: encodeFileSize(out) }, 0, withoutHint(xdata));
      }
      return out;
    } finally {
      this.child.inodelk(target, this.name, 'unlock');
    }
  }

  // ---- deletion ------------------------------------------------------------------------------

  /** The shards of a file `size` bytes long go, then its marker. */
  private deleteShards(gfid: Gfid, bs: number, size: number): void {
    const count = Math.ceil(size / bs) - 1;
    for (let n = 1; n <= count; n++) {
      const r = attempt(() => this.child.unlink(shardLoc(gfid, n), ROOT_XDATA));
      if (!r.ok && r.error.code !== 'ENOENT') throw r.error;
    }
    this.unsynced.delete(gfid);
    const m = attempt(() => this.child.unlink(markerLoc(gfid), ROOT_XDATA));
    if (!m.ok && m.error.code !== 'ENOENT') throw m.error;
  }

  /** Marks `b` for deletion in `.remove_me` (what 10.3 leaves for its background deletion). */
  private mark(b: Base): void {
    this.ensureDir(SHARD_DIR_LOC, SHARD_ROOT_GFID);
    this.ensureDir(REMOVE_ME_LOC, REMOVE_ME_GFID);
    const xattrs = { [BLOCK_SIZE_KEY]: encodeBlockSize(b.bs), [FILE_SIZE_KEY]: encodeFileSize({ size: b.size.size, blocks: 0 }) };
    const loc = markerLoc(b.gfid);
    const made = attempt(() => this.child.mknod(loc, S_IFREG, 0, { ...ROOT_XDATA, gfidReq: randomUUID(), newXattrs: xattrs }));
    if (made.ok) return;
    if (made.error.code !== 'EEXIST') throw made.error;
    this.child.setxattr(loc, xattrs, 0, ROOT_XDATA);
  }

  /** A base file about to lose its last name: `removeName` runs between marking and deleting. */
  private removeSharded<T>(b: Base, removeName: () => T): T {
    this.sweep();
    this.mark(b);
    let out: T;
    try {
      out = removeName();
    } catch (e) {
      // the name stays: so do its shards, and the marker must not outlive this call
      attempt(() => this.child.unlink(markerLoc(b.gfid), ROOT_XDATA));
      throw e;
    }
    this.deleteShards(b.gfid, b.bs, b.size.size);
    return out;
  }

  /** Finishes the deletions a crash interrupted: markers whose base file is gone (once per graph). */
  private sweep(): void {
    if (this.swept) return;
    this.swept = true;
    const listed = attempt(() => this.child.readdir(REMOVE_ME_LOC));
    if (!listed.ok) return;
    for (const e of listed.value) {
      // A failure here is the next sweep's to retry, never the caller's fop's.
      attempt(() => this.finishDeletion(e.name));
    }
  }

  /**
   * The deletion a marker stands for: when the base file still exists (a crash before its
   * unlink; ENODATA: it exists without gfid2path keys) only the marker goes, as in 10.3.
   */
  private finishDeletion(gfid: Gfid): void {
    const where = attempt(() => this.child.getxattr({ path: '', gfid }, GFID_TO_PATH_KEY));
    if (where.ok || where.error.code === 'ENODATA') {
      this.child.unlink(markerLoc(gfid), ROOT_XDATA);
      return;
    }
    if (!['ENOENT', 'ESTALE'].includes(where.error.code)) return;
    const m = this.child.lookup(markerLoc(gfid));
    const bs = decodeBlockSize(m.xattrs[BLOCK_SIZE_KEY]);
    const size = decodeFileSize(m.xattrs[FILE_SIZE_KEY]);
    if (bs) this.deleteShards(gfid, bs, size.size);
  }

  /** A name that is about to be removed or replaced, when it is the last name of a sharded file. */
  private lastNameOf(loc: Loc): Base | undefined {
    if (loc.gfid !== undefined && this.known.get(loc.gfid) === 0) return undefined;
    const r = attempt(() => this.child.lookup(loc));
    if (!r.ok) return undefined;
    const b = this.fromLookup(r.value).base;
    return b && b.raw.nlink <= 1 ? b : undefined;
  }

  // ---- fops ----------------------------------------------------------------------------------

  lookup(loc: Loc, xdata?: Xdata): LookupReply {
    if (isShardPath(loc.path)) throw new FopError('EPERM', loc.path);
    return this.fromLookup(this.child.lookup(loc, this.down(xdata))).reply;
  }

  stat(loc: Loc): Iatt {
    const iatt = this.child.stat(loc);
    return this.fixed(loc, iatt);
  }

  statfs(loc: Loc): Statfs {
    return this.child.statfs(loc);
  }

  mkdir(loc: Loc, mode: number, xdata?: Xdata): Iatt {
    return this.child.mkdir(loc, mode, xdata);
  }

  /** A new regular file is sharded: its block size and a zero size go on with it. */
  private newFileXdata(xdata?: Xdata): Xdata {
    const newXattrs = { ...xdata?.newXattrs, [BLOCK_SIZE_KEY]: encodeBlockSize(this.blockSize), [FILE_SIZE_KEY]: encodeFileSize({ size: 0, blocks: 0 }) };
    const { initialData: _data, ...rest } = xdata ?? {};
    return { ...rest, newXattrs };
  }

  create(loc: Loc, mode: number, xdata?: Xdata): Iatt {
    this.sweep();
    const iatt = this.child.create(loc, mode, this.newFileXdata(xdata));
    this.remember(iatt.gfid, this.blockSize);
    const data = xdata?.initialData;
    if (!data?.length) return iatt;
    // the first bytes are a write like any other (10.3 has no create with data)
    return this.writev({ ...loc, gfid: iatt.gfid }, 0, data, { ...withoutHint(xdata), initialData: undefined });
  }

  symlink(target: string, loc: Loc, xdata?: Xdata): Iatt {
    return this.child.symlink(target, loc, xdata);
  }

  mknod(loc: Loc, mode: number, rdev: number, xdata?: Xdata): Iatt {
    const iatt = this.child.mknod(loc, mode, rdev, this.newFileXdata(xdata));
    if (iatt.type === 'file') this.remember(iatt.gfid, this.blockSize);
    return iatt;
  }

  link(oldLoc: Loc, newLoc: Loc, xdata?: Xdata): Iatt {
    return this.fixed(newLoc, this.child.link(oldLoc, newLoc, xdata));
  }

  unlink(loc: Loc, xdata?: Xdata): void {
    const b = this.lastNameOf(loc);
    if (!b) return this.child.unlink(loc, xdata);
    this.removeSharded(b, () => this.child.unlink(loc, xdata));
  }

  rmdir(loc: Loc, xdata?: Xdata): void {
    this.child.rmdir(loc, xdata);
  }

  rename(oldLoc: Loc, newLoc: Loc, xdata?: Xdata): void {
    const b = this.lastNameOf(newLoc);
    if (!b) return this.child.rename(oldLoc, newLoc, xdata);
    const src = attempt(() => this.child.lookup(oldLoc));
    // a name renamed onto another name of the same inode removes nothing
    if (src.ok && src.value.iatt.gfid === b.gfid) return this.child.rename(oldLoc, newLoc, xdata);
    this.removeSharded(b, () => this.child.rename(oldLoc, newLoc, xdata));
  }

  readlink(loc: Loc): string {
    return this.child.readlink(loc);
  }

  readv(loc: Loc, offset: number, size: number): Buffer {
    const b = this.base(loc);
    if (!b) return this.child.readv(loc, offset, size);
    const end = Math.min(offset + size, b.size.size);
    if (offset >= end) return Buffer.alloc(0);
    const out = Buffer.alloc(end - offset);
    for (let n = Math.floor(offset / b.bs); n * b.bs < end; n++) {
      const from = Math.max(offset, n * b.bs);
      const to = Math.min(end, (n + 1) * b.bs);
      const piece = attempt(() => (n === 0 ? this.child.readv(loc, from, to - from) : this.child.readv(shardLoc(b.gfid, n), from - n * b.bs, to - from)));
      if (!piece.ok && piece.error.code === 'ENOENT' && n > 0) {
        // a block never written is a hole, and (as 10.3 does) is made as an empty shard
        if (attempt(() => this.child.lookup(SHARD_DIR_LOC)).ok) this.shardForWrite(b, n);
        continue;
      }
      if (!piece.ok) throw piece.error;
      piece.value.copy(out, from - offset);
    }
    return out;
  }

  writev(loc: Loc, offset: number, data: Buffer, xdata?: Xdata): Iatt {
    const b = this.base(loc, xdata);
    if (!b) return this.child.writev(loc, offset, data, this.down(xdata));
    if (data.length === 0) return this.withSize(b.raw, b.size);
    let post: Iatt = b.raw;
    const grown = this.perBlock(loc, b, offset, data.length, xdata, (l, at, from, len, x) => {
      const iatt = this.child.writev(l, at, data.subarray(from, from + len), x);
      if (l === loc) post = iatt;
      return iatt;
    });
    const size = this.updateSize(loc, b, (cur) => ({ size: Math.max(cur.size, offset + data.length), blocks: cur.blocks + grown }), xdata);
    return this.withSize(post, size);
  }

  truncate(loc: Loc, size: number, xdata?: Xdata): Iatt {
    const b = this.base(loc, xdata);
    if (!b) return this.child.truncate(loc, size, this.down(xdata));
    const old = b.size.size;
    if (size === old) return this.withSize(b.raw, b.size);
    if (size > old) return this.withSize(b.raw, this.updateSize(loc, b, (cur) => ({ size, blocks: cur.blocks }), xdata));
    // shrinking: the blocks past the new end go, the new last block is cut
    const keep = size === 0 ? 0 : Math.floor((size - 1) / b.bs);
    let freed = 0;
    for (let n = Math.floor((old - 1) / b.bs); n > keep; n--) {
      const l = shardLoc(b.gfid, n);
      const found = attempt(() => this.child.lookup(l));
      if (!found.ok) continue;
      freed += found.value.iatt.blocks;
      const r = attempt(() => this.child.unlink(l, ROOT_XDATA));
      if (!r.ok && r.error.code !== 'ENOENT') throw r.error;
    }
    let raw = b.raw;
    const cut = size - keep * b.bs;
    if (keep === 0) {
      raw = this.child.truncate(loc, Math.min(cut, b.bs), this.down(xdata));
      freed += b.raw.blocks - raw.blocks;
    } else {
      const l = shardLoc(b.gfid, keep);
      const found = attempt(() => this.child.lookup(l));
      if (found.ok) freed += found.value.iatt.blocks - this.child.truncate(l, cut, withoutHint(xdata)).blocks;
    }
    this.unsynced.get(b.gfid)?.forEach((n) => n > keep && this.unsynced.get(b.gfid)!.delete(n));
    return this.withSize(raw, this.updateSize(loc, b, (cur) => ({ size, blocks: cur.blocks - freed }), xdata));
  }

  fallocate(loc: Loc, mode: number, offset: number, length: number, xdata?: Xdata): Iatt {
    if (!FALLOCATE_MODES.has(mode)) throw new FopError('ENOTSUP', `fallocate mode ${mode} on a sharded volume`);
    if (!(length > 0)) throw new FopError('EINVAL', `fallocate of ${length} bytes`);
    const b = this.base(loc, xdata);
    if (!b) return this.child.fallocate(loc, mode, offset, length, this.down(xdata));
    let post: Iatt = b.raw;
    const grown = this.perBlock(loc, b, offset, length, xdata, (l, at, _from, len, x) => {
      const iatt = this.child.fallocate(l, mode, at, len, x);
      if (l === loc) post = iatt;
      return iatt;
    });
    // as 10.3 counts it: like a write, whatever the mode
    const size = this.updateSize(loc, b, (cur) => ({ size: Math.max(cur.size, offset + length), blocks: cur.blocks + grown }), xdata);
    return this.withSize(post, size);
  }

  fsync(loc: Loc, xdata?: Xdata): void {
    this.child.fsync(loc, this.down(xdata));
    const gfid = loc.gfid ?? this.base(loc)?.gfid;
    const pending = gfid ? this.unsynced.get(gfid) : undefined;
    if (!gfid || !pending) return;
    for (const n of pending) {
      const r = attempt(() => this.child.fsync(shardLoc(gfid, n), withoutHint(xdata)));
      if (!r.ok && r.error.code !== 'ENOENT') throw r.error;
    }
    this.unsynced.delete(gfid);
  }

  /** SEEK_DATA / SEEK_HOLE: 10.3's shard answers ENOTSUP for every file. */
  seek(loc: Loc): number {
    throw new FopError('ENOTSUP', `seek on ${loc.path}: sharded volume`);
  }

  readdir(loc: Loc, opts?: ReaddirOpts): DirEntry[] {
    const wants = opts?.modeOnly || !opts?.xattrs ? opts : { ...opts, xattrs: [...opts.xattrs, BLOCK_SIZE_KEY, FILE_SIZE_KEY] };
    const list = this.child.readdir(loc, wants);
    const out: DirEntry[] = [];
    for (const e of list) {
      if (loc.path === '/' && e.name === SHARD_DIR) continue;
      const bs = e.iatt.type === 'file' ? decodeBlockSize(e.xattrs?.[BLOCK_SIZE_KEY]) : 0;
      const fsz = bs ? attempt(() => decodeFileSize(e.xattrs?.[FILE_SIZE_KEY])) : undefined;
      out.push(fsz?.ok ? { ...e, iatt: this.withSize(e.iatt, fsz.value) } : e);
    }
    return out;
  }

  setattr(loc: Loc, attrs: SetattrArgs, xdata?: Xdata): Iatt {
    return this.fixed(loc, this.child.setattr(loc, attrs, this.down(xdata)));
  }

  getxattr(loc: Loc, name?: string): Record<string, Buffer> {
    if (name !== undefined && shardKey(name)) throw new FopError('ENODATA', name);
    const all = this.child.getxattr(loc, name);
    if (name !== undefined) return all;
    return Object.fromEntries(Object.entries(all).filter(([k]) => !shardKey(k)));
  }

  /** Shard's own keys are not a client's to set or remove on a file (EPERM, as 10.3). */
  private guardKeys(loc: Loc, keys: string[]): void {
    const bad = keys.find(shardKey);
    if (!bad) return;
    const t = this.child.stat(loc).type;
    if (t !== 'dir' && t !== 'symlink') throw new FopError('EPERM', bad);
  }

  setxattr(loc: Loc, xattrs: Record<string, Buffer>, flags?: XattrFlags, xdata?: Xdata): void {
    this.guardKeys(loc, Object.keys(xattrs));
    this.child.setxattr(loc, xattrs, flags, xdata);
  }

  removexattr(loc: Loc, name: string, xdata?: Xdata): void {
    this.guardKeys(loc, [name]);
    this.child.removexattr(loc, name, xdata);
  }

  xattrop(loc: Loc, xattrs: Record<string, Buffer>, xdata?: Xdata): Record<string, Buffer> {
    return this.child.xattrop(loc, xattrs, xdata);
  }

  inodelk(loc: Loc, domain: string, cmd: 'lock' | 'unlock'): void {
    this.child.inodelk(loc, domain, cmd);
  }

  entrylk(loc: Loc, domain: string, basename: string | undefined, cmd: 'lock' | 'unlock'): void {
    this.child.entrylk(loc, domain, basename, cmd);
  }

  lk(loc: Loc, cmd: 'get' | 'set', lock: Flock, owner: string): Flock {
    return this.child.lk(loc, cmd, lock, owner);
  }
}
