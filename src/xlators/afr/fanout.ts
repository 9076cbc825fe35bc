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

/**
 * The error to report when no child succeeded: a real answer from a live brick (ENOENT, EEXIST,
 * ...) beats "not connected", as AFR's errno priority does.
 */
export function pickError(outcomes: readonly (Outcome<unknown> | undefined)[]): FopError {
  let down: FopError | undefined;
  for (const o of outcomes) {
    if (!o || o.ok) continue;
    if (o.error.code !== 'ENOTCONN') return o.error;
    down ??= o.error;
  }
  return down ?? new FopError('ENOTCONN');
}
