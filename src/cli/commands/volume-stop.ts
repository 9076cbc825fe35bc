import type { Ctx } from '../context.js';
// PLACEHOLDER: replaced by the real command module.
export async function run(ctx: Ctx, _words: string[]): Promise<number> {
  ctx.err('tgluster: volume-stop: todo\n');
  return 1;
}
