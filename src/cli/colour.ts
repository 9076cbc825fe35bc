// Colour for tgluster's own extras (gluster itself prints none): one chalk instance per command,
// switched off unless ctx.color allows it (TTY, text format, interactive mode, no NO_COLOR).
import { Chalk, type ChalkInstance } from 'chalk';
import type { Ctx } from './context.js';

export function paint(ctx: Pick<Ctx, 'color'>): ChalkInstance {
  return new Chalk({ level: ctx.color ? 1 : 0 });
}
