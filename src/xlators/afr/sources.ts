// Which copies are good (sources) and which need healing (sinks) for one inode and one txn type
// (docs/on-disk-format.md §6.3). Pure: heal, `heal info` and the read path all start from this.
import type { TxnType } from './changelog.js';
import type { TypeMatrix } from './changelog.js';

export interface Direction {
  /** false when some brick did not answer: no decision can be made (heal waits). */
  decided: boolean;
  sources: boolean[];
  sinks: boolean[];
  /** Tie-breaker: pending fops the brick witnessed (self-accusations + dirty). */
  witness: number[];
  /** No source left: every locked brick is a sink. */
  splitBrain: boolean;
  /** Some counter of the matrix is non-zero (the inode needs heal). */
  pending: boolean;
}

/**
 * @param m        the matrix of `type` (rows of non-answering bricks undefined)
 * @param lockedOn bricks locked for the heal (default: every brick that answered)
 * @param quorumCount client-quorum count (0 = quorum none); breaks cyclic accusations for data/metadata
 */
export function findDirection(
  m: TypeMatrix,
  type: TxnType,
  quorumCount: number,
  lockedOn?: readonly boolean[],
): Direction {
  const n = m.matrix.length;
  const rows = m.matrix.map((r) => r ?? new Array<number>(n).fill(0));
  const locked = lockedOn ? [...lockedOn] : m.matrix.map((r) => r !== undefined);
  const pending = rows.some((r) => r.some((v) => v !== 0));
  const decided = m.matrix.every((r) => r !== undefined);
  const selfAccused = rows.map((r, i) => r[i] !== 0);
  const accused = new Array<number>(n).fill(0);
  const accusesOthers = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (rows[i][j] === 0) continue;
      if (!selfAccused[i]) accused[j] += 1;
      if (i !== j) accusesOthers[i] += 1;
    }
  }
  const sources = accused.map((a, i) => a === 0 && locked[i]);
  const witness = rows.map((r, i) => (selfAccused[i] ? r.reduce((s, v, j) => (j === i ? s : s + v), 0) : 0));
  // Cyclic accusations (0→1, 1→2, 2→0; or a minority blaming a majority that blames it back):
  // bricks accused by fewer than a quorum become sources.
  if ((type === 'data' || type === 'metadata') && !sources.some(Boolean) && quorumCount > 0) {
    for (let i = 0; i < n; i++) if (accused[i] < quorumCount && locked[i]) sources[i] = true;
  }
  // Whatever a non-self-accusing source blames is a sink.
  const sinks = new Array<boolean>(n).fill(false);
  for (let i = 0; i < n; i++) {
    if (!sources[i] || selfAccused[i]) continue;
    for (let j = 0; j < n; j++) if (rows[i][j] !== 0 && !sources[j]) sinks[j] = true;
  }
  const splitBrain = !sources.some(Boolean);
  if (splitBrain) for (let i = 0; i < n; i++) if (locked[i]) sinks[i] = true;
  // AFR-v1 self-accusation patterns count as witnesses, like v2's dirty.
  const anyAccusesOthers = accusesOthers.some((c) => c > 0);
  for (let i = 0; i < n; i++) {
    if (selfAccused[i] && (!anyAccusesOthers || accusesOthers[i] > 0)) witness[i] += rows[i][i];
    witness[i] += m.dirty[i] ?? 0;
  }
  return { decided, sources, sinks, witness, splitBrain, pending };
}

/** What data-heal source narrowing needs to know about each copy. */
export interface CopyInfo {
  size: number;
  /** ctime in whole seconds. */
  ctimeSec: number;
}

/**
 * Narrows data sources (§6.3 tie-breaking): when the sources disagree in size or any has a
 * witness, keep the largest, then the most witnessed, then the single newest ctime (tie: the
 * higher brick). The arbiter (size 0) is ignored for sizes and never a data source. Returns
 * the remaining sources (possibly none: heal must skip the file).
 */
export function narrowDataSources(
  d: Pick<Direction, 'sources' | 'witness'>,
  copies: readonly (CopyInfo | undefined)[],
  arbiter = -1,
): boolean[] {
  let keep = d.sources.map((s, i) => s && i !== arbiter && copies[i] !== undefined);
  const idx = () => keep.flatMap((k, i) => (k ? [i] : []));
  const sizes = new Set(idx().map((i) => copies[i]!.size));
  const witnessed = idx().some((i) => d.witness[i] > 0);
  if (sizes.size <= 1 && !witnessed) return keep;
  const keepMax = (score: (i: number) => number) => {
    const best = Math.max(...idx().map(score));
    keep = keep.map((k, i) => k && score(i) === best);
  };
  keepMax((i) => copies[i]!.size);
  keepMax((i) => d.witness[i]);
  keepMax((i) => copies[i]!.ctimeSec);
  const last = idx().pop();
  return keep.map((_, i) => i === last);
}
