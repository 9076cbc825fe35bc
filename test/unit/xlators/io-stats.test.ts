// debug/io-stats: a brick's counters in their shared file (BrickStats), and the xlator that counts
// each fop under GlusterFS's name (IoStats) over a fake brick. Latencies are given explicitly to
// BrickStats and never asserted for IoStats (only hits, names and bytes).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BrickStats, STATS_FILE_BYTES, type StatsSet } from '../../../src/xlators/io-stats/stats-file.js';
import { GF_FOP_NAMES, type GfFop } from '../../../src/xlators/fop-names.js';
import { IoStats } from '../../../src/xlators/io-stats/io-stats.js';
import { FopError } from '../../../src/libglusterfs/errors.js';
import { nativeAddon } from '../../../src/native/addon.js';
import { brickStatsPath, resetBrickRunState } from '../../../src/mgmt/run-state.js';
import type { Volume } from '../../../src/mgmt/types.js';
import type { DirEntry, Iatt, Loc, ReaddirOpts, Xdata, Xlator } from '../../../src/xlators/types.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-iostats-'));
  file = path.join(dir, 'run', 'b.iostats');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const idx = (fop: GfFop): number => GF_FOP_NAMES.indexOf(fop);
const hits = (s: StatsSet): Record<string, number> => Object.fromEntries(s.fops.map((f) => [f.fop, f.hits]));
const nonZero = (blocks: number[]): Record<number, number> => Object.fromEntries(blocks.flatMap((n, i) => (n ? [[i, n]] : [])));

describe('BrickStats', () => {
  it('a new file is the full size, every set empty, interval 0', () => {
    const s = BrickStats.open(file);
    expect(fs.statSync(file).size).toBe(STATS_FILE_BYTES);
    const c = s.cumulative();
    expect(c).toMatchObject({ interval: -1, dataRead: 0, dataWritten: 0, fops: [] });
    expect(c.readBlocks).toEqual(Array(32).fill(0));
    expect(c.writeBlocks).toEqual(Array(32).fill(0));
    expect(s.interval(true)).toMatchObject({ interval: 0, fops: [] });
  });

  it('a fop: hits, average, min and max in ns, in fop-number order, in both sets', () => {
    const s = BrickStats.open(file);
    s.fop(idx('WRITE'), 300);
    s.fop(idx('WRITE'), 100);
    s.fop(idx('WRITE'), 200);
    s.fop(idx('LOOKUP'), 50);
    s.fop(idx('MKDIR'), 7);
    const want = [
      { fop: 'MKDIR', index: 4, hits: 1, avg: 7, min: 7, max: 7 },
      { fop: 'WRITE', index: 13, hits: 3, avg: 200, min: 100, max: 300 },
      { fop: 'LOOKUP', index: 27, hits: 1, avg: 50, min: 50, max: 50 },
    ];
    expect(s.cumulative().fops).toEqual(want);
    expect(s.interval(true).fops).toEqual(want);
  });

  it('io: bytes totalled, each call in its log2 block-size bucket', () => {
    const s = BrickStats.open(file);
    for (const n of [1, 4096, 4095, 0]) s.io('write', n);
    s.io('read', 4096);
    s.io('read', 2 ** 40); // past the last bucket: counted in it
    const c = s.cumulative();
    expect(c.dataWritten).toBe(1 + 4096 + 4095);
    expect(c.dataRead).toBe(4096 + 2 ** 40);
    expect(nonZero(c.writeBlocks)).toEqual({ 0: 2, 11: 1, 12: 1 });
    expect(nonZero(c.readBlocks)).toEqual({ 12: 1, 31: 1 });
    expect(s.interval(true).writeBlocks).toEqual(c.writeBlocks);
    expect(s.cumulative().fops).toEqual([]); // io alone is no fop
  });

  it('interval: shown then restarted, numbered on; peek neither advances nor resets; cumulative keeps counting', () => {
    const s = BrickStats.open(file);
    s.fop(idx('STAT'), 10);
    s.io('read', 10);
    expect(s.interval(true)).toMatchObject({ interval: 0, dataRead: 10 });
    expect(hits(s.interval(true))).toEqual({ STAT: 1 });
    const first = s.interval(false);
    expect(first).toMatchObject({ interval: 0, dataRead: 10 });
    expect(hits(first)).toEqual({ STAT: 1 });

    const second = s.interval(true);
    expect(second).toMatchObject({ interval: 1, dataRead: 0, fops: [] });
    expect(second.readBlocks).toEqual(Array(32).fill(0));
    s.fop(idx('STAT'), 10);
    expect(hits(s.interval(false))).toEqual({ STAT: 1 });
    expect(s.interval(false)).toMatchObject({ interval: 2, fops: [] });
    expect(s.interval(true).interval).toBe(3);

    const c = s.cumulative();
    expect(hits(c)).toEqual({ STAT: 2 });
    expect(c.dataRead).toBe(10);
  });

  it('clear: both sets empty, the interval number back to 0', () => {
    const s = BrickStats.open(file);
    s.fop(idx('CREATE'), 5);
    s.io('write', 100);
    s.interval(false);
    s.interval(false);
    s.clear();
    expect(s.cumulative()).toMatchObject({ dataWritten: 0, fops: [] });
    expect(s.cumulative().writeBlocks).toEqual(Array(32).fill(0));
    expect(s.interval(true)).toMatchObject({ interval: 0, dataWritten: 0, fops: [] });
    s.fop(idx('CREATE'), 5);
    expect(hits(s.cumulative())).toEqual({ CREATE: 1 });
  });

  it('two openers of one file share it (the native mapping): each sees the other\'s counts', () => {
    expect(nativeAddon()?.statsMap, 'the native addon maps the counters').toBeDefined();
    const a = BrickStats.open(file);
    const b = BrickStats.open(file);
    a.fop(idx('READ'), 10);
    b.fop(idx('READ'), 30);
    b.io('write', 8);
    expect(a.cumulative().fops).toEqual([{ fop: 'READ', index: 12, hits: 2, avg: 20, min: 10, max: 30 }]);
    expect(a.cumulative().dataWritten).toBe(8);
    // one interval number for both: a's non-peek info starts b's next interval too
    expect(a.interval(false).interval).toBe(0);
    expect(b.interval(true)).toMatchObject({ interval: 1, fops: [] });
    b.clear();
    expect(a.cumulative().fops).toEqual([]);
  });

  it('a brick restart zeroes the file in place: a mapper already open counts afresh in it', () => {
    const brick = { host: 'h1', path: '/bricks/b1' };
    const home = path.join(dir, 'home');
    const statsFile = brickStatsPath(home, 'v', brick);
    const s = BrickStats.open(statsFile);
    s.fop(idx('LOOKUP'), 10);
    s.io('read', 3);
    s.interval(false);
    resetBrickRunState(home, { name: 'v' } as Volume, [brick as Volume['bricks'][number]]);
    expect(fs.statSync(statsFile).size).toBe(STATS_FILE_BYTES);
    expect(fs.readFileSync(statsFile).every((x) => x === 0)).toBe(true);
    expect(s.cumulative()).toMatchObject({ dataRead: 0, fops: [] });
    expect(s.interval(true)).toMatchObject({ interval: 0, fops: [] });
    s.fop(idx('LOOKUP'), 10);
    expect(hits(BrickStats.open(statsFile).cumulative())).toEqual({ LOOKUP: 1 });
  });

  it('a brick restart leaves a brick never profiled without a counters file', () => {
    const home = path.join(dir, 'home');
    const brick = { host: 'h1', path: '/bricks/b2' } as Volume['bricks'][number];
    expect(() => resetBrickRunState(home, { name: 'v' } as Volume, [brick])).not.toThrow();
    expect(fs.existsSync(brickStatsPath(home, 'v', brick))).toBe(false);
  });
});

describe('IoStats over a brick', () => {
  const iatt = {} as Iatt;
  const calls: string[] = [];
  /** A brick with the few fops the tests wind; `lookup` fails, as on a missing name. */
  const child = {
    name: 'fake-posix',
    children: [],
    readdir: (_loc: Loc, opts?: ReaddirOpts): DirEntry[] => (calls.push(`readdir plain=${!!opts?.plain}`), []),
    readv: (_loc: Loc, _offset: number, size: number): Buffer => (calls.push('readv'), Buffer.alloc(Math.min(size, 5))),
    writev: (_loc: Loc, _offset: number, data: Buffer): Iatt => (calls.push(`writev ${data.length}`), iatt),
    create: (loc: Loc, _mode: number, xdata?: Xdata): Iatt => {
      calls.push(`create ${xdata?.initialData?.length ?? 0}`);
      if (loc.path === '/stale') throw new FopError('ESTALE');
      return iatt;
    },
    lookup: (): never => {
      calls.push('lookup');
      throw new FopError('ENOENT');
    },
    stat: (): Iatt => (calls.push('stat'), iatt),
  } as unknown as Xlator;
  const loc: Loc = { path: '/f' };

  let io: IoStats;
  let stats: () => StatsSet;
  beforeEach(() => {
    calls.length = 0;
    io = new IoStats('/bricks/b1', [child], { statsFile: file });
    stats = () => BrickStats.open(file).cumulative();
  });

  it('passes each fop through to its child', () => {
    expect(io.readv(loc, 0, 100)).toHaveLength(5);
    expect(io.writev(loc, 0, Buffer.from('abc'))).toBe(iatt);
    io.stat(loc);
    expect(calls).toEqual(['readv', 'writev 3', 'stat']);
  });

  it('readdir: READDIR for a plain readdir, READDIRP otherwise', () => {
    io.readdir(loc, { plain: true });
    io.readdir(loc);
    io.readdir(loc, { statOnly: true });
    expect(hits(stats())).toEqual({ READDIR: 1, READDIRP: 2 });
    expect(calls).toEqual(['readdir plain=true', 'readdir plain=false', 'readdir plain=false']);
  });

  it('readv counts the bytes read (the reply), writev the bytes asked', () => {
    io.readv(loc, 0, 4096); // the brick returns 5
    io.writev(loc, 0, Buffer.alloc(4096));
    const s = stats();
    expect(hits(s)).toEqual({ READ: 1, WRITE: 1 });
    expect(s.dataRead).toBe(5);
    expect(s.dataWritten).toBe(4096);
    expect(nonZero(s.readBlocks)).toEqual({ 2: 1 });
    expect(nonZero(s.writeBlocks)).toEqual({ 12: 1 });
  });

  it('a read that returns nothing is a READ with no bytes and no block bucket', () => {
    io.readv(loc, 0, 0); // the brick returns min(0, 5) = 0 bytes
    const s = stats();
    expect(hits(s)).toEqual({ READ: 1 });
    expect({ read: s.dataRead, blocks: nonZero(s.readBlocks) }).toEqual({ read: 0, blocks: {} });
  });

  it('a failing fop is counted, and its error reaches the caller', () => {
    expect(() => io.lookup(loc)).toThrow(FopError);
    expect(() => io.lookup(loc)).toThrow(/No such file/);
    expect(hits(stats())).toEqual({ LOOKUP: 2 });
  });

  it('create: a CREATE; with initial data a CREATE and a WRITE of its bytes', () => {
    io.create(loc, 0o644);
    expect(hits(stats())).toEqual({ CREATE: 1 });
    expect(stats().dataWritten).toBe(0);
    io.create(loc, 0o644, { initialData: Buffer.alloc(0) });
    expect(hits(stats())).toEqual({ CREATE: 2 });
    io.create(loc, 0o644, { initialData: Buffer.alloc(1000) });
    const s = stats();
    expect(hits(s)).toEqual({ CREATE: 3, WRITE: 1 });
    expect(s.dataWritten).toBe(1000);
    expect(nonZero(s.writeBlocks)).toEqual({ 9: 1 });
    expect(calls).toEqual(['create 0', 'create 0', 'create 1000']);
  });

  it('a failed create with initial data is a CREATE only: no WRITE, no bytes (its retry counts them once)', () => {
    expect(() => io.create({ path: '/stale' }, 0o644, { initialData: Buffer.alloc(1000) })).toThrow(FopError);
    expect(hits(stats())).toEqual({ CREATE: 1 });
    expect(stats().dataWritten).toBe(0);
    expect(stats().writeBlocks).toEqual(Array(32).fill(0));
    io.create(loc, 0o644, { initialData: Buffer.alloc(1000) });
    expect(hits(stats())).toEqual({ CREATE: 2, WRITE: 1 });
    expect(stats().dataWritten).toBe(1000);
  });

  it('fops go under GlusterFS\'s names, into the interval set too', () => {
    io.stat(loc);
    io.stat(loc);
    expect(hits(BrickStats.open(file).interval(true))).toEqual({ STAT: 2 });
  });
});
