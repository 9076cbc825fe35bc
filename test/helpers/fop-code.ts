// What a fop call ended with, as a string tests can compare: the FopError's errno code, or a
// caller-chosen word when it returned. Anything that is not a FopError is rethrown (a bug, not
// an answer).
import { FopError } from '../../src/libglusterfs/errors.js';

/** The code `fn` throws as a FopError, or `none` when it returns. */
export function fopCode(fn: () => unknown, none = 'ok'): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof FopError) return e.code;
    throw e;
  }
  return none;
}

/** The code `p` rejects with as a FopError, or `none` when it resolves. */
export async function fopCodeAsync(p: Promise<unknown>, none = 'ok'): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof FopError) return e.code;
    throw e;
  }
  return none;
}
