// The fs command line through commander: every verb, its options and help. Loaded only when the
// line needs the parser (see the fast path in commands/fs.ts).
import { Command, CommanderError } from 'commander';
import type { Ctx } from '../context.js';
import type { VerbEnv } from './env.js';
import { registerDataVerbs } from './verbs-data.js';
import { registerNameVerbs } from './verbs-names.js';
import { registerAttrVerbs } from './verbs-attrs.js';
import { registerTreeVerbs } from './verbs-trees.js';

/** All verbs, bound to one command's context and verb environment. */
function program(ctx: Ctx, env: VerbEnv): Command {
  const p = new Command('tgluster fs')
    .description('Read and write files of a volume, addressed as VOL:/path')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.out(s),
      writeErr: (s) => ctx.err(s),
      // Parse errors read like every other tgluster error.
      outputError: (s, write) => write(`tgluster: fs: ${s.replace(/^error: /, '')}`),
    })
    .showHelpAfterError(false)
    .helpCommand(true);
  registerDataVerbs(p, env);
  registerNameVerbs(p, env);
  registerAttrVerbs(p, env);
  registerTreeVerbs(p, env);
  return p;
}

/**
 * Parses `words` and runs the verb. A parse error or help ends here with its exit code (commander
 * has printed it); undefined when the verb ran; a verb's failure is thrown.
 */
export async function parseAndRun(ctx: Ctx, env: VerbEnv, words: string[]): Promise<number | undefined> {
  try {
    await program(ctx, env).parseAsync(words, { from: 'user' });
    return undefined;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 || e.code === 'commander.helpDisplayed' ? 0 : 1;
    throw e;
  }
}
