// Directory layouts: the 16-byte codec of the layout key (docs/on-disk-format.md §1.3; trusted.glusterfs.dht
// unless DHT's xattr-name names another), the layout GlusterFS computes for a new directory (§4.3),
// fix-layout's overlap maximisation (§4.4) and the search for the subvolume owning a hash (§4.5).
// Everything here is pure: callers supply statfs-derived chunks.
import { FopError } from '../../libglusterfs/errors.js';
import type { Statfs } from '../types.js';
import { dhtHash, type HashOptions } from './hash.js';
import { DEFAULT_KEYS } from './xattrs.js';

/** The layout key of a DHT without xattr-name (a DHT's own is its `o.keys.layout`). */
export const DHT_XATTR = DEFAULT_KEYS.layout;
export const HASH_TYPE_DM = 0;
/** A user-set layout: same hash, but fix-layout leaves it alone. */
export const HASH_TYPE_DM_USER = 1;
/** Commit hash GlusterFS stamps when a layout is (re)built by self-heal: "not balanced". */
export const COMMIT_HASH_INVALID = 1;

/** One subvolume's piece of a directory layout. start/stop inclusive; 0..0 = not participating. */
export interface LayoutRange {
  commitHash: number;
  type: number;
  start: number;
  stop: number;
}

export function encodeLayout(r: LayoutRange): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32BE(r.commitHash >>> 0, 0);
  b.writeUInt32BE(r.type >>> 0, 4);
  b.writeUInt32BE(r.start >>> 0, 8);
  b.writeUInt32BE(r.stop >>> 0, 12);
  return b;
}

/** Decodes a layout xattr; EINVAL for a wrong size or an unknown hash type (GlusterFS rejects both). */
export function decodeLayout(b: Buffer): LayoutRange {
  if (b.length !== 16) throw new FopError('EINVAL', `layout xattr of ${b.length} bytes`);
  const type = b.readUInt32BE(4);
  if (type !== HASH_TYPE_DM && type !== HASH_TYPE_DM_USER) throw new FopError('EINVAL', `layout hash type ${type}`);
  return { commitHash: b.readUInt32BE(0), type, start: b.readUInt32BE(8), stop: b.readUInt32BE(12) };
}

export const isZeroRange = (r: LayoutRange): boolean => r.start === 0 && r.stop === 0;

/** strcmp of subvolume names (byte-wise): `VOL-client-10` sorts before `VOL-client-2`. */
export function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Size weight of a subvolume: its size in 1 MiB chunks, rounded up, truncated to u32 (dht_du_info_cbk). */
export function chunksFromStatfs(st: Pick<Statfs, 'bsize' | 'blocks'>): number {
  if (!st.blocks || !st.bsize) return 0;
  const bpc = Math.floor((1 << 20) / st.bsize) >>> 0; // blocks per chunk
  if (bpc === 0) return st.blocks >>> 0; // blocks larger than 1 MiB: GlusterFS would divide by zero
  return Math.floor((st.blocks + bpc - 1) / bpc) >>> 0;
}

/** What the layout computation needs to know about one DHT subvolume. */
export interface SubvolInfo {
  name: string;
  /** Size weight (chunksFromStatfs); 0 when unknown, which turns weighting off. */
  chunks: number;
  /** Can take a range: up and not decommissioned. */
  usable: boolean;
}

export interface NewLayoutOptions {
  /** Commit hash stamped on every entry (volume commit hash, or 1 for self-heal). */
  commitHash: number;
  /** cluster.weighted-rebalance (default on). */
  weighted?: boolean;
  /** cluster.subvols-per-directory, when smaller than the number of usable subvolumes. */
  spreadCount?: number;
  /** What picks the first subvolume: the path, or the gfid text with randomize-hash-range-by-gfid. */
  startKey?: string;
  hash?: HashOptions;
}

/** A directory layout: one entry per subvolume, in strcmp order of names. */
export interface DirLayout {
  entries: Array<{ name: string; range: LayoutRange }>;
}

/** docs/on-disk-format.md §4.3: the layout GlusterFS gives a new directory (dht_selfheal_layout_new_directory). */
export function computeNewLayout(path: string, subvols: readonly SubvolInfo[], opts: NewLayoutOptions): DirLayout {
  const list = [...subvols].sort((a, b) => compareNames(a.name, b.name));
  const n = list.length;
  const usableCount = list.filter((s) => s.usable).length;
  // Nothing usable: GlusterFS still lays out over one "brick" (count is never 0) but assigns no range.
  let toUse = usableCount || 1;
  if (opts.spreadCount && opts.spreadCount <= usableCount) toUse = opts.spreadCount;

  let weighted = opts.weighted ?? true;
  let total = 0;
  let counted = 0;
  for (const s of list) {
    if (!s.usable) continue;
    if (!s.chunks) {
      weighted = false;
      break;
    }
    total += s.chunks;
    if (++counted >= toUse) break;
  }
  if (!total) weighted = false;
  const chunk = weighted ? 0xffffffff / total : 0xffffffff / toUse;

  const first = n ? dhtHash(opts.startKey ?? path, opts.hash) % n : 0;
  const ranges: LayoutRange[] = list.map(() => ({ commitHash: opts.commitHash, type: HASH_TYPE_DM, start: 0, stop: 0 }));
  let start = 0;
  let used = 0;
  for (let k = 0; k < n; k++) {
    const i = (first + k) % n;
    const s = list[i];
    if (!s.usable) continue;
    let weight = 1;
    if (weighted) {
      if (!s.chunks) continue;
      weight = s.chunks;
    }
    const size = Math.trunc(chunk * weight) >>> 0; // C double -> uint32_t
    ranges[i].start = start;
    ranges[i].stop = (start + size - 1) >>> 0;
    if (++used >= toUse) {
      ranges[i].stop = 0xffffffff;
      break;
    }
    start = (start + size) >>> 0;
  }
  return { entries: list.map((s, i) => ({ name: s.name, range: ranges[i] })) };
}

/** Number of hash values in both ranges, as GlusterFS's u32 arithmetic gives it (dht_overlap_calc). */
function overlap(a: LayoutRange | undefined, b: LayoutRange): number {
  if (!a || a.start === a.stop || b.start === b.stop) return 0;
  if (a.start > b.stop || a.stop < b.start) return 0;
  return (Math.min(a.stop, b.stop) - Math.max(a.start, b.start) + 1) >>> 0;
}

/**
 * docs/on-disk-format.md §4.4 (dht_selfheal_layout_maximize_overlap): swaps ranges of `fresh` so that each
 * subvolume keeps as much of its `old` range as possible. Sums wrap at 2^32 like the C code.
 * `skip` names subvolumes that take no part (decommissioned).
 */
export function maximizeOverlap(fresh: DirLayout, old: ReadonlyMap<string, LayoutRange>, skip: ReadonlySet<string> = new Set()): DirLayout {
  const e = fresh.entries.map((x) => ({ name: x.name, range: { ...x.range } }));
  const n = e.length;
  const ov: number[][] = e.map((ni) => e.map((oj) => (skip.has(ni.name) || skip.has(oj.name) ? 0 : overlap(old.get(oj.name), ni.range))));
  for (let i = 0; i < n; i++) {
    if (skip.has(e[i].name)) continue;
    let best = 0;
    let bestIdx = i;
    for (let j = i + 1; j < n; j++) {
      if (skip.has(e[j].name)) continue;
      const now = (ov[i][i] + ov[j][j]) >>> 0;
      let swapped = (ov[i][j] + ov[j][i]) >>> 0;
      if (swapped > now) {
        swapped = (swapped - now) >>> 0;
        if (swapped > best) {
          best = swapped;
          bestIdx = j;
        }
      }
    }
    if (bestIdx !== i) {
      const a = e[i].range;
      const b = e[bestIdx].range;
      [a.start, b.start] = [b.start, a.start];
      [a.stop, b.stop] = [b.stop, a.stop];
      [ov[i], ov[bestIdx]] = [ov[bestIdx], ov[i]];
    }
  }
  return { entries: e };
}

export interface FixLayoutOptions extends Omit<NewLayoutOptions, 'commitHash'> {
  /** The directory's current commit hash: fix-layout keeps it (a full rebalance settles it later). */
  commitHash: number;
}

/**
 * docs/on-disk-format.md §4.4: fix-layout of one directory. Returns undefined when the layout must be left
 * alone (user-set layout, or a subvolume is down — callers pass `down`).
 */
export function fixLayout(
  path: string,
  subvols: readonly SubvolInfo[],
  old: ReadonlyMap<string, LayoutRange>,
  opts: FixLayoutOptions & { down?: ReadonlySet<string>; decommissioned?: ReadonlySet<string> },
): DirLayout | undefined {
  for (const r of old.values()) if (r.type === HASH_TYPE_DM_USER) return undefined;
  if (opts.down && opts.down.size > 0) return undefined;
  const fresh = computeNewLayout(path, subvols, opts);
  const chunks = subvols.map((s) => s.chunks);
  const equal = chunks.every((c) => c === chunks[0]);
  if ((opts.weighted ?? true) && !equal) return fresh;
  return maximizeOverlap(fresh, old, opts.decommissioned ?? new Set(subvols.filter((s) => !s.usable).map((s) => s.name)));
}

/** The subvolume whose range holds `hash` (first match in list order, as dht_layout_search). */
export function searchLayout(layout: DirLayout, hash: number): string | undefined {
  for (const { name, range } of layout.entries) if (range.start <= hash && range.stop >= hash) return name;
  return undefined;
}

/** The hashed subvolume of a basename in a directory layout. */
export function hashedSubvol(layout: DirLayout, name: string, hash?: HashOptions): string | undefined {
  return searchLayout(layout, dhtHash(name, hash));
}

/**
 * Whether a layout read from the subvolumes covers the hash space exactly once (no holes, no
 * overlaps) — dht_layout_anomalies with every subvolume answering. Zero ranges are ignored.
 */
export function layoutIsComplete(layout: DirLayout): boolean {
  const rs = layout.entries.map((e) => e.range).filter((r) => !isZeroRange(r)).sort((a, b) => a.start - b.start);
  if (rs.length === 0) return false;
  let next = 0;
  for (const r of rs) {
    if (r.start !== next || r.stop < r.start) return false;
    next = r.stop + 1;
  }
  return next === 0x100000000;
}
