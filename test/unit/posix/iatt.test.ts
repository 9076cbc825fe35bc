import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { toIatt } from '../../../src/xlators/posix/iatt.js';
import { gfidIno } from '../../../src/libglusterfs/uuid.js';

/** The definition: the gfid's last 8 bytes as an integer, low 53 bits. */
const reference = (g: string) => Number(BigInt('0x' + g.slice(-17).replace(/-/g, '')) & ((1n << 53n) - 1n));

describe('iatt', () => {
  it('gfidIno is the low 53 bits of the last 8 gfid bytes', () => {
    const edge = [
      '00000000-0000-0000-0000-000000000001',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
      '12345678-9abc-def0-ffe0-000000000000',
      '12345678-9abc-def0-001f-ffffffffffff',
    ];
    for (const g of [...edge, ...Array.from({ length: 200 }, () => randomUUID())]) expect(gfidIno(g)).toBe(reference(g));
  });

  it('times come from mdata when given, else need a bigint stat', () => {
    const st = fs.statSync('.');
    const mdata = { ctime: { sec: 1, nsec: 2 }, mtime: { sec: 3, nsec: 4 }, atime: { sec: 5, nsec: 6 } };
    expect(toIatt(st, undefined, mdata, false).mtime).toEqual({ sec: 3, nsec: 4 });
    expect(() => toIatt(st, undefined, undefined, false)).toThrow(TypeError);
    const big = fs.statSync('.', { bigint: true });
    expect(toIatt(big, undefined, undefined, false).mtime.sec).toBe(Number(big.mtimeNs / 1_000_000_000n));
  });
});
