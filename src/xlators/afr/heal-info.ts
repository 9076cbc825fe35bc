// `heal info` of one brick of a replica set, as glfsheal computes it: the gfids of the brick's
// xattrop index, then of its dirty index (entry-changes is not read), each judged without locks
// from every copy's changelog (AFR's heal-info inspection) and named the way the brick's inode
// table names it. An index entry whose inode the brick no longer has is purged, never printed.
import { INDEX_VGFID, INODE_PATH_KEY, INODELK_COUNT_KEY } from '../../libglusterfs/index-gfids.js';
import { PLAIN_READDIR, ROOT_GFID, type Gfid, type Iatt } from '../types.js';
import { TXN_INDEX, typeMatrix, type TxnType } from './changelog.js';
import { attempt } from './fanout.js';
import { findDirection } from './sources.js';
import { gfidLoc, iattOf, lookupCopies, type Copies, type HealContext } from './self-heal-common.js';

/** AFR's verdict on one inode, in glfsheal's words. */
export type HealInfoStatus =
  | 'no-heal'
  | 'heal'
  | 'heal-pending'
  | 'split-brain'
  | 'split-brain-pending'
  | 'possibly-healing'
  | 'possibly-healing-pending';

export interface HealInfoEntry {
  gfid: Gfid;
  /** The volume path, when this brick's inode table knows the inode by name. */
  path?: string;
  status: HealInfoStatus;
  /** Which index listed it. */
  index: 'xattrop' | 'dirty';
}

export interface BrickHealInfo {
  /** The brick could not be read: its errno (ENOTCONN for a dead brick). */
  error?: string;
  entries: HealInfoEntry[];
}

export const isSplitBrain = (s: HealInfoStatus) => s.startsWith('split-brain');
export const isPossiblyHealing = (s: HealInfoStatus) => s.startsWith('possibly-healing');

/** The lockless inspection of one inode (AFR's afr_get_heal_info); undefined when no copy answered. */
export function healInfoStatus(ctx: HealContext, gfid: Gfid, copies: Copies = lookupCopies(ctx, gfidLoc(gfid))): HealInfoStatus | undefined {
  const replied = copies.present;
  const iatts = replied.map((_, i) => iattOf(copies, i)).filter((a): a is Iatt => a !== undefined);
  if (!iatts.length) return undefined;
  if (new Set(iatts.map((a) => a.type)).size > 1) return 'split-brain';
  const isDir = iatts[0].type === 'dir';
  const flagged = (t: TxnType) =>
    copies.logs.some((l) => l && (l.dirty[TXN_INDEX[t]] !== 0 || l.pending.some((c) => c[TXN_INDEX[t]] !== 0)));
  const flags: Record<TxnType, boolean> = {
    metadata: flagged('metadata') || differ(iatts, (a) => `${a.uid}:${a.gid}:${a.mode}`),
    data: !isDir && (flagged('data') || (iatts[0].type === 'file' && differ(iatts, (a) => String(a.size)))),
    entry: isDir && flagged('entry'),
  };
  let pending = false;
  let splitBrain = false;
  for (const t of ['metadata', 'data', 'entry'] as const) {
    if (!flags[t]) continue;
    const m = typeMatrix(copies.logs, t);
    if (m.matrix.some((r) => r?.some((v) => v !== 0))) pending = true;
    if (!replied.every(Boolean)) continue; // with a copy missing nothing is split-brain
    if (findDirection(m, t, ctx.qc, replied).splitBrain) splitBrain = true;
  }
  let any = flags.data || flags.metadata || flags.entry;
  // Nothing blames anyone, no copy is dirty more than once, and a client holds the inode's
  // transaction lock: a write in flight, not a heal (10.3's afr_update_heal_status).
  if (any && !pending && !splitBrain && writeInFlight(copies)) any = false;
  const base = splitBrain ? 'split-brain' : any ? 'heal' : 'no-heal';
  if (base === 'no-heal') return base;
  return pending ? (`${base}-pending` as HealInfoStatus) : base;
}

/** A lookup that asked (xdata.inodelkCount) says a transaction lock is held, and dirty is at most 1 everywhere. */
function writeInFlight(copies: Copies): boolean {
  const locked = copies.outcomes.some((o) => o.ok && o.value.xattrs[INODELK_COUNT_KEY]?.toString() === '1');
  return locked && copies.logs.every((l) => !l || l.dirty.every((v) => v <= 1));
}

function differ(iatts: Iatt[], key: (a: Iatt) => string): boolean {
  return new Set(iatts.map(key)).size > 1;
}

export interface BrickHealInfoOptions {
  /** Every entry of both indices (summary counts an entry of both twice, as glfsheal does). */
  noDedupe?: boolean;
  /**
   * The copies of each gfid as one crawl of the set saw them: the bricks of a set list mostly the
   * same gfids, and each is looked up once per `heal info`.
   */
  seen?: Map<Gfid, Copies>;
}

/** The entries of one brick's indices that need heal, with AFR's verdict on each. */
export function brickHealInfo(ctx: HealContext, child: number, opts: BrickHealInfoOptions = {}): BrickHealInfo {
  const c = ctx.children[child];
  const entries: HealInfoEntry[] = [];
  for (const index of ['xattrop', 'dirty'] as const) {
    const listed = attempt(() => c.readdir({ path: '', gfid: INDEX_VGFID[index] }, PLAIN_READDIR));
    if (!listed.ok) {
      if (entries.length === 0 || listed.error.code !== 'ENOTCONN') return { error: listed.error.code, entries };
      break;
    }
    for (const { name: gfid } of listed.value) {
      let copies = opts.seen?.get(gfid) ?? lookupCopies(ctx, gfidLoc(gfid), { inodePath: true });
      if (!opts.seen?.has(gfid) && healInfoStatus(ctx, gfid, copies) === 'heal') copies = settledLook(ctx, gfid, copies);
      opts.seen?.set(gfid, copies);
      if (copies === IN_FLIGHT) continue;
      const own = copies.outcomes[child];
      if (!own.ok && (own.error.code === 'ENOENT' || own.error.code === 'ESTALE')) {
        attempt(() => c.unlink({ path: '', parent: INDEX_VGFID[index], name: gfid }));
        continue;
      }
      const status = healInfoStatus(ctx, gfid, copies);
      if (status === undefined || status === 'no-heal') continue;
      // The dirty pass leaves out what the xattrop pass printed (glfsheal assumes "-pending" did).
      if (index === 'dirty' && !opts.noDedupe && status.endsWith('-pending')) continue;
      entries.push({ gfid, status, index, path: gfid === ROOT_GFID ? '/' : own.ok ? own.value.xattrs[INODE_PATH_KEY]?.toString() : undefined });
    }
  }
  return { entries };
}

/** What a look that never settled stands for: writes that keep coming (see settledLook). */
const IN_FLIGHT: Copies = { outcomes: [], present: [], up: [], logs: [] };
/** Looks after the first: enough for writes that pause; a stream that never does is in flight. */
const SETTLE_LOOKS = 4;

/**
 * Only dirty or sizes that differ, nobody blamed: a write in flight (a client holds the inode's
 * transaction lock, 10.3's test), or whole writes that came and went between the copies'
 * lookups (10.3's eager lock holds the lock across a stream of writes; ours is taken per
 * write). Looks again, asking for the lock count, until two looks in a row see the same copies:
 * a write completed between two copies' reads changes the next look, and a crashed client's
 * dirty stays put. Copies that never settle are being written: IN_FLIGHT.
 */
function settledLook(ctx: HealContext, gfid: Gfid, first: Copies): Copies {
  let prev = first;
  for (let i = 0; i < SETTLE_LOOKS; i++) {
    const next = lookupCopies(ctx, gfidLoc(gfid), { inodePath: true, inodelkCount: ctx.name });
    if (sameCopies(prev, next)) return next;
    prev = next;
  }
  return IN_FLIGHT;
}

/** The copies answered alike both times: same presence, size, times and AFR changelog. */
function sameCopies(a: Copies, b: Copies): boolean {
  return a.outcomes.every((o, i) => {
    const p = o.ok ? o.value : undefined;
    const q = b.outcomes[i].ok ? b.outcomes[i].value : undefined;
    if (!p || !q) return !p && !q;
    const ia = p.iatt;
    const ib = q.iatt;
    const t = (x: Iatt) => `${x.size} ${x.mtime.sec}.${x.mtime.nsec} ${x.ctime.sec}.${x.ctime.nsec}`;
    return t(ia) === t(ib) && JSON.stringify(a.logs[i]) === JSON.stringify(b.logs[i]);
  });
}

/** `statistics heal-count`: the gfids in the brick's xattrop index (stale ones included). */
export function brickHealCount(ctx: HealContext, child: number): number | undefined {
  const o = attempt(() => ctx.children[child].readdir({ path: '', gfid: INDEX_VGFID.xattrop }, PLAIN_READDIR));
  return o.ok ? o.value.length : undefined;
}
