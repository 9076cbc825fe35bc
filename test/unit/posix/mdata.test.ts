import { describe, expect, it } from 'vitest';
import { applyFopTime, applyUtimes, decodeMdata, encodeMdata } from '../../../src/xlators/posix/mdata.js';

// The brick root dump of docs/on-disk-format.md §1.7 (its decimal gloss of ctime/mtime nsec has typos; the hex
// bytes are what the brick held).
const ROOT_HEX =
  '01' + '0000000000000000' + '000000006b01f021' + '000000000bcecc99' + '000000006b01f018' + '000000002034ef7a' +
  '000000006b01f021' + '00000000098e9701';
const ROOT_MD = {
  ctime: { sec: 1795289121, nsec: 198102169 },
  mtime: { sec: 1795289112, nsec: 540340090 },
  atime: { sec: 1795289121, nsec: 160339713 },
};

describe('trusted.glusterfs.mdata codec', () => {
  it('encodes the 57-byte layout of a real brick', () => {
    const b = encodeMdata(ROOT_MD);
    expect(b.length).toBe(57);
    expect(b.toString('hex')).toBe(ROOT_HEX);
  });
  it('decodes it back', () => {
    expect(decodeMdata(Buffer.from(ROOT_HEX, 'hex'))).toEqual(ROOT_MD);
  });
  it('treats malformed values as absent', () => {
    expect(decodeMdata(Buffer.from(ROOT_HEX.slice(0, 100), 'hex'))).toBeUndefined();
    expect(decodeMdata(Buffer.from('02' + ROOT_HEX.slice(2), 'hex'))).toBeUndefined();
  });
});

describe('time update rules', () => {
  const t = (sec: number, nsec = 0) => ({ sec, nsec });
  it('a fop on a missing xattr starts with all three times', () => {
    expect(applyFopTime(undefined, t(5), { ctime: true })).toEqual({ ctime: t(5), mtime: t(5), atime: t(5) });
  });
  it('fop times only move forward and only for flagged times', () => {
    const cur = { ctime: t(10), mtime: t(10), atime: t(10) };
    expect(applyFopTime(cur, t(9), { ctime: true, mtime: true })).toEqual(cur);
    expect(applyFopTime(cur, t(10, 1), { ctime: true, mtime: true })).toEqual({ ctime: t(10, 1), mtime: t(10, 1), atime: t(10) });
    expect(applyFopTime(cur, t(11), {})).toBeUndefined();
  });
  it('utimes sets atime/mtime backwards, ctime only forward, and never creates', () => {
    const cur = { ctime: t(10), mtime: t(10), atime: t(10) };
    expect(applyUtimes(cur, t(8), t(1), t(2))).toEqual({ ctime: t(10), mtime: t(2), atime: t(1) });
    expect(applyUtimes(cur, t(12), undefined, t(2))).toEqual({ ctime: t(12), mtime: t(2), atime: t(10) });
    expect(applyUtimes(undefined, t(12), t(1), t(2))).toBeUndefined();
  });
});
