// The AFR changelog (docs/on-disk-format.md §1.10): `trusted.afr.<VOL>-client-<N>` ("this brick blames brick
// N") and `trusted.afr.dirty` ("operation in flight here"), each 3 × BE s32 counters in the order
// data, metadata, entry. They only ever change through xattrop ADD_ARRAY.
import { FopError } from '../../libglusterfs/errors.js';

export type TxnType = 'data' | 'metadata' | 'entry';

/** Position of each transaction type's counter inside the 12-byte value. */
export const TXN_INDEX: Record<TxnType, number> = { data: 0, metadata: 1, entry: 2 };
export const TXN_TYPES: readonly TxnType[] = ['data', 'metadata', 'entry'];

export const AFR_PREFIX = 'trusted.afr.';
export const DIRTY_KEY = 'trusted.afr.dirty';
export const CHANGELOG_SIZE = 12;

export type Counters = [number, number, number];

/** The key on which other bricks blame the brick served by client xlator `clientName`. */
export function pendingKey(clientName: string): string {
  return AFR_PREFIX + clientName;
}

export function isAfrKey(name: string): boolean {
  return name.startsWith(AFR_PREFIX);
}

export function encodeChangelog(c: Counters): Buffer {
  const b = Buffer.alloc(CHANGELOG_SIZE);
  for (let i = 0; i < 3; i++) b.writeInt32BE(c[i] | 0, i * 4);
  return b;
}

/** Absent value = zeros (what ADD_ARRAY assumes); any other size is corruption. */
export function decodeChangelog(b: Buffer | undefined): Counters {
  if (b === undefined) return [0, 0, 0];
  if (b.length !== CHANGELOG_SIZE) throw new FopError('EINVAL', `changelog of ${b.length} bytes`);
  return [b.readInt32BE(0), b.readInt32BE(4), b.readInt32BE(8)];
}

/** A vector with `n` at the counter of `type` and zeros elsewhere. */
export function txnDelta(type: TxnType, n = 1): Counters {
  const c: Counters = [0, 0, 0];
  c[TXN_INDEX[type]] = n;
  return c;
}

/** Element-wise 32-bit signed addition, as posix's ADD_ARRAY does. */
export function addCounters(a: Counters, b: Counters): Counters {
  return [(a[0] + b[0]) | 0, (a[1] + b[1]) | 0, (a[2] + b[2]) | 0];
}

export function isZeroCounters(c: Counters): boolean {
  return c[0] === 0 && c[1] === 0 && c[2] === 0;
}

/**
 * The changelog as one brick stores it: pending[j] = what it blames child j for, dirty = its own
 * in-flight marker. `keys[j]` is child j's pending key.
 */
export interface BrickChangelog {
  pending: Counters[];
  dirty: Counters;
}

export function readBrickChangelog(xattrs: Record<string, Buffer>, keys: readonly string[]): BrickChangelog {
  return {
    pending: keys.map((k) => decodeChangelog(xattrs[k])),
    dirty: decodeChangelog(xattrs[DIRTY_KEY]),
  };
}

/**
 * The pending matrix of one transaction type: M[i][j] = counter at `type` in brick i's
 * `trusted.afr.<client-j>`; rows of bricks that did not answer are undefined.
 */
export interface TypeMatrix {
  matrix: (number[] | undefined)[];
  dirty: (number | undefined)[];
}

export function typeMatrix(logs: readonly (BrickChangelog | undefined)[], type: TxnType): TypeMatrix {
  const idx = TXN_INDEX[type];
  return {
    matrix: logs.map((l) => l?.pending.map((c) => c[idx])),
    dirty: logs.map((l) => l?.dirty[idx]),
  };
}

/** The xattrop payload: `pending[j]` added to key j, `dirty` to the dirty key (zero vectors included). */
export function changelogXattrs(
  keys: readonly string[],
  pending: readonly Counters[],
  dirty?: Counters,
): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  if (dirty) out[DIRTY_KEY] = encodeChangelog(dirty);
  keys.forEach((k, j) => {
    out[k] = encodeChangelog(pending[j] ?? [0, 0, 0]);
  });
  return out;
}
