// `volume remove-brick` argument parsing, as gluster 10.3's CLI does it
// (cli_cmd_volume_remove_brick_parse): `replica N` by unambiguous prefix (its replica 2 question
// asked before the last word is read), the operation word by unambiguous prefix, then the bricks
// (lower-case "wrong brick type", paths canonicalised, duplicates refused). Facts from
// cli-cmd-parser.c; the code is ours.
import { canonicalizePath, strtolInt } from './create-cstr.js';
import { ParseFailure, refuse, REPLICA2_QUESTION, type Confirm } from './create-parse.js';

export type RemoveBrickOp = 'start' | 'commit' | 'stop' | 'status' | 'force';
const OPS: readonly RemoveBrickOp[] = ['start', 'commit', 'stop', 'status', 'force'];

export interface RemoveBrickRequest {
  name: string;
  /** The `replica N` given, if any. */
  replica?: number;
  /** Canonical `host:/path` strings, in command-line order. */
  bricks: string[];
  op: RemoveBrickOp;
}

export type RemoveBrickParse = { ok: true; request: RemoveBrickRequest } | { ok: false; lines: string[] };

/** cli_getunamb: an exact word, else a unique prefix. */
function opWord(w: string): RemoveBrickOp | undefined {
  if ((OPS as readonly string[]).includes(w)) return w as RemoveBrickOp;
  const hits = OPS.filter((o) => w !== '' && o.startsWith(w));
  return hits.length === 1 ? hits[0] : undefined;
}

function brickWord(word: string, out: string[]): string {
  const colon = word.lastIndexOf(':');
  if (colon <= 0 || word[colon + 1] !== '/') refuse(out, `wrong brick type: ${word}, use <HOSTNAME>:<export-dir-abs-path>`);
  return `${word.slice(0, colon)}:${canonicalizePath(word.slice(colon + 1))}`;
}

/** Parses the words after `volume remove-brick` (NAME first). */
export async function parseRemoveBrick(args: string[], confirm: Confirm): Promise<RemoveBrickParse> {
  const words = ['volume', 'remove-brick', ...args];
  const out: string[] = [];
  try {
    if (words.length < 5) throw new ParseFailure();
    let index = 3;
    let replica: number | undefined;
    if (words[3] !== '' && 'replica'.startsWith(words[3])) {
      if (words.length < 6) throw new ParseFailure();
      replica = strtolInt(words[4]);
      if (replica < 1) refuse(out, 'replica count should be greater than 0 in case of remove-brick');
      if (replica === 2 && words[words.length - 1] !== 'force' && !(await confirm(REPLICA2_QUESTION))) throw new ParseFailure();
      index = 5;
    }
    const op = opWord(words[words.length - 1]);
    if (!op) throw new ParseFailure();
    const bricks: string[] = [];
    for (const w of words.slice(index, -1)) {
      const b = brickWord(w, out);
      if (bricks.includes(b)) refuse(out, `Duplicate bricks found ${b}`);
      bricks.push(b);
    }
    if (!bricks.length) refuse(out, 'No bricks specified');
    return { ok: true, request: { name: words[2], replica, bricks, op } };
  } catch (e) {
    if (e instanceof ParseFailure) return { ok: false, lines: out };
    throw e;
  }
}
