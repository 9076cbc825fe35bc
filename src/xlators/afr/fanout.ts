// Calling every child and collecting per-child outcomes, plus the errno AFR reports when
// children disagree.
import { FopError } from '../../libglusterfs/errors.js';
import { attempt, type Outcome } from '../outcome.js';

export { attempt, asFopError, type Outcome } from '../outcome.js';
import type { Xlator } from '../types.js';

export function fanout<T>(children: readonly Xlator[], fn: (c: Xlator, i: number) => T): Outcome<T>[] {
  return children.map((c, i) => attempt(() => fn(c, i)));
}

export const isDown = (o: Outcome<unknown> | undefined): boolean =>
  o !== undefined && !o.ok && o.error.code === 'ENOTCONN';

/** afr_higher_errno's order: these win over any other answer, the first over the rest. */
const ERRNO_PRIORITY = ['ENODATA', 'ENOENT', 'ESTALE', 'ENOSPC'];

/**
 * The error to report when no child succeeded: a real answer from a live brick (ENOENT, EEXIST,
 * ...) beats "not connected", and among real answers AFR's errno priority decides (a full brick's
 * ENOSPC is reported over another's EIO, issue-1254-prioritize-enospc.t).
 */
export function pickError(outcomes: readonly (Outcome<unknown> | undefined)[]): FopError {
  let down: FopError | undefined;
  let best: FopError | undefined;
  const rank = (e: FopError) => {
    const r = ERRNO_PRIORITY.indexOf(e.code);
    return r < 0 ? ERRNO_PRIORITY.length : r;
  };
  for (const o of outcomes) {
    if (!o || o.ok) continue;
    if (o.error.code === 'ENOTCONN') down ??= o.error;
    else if (!best || rank(o.error) < rank(best)) best = o.error;
  }
  return best ?? down ?? new FopError('ENOTCONN');
}
