// debug/io-stats at the top of a brick's stack: while the volume is profiled
// (diagnostics.latency-measurement and count-fop-hits on, what `volume profile VOL start` sets),
// every fop that reaches the brick is counted under GlusterFS's name for it, with its latency,
// and reads and writes by size, into the brick's shared counters (stats-file.ts) that
// `volume profile VOL info` reports.
//
// tgluster's fops carry a path, not an fd: a brick sees LOOKUP, READ, WRITE, XATTROP, INODELK
// where a GlusterFS brick sees OPEN, READ, WRITE, FLUSH, RELEASE, FXATTROP, FINODELK; the fops
// both have are named alike.
import type { DirEntry, Loc, ReaddirOpts, Xlator } from '../types.js';
import { BrickStats, GF_FOP_NAMES, type GfFop } from './stats-file.js';

export interface IoStatsOptions {
  /** The brick's counters file. */
  statsFile: string;
}

type Fop = Exclude<keyof Xlator, 'name' | 'children'>;

/** GlusterFS's name of each fop of the Xlator interface (readdir: see IoStats.readdir). */
const NAMES: Record<Exclude<Fop, 'readdir'>, GfFop> = {
  lookup: 'LOOKUP', stat: 'STAT', statfs: 'STATFS', mkdir: 'MKDIR', create: 'CREATE', symlink: 'SYMLINK',
  mknod: 'MKNOD', link: 'LINK', unlink: 'UNLINK', rmdir: 'RMDIR', rename: 'RENAME', readlink: 'READLINK',
  readv: 'READ', writev: 'WRITE', truncate: 'TRUNCATE', fallocate: 'FALLOCATE', fsync: 'FSYNC', seek: 'SEEK',
  setattr: 'SETATTR', getxattr: 'GETXATTR', setxattr: 'SETXATTR', removexattr: 'REMOVEXATTR',
  xattrop: 'XATTROP', inodelk: 'INODELK', entrylk: 'ENTRYLK',
};
const INDEX = new Map<GfFop, number>(GF_FOP_NAMES.map((n, i) => [n, i]));

export interface IoStats extends Omit<Xlator, 'name' | 'children' | 'readdir' | 'readv' | 'writev' | 'create'> {}
export class IoStats implements Xlator {
  readonly children: readonly Xlator[];
  private readonly stats: BrickStats;

  constructor(
    readonly name: string,
    children: readonly Xlator[],
    options: IoStatsOptions,
  ) {
    this.children = children;
    this.stats = BrickStats.open(options.statsFile);
  }

  /** Runs one fop on the brick and counts it, failed or not (GlusterFS counts in the callback). */
  timed<T>(fop: GfFop, run: () => T): T {
    const t0 = process.hrtime.bigint();
    try {
      return run();
    } finally {
      this.stats.fop(INDEX.get(fop)!, Number(process.hrtime.bigint() - t0));
    }
  }

  /** READDIR when the caller wound a plain readdir (names and types), READDIRP otherwise. */
  readdir(loc: Loc, opts?: ReaddirOpts): DirEntry[] {
    return this.timed(opts?.plain ? 'READDIR' : 'READDIRP', () => this.children[0].readdir(loc, opts));
  }

  readv(loc: Loc, offset: number, size: number): Buffer {
    const data = this.timed('READ', () => this.children[0].readv(loc, offset, size));
    this.stats.io('read', data.length);
    return data;
  }

  /** A create carrying the file's first bytes is, on a GlusterFS brick, a CREATE and a WRITE. */
  create(...args: Parameters<Xlator['create']>): ReturnType<Xlator['create']> {
    const data = args[2]?.initialData;
    const t0 = process.hrtime.bigint();
    const iatt = this.timed('CREATE', () => this.children[0].create(...args));
    // the write a GlusterFS client would have sent once the create succeeded
    if (data?.length) {
      this.stats.io('write', data.length);
      this.stats.fop(INDEX.get('WRITE')!, Number(process.hrtime.bigint() - t0));
    }
    return iatt;
  }

  writev(...args: Parameters<Xlator['writev']>): ReturnType<Xlator['writev']> {
    this.stats.io('write', args[2].length);
    return this.timed('WRITE', () => this.children[0].writev(...args));
  }
}

for (const [fop, gf] of Object.entries(NAMES)) {
  if (fop === 'readv' || fop === 'writev' || fop === 'create') continue;
  Object.defineProperty(IoStats.prototype, fop, {
    value: function (this: IoStats, ...args: unknown[]) {
      const child = this.children[0] as unknown as Record<string, (...a: unknown[]) => unknown>;
      return this.timed(gf, () => child[fop](...args));
    },
    writable: true,
    configurable: true,
  });
}
