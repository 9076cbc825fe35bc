// Commands of gluster 10.3 that tgluster does not implement (yet). Each is parsed far enough to
// give gluster's usage error for a malformed line (checked against the real CLI); a well-formed
// line fails with a clear "not supported" message and exit 1 -- never a pretended success.
import type { Ctx } from '../context.js';
import { usageError } from '../usage.js';
import { printFailure } from '../output/emit.js';
import { unbuiltChecks } from './unbuilt-checks.js';

/** Why gluster's parser refuses a line: an optional message on stdout and/or stderr, then usage. */
interface Reject {
  out?: string;
  err?: string;
}
type Verdict = true | Reject;
type Check = (w: string[]) => Verdict;

const USAGE: Reject = {};
const ok = (valid: boolean): Verdict => (valid ? true : USAGE);
const oneOf = (w: string | undefined, ...choices: string[]) => w !== undefined && choices.includes(w);

const QUOTA_OPS = [
  'enable', 'disable', 'list', 'list-objects', 'remove', 'remove-objects', 'default-soft-limit', 'limit-usage',
  'limit-objects', 'alert-time', 'soft-timeout', 'hard-timeout',
];
function quota(w: string[]): Verdict {
  if (w[0] === 'help' && w.length > 1) return { err: '"help" cannot be the name of a volume.' };
  if (w.length < 2) return USAGE;
  if (!QUOTA_OPS.includes(w[1])) return { out: `Invalid quota option : ${w[1]}` };
  if (oneOf(w[1], 'enable', 'disable') && w.length > 2) return USAGE;
  if (oneOf(w[1], 'limit-usage', 'limit-objects', 'remove', 'remove-objects') && !w[2]?.startsWith('/')) {
    return w[2] === undefined ? USAGE : { err: 'Please enter absolute path' };
  }
  // list [<path> ...]: gluster's parser checks the first path only
  if (oneOf(w[1], 'list', 'list-objects') && w[2] !== undefined && !w[2].startsWith('/')) return { err: 'Please enter absolute path' };
  return true;
}

/** bitrot VOL enable|disable, or one of the others with exactly one value. */
function bitrot(w: string[]): Verdict {
  if (w.length < 2) return USAGE;
  if (!BITROT_OPS.includes(w[1])) return { out: `Invalid bit rot option : ${w[1]}` };
  return ok(w.length === (oneOf(w[1], 'enable', 'disable') ? 2 : 3));
}

/** top VOL op [nfs|brick B] [list-cnt N] | {read-perf|write-perf} [bs S count C] [brick B] [list-cnt N] */
function top(w: string[]): Verdict {
  if (w.length < 2 || !TOP_OPS.includes(w[1])) return USAGE;
  const perf = oneOf(w[1], 'read-perf', 'write-perf');
  for (let i = 2; i < w.length; ) {
    if (!perf && w[i] === 'nfs') i += 1;
    else if ((w[i] === 'brick' || w[i] === 'list-cnt' || (perf && (w[i] === 'bs' || w[i] === 'count'))) && i + 1 < w.length) i += 2;
    else return USAGE;
  }
  return true;
}

/** clear-locks VOL PATH kind {blocked|granted|all} [{inode [range]|entry [basename]|posix [range]}] */
function clearLocks(w: string[]): Verdict {
  if (w.length < 4 || w[2] !== 'kind' || !oneOf(w[3], 'blocked', 'granted', 'all') || w.length > 6) return USAGE;
  if (w.length >= 5 && !oneOf(w[4], 'inode', 'entry', 'posix')) return { out: 'Error parsing options' };
  return true;
}

/** log VOL rotate [BRICK]: a word that is not a brick is glusterd's to refuse (see unbuilt-checks). */
const logRotate = (w: string[]): Verdict => ok(w.length >= 2 && w.length <= 3 && w[1] === 'rotate');

/** get-state [glusterd] [odir DIR] [file NAME] [detail|volumeoptions], as gluster's parser walks it. */
function getState(w: string[]): Verdict {
  for (let i = 0; i < w.length; i++) {
    const last = i === w.length - 1;
    if (w[i] === 'odir' || w[i] === 'file') {
      if (++i >= w.length) return USAGE;
    } else if (last && oneOf(w[i], 'detail', 'volumeoptions')) {
      continue;
    } else if (i > 0 && !last) {
      return { err: 'Problem parsing arguments. Check usage.' };
    } else if (w[i] !== 'glusterd') {
      return { err: 'glusterd is the only supported daemon.' };
    }
  }
  return true;
}

const BITROT_OPS = ['enable', 'disable', 'scrub-throttle', 'scrub-frequency', 'scrub', 'signing-time', 'signer-threads'];
const STATEDUMP_OPTS = ['nfs', 'quotad', 'all', 'mem', 'iobuf', 'callpool', 'priv', 'fd', 'inode', 'history', 'client'];
const TOP_OPS = ['open', 'read', 'write', 'opendir', 'readdir', 'clear', 'read-perf', 'write-perf'];

/** Per command (canonical words): does the line (words after the command words) parse? */
const CHECKS: Record<string, Check> = {
  'volume quota': quota,
  'volume inode-quota': (w) => (w.length !== 2 ? USAGE : w[1] === 'enable' ? true : { out: `Invalid quota option : ${w[1]}` }),
  'volume bitrot': bitrot,
  'volume top': top,
  'volume statedump': (w) =>
    w.length < 1 ? USAGE : w.slice(1).every((x) => STATEDUMP_OPTS.includes(x)) || w[1] === 'client' ? true : { out: 'Error parsing options' },
  'volume log': logRotate,
  'volume sync': (w) => ok(w.length >= 1 && w.length <= 2),
  'volume barrier': (w) => ok(w.length === 2),
  'volume clear-locks': clearLocks,
  'volume geo-replication': (w) => ok(w.length >= 1),
  'snapshot create': (w) => (w.length >= 2 ? true : w.length === 1 ? { err: 'Invalid Syntax.' } : USAGE),
  'snapshot clone': (w) => ok(w.length === 2),
  'snapshot restore': (w) => ok(w.length === 1),
  'snapshot status': (w) => ok(w.length <= 2),
  'snapshot info': (w) => ok(w.length <= 2),
  'snapshot list': (w) => ok(w.length <= 1),
  'snapshot config': () => true,
  'snapshot delete': (w) => ok(w.length >= 1 && w.length <= 2),
  'snapshot activate': (w) => ok(w.length === 1 || (w.length === 2 && w[1] === 'force')),
  'snapshot deactivate': (w) => ok(w.length === 1),
  'get-state': getState,
  'nfs-ganesha': (w) => ok(w.length === 1 && oneOf(w[0], 'enable', 'disable')),
};

/** command: canonical words ("volume heal"); words: what follows them on the line. */
export async function runUnsupported(ctx: Ctx, command: string, words: string[]): Promise<number> {
  const verdict = (CHECKS[command] ?? (() => true))(words);
  if (verdict !== true) {
    if (verdict.out !== undefined) ctx.out(`${verdict.out}\n`);
    return usageError(ctx, command, verdict.err);
  }
  // What glusterd checks first (the volume exists, has the right type, is started) comes first.
  const early = await unbuiltChecks(ctx, command, words);
  if (early !== undefined) return early;
  const message = `'${command}' is not supported by tgluster yet`;
  return printFailure(ctx, { failPrefix: command }, { message, opErrno: NOT_SUPPORTED });
}

/** EOPNOTSUPP, the errno of a request this glusterd cannot serve. */
const NOT_SUPPORTED = 95;
