// The help screens: `help [all]`, `--help`, `volume help`, `peer help`, `snapshot help`,
// `global help`, `volume bitrot help`, `volume quota help`, `system:: help`.
import type { Ctx } from '../context.js';
import * as T from '../help/texts.js';

/** Screen for each help command, by its canonical words. */
export const HELP_SCREENS: Record<string, string> = {
  'volume help': T.VOLUME_HELP,
  'peer help': T.PEER_HELP,
  'snapshot help': T.SNAPSHOT_HELP,
  'global help': T.GLOBAL_HELP,
  'system:: help': T.SYSTEM_HELP,
  'volume bitrot help': T.BITROT_HELP,
  'volume quota help': T.QUOTA_HELP,
};

/** `help all` runs every class's help command in gluster's order, then cli_out("\n") (two newlines). */
export const HELP_ALL =
  T.PEER_HELP + T.VOLUME_HELP + T.BITROT_HELP + T.QUOTA_HELP + T.SNAPSHOT_HELP + T.GLOBAL_HELP + '\n\n';

/** `help [all]`: gluster lists everything when exactly one word follows `help`, whatever it is. */
export async function run(ctx: Ctx, words: string[]): Promise<number> {
  ctx.out(words.length === 1 ? HELP_ALL : T.TOP_HELP + (ctx.tgluster ? T.TGLUSTER_HELP : ''));
  return 0;
}

export function showHelp(ctx: Ctx, command: string): number {
  ctx.out(HELP_SCREENS[command]);
  return 0;
}
