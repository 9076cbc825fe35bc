// `system:: uuid get` (the node's UUID) and `system:: help`. The other system:: commands are
// glusterd internals tgluster does not emulate.
import type { Ctx } from '../context.js';
import { nodeUuid } from '../../mgmt/store.js';
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

/** words: the words after `system::`, starting with the canonical subcommand. */
export async function run(ctx: Ctx, words: string[]): Promise<number> {
  const [sub, arg] = words;
  if (sub === 'help') return showHelp(ctx, 'system:: help');
  if (sub === 'uuid' && arg === 'get') {
    // gluster's uuid get takes no further words
    if (words.length > 2) return usageError(ctx, 'system:: uuid get');
    return uuidGet(ctx);
  }
  const command = `system:: ${sub}${sub === 'uuid' ? ` ${arg}` : ''}`;
  ctx.err(`${command}: failed: not supported by tgluster (a glusterd-internal command)\n`);
  return 1;
}
