// `volume reset <VOLNAME> [option] [force]` (never prompts)
import type { Ctx } from '../context.js';
import { usageError } from '../usage.js';
import { runOp } from '../output/emit.js';
import { el } from '../output/xml.js';
import { resetOptions } from '../../mgmt/options/reset.js';

const xmlBody = (msg: string) => [el('cliOp', 'volReset'), el('output', msg)];

export async function run(ctx: Ctx, words: string[]): Promise<number> {
  if (words.length < 1 || words.length > 3) return usageError(ctx, 'volume reset');
  const [volName, second, third] = words as [string, string?, string?];
  if (third !== undefined && third !== 'force') return usageError(ctx, 'volume reset');
  const force = second === 'force' || third === 'force';
  const key = second === undefined || second === 'force' ? 'all' : second;
  return runOp(ctx, { failPrefix: 'volume reset', failXml: xmlBody }, async () => {
    const msg = await resetOptions(ctx.home, { volName, key, force });
    return { text: `volume reset: success: ${msg}\n`, xml: xmlBody(msg), json: { message: msg } };
  });
}
