// `tgluster __task-worker HOME VOL`: the detached worker of a volume's task (src/tasks/worker.ts),
// started by the task runner, never by hand.
import type { Ctx } from '../context.js';

export async function run(ctx: Ctx, words: string[]): Promise<number> {
  if (words.length !== 2) {
    ctx.err('__task-worker: internal command (started by tgluster itself)\n');
    return 1;
  }
  const { runWorker } = await import('../../tasks/worker.js');
  return runWorker(words[0], words[1]);
}
