import { describe, expect, it } from 'vitest';
import {
  addCounters, changelogXattrs, decodeChangelog, encodeChangelog, pendingKey, readBrickChangelog, txnDelta, typeMatrix,
} from '../../../src/xlators/afr/changelog.js';
import { findDirection, narrowDataSources } from '../../../src/xlators/afr/sources.js';
import { hasQuorum, quorumCount, resolveQuorum } from '../../../src/xlators/afr/quorum.js';

const hex = (h: string) => Buffer.from(h, 'hex');

describe('changelog codec', () => {
  it('encodes 3 x BE s32 in the order data, metadata, entry (§1.10 values)', () => {
    expect(encodeChangelog([2, 1, 0]).toString('hex')).toBe('000000020000000100000000');
    expect(encodeChangelog([1, 1, 1]).toString('hex')).toBe('000000010000000100000001');
    expect(encodeChangelog([0, 0, -1]).toString('hex')).toBe('0000000000000000ffffffff');
    expect(decodeChangelog(hex('000000000000000000000003'))).toEqual([0, 0, 3]);
    expect(decodeChangelog(hex('ffffffff0000000000000000'))).toEqual([-1, 0, 0]);
    expect(decodeChangelog(undefined)).toEqual([0, 0, 0]);
  });

  it('rejects values that are not 12 bytes', () => {
    expect(() => decodeChangelog(hex('0000'))).toThrow(/changelog of 2 bytes/);
  });

  it('adds with 32-bit wrap-around like ADD_ARRAY', () => {
    expect(addCounters([0x7fffffff, 1, 0], [1, -1, 0])).toEqual([-0x80000000, 0, 0]);
    expect(txnDelta('metadata', -1)).toEqual([0, -1, 0]);
  });

  it('keys use the global brick id of the blamed brick', () => {
    expect(pendingKey('diskRep3-client-5')).toBe('trusted.afr.diskRep3-client-5');
  });

  it('builds the payload and the per-type matrix', () => {
    const keys = ['trusted.afr.v-client-0', 'trusted.afr.v-client-1'];
    const x = changelogXattrs(keys, [[0, 0, 0], [1, 0, 0]], [-1, 0, 0]);
    expect(Object.fromEntries(Object.entries(x).map(([k, v]) => [k, v.toString('hex')]))).toEqual({
      'trusted.afr.dirty': 'ffffffff0000000000000000',
      'trusted.afr.v-client-0': '000000000000000000000000',
      'trusted.afr.v-client-1': '000000010000000000000000',
    });
    const b0 = readBrickChangelog({ 'trusted.afr.v-client-1': hex('000000020000000000000000') }, keys);
    const b1 = readBrickChangelog({ 'trusted.afr.dirty': hex('000000010000000000000000') }, keys);
    expect(typeMatrix([b0, b1], 'data')).toEqual({ matrix: [[0, 2], [0, 0]], dirty: [0, 1] });
    expect(typeMatrix([b0, undefined], 'metadata')).toEqual({ matrix: [[0, 0], undefined], dirty: [0, undefined] });
  });
});

describe('sources and sinks (§6.3)', () => {
  const dir = (matrix: number[][], dirty = matrix.map(() => 0), qc = 2) =>
    findDirection({ matrix, dirty }, 'data', qc);

  it('a WISE brick blaming another: sources are the unblamed, the blamed is a sink', () => {
    const d = dir([[0, 0, 1], [0, 0, 1], [0, 0, 0]]);
    expect(d).toMatchObject({ decided: true, sources: [true, true, false], sinks: [false, false, true], splitBrain: false });
  });

  it('mutual accusation is split-brain (replica 2 has no quorum tie-break)', () => {
    const d = findDirection({ matrix: [[0, 2], [2, 0]], dirty: [0, 0] }, 'data', 0);
    expect(d).toMatchObject({ sources: [false, false], sinks: [true, true], splitBrain: true });
  });

  it('cyclic accusations on replica 3: bricks accused by fewer than quorum become sources', () => {
    const d = dir([[0, 1, 0], [0, 0, 1], [1, 0, 0]]);
    expect(d.sources).toEqual([true, true, true]);
    expect(d.splitBrain).toBe(false);
    const e = findDirection({ matrix: [[0, 1, 0], [0, 0, 1], [1, 0, 0]], dirty: [0, 0, 0] }, 'entry', 2);
    expect(e.splitBrain).toBe(true);
  });

  it('self-accusers (FOOL) do not make sinks but count as witnesses, with dirty', () => {
    const d = dir([[1, 1, 0], [0, 0, 0], [0, 0, 0]], [0, 3, 0]);
    // brick 0 accuses itself, so its accusations (even of itself) are ignored: all are sources.
    expect(d.sources).toEqual([true, true, true]);
    expect(d.sinks).toEqual([false, false, false]);
    expect(d.witness).toEqual([2, 3, 0]);
  });

  it('no decision without every brick answering', () => {
    const d = findDirection({ matrix: [[0, 0, 1], undefined, [0, 0, 0]], dirty: [0, undefined, 0] }, 'data', 2);
    expect(d.decided).toBe(false);
    expect(d.pending).toBe(true);
  });
});

describe('data source tie-breaking (§6.3)', () => {
  const c = (size: number, ctimeSec = 100) => ({ size, ctimeSec });
  it('agreeing sources without witnesses all stay sources', () => {
    expect(narrowDataSources({ sources: [true, true, false], witness: [0, 0, 0] }, [c(4), c(4), c(2)])).toEqual([true, true, false]);
  });
  it('largest size, then most witnessed, then newest ctime (tie: higher brick)', () => {
    const all = { sources: [true, true, true], witness: [0, 0, 0] };
    expect(narrowDataSources(all, [c(4), c(9), c(9)])).toEqual([false, false, true]);
    expect(narrowDataSources({ ...all, witness: [1, 2, 0] }, [c(4), c(4), c(4)])).toEqual([false, true, false]);
    expect(narrowDataSources({ ...all, witness: [1, 1, 1] }, [c(4, 7), c(4, 9), c(4, 8)])).toEqual([false, true, false]);
  });
  it('the arbiter is never a data source, whatever its size', () => {
    const d = { sources: [false, false, true], witness: [0, 0, 0] };
    expect(narrowDataSources(d, [c(4), c(4), c(0)], 2)).toEqual([false, false, false]);
    expect(narrowDataSources({ sources: [true, false, true], witness: [0, 0, 1] }, [c(4), c(5), c(0)], 2)).toEqual([true, false, false]);
  });
});

describe('client quorum', () => {
  it('defaults: auto above two bricks, none for replica 2', () => {
    expect(resolveQuorum(3)).toEqual({ type: 'auto', count: 0 });
    expect(resolveQuorum(2)).toEqual({ type: 'none', count: 0 });
    expect(resolveQuorum(3, 'none')).toEqual({ type: 'none', count: 0 });
    expect(resolveQuorum(3, 'fixed', '2')).toEqual({ type: 'fixed', count: 2 });
  });

  it('auto: majority, or exactly half including the first brick', () => {
    const auto = resolveQuorum(2, 'auto');
    expect(hasQuorum(auto, [true, false])).toBe(true);
    expect(hasQuorum(auto, [false, true])).toBe(false);
    const r3 = resolveQuorum(3);
    expect(hasQuorum(r3, [false, true, true])).toBe(true);
    expect(hasQuorum(r3, [true, false, false])).toBe(false);
    expect(quorumCount(r3, 3)).toBe(2);
    const r4 = resolveQuorum(4);
    expect(hasQuorum(r4, [true, true, false, false])).toBe(true);
    expect(hasQuorum(r4, [false, true, true, false])).toBe(false);
  });

  it('fixed counts bricks; none always holds', () => {
    const f = resolveQuorum(3, 'fixed', '3');
    expect(hasQuorum(f, [true, true, false])).toBe(false);
    expect(hasQuorum(f, [true, true, true])).toBe(true);
    expect(hasQuorum(resolveQuorum(2), [false, true])).toBe(true);
  });
});
