// One child's answer to a fop as a value, so fan-out code (AFR's replies, DHT's per-subvolume
// lookups) can decide per child. Only an errno answer is a child's failure: anything else thrown
// (a TypeError, a failed assertion) is a bug of ours and must abort the fop, never be recorded
// as a brick failing (AFR would write that as blame on a healthy brick).
import { FopError } from '../libglusterfs/errors.js';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: FopError };

/** Runs a child fop; an errno error (FopError or a Node errno exception) becomes a failed outcome. */
export function attempt<T>(fn: () => T): Outcome<T> {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    return { ok: false, error: asFopError(e) };
  }
}

/** The FopError of an errno answer; rethrows anything that is not one. */
export function asFopError(e: unknown): FopError {
  if (e instanceof FopError) return e;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (e instanceof Error && typeof code === 'string' && /^E[A-Z0-9]+$/.test(code)) return new FopError(code, e.message);
  throw e;
}

export const isCode = (o: Outcome<unknown> | undefined, code: string): boolean => o !== undefined && !o.ok && o.error.code === code;
