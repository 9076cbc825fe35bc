// Commands of gluster 10.3 that tgluster does not implement (yet). Each is parsed far enough to
// give gluster's usage error for a malformed line; a well-formed line fails with a clear
// "not supported" message and exit 1 -- never a pretended success.
import type { Ctx } from '../context.js';
import { usageError } from '../usage.js';

type Check = (w: string[]) => boolean | string;

const oneOf = (w: string | undefined, ...choices: string[]) => w !== undefined && choices.includes(w);
const isBrick = (w: string | undefined) => w !== undefined && /^[^:/]+:\/./.test(w);

function healForm(w: string[]): boolean {
  const [, op, a, b, c, d] = w;
  const n = w.length;
  if (n === 1) return true;
  if (n === 2) return oneOf(op, 'enable', 'disable', 'full', 'statistics', 'info');
  if (op === 'info') return n === 3 && oneOf(a, 'summary', 'split-brain');
  if (op === 'granular-entry-heal') return n === 3 && oneOf(a, 'enable', 'disable');
  if (op === 'statistics') return a === 'heal-count' && (n === 3 || (n === 5 && b === 'replica' && isBrick(c)));
  if (op === 'split-brain') {
    if (oneOf(a, 'bigger-file', 'latest-mtime')) return n === 4;
    return a === 'source-brick' && isBrick(b) && (n === 4 || n === 5) && d === undefined;
  }
  return false;
}

/** gluster's CLI rejects a brick named twice before asking glusterd. */
function noDuplicateBricks(w: string[]): true | string {
  const bricks = w.filter((x) => isBrick(x));
  const dup = bricks.find((b, i) => bricks.indexOf(b) !== i);
  return dup === undefined ? true : `Found duplicate exports ${dup}`;
}

function resetBrickForm(w: string[]): boolean | string {
  const [, src, third, fourth, fifth] = w;
  if (!src) return false;
  if (w.length === 3) return third === 'start' || `Invalid option '${third}' for reset-brick. Please enter valid reset-brick command`;
  if (w.length === 4) return fourth === 'commit';
  return w.length === 5 && fourth === 'commit' && fifth === 'force';
}

/** Per command (canonical words): does the line (words after the command words) parse? */
const CHECKS: Record<string, Check> = {
  'volume add-brick': (w) => w.length >= 2 && noDuplicateBricks(w),
  'volume remove-brick': (w) => w.length >= 3 && oneOf(w[w.length - 1], 'start', 'stop', 'status', 'commit', 'force'),
  'volume replace-brick': (w) => w.length === 5 && w[3] === 'commit' && w[4] === 'force',
  'volume reset-brick': resetBrickForm,
  'volume rebalance': (w) =>
    (w.length === 2 && oneOf(w[1], 'start', 'stop', 'status')) ||
    (w.length === 3 && ((w[1] === 'start' && w[2] === 'force') || (w[1] === 'fix-layout' && w[2] === 'start'))),
  'volume heal': (w) => w.length >= 1 && healForm(w),
  'volume quota': (w) => w.length >= 2,
  'volume inode-quota': (w) => w.length === 2 && w[1] === 'enable',
  'volume bitrot': (w) => w.length >= 2,
  'volume profile': (w) => w.length >= 2 && oneOf(w[1], 'start', 'stop', 'info'),
  'volume top': (w) => w.length >= 2,
  'volume statedump': (w) => w.length >= 1,
  'volume log': (w) => w.length >= 2 && w[1] === 'rotate',
  'volume sync': (w) => w.length >= 1 && w.length <= 2,
  'volume barrier': (w) => w.length === 2 && oneOf(w[1], 'enable', 'disable'),
  'volume clear-locks': (w) => w.length >= 4 && w[2] === 'kind',
  'volume geo-replication': (w) => w.length >= 1,
  'snapshot create': (w) => w.length >= 2,
  'snapshot clone': (w) => w.length === 2,
  'snapshot restore': (w) => w.length === 1,
  'snapshot status': (w) => w.length <= 2,
  'snapshot info': (w) => w.length <= 2,
  'snapshot list': (w) => w.length <= 1,
  'snapshot config': () => true,
  'snapshot delete': (w) => w.length >= 1 && w.length <= 2,
  'snapshot activate': (w) => w.length === 1 || (w.length === 2 && w[1] === 'force'),
  'snapshot deactivate': (w) => w.length === 1,
  'get-state': () => true,
  'nfs-ganesha': (w) => w.length === 1 && oneOf(w[0], 'enable', 'disable'),
};

/** command: canonical words ("volume heal"); words: what follows them on the line. */
export function runUnsupported(ctx: Ctx, command: string, words: string[]): number {
  const verdict = (CHECKS[command] ?? (() => true))(words);
  if (verdict !== true) return usageError(ctx, command, typeof verdict === 'string' ? verdict : undefined);
  ctx.err(`${command}: failed: '${command}' is not supported by tgluster yet\n`);
  return 1;
}
