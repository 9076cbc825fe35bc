// What every fs verb works with: the command's context, its volumes, and the operand loop.
import type { Ctx } from '../context.js';
import type { VolumeClient } from '../../api/client.js';
import { joinPath } from '../../api/path.js';
import { FopError } from '../../libglusterfs/errors.js';
import { parseAddress, type Address, type Opener } from './address.js';
import { at, AtError, report } from './report.js';

export interface VerbEnv {
  ctx: Ctx;
  /** --json was given. */
  json: boolean;
  /** The client of an address's volume (opened once per command). */
  vol(a: Address): Promise<VolumeClient>;
  /** Runs a verb over several operands: every failure is reported; any failure makes the exit code 1. */
  each(operands: string[], fn: (a: Address) => Promise<void>): Promise<void>;
  /**
   * `dst`, or dst/<srcName> when dst is an existing directory (cp, mv, put, ln into a dir). A
   * source named "." or ".." (a/., a/b/..) goes into dst itself, as coreutils' cp does: joined
   * to dst it would name dst's parent.
   */
  intoDir(c: VolumeClient, dst: string, srcName: string): Promise<string>;
}

export function verbEnv(ctx: Ctx, open: Opener, setExit: (code: number) => void, json: boolean): VerbEnv {
  return {
    ctx,
    json,
    vol: (a) => at(a.volume, () => open(a.volume), true),
    async each(operands, fn) {
      for (const o of operands) {
        try {
          const a = parseAddress(o);
          await at(a.text, () => fn(a));
        } catch (e) {
          if (!report(ctx, e)) throw e instanceof AtError ? e.cause : e;
          setExit(1);
        }
      }
    },
    async intoDir(c, dst, srcName) {
      if (srcName === '.' || srcName === '..' || srcName === '') return dst;
      try {
        if ((await c.stat(dst)).type === 'dir') return joinPath(dst, srcName);
      } catch (e) {
        if (!(e instanceof FopError && e.code === 'ENOENT')) throw e;
      }
      return dst;
    },
  };
}
