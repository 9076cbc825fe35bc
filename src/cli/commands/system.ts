// `system:: uuid get` (the node's UUID), `getspec VOL` (the client volfile), `getwd` (glusterd's
// working directory: the state dir) and `system:: help`. The other system:: commands are glusterd
// internals tgluster does not emulate.
import type { Ctx } from '../context.js';
import { listPeers, loadVolume, nodeUuid } from '../../mgmt/store.js';
import { clientVolfile } from '../../mgmt/volgen.js';
import { renderVolfile } from '../../libglusterfs/volfile.js';
import { jsonText } from '../output/emit.js';

const isPeerName = (home: string, name: string): boolean => listPeers(home).some((p) => p.hostname === name);
import { showHelp } from './help.js';
import { usageError } from '../usage.js';

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

function uuidGet(ctx: Ctx): number {
  const uuid = nodeUuid(ctx.home);
  if (ctx.format === 'xml') {
    ctx.out(
      `${XML_HEAD}<cliOutput>\n  <opRet>0</opRet>\n  <opErrno>0</opErrno>\n  <opErrstr/>\n` +
        `  <uuidGenerate>\n    <uuid>${uuid}</uuid>\n  </uuidGenerate>\n</cliOutput>\n`,
    );
  } else if (ctx.format === 'json') {
    ctx.out(`${JSON.stringify({ uuid })}\n`);
  } else {
    ctx.out(`UUID: ${uuid}\n`);
  }
  return 0;
}

/** `system:: getspec VOL`: the client volfile (plain text even with --xml, as gluster prints it). */
function getspec(ctx: Ctx, args: string[]): number {
  const name = args[0];
  if (args.length !== 1) {
    ctx.out(`Fetching spec for volume ${name ?? '(null)'} failed\n`);
    return usageError(ctx, 'system:: getspec');
  }
  const volume = loadVolume(ctx.home, name);
  if (!volume) {
    // glusterd sends nothing back: gluster prints nothing at all.
    if (ctx.format === 'json') ctx.out(jsonText({ error: { code: 2, message: `Volume ${name} does not exist` } }));
    return 1;
  }
  const text = renderVolfile(clientVolfile(volume));
  ctx.out(ctx.format === 'json' ? jsonText({ volume: name, volfile: text }) : text);
  return 0;
}

/** words: the words after `system::`, starting with the canonical subcommand. */
export async function run(ctx: Ctx, words: string[]): Promise<number> {
  const [sub, arg] = words;
  if (sub === 'help') return showHelp(ctx, 'system:: help');
  if (sub === 'uuid' && arg === 'get') {
    // gluster's uuid get takes no further words
    if (words.length > 2) return usageError(ctx, 'system:: uuid get');
    return uuidGet(ctx);
  }
  if (sub === 'getspec') return getspec(ctx, words.slice(1));
  // Commands whose grammar takes no further words (checked before anything is asked of glusterd).
  if ((sub === 'getwd' && words.length > 1) || (sub === 'uuid' && arg === 'reset' && words.length > 2)) {
    return usageError(ctx, `system:: ${sub === 'uuid' ? 'uuid reset' : sub}`);
  }
  if (sub === 'getwd') {
    ctx.out(ctx.format === 'json' ? jsonText({ workdir: ctx.home }) : `${ctx.home}\n`);
    return 0;
  }
  if (sub === 'fsm' && words.length === 3 && !isPeerName(ctx.home, words[2])) {
    if (ctx.format === 'json') ctx.out(jsonText({ error: { code: 1, message: `${words[2]} is not a peer` } }));
    else ctx.err(`${words[2]} is not a peer\nfsm log unsuccessful\n`);
    return 1;
  }
  const command = `system:: ${sub}${sub === 'uuid' ? ` ${arg}` : ''}`;
  ctx.err(`${command}: failed: not supported by tgluster (a glusterd-internal command)\n`);
  return 1;
}
