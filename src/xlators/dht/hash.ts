// DHT's name hash: GlusterFS's Davies-Meyer construction around a TEA-like mix (docs/on-disk-format.md §4.1),
// plus the name rewriting (extra-hash-regex, rsync-hash-regex) DHT applies before hashing.
// All arithmetic is on unsigned 32-bit values; `>>> 0` brings results back into that range.

const DELTA = 0x9e3779b9;

/** One TEA-like mix of `rounds` rounds over the 4 words w, folded into (h0, h1) Davies-Meyer style. */
function mix(rounds: number, w: Uint32Array, h: Uint32Array): void {
  let s = 0;
  let a = h[0];
  let b = h[1];
  for (let r = 0; r < rounds; r++) {
    s = (s + DELTA) >>> 0;
    a = (a + ((((b << 4) + w[0]) ^ (b + s) ^ ((b >>> 5) + w[1])) >>> 0)) >>> 0;
    b = (b + ((((a << 4) + w[2]) ^ (a + s) ^ ((a >>> 5) + w[3])) >>> 0)) >>> 0;
  }
  h[0] = (h[0] + a) >>> 0;
  h[1] = (h[1] + b) >>> 0;
}

/** gf_dm_hashfn: the raw hash of the bytes (no regex rewriting). */
export function dmHash(input: Buffer | string): number {
  const m = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const n = m.length;
  const h = new Uint32Array([0x9464a485, 0x542e1a94]);
  const w = new Uint32Array(4);
  let pad = (n | (n << 8)) >>> 0;
  pad = (pad | (pad << 16)) >>> 0;
  let pos = 0;
  while (n - pos >= 16) {
    for (let k = 0; k < 4; k++) w[k] = m.readUInt32LE(pos + 4 * k);
    mix(6, w, h);
    pos += 16;
  }
  // The final block always exists (all padding when n is a multiple of 16).
  let tailDone = false;
  for (let k = 0; k < 4; k++) {
    if (n - pos >= 4) {
      w[k] = m.readUInt32LE(pos);
      pos += 4;
    } else if (!tailDone) {
      let x = pad;
      while (pos < n) {
        let c = m[pos++];
        if (c >= 0x80) c = (c | 0xffffff00) >>> 0; // x86 `char` is signed: sign-extend
        x = ((x << 8) | c) >>> 0;
      }
      w[k] = x;
      tailDone = true;
    } else {
      w[k] = pad;
    }
  }
  mix(10, w, h);
  return (h[0] ^ h[1]) >>> 0;
}

/**
 * The default rsync-hash-regex `^\.(.+)\.[^.]+$`, done by hand: a name starting with '.' whose
 * last '.' is at index >= 2 and is not the final byte hashes as the bytes between them.
 */
function rsyncDefault(name: Buffer): Buffer | undefined {
  const n = name.length;
  if (n < 4 || name[0] !== 0x2e) return undefined;
  const last = name.lastIndexOf(0x2e);
  if (last < 2 || last === n - 1) return undefined;
  return name.subarray(1, last);
}

/**
 * A user-supplied POSIX ERE applied byte-wise (the C locale GlusterFS runs in): the bytes are
 * matched as latin1 characters, with '.' matching newline as in POSIX. Returns capture 1.
 */
function regexCapture(re: RegExp, name: Buffer): Buffer | undefined {
  const m = re.exec(name.toString('latin1'));
  if (!m || m[1] === undefined) return undefined;
  return Buffer.from(m[1], 'latin1');
}

/** POSIX bracket classes JavaScript lacks, as their C-locale ranges. */
const POSIX_CLASSES: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  xdigit: '0-9A-Fa-f',
  punct: '!-\\/:-@\\[-`{-~',
};

/**
 * An ERE as JavaScript understands it. Differences that remain: POSIX picks the leftmost-longest
 * alternative where JavaScript takes the first that matches; the default regex has no alternation.
 */
function fromEre(src: string): string {
  return src.replace(/\[:([a-z]+):\]/g, (m, cls: string) => POSIX_CLASSES[cls] ?? m);
}

const compiled = new Map<string, RegExp | null>();
function compile(src: string): RegExp | null {
  let re = compiled.get(src);
  if (re === undefined) {
    try {
      re = new RegExp(fromEre(src), 's');
    } catch {
      re = null; // GlusterFS ignores a regex that does not compile
    }
    compiled.set(src, re);
  }
  return re;
}

/** The hash options DHT reads (values as `volume get` shows them). */
export interface HashOptions {
  /** cluster.extra-hash-regex: tried first when set. */
  extraHashRegex?: string;
  /** cluster.rsync-hash-regex: undefined/"" = the built-in default, "none" disables it. */
  rsyncHashRegex?: string;
}

const UNSET = new Set(['', '(null)']);

/** The bytes DHT actually hashes for a basename, after the regex rewrites. */
export function hashInput(name: Buffer | string, opts: HashOptions = {}): Buffer {
  const b = typeof name === 'string' ? Buffer.from(name, 'utf8') : name;
  const extra = opts.extraHashRegex;
  if (extra !== undefined && !UNSET.has(extra)) {
    const re = compile(extra);
    const cap = re ? regexCapture(re, b) : undefined;
    if (cap) return cap;
  }
  const rs = opts.rsyncHashRegex;
  if (rs === undefined || UNSET.has(rs)) return rsyncDefault(b) ?? b;
  if (rs === 'none') return b;
  const re = compile(rs);
  return (re ? regexCapture(re, b) : undefined) ?? b;
}

/** The hash DHT uses to place a name (dht_hash in the reference vectors). */
export function dhtHash(name: Buffer | string, opts: HashOptions = {}): number {
  return dmHash(hashInput(name, opts));
}
