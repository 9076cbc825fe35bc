// GlusterFS's names of fops (libglusterfs gf_fop_list), and which of them each fop of tgluster's
// Xlator interface is: what the debug translators count (io-stats) or pick by name (delay-gen).
import type { ReaddirOpts, Xdata, Xlator } from './types.js';

/** gf_fop_list: the index is the fop's number (glusterfs-fops.h's glusterfs_fop_t). */
export const GF_FOP_NAMES = [
  'NULL', 'STAT', 'READLINK', 'MKNOD', 'MKDIR', 'UNLINK', 'RMDIR', 'SYMLINK', 'RENAME', 'LINK', 'TRUNCATE',
  'OPEN', 'READ', 'WRITE', 'STATFS', 'FLUSH', 'FSYNC', 'SETXATTR', 'GETXATTR', 'REMOVEXATTR', 'OPENDIR',
  'FSYNCDIR', 'ACCESS', 'CREATE', 'FTRUNCATE', 'FSTAT', 'LK', 'LOOKUP', 'READDIR', 'INODELK', 'FINODELK',
  'ENTRYLK', 'FENTRYLK', 'XATTROP', 'FXATTROP', 'FGETXATTR', 'FSETXATTR', 'RCHECKSUM', 'SETATTR', 'FSETATTR',
  'READDIRP', 'FORGET', 'RELEASE', 'RELEASEDIR', 'GETSPEC', 'FREMOVEXATTR', 'FALLOCATE', 'DISCARD', 'ZEROFILL',
  'IPC', 'SEEK', 'LEASE', 'COMPOUND', 'GETACTIVELK', 'SETACTIVELK', 'PUT', 'ICREATE', 'NAMELINK', 'COPY_FILE_RANGE',
] as const;
export type GfFop = (typeof GF_FOP_NAMES)[number];

export const GF_FOP_INDEX: ReadonlyMap<GfFop, number> = new Map(GF_FOP_NAMES.map((n, i) => [n, i]));

/** The fops of the Xlator interface. */
export type Fop = Exclude<keyof Xlator, 'name' | 'children'>;

/**
 * Every GlusterFS name a fop of ours stands for: its own, its fd-based twin (tgluster's fops
 * carry a path; a caller holding the file open marks xdata.viaFd), and the variants its
 * arguments select (readdir: READDIR/READDIRP; fallocate: DISCARD, ZEROFILL).
 */
export const GF_NAMES: Readonly<Record<Fop, readonly GfFop[]>> = {
  lookup: ['LOOKUP'], stat: ['STAT', 'FSTAT'], statfs: ['STATFS'], mkdir: ['MKDIR'], create: ['CREATE'],
  symlink: ['SYMLINK'], mknod: ['MKNOD'], link: ['LINK'], unlink: ['UNLINK'], rmdir: ['RMDIR'], rename: ['RENAME'],
  readlink: ['READLINK'], readv: ['READ'], writev: ['WRITE'], truncate: ['TRUNCATE', 'FTRUNCATE'],
  fallocate: ['FALLOCATE', 'DISCARD', 'ZEROFILL'], fsync: ['FSYNC'], seek: ['SEEK'], readdir: ['READDIRP', 'READDIR'],
  setattr: ['SETATTR', 'FSETATTR'], getxattr: ['GETXATTR', 'FGETXATTR'], setxattr: ['SETXATTR', 'FSETXATTR'],
  removexattr: ['REMOVEXATTR', 'FREMOVEXATTR'], xattrop: ['XATTROP', 'FXATTROP'], inodelk: ['INODELK', 'FINODELK'],
  entrylk: ['ENTRYLK', 'FENTRYLK'], lk: ['LK'],
};

/**
 * The fd-based twin of a name whose calls tgluster does not tell apart (its fops carry a path,
 * and only a truncate says whether its caller holds the file open): a translator picking fops
 * by name takes either for these.
 */
export const UNTOLD_FD_TWIN: Partial<Record<GfFop, GfFop>> = {
  STAT: 'FSTAT', SETATTR: 'FSETATTR', GETXATTR: 'FGETXATTR', SETXATTR: 'FSETXATTR', REMOVEXATTR: 'FREMOVEXATTR',
  XATTROP: 'FXATTROP', INODELK: 'FINODELK', ENTRYLK: 'FENTRYLK',
};

const FALLOC_FL_PUNCH_HOLE = 0x02;
const FALLOC_FL_ZERO_RANGE = 0x10;

/** The GlusterFS name of one call of `fop` with these arguments. */
export function gfFopName(fop: Fop, args: readonly unknown[]): GfFop {
  switch (fop) {
    case 'readdir':
      return (args[1] as ReaddirOpts | undefined)?.plain ? 'READDIR' : 'READDIRP';
    case 'fallocate': {
      const mode = args[1] as number;
      return mode & FALLOC_FL_PUNCH_HOLE ? 'DISCARD' : mode & FALLOC_FL_ZERO_RANGE ? 'ZEROFILL' : 'FALLOCATE';
    }
    case 'truncate':
      return (args[2] as Xdata | undefined)?.viaFd ? 'FTRUNCATE' : 'TRUNCATE';
    default:
      return GF_NAMES[fop][0];
  }
}

/**
 * Gives a one-child translator class each of `fops` as a method running `around(self, fop, args,
 * wind)`, where wind() sends the call on to the child (the debug translators' shape).
 */
export function aroundFops<T extends Xlator>(
  cls: { prototype: T },
  fops: readonly Fop[],
  around: (self: T, fop: Fop, args: unknown[], wind: () => unknown) => unknown,
): void {
  for (const fop of fops) {
    Object.defineProperty(cls.prototype, fop, {
      value: function (this: T, ...args: unknown[]) {
        const child = this.children[0] as unknown as Record<string, (...a: unknown[]) => unknown>;
        return around(this, fop, args, () => child[fop](...args));
      },
      writable: true,
      configurable: true,
    });
  }
}
