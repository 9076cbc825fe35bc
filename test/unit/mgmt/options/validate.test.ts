import { describe, expect, it } from 'vitest';
import { toBoolean, toByteSize, toPercentOrSize, toTime } from '../../../../src/libglusterfs/cparse.js';
import { checkValue } from '../../../../src/mgmt/options/validate.js';

describe('the C parsers behind glusterd option checks', () => {
  it('booleans: gluster spellings in any case, nothing else', () => {
    for (const t of ['1', 'on', 'YES', 'True', 'enable']) expect(toBoolean(t)).toBe(true);
    for (const f of ['0', 'OFF', 'no', 'false', 'Disable']) expect(toBoolean(f)).toBe(false);
    for (const x of ['maybe', '', '2', 'onn']) expect(toBoolean(x)).toBeUndefined();
  });

  it('sizes: integer or fraction, optional B/KB/MB/GB/TB/PB in any case, never negative', () => {
    expect(toByteSize('128MB')).toBe(128 * 1024 ** 2);
    expect(toByteSize('1.5kb')).toBe(1536);
    expect(toByteSize('4096')).toBe(4096);
    expect(toByteSize('10B')).toBe(10);
    for (const x of ['lots', '-1MB', '5 MB', '5MiB', '']) expect(toByteSize(x)).toBeUndefined();
  });

  it('times: seconds with s/sec, m/min, h/hr, d/days, w/wk suffixes', () => {
    expect(toTime('30')).toBe(30);
    expect(toTime('2min')).toBe(120);
    expect(toTime('1h')).toBe(3600);
    expect(toTime('1wk')).toBe(604800);
    expect(toTime('1hour')).toBeUndefined();
  });

  it('percent or size', () => {
    expect(toPercentOrSize('10%')).toEqual({ value: 10, percent: true });
    expect(toPercentOrSize('1GB')).toEqual({ value: 1024 ** 3, percent: false });
    expect(toPercentOrSize('ten')).toBeUndefined();
  });
});

describe('checkValue messages', () => {
  it('int ranges: both bounds, min only (no upper check), hex accepted', () => {
    const both = { name: 'thread-count', type: 'int', min: 1, max: 64 };
    expect(checkValue(both, 'thread-count', '1000')).toBe("'1000' in 'option thread-count 1000' is out of range [1 - 64]");
    expect(checkValue(both, 'thread-count', '0x10')).toBeUndefined();
    const minOnly = { name: 'background-self-heal-count', type: 'int', max: 256, validate: 'min' as const };
    expect(checkValue(minOnly, 'background-self-heal-count', '999999')).toBeUndefined();
    expect(checkValue(minOnly, 'background-self-heal-count', '-1')).toBe(
      "'-1' in 'option background-self-heal-count -1' is smaller than minimum value '0'",
    );
  });

  it('enums list the possible options; translator switches fail generically', () => {
    const e = { name: 'quorum-type', type: 'str', values: ['none', 'auto', 'fixed'] };
    expect(checkValue(e, 'quorum-type', 'sometimes')).toBe(
      "option quorum-type sometimes: 'sometimes' is not valid (possible options are none, auto, fixed.)",
    );
    expect(checkValue({ name: 'perf', type: 'bool', generic: true }, 'perf', 'maybe')).toBe('Error, Validation Failed');
  });

  it('percent-or-size: percent range checked, fractional sizes refused, fractional percents accepted (as 10.3 does)', () => {
    const c = { name: 'min-free-disk', type: 'percent-or-size' };
    expect(checkValue(c, 'min-free-disk', '1.5')).toBe("'1.500000' in 'option min-free-disk 1.5' should not be fractional value. Use valid unsigned integer value.");
    expect(checkValue(c, 'min-free-disk', '5.5%')).toBeUndefined();
    expect(checkValue(c, 'min-free-disk', '200%')).toBe("'200.000000' in 'option min-free-disk 200%' is out of range [0 - 100]");
  });
});
