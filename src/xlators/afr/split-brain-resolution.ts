// The administrator's resolution of one inode's split-brain (`volume heal VOL split-brain
// bigger-file|latest-mtime|source-brick`): data, then metadata, as AFR's heal with a heal-op
// does it. A type not in split-brain is left alone (the answer is then "File not in split-brain",
// even if it needs an ordinary heal); bigger-file and latest-mtime do not decide metadata.
// Directories: their entries are merged conservatively, and their metadata resolved by
// source-brick; a merge that meets a gfid or type mismatch fails with EPERM.
import type { Gfid } from '../types.js';
import { biggest, brickChooser, latestMtime } from './self-heal-policy.js';
import { healData, type SplitBrainChooser } from './self-heal-data.js';
import { healEntry } from './self-heal-entry.js';
import { healMetadata } from './self-heal-metadata.js';
import { decide, everyoneLocked, gfidLoc, iattOf, lookupCopies, withLocks, inodeLock, type HealContext } from './self-heal-common.js';

export type HealOpKind = 'bigger-file' | 'latest-mtime' | 'source-brick';

export type Resolution =
  | { kind: 'healed' }
  /** glfsheal's "Healing X failed: <message>." */
  | { kind: 'failed'; message: string }
  /** glfsheal's "Healing X failed:<strerror>." */
  | { kind: 'error'; code: string };

const NOT_IN_SPLIT_BRAIN = 'File not in split-brain';

function chooserFor(kind: HealOpKind, child: number): { choose: SplitBrainChooser; none: string } {
  if (kind === 'bigger-file') return { choose: biggest, none: 'No bigger file' };
  if (kind === 'latest-mtime') return { choose: latestMtime, none: 'No difference in mtime' };
  return { choose: brickChooser(child), none: 'Brick is not up' };
}

/** Which types of the inode are in split-brain now, read under its lock (undefined: not every copy answered). */
function splitTypes(ctx: HealContext, gfid: Gfid): { data: boolean; metadata: boolean; isDir: boolean } | undefined {
  const loc = gfidLoc(gfid);
  const first = lookupCopies(ctx, loc);
  return withLocks(ctx, first.present, inodeLock(ctx, loc), (locked) => {
    const copies = lookupCopies(ctx, loc);
    const data = decide(ctx, copies, 'data', locked);
    const meta = decide(ctx, copies, 'metadata', locked);
    if (!everyoneLocked(meta)) return undefined;
    const a = iattOf(copies, 0);
    return { data: a?.type === 'file' && data.direction.splitBrain, metadata: meta.direction.splitBrain, isDir: a?.type === 'dir' };
  });
}

export function resolveSplitBrain(ctx: HealContext, gfid: Gfid, kind: HealOpKind, child = -1): Resolution {
  const loc = gfidLoc(gfid);
  const types = splitTypes(ctx, gfid);
  if (!types) return { kind: 'error', code: 'ENOTCONN' };
  const { choose, none } = chooserFor(kind, child);
  let healedAny = false;
  if (types.isDir) {
    // 10.3 reports a successful merge as a failure (GlusterFS issue 1590); tgluster says what happened.
    const e = healEntry(ctx, loc, { full: true });
    if (e.status === 'split-brain') return { kind: 'error', code: 'EPERM' };
    healedAny = true;
  }
  if (types.data) {
    let picked: number | undefined;
    const st = healData(ctx, loc, (copies, d) => (picked = choose(copies, d)));
    if (picked === undefined || st !== 'healed') return { kind: 'failed', message: none };
    healedAny = true;
  }
  if (types.metadata) {
    if (kind !== 'source-brick') return { kind: 'failed', message: 'Use source-brick option to heal metadata split-brain' };
    const st = healMetadata(ctx, loc, choose);
    if (st !== 'healed') return { kind: 'failed', message: none };
    healedAny = true;
  }
  return healedAny ? { kind: 'healed' } : { kind: 'failed', message: NOT_IN_SPLIT_BRAIN };
}
