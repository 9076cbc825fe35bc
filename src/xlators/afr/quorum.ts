// Client quorum (cluster.quorum-type / cluster.quorum-count): without it, a fop fails with
// ENOTCONN (not EROFS), reads included.
export type QuorumType = 'none' | 'auto' | 'fixed';

export interface Quorum {
  type: QuorumType;
  /** Bricks needed for `fixed`. */
  count: number;
}

/**
 * Effective quorum of one replica set. An unset quorum-type (undefined or '') means `auto` for
 * more than two bricks and `none` otherwise, as AFR decides when the volfile has no value.
 */
export function resolveQuorum(childCount: number, type?: string, count?: string): Quorum {
  const t = (type ?? '').trim().toLowerCase();
  const c = Number.parseInt((count ?? '').trim(), 10);
  const n = Number.isFinite(c) && c > 0 ? c : 0;
  if (t === 'auto' || t === 'fixed' || t === 'none') {
    // fixed without a count enforces nothing (AFR's quorum_count stays 0).
    if (t === 'fixed' && n === 0) return { type: 'none', count: 0 };
    return { type: t, count: t === 'fixed' ? n : 0 };
  }
  return childCount > 2 ? { type: 'auto', count: 0 } : { type: 'none', count: 0 };
}

/** Bricks that must agree: 0 for none (used by heal to break cyclic accusations). */
export function quorumCount(q: Quorum, childCount: number): number {
  if (q.type === 'auto') return Math.floor(childCount / 2) + 1;
  if (q.type === 'fixed') return q.count;
  return 0;
}

/**
 * Whether the bricks in `up` (by position) satisfy quorum. auto: more than half, or exactly half
 * including the first brick (the tie-breaker that makes replica 2 depend on its first brick).
 */
export function hasQuorum(q: Quorum, up: readonly boolean[]): boolean {
  const n = up.length;
  const count = up.filter(Boolean).length;
  if (q.type === 'none') return true;
  if (q.type === 'auto' && count * 2 === n) return up[0] === true;
  return count >= quorumCount(q, n);
}
