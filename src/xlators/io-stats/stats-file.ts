// debug/io-stats' counters of one brick, in a small file of the state dir that every process
// serving the brick maps shared (native statsMap): a brick process of GlusterFS keeps them in
// memory, and here a mount, a heal and `volume profile VOL info` are different processes.
//
// The file is u64 slots: a magic, the interval number, then two sets of the same shape,
// cumulative and the current interval, each: started-at (epoch seconds), bytes read and
// written, 32 read and 32 write block-size buckets (2^i bytes and up), and a record per fop of
// GlusterFS's fop list (hits, latency sum, min, max in ns). All zeros is a valid file: a brick
// (re)start zeroes it in place (never truncates it: a mapper would fault), and the first user
// stamps the start times.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nativeAddon } from '../../native/addon.js';
import { GF_FOP_NAMES, type GfFop } from '../fop-names.js';

const MAGIC = 0x5447494f53544154n; // "TGIOSTAT"
const BLOCKS = 32;
const FOP_SLOTS = 4;
const S_STARTED = 0;
const S_READ = 1;
const S_WRITTEN = 2;
const S_READ_BLOCKS = 3;
const S_WRITE_BLOCKS = S_READ_BLOCKS + BLOCKS;
const S_FOPS = S_WRITE_BLOCKS + BLOCKS;
const SET_SLOTS = S_FOPS + GF_FOP_NAMES.length * FOP_SLOTS;
const H_MAGIC = 0;
const H_INTERVAL = 1;
const SETS = 2;
const SLOTS = SETS + 2 * SET_SLOTS;
export const STATS_FILE_BYTES = SLOTS * 8;

type Which = 'cumulative' | 'interval';
const base = (w: Which): number => SETS + (w === 'cumulative' ? 0 : SET_SLOTS);

/** One fop's figures in a set (latencies in ns; 0 when never measured). */
export interface FopFigures {
  fop: GfFop;
  /** The fop's number (its index in GF_FOP_NAMES). */
  index: number;
  hits: number;
  avg: number;
  min: number;
  max: number;
}

/** What `profile info` shows of one set: GlusterFS's dict of a brick's cumulative or interval stats. */
export interface StatsSet {
  /** -1 for the cumulative set, else the interval's number. */
  interval: number;
  /** Whole seconds since the set started. */
  duration: number;
  dataRead: number;
  dataWritten: number;
  /** Reads and writes by block size: index i counts calls of 2^i bytes and up. */
  readBlocks: number[];
  writeBlocks: number[];
  /** Fops with hits, in fop-number order. */
  fops: FopFigures[];
}

/** The slot store: the shared mapping, or (no native addon) the file itself, unshared. */
interface Slots {
  get(i: number): bigint;
  set(i: number, v: bigint): void;
  add(i: number, n: number): void;
  fop(i: number, ns: number): void;
}

function mappedSlots(file: string): Slots | undefined {
  const n = nativeAddon();
  if (!n?.statsMap || !n.statsAdd || !n.statsFop) return undefined;
  let buf: ArrayBuffer;
  try {
    buf = n.statsMap(file, STATS_FILE_BYTES);
  } catch {
    return undefined; // no room to map (ENOSPC, ENOMEM): the file itself will do
  }
  const view = new BigUint64Array(buf);
  const { statsAdd, statsFop } = n;
  return {
    get: (i) => view[i],
    set: (i, v) => {
      view[i] = v;
    },
    add: (i, k) => statsAdd(buf, i, k),
    fop: (i, ns) => statsFop(buf, i, ns),
  };
}

/** Closes a fallback's descriptor once nothing uses its slots any more (a graph rebuilt). */
const closeWhenGone = new FinalizationRegistry<number>((fd) => fs.closeSync(fd));

/** Without the addon: read-modify-write through the file (one process at a time stays exact). */
function fileSlots(file: string): Slots {
  const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644);
  if (fs.fstatSync(fd).size < STATS_FILE_BYTES) fs.ftruncateSync(fd, STATS_FILE_BYTES);
  const b = Buffer.alloc(8);
  const get = (i: number): bigint => {
    fs.readSync(fd, b, 0, 8, i * 8);
    return b.readBigUInt64LE(0);
  };
  const set = (i: number, v: bigint): void => {
    b.writeBigUInt64LE(v, 0);
    fs.writeSync(fd, b, 0, 8, i * 8);
  };
  const slots: Slots = {
    get,
    set,
    add: (i, k) => set(i, get(i) + BigInt(k)),
    fop: (i, ns) => {
      const v = BigInt(Math.round(ns));
      const min = get(i + 2);
      const max = get(i + 3);
      set(i, get(i) + 1n);
      set(i + 1, get(i + 1) + v);
      if (min === 0n || v < min) set(i + 2, v);
      if (v > max) set(i + 3, v);
    },
  };
  closeWhenGone.register(slots, fd);
  return slots;
}

const nowSec = (): bigint => BigInt(Math.floor(Date.now() / 1000));

/** floor(log2(n)) for n >= 1, 0 for 0 (GlusterFS's log_base2). */
function bucket(n: number): number {
  return n < 2 ? 0 : Math.min(BLOCKS - 1, Math.floor(Math.log2(n)));
}

/** A brick's io-stats counters. */
export class BrickStats {
  private constructor(private readonly slots: Slots) {
    this.stamp();
  }

  static open(file: string): BrickStats {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    return new BrickStats(mappedSlots(file) ?? fileSlots(file));
  }

  /** A zeroed file (new, or its brick restarted) gets its start times now. */
  private stamp(): void {
    if (this.slots.get(H_MAGIC) === MAGIC) return;
    this.slots.set(H_MAGIC, MAGIC);
    const now = nowSec();
    for (const w of ['cumulative', 'interval'] as const) this.slots.set(base(w) + S_STARTED, now);
  }

  /** One fop call of `ns` nanoseconds, in both sets. */
  fop(index: number, ns: number): void {
    this.stamp();
    for (const w of ['cumulative', 'interval'] as const) this.slots.fop(base(w) + S_FOPS + index * FOP_SLOTS, ns);
  }

  /** Bytes of one read (as read) or write (as asked), with its block-size bucket. */
  io(kind: 'read' | 'write', bytes: number): void {
    this.stamp();
    const [total, blocks] = kind === 'read' ? [S_READ, S_READ_BLOCKS] : [S_WRITTEN, S_WRITE_BLOCKS];
    for (const w of ['cumulative', 'interval'] as const) {
      this.slots.add(base(w) + total, bytes);
      this.slots.add(base(w) + blocks + bucket(bytes), 1);
    }
  }

  private read(w: Which, interval: number): StatsSet {
    const b = base(w);
    const n = (i: number): number => Number(this.slots.get(b + i));
    const started = this.slots.get(b + S_STARTED);
    const fops: FopFigures[] = [];
    GF_FOP_NAMES.forEach((fop, index) => {
      const r = S_FOPS + index * FOP_SLOTS;
      const hits = n(r);
      if (hits > 0) fops.push({ fop, index, hits, avg: n(r + 1) / hits, min: n(r + 2), max: n(r + 3) });
    });
    return {
      interval,
      duration: started > 0n ? Math.max(0, Number(nowSec() - started)) : 0,
      dataRead: n(S_READ),
      dataWritten: n(S_WRITTEN),
      readBlocks: Array.from({ length: BLOCKS }, (_, i) => n(S_READ_BLOCKS + i)),
      writeBlocks: Array.from({ length: BLOCKS }, (_, i) => n(S_WRITE_BLOCKS + i)),
      fops,
    };
  }

  /** The cumulative set. */
  cumulative(): StatsSet {
    this.stamp();
    return this.read('cumulative', -1);
  }

  /** The current interval; unless peeking, the next interval starts (numbered one more). */
  interval(peek: boolean): StatsSet {
    this.stamp();
    const number = Number(this.slots.get(H_INTERVAL));
    const set = this.read('interval', number);
    if (!peek) {
      this.slots.set(H_INTERVAL, BigInt(number + 1));
      this.zero('interval');
    }
    return set;
  }

  /** `profile info clear`: both sets start again, from interval 0. */
  clear(): void {
    this.stamp();
    this.zero('cumulative');
    this.zero('interval');
    this.slots.set(H_INTERVAL, 0n);
  }

  private zero(w: Which): void {
    const b = base(w);
    for (let i = 1; i < SET_SLOTS; i++) this.slots.set(b + i, 0n);
    this.slots.set(b + S_STARTED, nowSec());
  }
}
