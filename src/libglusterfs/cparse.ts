// The C library number parsing GlusterFS's option values are read with (strtoll, strtoul, strtod
// and libglusterfs's gf_string2* on top), reproduced so that exactly the same spellings are
// accepted and rejected, by glusterd's checks and by the translators alike.

const isSpace = (c: string | undefined) => c !== undefined && ' \t\n\v\f\r'.includes(c);

/** strtoll/strtoul with base 0: returns the value and the unparsed tail, or undefined when nothing parsed. */
export function strtoInt(s: string): { value: bigint; tail: string } | undefined {
  let i = 0;
  while (isSpace(s[i])) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') neg = s[i++] === '-';
  let base = 10;
  if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && /[0-9a-fA-F]/.test(s[i + 2] ?? '')) {
    base = 16;
    i += 2;
  } else if (s[i] === '0') base = 8;
  const digits = base === 16 ? /[0-9a-fA-F]/ : base === 8 ? /[0-7]/ : /[0-9]/;
  const start = i;
  while (i < s.length && digits.test(s[i]!)) i++;
  if (i === start) return undefined;
  const body = s.slice(start, i);
  let value = base === 16 ? BigInt(`0x${body}`) : base === 8 ? BigInt(`0o${body}`) : BigInt(body);
  if (neg) value = -value;
  return { value, tail: s.slice(i) };
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** gf_string2longlong: the whole string is one in-range integer (base 0). */
export function toLongLong(s: string): bigint | undefined {
  const r = strtoInt(s);
  if (!r || r.tail !== '' || r.value < INT64_MIN || r.value > INT64_MAX) return undefined;
  return r.value;
}

/** gf_string2uint / gf_string2int style: no '-' for unsigned, whole string, fits in 32 bits. */
export function toUInt(s: string): number | undefined {
  if (/^\s*-/.test(s)) return undefined;
  const r = strtoInt(s);
  if (!r || r.tail !== '' || r.value > 2n ** 64n - 1n) return undefined;
  return Number(BigInt.asUintN(32, r.value));
}

export function toInt(s: string): number | undefined {
  const r = strtoInt(s);
  if (!r || r.tail !== '' || r.value < INT64_MIN || r.value > INT64_MAX) return undefined;
  return Number(BigInt.asIntN(32, r.value));
}

/** strtod: decimal (with exponent), inf/infinity/nan. */
export function strtod(s: string): { value: number; tail: string } | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan))/i.exec(s);
  if (!m) return undefined;
  const t = m[1]!.toLowerCase().replace(/^([+-]?)inf(inity)?$/, '$1Infinity');
  return { value: t.endsWith('nan') ? NaN : Number(t), tail: s.slice(m[0].length) };
}

const UNITS: Record<string, number> = { kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4, pb: 1024 ** 5 };

/** gf_string2bytesize_uint64: integer or fraction with an optional B/KB/MB/GB/TB/PB unit (any case). */
export function toByteSize(s: string): number | undefined {
  // gf_string2bytesize reads decimal digits only: no sign, no 0x.
  if (/^\s*-/.test(s) || /^\s*[+]?0[xX]/.test(s)) return undefined;
  const fraction = s.includes('.');
  let value: number;
  let tail: string;
  if (fraction) {
    const r = strtod(s);
    if (!r) return undefined;
    ({ value, tail } = r);
  } else {
    const r = strtoInt(s.replace(/^(\s*[+]?)0+(?=\d)/, '$1'));
    if (!r) return undefined;
    value = Number(r.value);
    tail = r.tail;
  }
  if (tail !== '') {
    const unit = UNITS[tail.toLowerCase()];
    if (unit) value *= unit;
    else if (tail.toLowerCase() !== 'b') return undefined;
  }
  if (!Number.isFinite(value) || value > 2 ** 63) return undefined;
  return Math.trunc(value);
}

/** gf_string2percent: a number optionally followed by '%'. */
export function toPercent(s: string): number | undefined {
  if (/^\s*-/.test(s)) return undefined;
  const r = strtod(s);
  if (!r || !(r.tail === '' || r.tail === '%')) return undefined;
  return r.value;
}

/** gf_string2percent_or_bytesize. */
export function toPercentOrSize(s: string): { value: number; percent: boolean } | undefined {
  if (/^\s*-/.test(s)) return undefined;
  const r = strtod(s);
  if (!r) return undefined;
  if (r.tail === '') return { value: r.value, percent: false };
  if (r.tail === '%') return { value: r.value, percent: true };
  const unit = UNITS[r.tail.toLowerCase()];
  return unit ? { value: r.value * unit, percent: false } : undefined;
}

const TIME_UNITS: Array<[RegExp, number]> = [
  [/^(s|sec)?$/, 1],
  [/^(m|min)$/, 60],
  [/^(h|hr)$/, 3600],
  [/^(d|days)$/, 86400],
  [/^(w|wk)$/, 604800],
];

/** gf_string2time: integer seconds with an optional s/sec, m/min, h/hr, d/days, w/wk suffix. */
export function toTime(s: string): number | undefined {
  if (/^\s*-/.test(s)) return undefined;
  const r = strtoInt(s);
  if (!r) return undefined;
  const unit = TIME_UNITS.find(([re]) => re.test(r.tail));
  return unit ? Number(r.value) * unit[1] : undefined;
}

/** gf_string2double: the whole string is one number. */
export function toDouble(s: string): number | undefined {
  const r = strtod(s);
  return r && r.tail === '' ? r.value : undefined;
}

/** gf_string2boolean: glusterd's accepted spellings, any case. */
export function toBoolean(s: string): boolean | undefined {
  const v = s.toLowerCase();
  if (['1', 'on', 'yes', 'true', 'enable'].includes(v)) return true;
  if (['0', 'off', 'no', 'false', 'disable'].includes(v)) return false;
  return undefined;
}

/** An on/off option's value: `dflt` when it is unset, empty or not a boolean spelling. */
export const optionFlag = (v: string | undefined, dflt: boolean): boolean => (v ? (toBoolean(v) ?? dflt) : dflt);
