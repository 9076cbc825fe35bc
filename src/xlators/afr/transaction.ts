// The AFR write transaction (docs/on-disk-format.md §6.1): lock, pre-op, fop on every locked child, post-op,
// unlock. Every step that a kill -9 can interrupt leaves dirty/pending marks (and index entries,
// written by posix's xattrop) from which heal can tell what happened.
import { FopError } from '../../libglusterfs/errors.js';
import { crashPoint } from '../../libglusterfs/crash.js';
import type { Loc, Xdata, Xlator } from '../types.js';
import { changelogXattrs, TXN_INDEX, txnDelta, type Counters, type TxnType } from './changelog.js';
import { attempt, pickError, type Outcome } from './fanout.js';
import { hasQuorum, type Quorum } from './quorum.js';

export interface TxnContext {
  name: string;
  children: readonly Xlator[];
  pendingKeys: readonly string[];
  arbiter: number;
  quorum: Quorum;
  optimisticChangeLog: boolean;
  granularEntryHeal: boolean;
}

/** One directory entry an entry transaction changes: locked, and its parent carries the changelog. */
export interface EntryTarget {
  parent: Loc;
  name: string;
}

/** What a transaction locks and where its changelog lives. */
export interface TxnTarget {
  type: TxnType;
  /** data/metadata transactions: the inode (inodelk target and changelog holder). */
  inode?: Loc;
  /** entry transactions: one target, two for rename (old then new). */
  entries?: EntryTarget[];
}

export interface TxnSpec<T> extends TxnTarget {
  /** The fop on one child. */
  fop: (child: Xlator, i: number) => T;
  /** Data fops are no-ops on the arbiter (features/arbiter on its brick). */
  skipOnArbiter?: boolean;
  /**
   * create/mknod/mkdir: where the new inode is, to mark it for the bricks that missed it.
   * `written`: the create carried the file's first data, so the marks are those the create and
   * its write transaction would have left (one more data count).
   */
  newEntry?: { kind: 'file' | 'dir' | 'special'; loc: (result: T) => Loc; written?: boolean };
  /**
   * Run under the locks before the pre-op when the set is degraded (a create: the lookup the
   * kernel makes before O_CREAT). Throwing fails the txn with nothing written.
   */
  precheck?: () => void;
}

export interface TxnResult<T> {
  /** Per child: the fop's outcome; undefined when not attempted (not locked, or no-op on arbiter). */
  outcomes: (Outcome<T> | undefined)[];
  /** Children on which the fop took effect (arbiter no-ops included). */
  succeeded: boolean[];
}

export function runTransaction<T>(ctx: TxnContext, spec: TxnSpec<T>): TxnResult<T> {
  const locks = lockAll(ctx, spec);
  try {
    return transact(ctx, spec, locks);
  } finally {
    unlockAll(ctx, spec, locks.locked);
  }
}

interface LockState {
  locked: boolean[];
  errors: (Outcome<unknown> | undefined)[];
}

/** Lockees in one global order (path, then name), each on children in index order: no deadlock. */
function lockees(spec: TxnTarget): EntryTarget[] {
  if (spec.type !== 'entry') return [];
  return [...(spec.entries ?? [])].sort((a, b) =>
    a.parent.path === b.parent.path ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.parent.path < b.parent.path ? -1 : 1,
  );
}

function lockAll(ctx: TxnContext, spec: TxnTarget): LockState {
  const locked: boolean[] = [];
  const errors: (Outcome<unknown> | undefined)[] = [];
  const targets = lockees(spec);
  ctx.children.forEach((child, i) => {
    if (spec.type !== 'entry') {
      const o = attempt(() => child.inodelk(spec.inode!, ctx.name, 'lock'));
      locked[i] = o.ok;
      errors[i] = o.ok ? undefined : o;
      return;
    }
    const held: EntryTarget[] = [];
    for (const t of targets) {
      const o = attempt(() => child.entrylk(t.parent, ctx.name, t.name, 'lock'));
      if (!o.ok) {
        for (const h of held.reverse()) attempt(() => child.entrylk(h.parent, ctx.name, h.name, 'unlock'));
        locked[i] = false;
        errors[i] = o;
        return;
      }
      held.push(t);
    }
    locked[i] = true;
  });
  crashPoint('afr.after-lock');
  return { locked, errors };
}

function unlockAll(ctx: TxnContext, spec: TxnTarget, locked: boolean[]): void {
  const targets = lockees(spec).reverse();
  for (let i = ctx.children.length - 1; i >= 0; i--) {
    if (!locked[i]) continue;
    const child = ctx.children[i];
    if (spec.type !== 'entry') attempt(() => child.inodelk(spec.inode!, ctx.name, 'unlock'));
    else for (const t of targets) attempt(() => child.entrylk(t.parent, ctx.name, t.name, 'unlock'));
  }
}

/** Where the changelog of this txn lives: the inode, or each parent with the entry name. */
function changelogTargets(spec: TxnTarget): { loc: Loc; name?: string }[] {
  if (spec.type === 'entry') return (spec.entries ?? []).map((e) => ({ loc: e.parent, name: e.name }));
  return [{ loc: spec.inode! }];
}

function transact<T>(ctx: TxnContext, spec: TxnSpec<T>, locks: LockState): TxnResult<T> {
  const n = ctx.children.length;
  const { locked } = locks;
  if (!locked.some(Boolean)) throw pickError(locks.errors);
  if (!hasQuorum(ctx.quorum, locked)) throw new FopError('ENOTCONN', 'client quorum not met');

  const allLocked = locked.every(Boolean);
  if (spec.precheck && !allLocked) spec.precheck();
  // optimistic-change-log: with every brick locked, metadata/entry txns skip the pre-op entirely.
  const dirtied = spec.type === 'data' || !(ctx.optimisticChangeLog && allLocked);
  const failed = locked.map((l) => !l);
  const idx = TXN_INDEX[spec.type];
  const targets = changelogTargets(spec);
  const zeros: Counters[] = ctx.pendingKeys.map(() => [0, 0, 0]);

  // Pre-op: dirty += 1 at this txn's index; pending keys with zero, to read their current values.
  const preop: (Record<string, Buffer>[] | undefined)[] = new Array(n).fill(undefined);
  const preopErrors: (Outcome<unknown> | undefined)[] = new Array(n).fill(undefined);
  if (dirtied) {
    const xattrs = changelogXattrs(ctx.pendingKeys, zeros, txnDelta(spec.type, 1));
    ctx.children.forEach((child, i) => {
      if (!locked[i]) return;
      const o = attempt(() => targets.map((t) => child.xattrop(t.loc, xattrs, entryXdata(ctx, t.name, 'in'))));
      if (o.ok) preop[i] = o.value;
      else {
        failed[i] = true;
        preopErrors[i] = o;
      }
    });
    crashPoint('afr.after-preop');
  }

  const outcomes: (Outcome<T> | undefined)[] = new Array(n).fill(undefined);
  const succeeded = new Array<boolean>(n).fill(false);
  let refused: FopError | undefined;
  if (ctx.arbiter >= 0 && arbiterIsOnlyGoodCopy(ctx, failed, preop, idx)) {
    // Performing the fop would leave the arbiter (no data) as the only good copy.
    refused = new FopError('ENOTCONN', 'arbiter would be the only source');
    failed.fill(true);
  }
  if (!refused) {
    ctx.children.forEach((child, i) => {
      if (failed[i]) return;
      if (spec.skipOnArbiter && i === ctx.arbiter) {
        succeeded[i] = true;
      } else {
        const o = attempt(() => spec.fop(child, i));
        outcomes[i] = o;
        succeeded[i] = o.ok;
        if (!o.ok) failed[i] = true;
      }
      crashPoint(`afr.after-op-brick-${i}`);
    });
    // The same refusal from every brick that ran the fop (rmdir ENOTEMPTY, create EEXIST, unlink
    // ENOENT) changed nothing anywhere: no copy diverged, so none is blamed and the pre-op's dirty
    // is undone (observed on 10.3).
    const ran = outcomes.filter((o): o is Outcome<T> => o !== undefined);
    const code = ran[0] && !ran[0].ok ? ran[0].error.code : undefined;
    if (code !== undefined && ran.every((o) => !o.ok && o.error.code === code)) {
      outcomes.forEach((o, i) => {
        if (o) failed[i] = false;
      });
    }
  }
  const opOk = succeeded.some(Boolean);
  const nothingFailed = locked.every((l, i) => !l || !failed[i]);
  const error = () => refused ?? pickError([...outcomes, ...preopErrors, ...locks.errors]);
  if (!opOk && !nothingFailed) throw error(); // nothing to record: the pre-op dirty stays as the witness

  // Client quorum must hold on the bricks where the fop took effect, else the fop fails and
  // nothing is recorded (the copies that did change keep their pre-op dirty).
  const good = locked.map((l, i) => l && !failed[i]);
  if (opOk && !hasQuorum(ctx.quorum, good)) {
    // An entry txn that skipped its pre-op (optimistic) has no dirty mark to leave behind: the
    // bricks where it took effect are marked dirty now, so that heal looks at the parent
    // (10.3's afr_need_dirty_marking).
    if (spec.type === 'entry' && !dirtied && ctx.quorum.type !== 'none') {
      const xattrs = changelogXattrs(ctx.pendingKeys, zeros, txnDelta(spec.type, 1));
      ctx.children.forEach((child, i) => {
        if (good[i]) for (const t of targets) attempt(() => child.xattrop(t.loc, xattrs));
      });
    }
    throw pickErrorOr([...outcomes, ...preopErrors], 'ENOTCONN');
  }

  if (opOk && spec.newEntry && !(allLocked && nothingFailed)) markNewEntry(ctx, spec, outcomes, good);

  if (!nothingFailed || dirtied) {
    // A fop refused the same way everywhere (rmdir ENOTEMPTY) changed nothing: only the dirty
    // mark is undone, nobody is blamed (observed on 10.3).
    const pending = ctx.pendingKeys.map((_, j) => (opOk && failed[j] ? txnDelta(spec.type, 1) : ([0, 0, 0] as Counters)));
    const xattrs = changelogXattrs(ctx.pendingKeys, pending, txnDelta(spec.type, dirtied ? -1 : 0));
    // Granular entry index: keep the name while some brick missed it, drop it once all have it.
    const index = !nothingFailed ? 'in' : failed.some(Boolean) || !opOk ? undefined : 'out';
    ctx.children.forEach((child, i) => {
      if (!good[i]) return;
      for (const t of targets) attempt(() => child.xattrop(t.loc, xattrs, entryXdata(ctx, t.name, index)));
    });
    crashPoint('afr.after-postop');
  }
  if (!opOk) throw error();
  return { outcomes, succeeded };
}

function pickErrorOr(outcomes: (Outcome<unknown> | undefined)[], code: string): FopError {
  return outcomes.some((o) => o && !o.ok) ? pickError(outcomes) : new FopError(code, 'client quorum not met');
}

function entryXdata(ctx: TxnContext, name: string | undefined, op: 'in' | 'out' | undefined): Xdata | undefined {
  if (!ctx.granularEntryHeal || name === undefined || op === undefined) return undefined;
  return op === 'in' ? { entryName: name } : { entryName: name, entryDelete: true };
}

/**
 * Arbiter rule (§6.6): good copies are locked, pre-op'd bricks nobody blames at this txn's
 * index. Fewer than two good copies with the arbiter among them = refuse.
 */
function arbiterIsOnlyGoodCopy(
  ctx: TxnContext,
  failed: boolean[],
  preop: (Record<string, Buffer>[] | undefined)[],
  idx: number,
): boolean {
  const good = failed.map((f) => !f);
  for (const replies of preop) {
    for (const xattrs of replies ?? []) {
      ctx.pendingKeys.forEach((k, j) => {
        const v = xattrs[k];
        if (v && v.length === 12 && v.readInt32BE(idx * 4) !== 0) good[j] = false;
      });
    }
  }
  return good.filter(Boolean).length < 2 && good[ctx.arbiter];
}

/**
 * New-entry marks on the created inode, on the bricks that have it, for every brick that does
 * not: files metadata+data, directories metadata+entry (+data as granular "full crawl" marker).
 */
function markNewEntry<T>(ctx: TxnContext, spec: TxnSpec<T>, outcomes: (Outcome<T> | undefined)[], good: boolean[]): void {
  const ref = outcomes.find((o) => o?.ok);
  if (!ref || !ref.ok) return;
  const loc = spec.newEntry!.loc(ref.value);
  const mark: Counters =
    spec.newEntry!.kind === 'dir'
      ? [ctx.granularEntryHeal ? 1 : 0, 1, 1]
      : spec.newEntry!.kind === 'special'
        ? [0, 1, 0]
        : [spec.newEntry!.written ? 2 : 1, 1, 0];
  const pending = ctx.pendingKeys.map((_, j) => (good[j] ? ([0, 0, 0] as Counters) : mark));
  const xattrs = changelogXattrs(ctx.pendingKeys, pending);
  ctx.children.forEach((child, i) => {
    if (good[i]) attempt(() => child.xattrop(loc, xattrs));
  });
}
