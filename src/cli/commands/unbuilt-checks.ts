// What glusterd answers first for some commands tgluster has not built yet (quota, log rotate,
// sync, clear-locks): a missing volume, a volume of the wrong type, a stopped one.
// Each with the command's own words, streams, exit codes and XML (captured from 10.3); a line that
// passes them gets the "not supported yet" answer (unsupported.ts).
import type { Ctx } from '../context.js';
import { loadVolume } from '../../mgmt/store.js';
import { cliOutputXml, el } from '../output/xml.js';
import { jsonText, runOp } from '../output/emit.js';
import { isLocalHost } from '../../mgmt/hosts.js';

/** A failure as gluster prints it: text (stream, exit) and --xml (body, exit). */
interface Answer {
  text: string;
  stream: 'out' | 'err';
  exit: number;
  /** The XML document; absent: --xml prints the plain text (gluster's heal does). */
  xml?: string;
  xmlExit?: number;
  /** For --json. */
  message: string;
  code: number;
  /** A line gluster prints on stderr after the text (log rotate's reason). */
  alsoErr?: string;
}

function print(ctx: Ctx, a: Answer): number {
  if (ctx.format === 'json') {
    ctx.out(jsonText({ error: { code: a.code, message: a.message } }));
    return a.exit || 1;
  }
  if (ctx.format === 'xml' && a.xml !== undefined) {
    ctx.out(a.xml);
    return a.xmlExit ?? 0;
  }
  (a.stream === 'out' ? ctx.out : ctx.err)(a.text);
  if (a.alsoErr) ctx.err(a.alsoErr);
  return a.exit;
}

/** A plain glusterd refusal: the message on stderr (prefixed), exit 1. */
const refusal = (prefix: string, message: string): Answer => ({ text: `${prefix}${message}\n`, stream: 'err', exit: 1, message, code: 30800 });

/** quota: every operation but enable needs quota on (features.quota). */
function quotaChecks(home: string, words: string[]): Answer | undefined {
  const v = words[0] === undefined ? undefined : loadVolume(home, words[0]);
  if (!v || words[1] === 'enable') return undefined;
  const on = v.options.find(([k]) => k === 'features.quota')?.[1] === 'on';
  return on ? undefined : refusal('quota command failed : ', 'Quota is disabled, please enable quota');
}

/** log VOL rotate WORD: glusterd wants a brick there. */
function logRotate(words: string[]): Answer | undefined {
  const brick = words[2];
  if (brick === undefined || /^[^:/]+:\/./.test(brick)) return undefined;
  const why = `wrong brick type: ${brick}, use <HOSTNAME>:<export-dir-abs-path>`;
  return { text: 'Volume log rotate failed\n', stream: 'out', exit: 1, message: why, code: 30800, alsoErr: `${why}\n` };
}

/** glusterd's first answer for a well-formed line of a command tgluster has not built, if any. */
export async function unbuiltChecks(ctx: Ctx, command: string, words: string[]): Promise<number | undefined> {
  switch (command) {
    case 'volume quota':
      return answer(ctx, quotaChecks(ctx.home, words));
    case 'volume log':
      return answer(ctx, logRotate(words));
    case 'volume sync':
      return sync(ctx, words);
    case 'volume clear-locks':
      return clearLocks(ctx, words);
    default:
      return undefined;
  }
}

const answer = (ctx: Ctx, a: Answer | undefined): number | undefined => (a ? print(ctx, a) : undefined);

/** sync HOST [all|VOL]: asks first; syncing from this very node is refused. */
async function sync(ctx: Ctx, words: string[]): Promise<number | undefined> {
  if (!(await ctx.confirm('Sync volume may make data inaccessible while the sync is in progress. Do you want to continue?'))) return 0;
  if (!isLocalHost(words[0])) return undefined;
  const m = 'sync from localhost not allowed';
  return answer(ctx, { ...refusal('volume sync: failed: ', m), xml: cliOutputXml(-1, 0, m, [el('cliOp', 'volSync'), el('output', `volume sync: failed: ${m}`)]) });
}

/**
 * clear-locks: the locks tgluster's bricks hold belong to live processes (the kernel drops a dead
 * one's), so there is never a stale lock to clear: success, nothing cleared.
 */
function clearLocks(ctx: Ctx, words: string[]): number | undefined {
  const v = loadVolume(ctx.home, words[0]);
  if (!v || v.status !== 'Started') return undefined;
  if (ctx.format === 'json') ctx.out(jsonText({ volume: v.name, path: words[1], cleared: [] }));
  else ctx.out('Volume clear-locks successful\n\n');
  return 0;
}
