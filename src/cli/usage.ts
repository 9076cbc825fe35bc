// Usage errors, printed exactly as gluster 10.3 prints them.
import type { Ctx } from './context.js';
import { usageOf } from './grammar.js';

/** The block gluster prints after an unknown option, word or command (stdout). */
export const GLOBAL_USAGE =
  ' Usage: gluster [options] <help> <peer> <pool> <volume>\n' +
  ' Options:\n' +
  ' --help  Shows the help information\n' +
  ' --version  Shows the version\n' +
  ' --print-logdir  Shows the log directory\n' +
  ' --print-statedumpdir Shows the state dump directory\n\n';

/** `\nUsage:\n<line>\n\n` for a command named by its words, e.g. "volume create". */
export function usageText(command: string): string {
  return `\nUsage:\n${usageOf(command)}\n\n`;
}

/**
 * A CLI parse error: the optional specific line, then the command's usage, all on stderr; exit 1.
 * Parse errors never produce XML, so the text is the same under --xml.
 */
export function usageError(ctx: Ctx, command: string, line?: string): number {
  ctx.err((line === undefined ? '' : `${line}\n`) + usageText(command));
  return 1;
}
