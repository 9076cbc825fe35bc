// debug/io-stats at the top of a brick's stack: while the volume is profiled
// (diagnostics.latency-measurement and count-fop-hits on, what `volume profile VOL start` sets),
// every fop that reaches the brick is counted under GlusterFS's name for it, with its latency,
// and reads and writes by size, into the brick's shared counters (stats-file.ts) that
// `volume profile VOL info` reports.
//
// tgluster's fops carry a path, not an fd: a brick sees LOOKUP, READ, WRITE, XATTROP, INODELK
// where a GlusterFS brick sees OPEN, READ, WRITE, FLUSH, RELEASE, FXATTROP, FINODELK; the fops
// both have are named alike.
import type { Loc, Xlator } from '../types.js';
import { BrickStats } from './stats-file.js';
import { aroundFops, GF_FOP_INDEX, GF_NAMES, gfFopName, type Fop, type GfFop } from '../fop-names.js';

export interface IoStatsOptions {
  /** The brick's counters file. */
  statsFile: string;
}

export interface IoStats extends Omit<Xlator, 'name' | 'children' | 'readv' | 'writev' | 'create'> {}
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
      this.stats.fop(GF_FOP_INDEX.get(fop)!, Number(process.hrtime.bigint() - t0));
    }
  }

  readv(loc: Loc, offset: number, size: number): Buffer {
    const data = this.timed('READ', () => this.children[0].readv(loc, offset, size));
    // a read at or past the end returns nothing, and 10.3 counts bytes only when some came back
    if (data.length > 0) this.stats.io('read', data.length);
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
      this.stats.fop(GF_FOP_INDEX.get('WRITE')!, Number(process.hrtime.bigint() - t0));
    }
    return iatt;
  }

  writev(...args: Parameters<Xlator['writev']>): ReturnType<Xlator['writev']> {
    this.stats.io('write', args[2].length);
    return this.timed('WRITE', () => this.children[0].writev(...args));
  }
}

// Every other fop: counted under the name its arguments give it.
const OWN: readonly Fop[] = ['readv', 'writev', 'create'];
aroundFops(
  IoStats,
  (Object.keys(GF_NAMES) as Fop[]).filter((f) => !OWN.includes(f)),
  (self, fop, args, wind) => self.timed(gfFopName(fop, args), wind),
);
