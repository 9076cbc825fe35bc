// Text shapes of the fs verbs, after coreutils and attr's getfattr/setfattr.
import * as fs from 'node:fs';
import type { Iatt, Timespec } from '../../xlators/types.js';

// ---- owners --------------------------------------------------------------------------------

function readIdFile(file: string): Array<[string, number]> {
  try {
    return fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.split(':'))
      .filter((f) => f.length >= 3 && /^\d+$/.test(f[2]))
      .map((f) => [f[0], Number(f[2])] as [string, number]);
  } catch {
    return [];
  }
}

let users: Array<[string, number]> | undefined;
let groups: Array<[string, number]> | undefined;
const userTable = () => (users ??= readIdFile('/etc/passwd'));
const groupTable = () => (groups ??= readIdFile('/etc/group'));

export const userName = (uid: number) => userTable().find(([, id]) => id === uid)?.[0] ?? String(uid);
export const groupName = (gid: number) => groupTable().find(([, id]) => id === gid)?.[0] ?? String(gid);

/** A user or group given by name or number; undefined when unknown. */
export function lookupId(spec: string, kind: 'user' | 'group'): number | undefined {
  if (/^\d+$/.test(spec)) return Number(spec);
  return (kind === 'user' ? userTable() : groupTable()).find(([n]) => n === spec)?.[1];
}

// ---- modes ---------------------------------------------------------------------------------

const TYPE_CHAR: Record<string, string> = { dir: 'd', symlink: 'l', file: '-' };
/** ls's letter of a special file, from the type bits of its mode. */
const SPECIAL_CHAR: Record<number, string> = { 0o010000: 'p', 0o020000: 'c', 0o060000: 'b', 0o140000: 's' };

/** `-rw-r--r--`, with setuid/setgid/sticky folded in as ls shows them. */
export function modeString(type: string, mode: number): string {
  const rwx = (bits: number, special: boolean, ch: string) =>
    (bits & 4 ? 'r' : '-') + (bits & 2 ? 'w' : '-') + (special ? (bits & 1 ? ch : ch.toUpperCase()) : bits & 1 ? 'x' : '-');
  return (
    (TYPE_CHAR[type] ?? SPECIAL_CHAR[mode & 0o170000] ?? '?') +
    rwx((mode >> 6) & 7, !!(mode & 0o4000), 's') +
    rwx((mode >> 3) & 7, !!(mode & 0o2000), 's') +
    rwx(mode & 7, !!(mode & 0o1000), 't')
  );
}

export const octalMode = (mode: number) => (mode & 0o7777).toString(8).padStart(4, '0');

/**
 * chmod's MODE: octal, or symbolic clauses like `u+x,go-w,a=r` applied to the current mode
 * (`X` = execute only for directories or when someone already has execute).
 */
export function applyChmod(spec: string, current: number, isDir: boolean): number | undefined {
  if (/^[0-7]{1,4}$/.test(spec)) return parseInt(spec, 8);
  let mode = current & 0o7777;
  for (const clause of spec.split(',')) {
    const m = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause);
    if (!m) return undefined;
    const who = m[1] === '' || m[1].includes('a') ? 'ugo' : m[1];
    let bits = 0;
    for (const p of m[3]) {
      const shiftBits = (b: number) => {
        if (who.includes('u')) bits |= b << 6;
        if (who.includes('g')) bits |= b << 3;
        if (who.includes('o')) bits |= b;
      };
      if (p === 'r') shiftBits(4);
      else if (p === 'w') shiftBits(2);
      else if (p === 'x' || (p === 'X' && (isDir || mode & 0o111))) shiftBits(1);
      else if (p === 's') bits |= (who.includes('u') ? 0o4000 : 0) | (who.includes('g') ? 0o2000 : 0);
      else if (p === 't') bits |= 0o1000;
    }
    if (m[2] === '+') mode |= bits;
    else if (m[2] === '-') mode &= ~bits;
    else {
      let clear = 0;
      if (who.includes('u')) clear |= 0o4700;
      if (who.includes('g')) clear |= 0o2070;
      if (who.includes('o')) clear |= 0o1007;
      mode = (mode & ~clear) | bits;
    }
  }
  return mode;
}

// ---- times ---------------------------------------------------------------------------------

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number) => String(n).padStart(2, '0');

/** ls -l's date column: `Nov 21 21:03` within six months of now, `Nov 21  2025` otherwise. */
export function lsDate(t: Timespec, nowSec = Date.now() / 1000): string {
  const d = new Date(t.sec * 1000);
  const head = `${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2, ' ')}`;
  const recent = Math.abs(nowSec - t.sec) < 182.5 * 86400;
  return recent ? `${head} ${pad2(d.getHours())}:${pad2(d.getMinutes())}` : `${head}  ${d.getFullYear()}`;
}

/** stat(1)'s `2026-11-21 21:03:47.123456789 +0000`. */
export function statDate(t: Timespec): string {
  const d = new Date(t.sec * 1000);
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const tz = `${sign}${pad2(Math.floor(Math.abs(off) / 60))}${pad2(Math.abs(off) % 60)}`;
  return (
    `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ` +
    `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${String(t.nsec).padStart(9, '0')} ${tz}`
  );
}

/** ISO 8601 UTC with nanoseconds, for --json. */
export function isoTime(t: Timespec): string {
  return new Date(t.sec * 1000).toISOString().replace(/\.\d{3}Z$/, `.${String(t.nsec).padStart(9, '0')}Z`);
}

// ---- ls -l ---------------------------------------------------------------------------------

export interface LsRow {
  name: string;
  iatt: Iatt;
  /** Symlink target, shown as `name -> target`. */
  target?: string;
}

/** ls -l lines with coreutils' column alignment (right-aligned counts and sizes). */
export function formatLong(rows: LsRow[]): string {
  const cols = rows.map((r) => [
    modeString(r.iatt.type, r.iatt.mode),
    String(r.iatt.nlink),
    userName(r.iatt.uid),
    groupName(r.iatt.gid),
    String(r.iatt.size),
    lsDate(r.iatt.mtime),
  ]);
  const w = [1, 2, 3, 4].map((i) => Math.max(0, ...cols.map((c) => c[i].length)));
  return rows
    .map((r, k) => {
      const c = cols[k];
      const name = r.target !== undefined ? `${r.name} -> ${r.target}` : r.name;
      return `${c[0]} ${c[1].padStart(w[0])} ${c[2].padEnd(w[1])} ${c[3].padEnd(w[2])} ${c[4].padStart(w[3])} ${c[5]} ${name}\n`;
    })
    .join('');
}

/** coreutils' `ls` byte-order sort (LC_ALL=C). */
export const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

// ---- stat ----------------------------------------------------------------------------------

const TYPE_WORDS: Record<string, string> = { dir: 'directory', symlink: 'symbolic link', file: 'regular file', other: 'other' };

export function formatStat(name: string, st: Iatt, target?: string): string {
  const file = target !== undefined ? `${name} -> ${target}` : name;
  const size = String(st.size).padEnd(15);
  const blocks = String(st.blocks).padEnd(10);
  return (
    `  File: ${file}\n` +
    `  Size: ${size}\tBlocks: ${blocks} IO Block: 4096   ${st.size === 0 && st.type === 'file' ? 'regular empty file' : TYPE_WORDS[st.type]}\n` +
    `  GFID: ${st.gfid}\tInode: ${String(st.ino).padEnd(11)} Links: ${st.nlink}\n` +
    `Access: (${octalMode(st.mode)}/${modeString(st.type, st.mode)})  Uid: (${String(st.uid).padStart(5)}/${userName(st.uid).padStart(8)})   Gid: (${String(st.gid).padStart(5)}/${groupName(st.gid).padStart(8)})\n` +
    `Access: ${statDate(st.atime)}\n` +
    `Modify: ${statDate(st.mtime)}\n` +
    `Change: ${statDate(st.ctime)}\n`
  );
}

export function statJson(name: string, st: Iatt, target?: string): Record<string, unknown> {
  return {
    path: name,
    type: st.type,
    size: st.size,
    mode: octalMode(st.mode),
    uid: st.uid,
    gid: st.gid,
    nlink: st.nlink,
    atime: isoTime(st.atime),
    mtime: isoTime(st.mtime),
    ctime: isoTime(st.ctime),
    gfid: st.gfid,
    ...(target !== undefined ? { target } : {}),
  };
}

// ---- getfattr / setfattr -------------------------------------------------------------------

export type XattrEncoding = 'text' | 'hex' | 'base64';

/** getfattr's value rendering: `"text"` with octal escapes, `0x..` or `0s..`. */
export function encodeXattr(v: Buffer, enc: XattrEncoding): string {
  if (enc === 'hex') return `0x${v.toString('hex')}`;
  if (enc === 'base64') return `0s${v.toString('base64')}`;
  // A C string's terminating NUL is not shown, as getfattr prints GlusterFS's virtual xattrs.
  const text = v.length > 0 && v[v.length - 1] === 0 && v.indexOf(0) === v.length - 1 ? v.subarray(0, -1) : v;
  let s = '"';
  for (const b of text) {
    if (b === 0x5c || b === 0x22) s += `\\${String.fromCharCode(b)}`;
    else if (b < 0x20 || b >= 0x7f) s += `\\${b.toString(8).padStart(3, '0')}`;
    else s += String.fromCharCode(b);
  }
  return `${s}"`;
}

/** setfattr's -v: `0x` hex, `0s` base64, a double-quoted string (escapes allowed) or plain text. */
export function decodeXattrValue(v: string): Buffer | undefined {
  if (/^0x/i.test(v)) {
    const hex = v.slice(2);
    return /^([0-9a-f]{2})*$/i.test(hex) ? Buffer.from(hex, 'hex') : undefined;
  }
  if (/^0s/i.test(v)) return Buffer.from(v.slice(2), 'base64');
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) {
    const inner = v.slice(1, -1).replace(/\\([0-7]{3}|.)/g, (_, e: string) =>
      /^[0-7]{3}$/.test(e) ? String.fromCharCode(parseInt(e, 8)) : e,
    );
    return Buffer.from(inner, 'latin1');
  }
  return Buffer.from(v);
}

/** `123`, `10K`, `1M`, `2G` (powers of 1024, as truncate(1)). */
export function parseSize(s: string): number | undefined {
  const m = /^(\d+)([KMGT]?)(i?B)?$/i.exec(s.trim());
  if (!m) return undefined;
  const mult = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 }[m[2].toUpperCase() as '' | 'K'];
  const n = Number(m[1]) * mult;
  return Number.isSafeInteger(n) ? n : undefined;
}
