// `volume create` argument parsing, as gluster 10.3's CLI does it before glusterd sees anything:
// the same keyword loop (at most three option groups, unambiguous prefixes), the same messages,
// the same prompts, and the same quirks (`disperse 2` also reports "disperse option given
// twice", because the C loop re-reads the word after a soft failure). Facts come from
// cli-cmd-parser.c; the code is ours.
//
// One deliberate extension: `stripe N` is a keyword again, as in GlusterFS 3.x (10.3 treats it
// as a malformed brick). The caller prints a deprecation warning for it.
import { canonicalizePath, gfString2Int, strtolInt, validInternetAddress } from './create-cstr.js';

export type CreateKind = 'none' | 'replicate' | 'disperse' | 'stripe';
export type Transport = 'tcp' | 'rdma' | 'tcp,rdma';

/** What the CLI sends to glusterd. Counts follow glusterd's dictionary. */
export interface CreateRequest {
  name: string;
  kind: CreateKind;
  /** 1 unless replicated; `replica 2 arbiter 1` is already turned into 3. */
  replicaCount: number;
  arbiterCount: number;
  thinArbiterCount: number;
  disperseCount: number;
  redundancyCount: number;
  stripeCount: number;
  transport: Transport;
  /** Canonical `host:/path` strings, in command-line order. */
  bricks: string[];
  /** The thin-arbiter brick (last brick word) when `thin-arbiter 1` was given. */
  taBrick?: string;
  force: boolean;
}

export type ParseOutcome =
  /** `warnings`: lines the CLI prints to stderr without failing (odd host names). */
  | { ok: true; request: CreateRequest; warnings: string[] }
  /** `lines`: messages printed before the usage block (may be empty). */
  | { ok: false; lines: string[] };

/** The y/n question; false = declined (the caller's prompt prints the question). */
export type Confirm = (question: string) => Promise<boolean>;

const RESERVED_NAMES = new Set([
  'volume', 'type', 'help', 'subvolumes', 'option', 'end-volume', 'all', 'volume_not_in_ring',
  'description', 'force', 'snap-max-hard-limit', 'snap-max-soft-limit', 'auto-delete', 'activate-on-create',
]);
/** glusterd's GD_VOLUME_NAME_MAX. */
export const VOLUME_NAME_MAX = 256;

const OPWORDS = ['replica', 'transport', 'disperse', 'redundancy', 'disperse-data', 'arbiter', 'thin-arbiter'];
/** Ours, matched only in full so that every other word still parses exactly as in 10.3. */
const STRIPE = 'stripe';

export const REPLICA2_QUESTION =
  'Replica 2 volumes are prone to split-brain. Use Arbiter or Replica 3 to avoid this. See: ' +
  'http://docs.gluster.org/en/latest/Administrator-Guide/Split-brain-and-ways-to-deal-with-it/.' +
  '\nDo you still want to continue?\n';

export class ParseFailure extends Error {}

/** Abandons the parse with one specific line printed before the usage. */
export function refuse(out: string[], line: string): never {
  out.push(line);
  throw new ParseFailure();
}

/** cli_getunamb: exact match wins, otherwise a unique prefix. */
function unambiguous(tok: string | undefined): string | undefined {
  if (!tok) return undefined;
  if (OPWORDS.includes(tok) || tok === STRIPE) return tok;
  const hits = OPWORDS.filter((w) => w.startsWith(tok));
  return hits.length === 1 ? hits[0] : undefined;
}

/** cli_validate_volname: messages for most faults, bare usage for '/' and a leading '-'. */
export function volumeNameProblem(name: string): { message?: string } | undefined {
  if (name.startsWith('-')) return {};
  if (RESERVED_NAMES.has(name)) return { message: `"${name}" cannot be the name of a volume.` };
  if (name.includes('/')) return {};
  if (Buffer.byteLength(name) > VOLUME_NAME_MAX) return { message: `Volume name exceeds ${VOLUME_NAME_MAX} characters.` };
  const bad = [...name].find((c) => !/^[A-Za-z0-9_-]$/.test(c));
  if (bad !== undefined) {
    return {
      message: `Volume name should not contain "${bad}" character.\nVolume names can onlycontain alphanumeric, '-' and '_' characters.`,
    };
  }
  return undefined;
}

/** validate_brick_name: a ':' that is not first and is followed by '/'. */
function brickShapeOk(word: string): boolean {
  const colon = word.lastIndexOf(':');
  return colon > 0 && word[colon + 1] === '/';
}

/** gluster's CLI refuses these hosts outright (exact names, not every loopback address). */
function isRefusedHost(host: string): boolean {
  return host === 'localhost' || host === '127.0.0.1' || host.startsWith('0.');
}

const LOOPBACK_MESSAGE =
  'Please provide a valid hostname/ip other than localhost, 127.0.0.1 or loopback address (0.0.0.0 to 0.255.255.255).';

/**
 * One brick word -> canonical `host:/path`, or a ParseFailure after printing its message.
 * An odd host name only earns a printed warning, as in gluster.
 */
function parseBrickWord(word: string, out: string[]): string {
  if (!brickShapeOk(word)) {
    refuse(out, `Wrong brick type: ${word}, use <HOSTNAME>:<export-dir-abs-path>`);
  }
  const colon = word.lastIndexOf(':');
  const host = word.slice(0, colon);
  const canonical = `${host}:${canonicalizePath(word.slice(colon + 1))}`;
  if (isRefusedHost(host)) {
    refuse(out, LOOPBACK_MESSAGE);
  }
  if (!validInternetAddress(host)) out.push(`internet address '${host}' does not conform to standards`);
  return canonical;
}

/** cli_cmd_bricks_parse over words[from, to). */
export function parseBricks(words: string[], from: number, to: number, out: string[]): string[] {
  const bricks: string[] = [];
  for (let i = from; i < to; i++) {
    const b = parseBrickWord(words[i], out);
    if (bricks.includes(b)) {
      refuse(out, `Found duplicate exports ${b}`);
    }
    bricks.push(b);
  }
  if (bricks.length === 0) {
    refuse(out, 'No bricks specified');
  }
  return bricks;
}

/** Mutable state of the keyword loop (the C function's locals). */
interface LoopState {
  kind: CreateKind;
  replica: number;
  arbiter: number;
  thinArbiter: number;
  disperse: number;
  redundancy: number;
  data: number;
  stripe: number;
  transport?: Transport;
}

/**
 * cli_validate_disperse_volume: returns how many words were consumed. 0 is the C code's soft
 * failure (message printed, nothing consumed), which makes the loop look at the same word again.
 */
function disperseWord(w: string, st: LoopState, words: string[], index: number, out: string[]): number {
  if (st.kind === 'replicate') {
    refuse(out, 'replicated-dispersed volume is not supported');
  }
  if (st.kind === 'stripe') {
    refuse(out, 'striped-dispersed volume is not supported');
  }
  const tooShort = () => words.length < index + 2;
  const arg = words[index + 1];
  if (w === 'disperse') {
    if (st.disperse >= 0) {
      refuse(out, 'disperse option given twice');
    }
    if (tooShort()) throw new ParseFailure();
    const r = gfString2Int(arg);
    st.disperse = r.n;
    if (!r.ok && r.errno === 'EINVAL') {
      st.disperse = 0; // "disperse" alone: the count comes from the bricks
      return 1;
    }
    if (!r.ok) throw new ParseFailure();
    if (st.disperse < 3) {
      out.push('disperse count must be greater than 2');
      return 0;
    }
    return 2;
  }
  const isData = w === 'disperse-data';
  const current = isData ? st.data : st.redundancy;
  if (current >= 0) {
    refuse(out, `${w} option given twice`);
  }
  if (tooShort()) throw new ParseFailure();
  const r = gfString2Int(arg);
  if (isData) st.data = r.n;
  else st.redundancy = r.n;
  const min = isData ? 2 : 1;
  if (!r.ok || r.n < min) {
    out.push(isData ? 'disperse-data must be greater than 1' : 'redundancy must be greater than 0');
    if (!r.ok) throw new ParseFailure();
    return 0;
  }
  return 2;
}

/** `replica N [arbiter 1 | thin-arbiter 1]`; returns the new index. */
async function replicaWords(st: LoopState, words: string[], index: number, out: string[], confirm: Confirm): Promise<number> {
  if (st.kind === 'replicate') {
    refuse(out, 'replica option given twice');
  }
  if (st.kind === 'disperse') {
    refuse(out, 'replicated-dispersed volume is not supported');
  }
  if (st.kind === 'stripe') {
    refuse(out, 'striped-replicated volume is not supported');
  }
  st.kind = 'replicate';
  if (words.length < index + 2) throw new ParseFailure();
  st.replica = strtolInt(words[index + 1]);
  if (st.replica < 2) {
    refuse(out, 'replica count should be greater than 1');
  }
  index += 2;
  if (words[index] === 'arbiter') {
    const r = gfString2Int(words[index + 1]);
    if (!r.ok || r.n !== 1 || st.replica < 2 || st.replica > 3) {
      out.push(
        'For arbiter configuration, replica count must be 2 and arbiter count must be 1. The 3rd brick of the replica will be the arbiter',
      );
      throw new ParseFailure();
    }
    st.arbiter = 1;
    index += 2;
  } else if (words[index] === 'thin-arbiter') {
    const r = gfString2Int(words[index + 1]);
    if (!r.ok || r.n !== 1 || st.replica !== 2) {
      out.push(
        'For thin-arbiter configuration, replica count must be 2 and thin-arbiter count must be 1. The 3rd brick of the replica will be the thin-arbiter brick',
      );
      throw new ParseFailure();
    }
    st.thinArbiter = 1;
    index += 2;
  }
  if (st.arbiter === 1 && st.replica === 2) st.replica = 3;
  if (st.replica === 2 && st.thinArbiter === 0 && words[words.length - 1] !== 'force') {
    if (!(await confirm(REPLICA2_QUESTION))) throw new ParseFailure();
  }
  return index;
}

function transportWords(st: LoopState, words: string[], index: number, out: string[]): number {
  if (st.transport) {
    refuse(out, "'transport' option given more than one time");
  }
  const t = words[index + 1]?.toLowerCase();
  if (t === 'tcp' || t === 'rdma') st.transport = t;
  else if (t === 'tcp,rdma' || t === 'rdma,tcp') st.transport = 'tcp,rdma';
  else throw new ParseFailure(); // gluster only logs "incorrect transport protocol specified"
  return index + 2;
}

/** Ours (GlusterFS 3.x grammar): `stripe N`. */
function stripeWords(st: LoopState, words: string[], index: number, out: string[]): number {
  const clash: Partial<Record<CreateKind, string>> = {
    stripe: 'stripe option given twice',
    replicate: 'striped-replicated volume is not supported',
    disperse: 'striped-dispersed volume is not supported',
  };
  const msg = clash[st.kind];
  if (msg) {
    refuse(out, msg);
  }
  st.kind = 'stripe';
  if (words.length < index + 2) throw new ParseFailure();
  st.stripe = strtolInt(words[index + 1]);
  if (st.stripe < 2) {
    refuse(out, 'stripe count should be greater than 1');
  }
  return index + 2;
}

const OPTIMAL_NONE =
  "There isn't an optimal redundancy value for this configuration. Do you want to create the volume with redundancy 1 ?";
const optimalIs = (r: number) =>
  `The optimal redundancy for this configuration is ${r}. Do you want to create the volume with this value ?`;
const NOT_OPTIMAL = 'This configuration is not optimal on most workloads. Do you want to use it ?';
const redundancyIs = (r: number) => `Redundancy for this configuration is ${r}. Do you want to create the volume with this value ?`;

const isPowerOf2 = (n: number) => (n & -n) === n;

/** cli_cmd_create_disperse_check: settles disperse/redundancy counts, asking where gluster asks. */
async function disperseCheck(st: LoopState, count: number, out: string[], confirm: Confirm): Promise<void> {
  const ask = async (q: string) => {
    if (!(await confirm(q))) throw new ParseFailure();
  };
  if (st.data > 0) {
    if (st.disperse > 0 && st.redundancy > 0) {
      if (st.disperse !== st.data + st.redundancy) {
        out.push(
          `Disperse count(${st.disperse}) should be equal to sum of disperse-data count(${st.data}) and redundancy count(${st.redundancy})`,
        );
        throw new ParseFailure();
      }
    } else if (st.redundancy > 0) {
      st.disperse = (st.data + st.redundancy) | 0;
    } else if (st.disperse > 0) {
      st.redundancy = (st.disperse - st.data) | 0;
    } else if (count - st.data >= st.data) {
      refuse(out, 'Please provide redundancy count along with disperse-data count');
    } else {
      await ask(redundancyIs(count - st.data));
      st.redundancy = count - st.data;
      st.disperse = count;
    }
  }
  if (st.disperse <= 0) {
    if (count < 3) {
      refuse(out, 'number of bricks must be greater than 2');
    }
    st.disperse = count;
  }
  let dataBricks: number;
  if (st.redundancy === -1) {
    // Largest power of two below disperse that leaves at least half as many redundancy bricks.
    let tmp = st.disperse - 1;
    let i = Math.trunc(tmp / 2);
    for (; i > 0 && !isPowerOf2(tmp); i--, tmp--);
    if (i === 0) {
      await ask(OPTIMAL_NONE);
      st.redundancy = 1;
    } else {
      st.redundancy = st.disperse - tmp;
      if (st.redundancy > 1) await ask(optimalIs(st.redundancy));
    }
    dataBricks = 0;
  } else {
    dataBricks = (st.disperse - st.redundancy) | 0;
  }
  if (st.redundancy < 1 || st.redundancy > Math.trunc((st.disperse - 1) / 2)) {
    out.push(
      `redundancy must be greater than or equal to 1 and less than ${Math.trunc((st.disperse + 1) / 2)} for a disperse ${st.disperse} volume`,
    );
    throw new ParseFailure();
  }
  if (!isPowerOf2(dataBricks)) await ask(NOT_OPTIMAL);
}

/**
 * Parses the words after `volume create` (NAME first). Prompts through `confirm` where gluster
 * does; a declined prompt is a parse failure with no message (the caller prints usage).
 */
export async function parseCreate(args: string[], confirm: Confirm): Promise<ParseOutcome> {
  const words = ['volume', 'create', ...args];
  // Every line gluster's parser prints to stderr, in order (warnings included).
  const out: string[] = [];
  try {
    if (words.length < 3) throw new ParseFailure();
    const name = words[2];
    const nameProblem = volumeNameProblem(name);
    if (nameProblem) {
      if (nameProblem.message) out.push(nameProblem.message);
      throw new ParseFailure();
    }
    if (words.length < 4) throw new ParseFailure();

    const st: LoopState = { kind: 'none', replica: 1, arbiter: 0, thinArbiter: 0, disperse: -1, redundancy: -1, data: -1, stripe: 1 };
    let index = 3;
    for (let ops = 0; ops < 3; ops++) {
      const w = unambiguous(words[index]);
      if (!w) break;
      if (w === 'replica') index = await replicaWords(st, words, index, out, confirm);
      else if (w === 'transport') index = transportWords(st, words, index, out);
      else if (w === STRIPE) index = stripeWords(st, words, index, out);
      else if (w === 'arbiter' || w === 'thin-arbiter') {
        refuse(out, `${w} option must be preceded by replica option.`);
      } else {
        index += disperseWord(w, st, words, index, out);
        st.kind = 'disperse';
      }
    }
    if (index >= words.length) throw new ParseFailure();

    const force = words[words.length - 1] === 'force';
    const end = force ? words.length - 1 : words.length;
    let bricks: string[];
    let taBrick: string | undefined;
    if (st.thinArbiter === 1) {
      bricks = parseBricks(words, index, end - 1, out);
      taBrick = parseBrickWord(words[end - 1], out);
    } else {
      bricks = parseBricks(words, index, end, out);
    }

    let subCount = 1;
    if (st.kind === 'disperse') {
      await disperseCheck(st, bricks.length, out, confirm);
      subCount = st.disperse;
    } else if (st.kind === 'stripe') {
      subCount = st.stripe;
    }
    if (bricks.length % subCount !== 0) {
      refuse(out, `number of bricks is not a multiple of ${st.kind === 'stripe' ? 'stripe' : 'disperse'} count`);
    }

    const isDisperse = st.kind === 'disperse';
    // Soft failures always end in a hard one, so on success `out` holds only warnings.
    return {
      ok: true,
      warnings: out,
      request: {
        name,
        kind: st.kind,
        replicaCount: st.replica,
        arbiterCount: st.arbiter,
        thinArbiterCount: st.thinArbiter,
        disperseCount: isDisperse ? st.disperse : 0,
        redundancyCount: isDisperse ? st.redundancy : 0,
        stripeCount: st.stripe,
        transport: st.transport ?? 'tcp',
        bricks,
        taBrick,
        force,
      },
    };
  } catch (e) {
    if (e instanceof ParseFailure) return { ok: false, lines: out };
    throw e;
  }
}
