// What every self-heal (data, metadata, entry) shares: looking an inode up on every child by gfid,
// locking the copies, reading the pending matrix under the locks, and the changelog reset a heal
// ends with (docs/on-disk-format.md §6.3).
import { GFID_TO_PATH_KEY } from '../../libglusterfs/index-gfids.js';
import type { Iatt, Loc, LookupReply, Xdata, Xlator } from '../types.js';
import {
  changelogXattrs,
  readBrickChangelog,
  TXN_INDEX,
  typeMatrix,
  type BrickChangelog,
  type Counters,
  type TxnType,
  type TypeMatrix,
} from './changelog.js';
import { attempt, fanout, isDown, type Outcome } from './fanout.js';
import type { TxnContext } from './transaction.js';
import { findDirection, type Direction } from './sources.js';

/** cluster.favorite-child-policy: how a split-brain is resolved without an administrator. */
export type FavoriteChildPolicy = 'none' | 'size' | 'mtime' | 'ctime' | 'majority';

export interface HealContext extends TxnContext {
  /** Client-quorum count (0 for quorum none): breaks cyclic accusations. */
  qc: number;
  /** `.glusterfs-anonymous-inode-<volume-id>`: where entry heal parks removed inodes. */
  anonName?: string;
  favoriteChild: FavoriteChildPolicy;
  /** cluster.ensure-durability: a data heal fsyncs the sinks it wrote (afr_selfheal_data_fsync). */
  ensureDurability: boolean;
}

/** How one heal of one type ended. */
export type HealStatus = 'clean' | 'healed' | 'split-brain' | 'pending';

/** The copies of one inode as the children hold them right now. */
export interface Copies {
  outcomes: Outcome<LookupReply>[];
  /** Child has the inode (answered with it). */
  present: boolean[];
  up: boolean[];
  logs: (BrickChangelog | undefined)[];
}

/** A nameless loc: the inode by gfid, as the self-heal daemon names what its indices hold. */
export const gfidLoc = (gfid: string): Loc => ({ path: '', gfid });

export function lookupCopies(ctx: HealContext, loc: Loc, xdata?: Xdata): Copies {
  const outcomes = fanout(ctx.children, (c) => c.lookup(loc, xdata));
  const present = outcomes.map((o) => o.ok && (loc.gfid === undefined || o.value.iatt.gfid === loc.gfid));
  return {
    outcomes,
    present,
    up: outcomes.map((o) => !isDown(o)),
    logs: outcomes.map((o, i) => (o.ok && present[i] ? readBrickChangelog(o.value.xattrs, ctx.pendingKeys) : undefined)),
  };
}

export const replyOf = (c: Copies, i: number): LookupReply | undefined => {
  const o = c.outcomes[i];
  return o.ok && c.present[i] ? o.value : undefined;
};

export const iattOf = (c: Copies, i: number): Iatt | undefined => replyOf(c, i)?.iatt;

/** The first copy's iatt (every copy has the same gfid and type once name heal is done). */
export function anyIatt(c: Copies): Iatt | undefined {
  const i = c.present.findIndex(Boolean);
  return i < 0 ? undefined : iattOf(c, i);
}

/**
 * Runs `fn` with `lock` taken on every child in `on` (in child order, released in reverse);
 * `locked[i]` tells fn which children it holds. A child that fails to lock takes no part.
 */
export function withLocks<T>(
  ctx: HealContext,
  on: readonly boolean[],
  lock: (c: Xlator, cmd: 'lock' | 'unlock') => void,
  fn: (locked: boolean[]) => T,
): T {
  const locked = ctx.children.map((c, i) => on[i] && attempt(() => lock(c, 'lock')).ok);
  try {
    return fn(locked);
  } finally {
    for (let i = ctx.children.length - 1; i >= 0; i--) if (locked[i]) attempt(() => lock(ctx.children[i], 'unlock'));
  }
}

/** The inode's lock in AFR's own domain: heals exclude the writes of every client. */
export function inodeLock(ctx: HealContext, loc: Loc) {
  return (c: Xlator, cmd: 'lock' | 'unlock') => c.inodelk(loc, ctx.name, cmd);
}

export function entryLock(ctx: HealContext, loc: Loc) {
  return (c: Xlator, cmd: 'lock' | 'unlock') => c.entrylk(loc, ctx.name, undefined, cmd);
}

/** The matrix of one type over the locked copies only (others take no part in the decision). */
export function lockedMatrix(copies: Copies, type: TxnType, locked: readonly boolean[]): TypeMatrix {
  return typeMatrix(
    copies.logs.map((l, i) => (locked[i] ? l : undefined)),
    type,
  );
}

export interface Decision {
  matrix: TypeMatrix;
  direction: Direction;
  /** Bricks locked with the inode: the participants. */
  locked: boolean[];
}

export function decide(ctx: HealContext, copies: Copies, type: TxnType, locked: boolean[]): Decision {
  const participants = locked.map((l, i) => l && copies.present[i]);
  const matrix = lockedMatrix(copies, type, participants);
  return { matrix, direction: findDirection(matrix, type, ctx.qc, participants), locked: participants };
}

/** 10.3 heals only with every child of the set locked: a copy down or missing waits. */
export function everyoneLocked(d: Decision): boolean {
  return d.locked.every(Boolean);
}

/** True when the type's counters and dirty are zero on every participant. */
export function nothingPending(d: Decision): boolean {
  return d.matrix.matrix.every((r) => !r || r.every((v) => v === 0)) && d.matrix.dirty.every((v) => !v);
}

/** One type's part of a heal's changelog reset. */
export interface UndoPart {
  type: TxnType;
  d: Decision;
  sources: readonly boolean[];
  healedSinks: readonly boolean[];
}

/**
 * The changelog reset a successful heal ends with (AFR's undo-pending): on every participant,
 * each counter blaming a source or a healed sink goes back to zero, and so does their dirty; a
 * sink that failed to heal is blamed once more by everyone (itself included). Keys stay, at zero,
 * as 10.3 leaves them. Several types healed under one lock are reset by one xattrop per brick.
 */
export function undoPending(ctx: HealContext, loc: Loc, parts: readonly UndoPart[]): void {
  ctx.children.forEach((child, i) => {
    const pending = ctx.pendingKeys.map((): Counters => [0, 0, 0]);
    const dirty: Counters = [0, 0, 0];
    let any = false;
    for (const { type, d, sources, healedSinks } of parts) {
      const row = d.matrix.matrix[i];
      if (!d.locked[i] || !row) continue;
      const idx = TXN_INDEX[type];
      const failed = d.locked.map((l, j) => l && !sources[j] && !healedSinks[j] && d.direction.sinks[j]);
      // Only what this heal settled is reset: a copy neither source nor healed keeps its blame.
      const settled = (j: number) => sources[j] || healedSinks[j];
      pending.forEach((c, j) => {
        c[idx] += failed[j] ? 1 : settled(j) ? -row[j] : 0;
      });
      if (settled(i)) dirty[idx] -= d.matrix.dirty[i] ?? 0;
      any = true;
    }
    if (!any || (pending.every((c) => c.every((v) => v === 0)) && dirty.every((v) => v === 0))) return;
    child.xattrop(loc, changelogXattrs(ctx.pendingKeys, pending, dirty));
  });
}

/** Adds `delta` on `on`'s copies for the bricks in `blamed` (new-entry marks, policy decisions). */
export function markPending(ctx: HealContext, loc: Loc, on: readonly boolean[], blamed: readonly boolean[], delta: Counters): void {
  const pending = ctx.pendingKeys.map((_, j): Counters => (blamed[j] ? delta : [0, 0, 0]));
  ctx.children.forEach((child, i) => {
    if (on[i]) child.xattrop(loc, changelogXattrs(ctx.pendingKeys, pending));
  });
}

/** The volume path a child knows an inode by (its gfid-to-path answer); undefined if it cannot tell. */
export function pathOn(child: Xlator, loc: Loc): string | undefined {
  if (loc.path) return loc.path;
  const o = attempt(() => child.getxattr(loc, GFID_TO_PATH_KEY));
  return o.ok ? o.value[GFID_TO_PATH_KEY]?.toString() : undefined;
}

export function joinPath(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

/** Removes a name, a directory with everything under it (each name through the brick's fops). */
export function removeTree(c: Xlator, p: string, isDir: boolean): void {
  if (!isDir) return c.unlink({ path: p });
  for (const e of c.readdir({ path: p })) removeTree(c, `${p}/${e.name}`, e.iatt.type === 'dir');
  c.rmdir({ path: p });
}
