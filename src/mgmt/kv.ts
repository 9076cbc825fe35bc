// The `key=value` line format glusterd uses for its state files, with the strictness a
// crash-safe store needs: every line must end in "\n" and hold a "=", so a truncated or
// garbled file is detected instead of half-read.
import { StateCorruptError } from './errors.js';

/** Values may not contain newlines; "%" starts an escape so any string round-trips. */
function escapeValue(v: string): string {
  return v.replace(/%/g, '%25').replace(/\n/g, '%0A').replace(/\r/g, '%0D');
}

function unescapeValue(v: string): string {
  return v.replace(/%(25|0A|0D)/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

export function formatKv(entries: Array<[string, string | number | boolean]>): string {
  return entries
    .map(([k, v]) => `${k}=${escapeValue(typeof v === 'boolean' ? (v ? '1' : '0') : String(v))}\n`)
    .join('');
}

/** Ordered entries of a kv file; lines starting with "#" are comments. */
export function parseKv(file: string, text: string): Array<[string, string]> {
  if (text.length === 0) throw new StateCorruptError(file, 'file is empty');
  if (!text.endsWith('\n')) throw new StateCorruptError(file, 'file is truncated (no final newline)');
  const out: Array<[string, string]> = [];
  const lines = text.slice(0, -1).split('\n');
  lines.forEach((line, i) => {
    if (line.startsWith('#')) return;
    const eq = line.indexOf('=');
    if (eq <= 0) throw new StateCorruptError(file, `line ${i + 1} is not key=value`);
    out.push([line.slice(0, eq), unescapeValue(line.slice(eq + 1))]);
  });
  return out;
}

/** Typed access to parsed entries; every failure names the file and the key. */
export class KvReader {
  private readonly map = new Map<string, string>();
  constructor(
    readonly file: string,
    readonly entries: Array<[string, string]>,
  ) {
    for (const [k, v] of entries) this.map.set(k, v);
  }

  fail(detail: string): never {
    throw new StateCorruptError(this.file, detail);
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  str(key: string): string {
    const v = this.map.get(key);
    if (v === undefined) this.fail(`missing key "${key}"`);
    return v;
  }

  optStr(key: string): string | undefined {
    return this.map.get(key);
  }

  int(key: string): number {
    const v = this.str(key);
    if (!/^-?\d+$/.test(v)) this.fail(`key "${key}" is not an integer: "${v}"`);
    return Number(v);
  }

  bool(key: string, dflt = false): boolean {
    const v = this.map.get(key);
    if (v === undefined) return dflt;
    if (v !== '0' && v !== '1') this.fail(`key "${key}" is not 0 or 1: "${v}"`);
    return v === '1';
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    const v = this.str(key);
    if (!(allowed as readonly string[]).includes(v)) this.fail(`key "${key}" has unknown value "${v}"`);
    return v as T;
  }

  uuid(key: string): string {
    const v = this.str(key);
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v)) {
      this.fail(`key "${key}" is not a UUID: "${v}"`);
    }
    return v;
  }
}
