// `tgluster fs <verb>`: coreutils-like file access to a volume, files addressed as VOL:/path.
// Parsing is commander's (fs/program.ts); the verbs live in src/cli/fs/verb*.ts, each a small
// function over the api. Errors print like coreutils (`tgluster: VOL:/path: No such file or
// directory`, exit 1), never a stack trace.
import type { Ctx } from '../context.js';
import type { VolumeClient } from '../../api/client.js';
import { volumeCache } from '../fs/address.js';
import { verbEnv } from '../fs/env.js';
import { AtError, report } from '../fs/report.js';
import { ls } from '../fs/verb-ls.js';

/** The api opener, loaded on first use so that `fs --help` stays cheap. */
async function openByName(ctx: Ctx, name: string): Promise<VolumeClient> {
  const { openVolume } = await import('../../api/index.js');
  return openVolume(name, { home: ctx.home });
}

/**
 * `ls` followed by operands only (no option, no `--`): what commander would make of it is plain,
 * so it runs without loading the parser (a few ms of every `fs ls`, which scripts run a lot).
 */
const isPlainLs = (words: string[]) => words[0] === 'ls' && words.length > 1 && words.every((w) => !w.startsWith('-'));

export async function run(ctx: Ctx, words: string[]): Promise<number> {
  let code = 0;
  const open = volumeCache((name) => openByName(ctx, name));
  // --json is tgluster's global option; after `fs` it reaches us, anywhere on the line.
  const json = ctx.format === 'json' || words.includes('--json');
  const rest = words.filter((w) => w !== '--json');
  const env = verbEnv(ctx, open, (c) => (code = c), json);
  try {
    if (isPlainLs(rest)) await ls(env, rest.slice(1), {});
    else {
      const { parseAndRun } = await import('../fs/program.js');
      const parsed = await parseAndRun(ctx, env, rest);
      if (parsed !== undefined) return parsed;
    }
  } catch (e) {
    if (!report(ctx, e)) throw e instanceof AtError ? e.cause : e;
    return 1;
  }
  return code;
}
