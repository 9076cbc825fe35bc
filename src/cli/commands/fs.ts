// `tgluster fs <verb>`: coreutils-like file access to a volume, files addressed as VOL:/path.
// Parsing is commander's; the verbs live in src/cli/fs/verbs-*.ts, each a small function over
// the api. Errors print like coreutils (`tgluster: VOL:/path: No such file or directory`, exit 1),
// never a stack trace.
import { Command, CommanderError } from 'commander';
import type { Ctx } from '../context.js';
import type { VolumeClient } from '../../api/client.js';
import { volumeCache, type Opener } from '../fs/address.js';
import { verbEnv } from '../fs/env.js';
import { AtError, report } from '../fs/report.js';
import { registerDataVerbs } from '../fs/verbs-data.js';
import { registerNameVerbs } from '../fs/verbs-names.js';
import { registerAttrVerbs } from '../fs/verbs-attrs.js';
import { registerTreeVerbs } from '../fs/verbs-trees.js';

/** All verbs, bound to one command's context and volume opener. */
function program(ctx: Ctx, open: Opener, setExit: (code: number) => void, json: boolean): Command {
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
  const env = verbEnv(ctx, open, setExit, json);
  registerDataVerbs(p, env);
  registerNameVerbs(p, env);
  registerAttrVerbs(p, env);
  registerTreeVerbs(p, env);
  return p;
}

/** The api opener, loaded on first use so that `fs --help` stays cheap. */
async function openByName(ctx: Ctx, name: string): Promise<VolumeClient> {
  const { openVolume } = await import('../../api/index.js');
  return openVolume(name, { home: ctx.home });
}

export async function run(ctx: Ctx, words: string[]): Promise<number> {
  let code = 0;
  const open = volumeCache((name) => openByName(ctx, name));
  // --json is tgluster's global option; after `fs` it reaches us, anywhere on the line.
  const json = ctx.format === 'json' || words.includes('--json');
  try {
    await program(ctx, open, (c) => (code = c), json).parseAsync(
      words.filter((w) => w !== '--json'),
      { from: 'user' },
    );
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 || e.code === 'commander.helpDisplayed' ? 0 : 1;
    if (!report(ctx, e)) throw e instanceof AtError ? e.cause : e;
    return 1;
  }
  return code;
}
