// `volume add-brick` argument parsing, as gluster 10.3's CLI does it (cli_cmd_volume_add_brick_parse):
// options only when the line has at least six words, `replica` by unambiguous prefix, arbiter only
// as `replica 3 arbiter 1`, the replica 2 question, then create's brick loop. Facts from
// cli-cmd-parser.c; the code is ours.
import { strtolInt } from './create-cstr.js';
import { parseBricks, ParseFailure, refuse, REPLICA2_QUESTION, type Confirm } from './create-parse.js';

/** What the CLI sends to glusterd for an add-brick. */
export interface AddBrickRequest {
  name: string;
  /** The `replica N` given, if any. */
  replica?: number;
  /** `arbiter 1` given (only with replica 3). */
  arbiter: boolean;
  /** Canonical `host:/path` strings, in command-line order. */
  bricks: string[];
  force: boolean;
}

export type AddBrickParse = { ok: true; request: AddBrickRequest; warnings: string[] } | { ok: false; lines: string[] };

const ARBITER_RULE =
  'For arbiter configuration, replica count must be 3 and arbiter count must be 1. The 3rd brick of the replica will be the arbiter';

/** Parses the words after `volume add-brick` (NAME first). */
export async function parseAddBrick(args: string[], confirm: Confirm): Promise<AddBrickParse> {
  const words = ['volume', 'add-brick', ...args];
  const out: string[] = [];
  try {
    if (words.length < 4) throw new ParseFailure();
    let index = 3;
    let replica: number | undefined;
    let arbiter = false;
    // With fewer than six words there is no room for options: every word is a brick.
    if (words.length >= 6 && 'replica'.startsWith(words[3]) && words[3] !== '') {
      replica = strtolInt(words[4]);
      if (replica < 2) refuse(out, 'replica count should be greater than 1');
      index = 5;
      if (words[5] === 'arbiter') {
        if (words[6] === undefined || strtolInt(words[6]) !== 1 || replica !== 3) refuse(out, ARBITER_RULE);
        arbiter = true;
        index = 7;
      }
      if (replica === 2 && words[words.length - 1] !== 'force' && !(await confirm(REPLICA2_QUESTION))) throw new ParseFailure();
    }
    const force = words.length > index && words[words.length - 1] === 'force';
    const bricks = parseBricks(words, index, force ? words.length - 1 : words.length, out);
    return { ok: true, warnings: out, request: { name: words[2], replica, arbiter, bricks, force } };
  } catch (e) {
    if (e instanceof ParseFailure) return { ok: false, lines: out };
    throw e;
  }
}
