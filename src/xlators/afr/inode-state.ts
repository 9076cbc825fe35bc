// What AFR learns from looking an inode up on every child (its "inode refresh"): which copies
// exist, which bricks are down, the changelog each brick holds, and from that which copies may
// be read (GlusterFS's data/metadata "readable" sets).
import { FopError } from '../../libglusterfs/errors.js';
import type { Iatt, LookupReply, Loc, Xdata, Xlator } from '../types.js';
import { readBrickChangelog, TXN_INDEX, type BrickChangelog, type TxnType } from './changelog.js';
import { fanout, isDown, type Outcome } from './fanout.js';

export interface InodeState {
  outcomes: Outcome<LookupReply>[];
  /** Child answered (not ENOTCONN). */
  up: boolean[];
  /** Child has the inode. */
  present: boolean[];
  logs: (BrickChangelog | undefined)[];
  /** Copies that nobody blames for data (entry for directories) and that are not the arbiter. */
  dataReadable: boolean[];
  metadataReadable: boolean[];
  /** Blamed by some copy (for data: entry on directories; smaller-than-the-largest files too). */
  dataAccused: boolean[];
  metadataAccused: boolean[];
  /** Reference reply (the read child's), undefined when no child has the inode. */
  iatt?: Iatt;
  readChild: number;
}

export interface StateContext {
  children: readonly Xlator[];
  pendingKeys: readonly string[];
  /** Position of the arbiter brick, or -1. */
  arbiter: number;
}

export function lookupAll(ctx: StateContext, loc: Loc, xdata?: Xdata): Outcome<LookupReply>[] {
  return fanout(ctx.children, (c) => c.lookup(loc, xdata));
}

/** Builds the state from lookups already made (`keep[i]` false discards child i's copy). */
export function interpret(ctx: StateContext, outcomes: Outcome<LookupReply>[], keep?: readonly boolean[]): InodeState {
  const n = ctx.children.length;
  const up = outcomes.map((o) => !isDown(o));
  const present = outcomes.map((o, i) => o.ok && (keep?.[i] ?? true));
  const replies = outcomes.map((o, i) => (o.ok && present[i] ? o.value : undefined));
  const logs = replies.map((r) => (r ? readBrickChangelog(r.xattrs, ctx.pendingKeys) : undefined));
  const first = replies.find((r) => r !== undefined);
  const isDir = first?.iatt.type === 'dir';
  const dataAccused = accusedBy(logs, isDir ? 'entry' : 'data', n);
  const metadataAccused = accusedBy(logs, 'metadata', n);
  // Copies smaller than the largest unaccused one are stale, unless a write may be in flight
  // (a dirty marker anywhere), when sizes legitimately differ for a moment.
  if (first && first.iatt.type === 'file' && !logs.some((l) => l && l.dirty[TXN_INDEX.data] !== 0)) {
    let max = 0;
    replies.forEach((r, i) => {
      if (r && !dataAccused[i] && r.iatt.size > max) max = r.iatt.size;
    });
    replies.forEach((r, i) => {
      if (r && !dataAccused[i] && i !== ctx.arbiter && r.iatt.size < max) dataAccused[i] = true;
    });
  }
  const readable = (accused: boolean[]) => present.map((p, i) => p && !accused[i] && i !== ctx.arbiter);
  const dataReadable = readable(dataAccused);
  const metadataReadable = readable(metadataAccused);
  const readChild = pickReadChild(present, dataReadable, metadataReadable, ctx.arbiter);
  return {
    outcomes,
    up,
    present,
    logs,
    dataReadable,
    metadataReadable,
    dataAccused,
    metadataAccused,
    iatt: readChild >= 0 ? replies[readChild]!.iatt : undefined,
    readChild,
  };
}

function accusedBy(logs: readonly (BrickChangelog | undefined)[], type: TxnType, n: number): boolean[] {
  const idx = TXN_INDEX[type];
  const accused = new Array<boolean>(n).fill(false);
  for (const l of logs) {
    if (!l) continue;
    l.pending.forEach((c, j) => {
      if (c[idx] !== 0) accused[j] = true;
    });
  }
  return accused;
}

/** Best copy to answer stat/lookup from: good for both types, then metadata, then data, then any. */
function pickReadChild(present: boolean[], data: boolean[], meta: boolean[], arbiter: number): number {
  const order = [
    (i: number) => data[i] && meta[i],
    (i: number) => meta[i],
    (i: number) => data[i],
    (i: number) => present[i] && i !== arbiter,
    (i: number) => present[i],
  ];
  for (const ok of order) {
    const i = present.findIndex((_, k) => ok(k));
    if (i >= 0) return i;
  }
  return -1;
}

/** Copies disagree on gfid or file type: GlusterFS answers EIO until the split is resolved. */
export function checkConsistent(state: InodeState, path: string): void {
  let ref: Iatt | undefined;
  state.outcomes.forEach((o, i) => {
    if (!o.ok || !state.present[i]) return;
    const a = o.value.iatt;
    if (!ref) ref = a;
    else if (a.gfid !== ref.gfid || a.type !== ref.type) throw new FopError('EIO', `${path}: gfid or type mismatch between replicas`);
  });
}


