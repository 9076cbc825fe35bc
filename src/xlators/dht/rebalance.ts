// The per-directory steps of `rebalance fix-layout`, `rebalance start` and `remove-brick start`
// (docs/on-disk-format.md §4.4, §4.6, §5.2): recompute a directory's layout keeping as much of each old
// range as possible, write the volume commit hash on the brick roots, and "settle" a directory
// once all of its files sit on their hashed subvolume. The crawl itself belongs to src/tasks.
import { FopError } from '../../libglusterfs/errors.js';
import type { Loc, Xlator } from '../types.js';
import { attempt, type DhtCtx } from './ctx.js';
import { resolveDir, subvolInfos, volumeCommitHash } from './dir.js';
import { decodeLayout, encodeLayout, fixLayout, HASH_TYPE_DM_USER, type LayoutRange } from './layout.js';
import { encodeCommitHash } from './xattrs.js';

/** The directory commit hash DHT derives from its copies (dht_layout_merge): 1 when they differ. */
export function mergedCommitHash(ranges: Iterable<LayoutRange>): number {
  let h = 0;
  for (const r of ranges) {
    if (h === 0) h = r.commitHash;
    else if (h !== r.commitHash) return 1;
  }
  return h;
}

/** Writes the volume commit hash on every subvolume's root (the rebalance process does it at start). */
export function writeVolumeCommitHash(ctx: DhtCtx, hash: number): void {
  ctx.cache?.clear();
  for (const c of ctx.children) c.setxattr({ path: '/' }, { [ctx.o.keys.commitHash]: encodeCommitHash(hash) });
}

export { volumeCommitHash };

function layoutRanges(ctx: DhtCtx, dir: ReturnType<typeof resolveDir>): Map<string, LayoutRange> {
  const out = new Map<string, LayoutRange>();
  for (const c of dir.copies) {
    if (!c.out.ok) continue;
    const raw = c.out.value.xattrs[ctx.o.keys.layout];
    const r = raw && attempt(() => decodeLayout(raw));
    if (r?.ok) out.set(c.child.name, r.value);
  }
  return out;
}

export type FixResult = 'fixed' | 'user-layout' | 'subvolume-down';

/**
 * Fix-layout of one directory: missing copies are created (directory self-heal), the ranges are
 * recomputed over the usable subvolumes with overlap maximisation and written to every copy.
 * The directory keeps its commit hash; a full rebalance settles it later.
 */
export function fixLayoutDir(ctx: DhtCtx, path: string): FixResult {
  const dir = resolveDir(ctx, path);
  if (dir.down.length) return 'subvolume-down';
  const old = layoutRanges(ctx, dir);
  if ([...old.values()].some((r) => r.type === HASH_TYPE_DM_USER)) return 'user-layout';
  const o = ctx.o;
  const present = new Set(dir.present);
  const fresh = fixLayout(path, subvolInfos(ctx, (c) => present.has(c)), old, {
    commitHash: mergedCommitHash(old.values()),
    weighted: o.weighted,
    spreadCount: o.spreadCount,
    startKey: o.randomizeByGfid ? dir.reply.iatt.gfid : path,
    hash: o.hash,
    decommissioned: ctx.decommissioned,
  });
  if (!fresh) return 'user-layout';
  ctx.cache?.forgetDir(dir.reply.iatt.gfid);
  writeRanges(ctx, dir.present, path, (c) => fresh.entries.find((e) => e.name === c.name)?.range);
  return 'fixed';
}

/** Stamps `hash` as the commit hash of every copy of a directory whose files are all in place. */
export function settleDir(ctx: DhtCtx, path: string, hash: number): void {
  const dir = resolveDir(ctx, path);
  if (dir.down.length) throw new FopError('ENOTCONN', path);
  const old = layoutRanges(ctx, dir);
  ctx.cache?.forgetDir(dir.reply.iatt.gfid);
  writeRanges(ctx, dir.present, path, (c) => {
    const r = old.get(c.name);
    return r && { ...r, commitHash: hash };
  });
}

function writeRanges(ctx: DhtCtx, children: readonly Xlator[], path: string, rangeOf: (c: Xlator) => LayoutRange | undefined): void {
  const loc: Loc = { path };
  for (const c of children) {
    const r = rangeOf(c);
    if (r) c.setxattr(loc, { [ctx.o.keys.layout]: encodeLayout(r) });
  }
}
