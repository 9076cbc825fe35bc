// The C string helpers gluster's CLI parser leans on, reproduced so that odd input ("0x3",
// "3abc", " 5", "99999999999", "//a//b/") is read exactly as `gluster volume create` reads it.
// Written from the behaviour of glibc strtol(3) and libglusterfs' common-utils.

const LONG_MAX = (1n << 63n) - 1n;
const LONG_MIN = -(1n << 63n);
const C_SPACE = /[ \t\n\v\f\r]/;
const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

interface StrtolResult {
  /** Clamped to the range of a 64-bit long, as glibc does on overflow. */
  value: bigint;
  /** Characters consumed; 0 means no number was found (endptr == str). */
  consumed: number;
  erange: boolean;
}

function digitValue(ch: string | undefined): number {
  return ch === undefined ? -1 : DIGITS.indexOf(ch.toLowerCase());
}

/** strtol(s, &end, base) for base 0 (auto: 0x hex, 0 octal, else decimal) or 10. */
export function cStrtol(s: string, base: 0 | 10 = 0): StrtolResult {
  let i = 0;
  while (i < s.length && C_SPACE.test(s[i])) i++;
  let negative = false;
  if (s[i] === '+' || s[i] === '-') {
    negative = s[i] === '-';
    i++;
  }
  let radix: number = base;
  if (base === 0) {
    if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && digitValue(s[i + 2]) >= 0 && digitValue(s[i + 2]) < 16) {
      radix = 16;
      i += 2;
    } else if (s[i] === '0') {
      radix = 8;
    } else {
      radix = 10;
    }
  }
  const start = i;
  let value = 0n;
  while (i < s.length) {
    const d = digitValue(s[i]);
    if (d < 0 || d >= radix) break;
    value = value * BigInt(radix) + BigInt(d);
    i++;
  }
  if (i === start) return { value: 0n, consumed: 0, erange: false };
  if (negative) value = -value;
  if (value > LONG_MAX) return { value: LONG_MAX, consumed: i, erange: true };
  if (value < LONG_MIN) return { value: LONG_MIN, consumed: i, erange: true };
  return { value, consumed: i, erange: false };
}

/** A C `long` stored into an `int32_t` (gluster does this implicitly everywhere). */
export function toInt32(v: bigint): number {
  return Number(BigInt.asIntN(32, v));
}

/** `(int) strtol(s, NULL, 0)`: never fails, garbage reads as 0. */
export function strtolInt(s: string | undefined): number {
  return s === undefined ? 0 : toInt32(cStrtol(s).value);
}

export type StrictInt = { ok: true; n: number } | { ok: false; errno: 'EINVAL' | 'ERANGE'; n: number };

/** libglusterfs gf_string2int: the whole string must be a number (base 0). */
export function gfString2Int(s: string | undefined): StrictInt {
  if (s === undefined) return { ok: false, errno: 'EINVAL', n: 0 };
  const r = cStrtol(s);
  if (r.consumed === 0 || r.consumed !== s.length) return { ok: false, errno: 'EINVAL', n: 0 };
  if (r.erange) return { ok: false, errno: 'ERANGE', n: 0 };
  return { ok: true, n: toInt32(r.value) };
}

/** gf_canonicalize_path: collapses repeated slashes and drops a trailing one ("//" gives ""). */
export function canonicalizePath(p: string): string {
  if (p === '/') return p;
  const parts = p.split('/').filter((c) => c !== '');
  return parts.length ? `/${parts.join('/')}` : '';
}

const isAlnum = (c: string | undefined) => c !== undefined && /^[A-Za-z0-9]$/.test(c);

function validIpv4(a: string): boolean {
  if (a.includes('..') || !/[0-9]$/.test(a)) return false;
  const octets = a.split('.').filter((t) => t !== '');
  for (const o of octets) {
    const r = cStrtol(o, 10);
    if (r.consumed !== o.length || r.value > 255n || r.value < 0n) return false;
  }
  return octets.length === 4;
}

function validIpv6(a: string): boolean {
  const addr = a.split('%')[0];
  if (addr.length === 0 || addr.endsWith(':')) return false;
  const compressions = addr.split('::').length - 1;
  if (compressions > 1 || addr.includes(':::')) return false;
  const groups = addr.split(':').filter((t) => t !== '');
  for (const g of groups) {
    if (!/^[+-]?[0-9A-Fa-f]+$/.test(g.trim()) || parseInt(g, 16) > 0xffff || parseInt(g, 16) < 0) return false;
  }
  return groups.length <= 8 && (groups.length === 8 || compressions === 1);
}

function validHostName(a: string): boolean {
  if (a.length < 1 || a.length > 255) return false;
  const last = a[a.length - 1];
  if (!isAlnum(last) && last !== '*') return false;
  if (a.includes('..')) return false;
  for (const label of a.split('.').filter((t) => t !== '')) {
    if (!isAlnum(label[0]) || !isAlnum(label[label.length - 1])) return false;
    if (!/^[A-Za-z0-9-]*$/.test(label)) return false;
  }
  return true;
}

/** libglusterfs valid_internet_address(addr, no wildcard, no cidr). */
export function validInternetAddress(a: string): boolean {
  return a.length > 0 && (validIpv4(a) || validIpv6(a) || validHostName(a));
}
