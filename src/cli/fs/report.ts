// How fs verbs report failures: coreutils' `tgluster: <where>: <strerror>`, never a stack trace.
import type { Ctx } from '../context.js';
import { FopError } from '../../libglusterfs/errors.js';
import { MgmtError, StateCorruptError } from '../../mgmt/errors.js';
import { FsUsageError } from './address.js';
/** An error already tied to what it concerns (an address, a local path, a volume). */
export class AtError extends Error {
  constructor(
    readonly where: string,
    readonly cause: unknown,
    /** Print the cause's whole message, detail included (volume-level failures). */
    readonly verbose = false,
  ) {
    super(where);
  }
}

/** A refusal coreutils words without naming the operand first (rm's "refusing to remove ..."). */
export class Refusal extends Error {}

/** Runs `fn` for one address; a failure is reported against that address. */
export async function at<T>(where: string, fn: () => Promise<T>, verbose = false): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw e instanceof AtError ? e : new AtError(where, e, verbose);
  }
}

function describe(e: unknown, verbose: boolean): string | undefined {
  if (e instanceof FopError) return verbose ? e.message : e.strerror;
  if (e instanceof MgmtError || e instanceof StateCorruptError || e instanceof FsUsageError || e instanceof Refusal) return e.message;
  const code = (e as NodeJS.ErrnoException)?.code;
  if (typeof code === 'string' && /^E[A-Z0-9]+$/.test(code)) return new FopError(code).strerror;
  return undefined;
}

/** Prints one failure; returns false for a real bug (rethrown to main's last line of defence). */
export function report(ctx: Ctx, e: unknown): boolean {
  const where = e instanceof AtError && !(e.cause instanceof Refusal) ? `${e.where}: ` : '';
  const msg = e instanceof AtError ? describe(e.cause, e.verbose) : describe(e, false);
  if (msg === undefined) return false;
  ctx.err(`tgluster: ${where}${msg}\n`);
  return true;
}
