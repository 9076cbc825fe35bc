// The mount's /.meta (GlusterFS's meta translator, which every glusterfs mount has): a read-only
// tree of the client's active graph (src/api/meta.ts). Its nodes live in the same inode table as
// the volume's, under keys "meta:<path>" that no gfid can take. Not listed in the root's
// directory, as on GlusterFS; reachable by name.
import { constants } from 'node:os';
import { createHash } from 'node:crypto';
import { metaLookup, metaTree, type MetaNode } from '../api/meta.js';
import { now } from '../api/client.js';
import type { Iatt } from '../xlators/types.js';
import { attrOf, entryOf } from './fuse-attr.js';
import type { FuseNative, FuseRequest } from './fuse-native.js';
import { ROOT_NODE, type InodeTable } from './inode-table.js';

const E = constants.errno;
const PREFIX = 'meta:';
const NAME = '.meta';

/** Ops that only read; anything else on a meta node is refused. */
const READS = new Set(['lookup', 'getattr', 'opendir', 'readdir', 'readdirplus', 'releasedir', 'open', 'read', 'flush', 'release', 'forget', 'getxattr', 'listxattr']);

export class MetaNodes {
  /** What an open meta file read when it was opened, by file handle. */
  private readonly opened = new Map<number, Buffer>();

  constructor(
    private readonly home: string,
    private readonly volume: string,
    private readonly inodes: InodeTable,
    private readonly native: FuseNative,
    private readonly timeouts: { attr: number; entry: number },
    private readonly newFh: () => number,
  ) {}

  /** The meta path ("" for /.meta itself) of a node, or undefined when it is the volume's. */
  private relOf(ino: number): string | undefined {
    const h = this.inodes.get(ino);
    return h?.gfid.startsWith(PREFIX) ? h.gfid.slice(PREFIX.length) : undefined;
  }

  private node(rel: string): MetaNode | undefined {
    return metaLookup(metaTree(this.home, this.volume), rel);
  }

  private iatt(rel: string, n: MetaNode): Iatt {
    const t = now();
    const isDir = 'dir' in n;
    const size = 0; // as 10.3's meta shows every node; reads are direct, so the content comes whole
    const ino = createHash('sha1').update(`${this.volume}:${rel}`).digest().readUIntBE(0, 6);
    return {
      gfid: PREFIX + rel, type: isDir ? 'dir' : 'file', mode: isDir ? 0o40555 : 0o100444, uid: 0, gid: 0, size,
      nlink: isDir ? 2 : 1, ino, blocks: 0, atime: t, mtime: t, ctime: t,
    };
  }

  /** Answers `r` when it is about /.meta; false when it is the volume's to answer. */
  handle(r: FuseRequest): boolean {
    const n = this.native;
    if (r.op === 'lookup' && r.ino === ROOT_NODE && r.name === NAME) return this.lookup(r, '');
    if (r.op === 'read' || r.op === 'release' || r.op === 'flush') {
      const data = this.opened.get(r.fh);
      if (data === undefined) return false;
      if (r.op === 'read') n.fuseReplyBuf(r.req, data.subarray(r.off, r.off + r.size));
      else {
        if (r.op === 'release') this.opened.delete(r.fh);
        n.fuseReplyErr(r.req, 0);
      }
      return true;
    }
    // A rename or link into /.meta names a meta node as its second inode.
    const rel = this.relOf(r.ino) ?? (r.ino2 === undefined ? undefined : this.relOf(r.ino2));
    if (rel === undefined) return false;
    if (r.op === 'forget') {
      this.inodes.forget(r.ino, r.nlookup);
      return true;
    }
    if (!READS.has(r.op)) {
      n.fuseReplyErr(r.req, E.EPERM);
      return true;
    }
    const node = this.node(rel);
    if (r.op === 'lookup') return this.lookup(r, rel ? `${rel}/${r.name}` : r.name!);
    if (!node) n.fuseReplyErr(r.req, E.ENOENT);
    else if (r.op === 'getattr') n.fuseReplyAttr(r.req, attrOf(this.iatt(rel, node)), this.timeouts.attr);
    else if (r.op === 'getxattr') n.fuseReplyErr(r.req, E.ENODATA);
    else if (r.op === 'listxattr') r.size === 0 ? n.fuseReplyXattr(r.req, 0) : n.fuseReplyBuf(r.req, Buffer.alloc(0));
    else if (r.op === 'opendir') n.fuseReplyOpen(r.req, 0, 0);
    else if (r.op === 'releasedir') n.fuseReplyErr(r.req, 0);
    else if (r.op === 'open' && !('content' in node)) n.fuseReplyErr(r.req, E.EISDIR);
    else if (r.op === 'open' && 'content' in node) {
      const fh = this.newFh();
      this.opened.set(fh, Buffer.from(node.content()));
      n.fuseReplyOpen(r.req, fh, 1); // direct I/O: the size a getattr gave may be stale
    } else this.readdir(r, rel, node);
    return true;
  }

  private lookup(r: FuseRequest, rel: string): boolean {
    const node = this.node(rel);
    if (!node) {
      this.native.fuseReplyErr(r.req, E.ENOENT);
      return true;
    }
    const iatt = this.iatt(rel, node);
    const id = this.inodes.remember(iatt.gfid, rel ? `/${NAME}/${rel}` : `/${NAME}`);
    this.native.fuseReplyEntry(r.req, entryOf(id, iatt, this.timeouts.attr, this.timeouts.entry));
    return true;
  }

  /** A meta directory's entries, all in one reply (they are few); "plus" records carry node 0, so no lookup is counted. */
  private readdir(r: FuseRequest, rel: string, node: MetaNode): void {
    if (!('dir' in node) || r.off > 0) {
      this.native.fuseReplyDir(r.req, r.op === 'readdirplus', r.size, []);
      return;
    }
    const items: Array<[string, number, Float64Array]> = [];
    let i = 0;
    for (const [name, child] of node.dir) {
      const crel = rel ? `${rel}/${name}` : name;
      const iatt = this.iatt(crel, child);
      const rec = r.op === 'readdirplus' ? entryOf(0, iatt, this.timeouts.attr, this.timeouts.entry) : attrOf(iatt);
      items.push([name, ++i, rec]);
    }
    this.native.fuseReplyDir(r.req, r.op === 'readdirplus', r.size, items);
  }
}
