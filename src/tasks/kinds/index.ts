// The kinds of task, each loaded only by the worker that runs it.
import type { TaskRunner } from '../types.js';

const KINDS: Record<string, () => Promise<TaskRunner>> = {
  crawl: async () => (await import('./crawl.js')).crawl,
  heal: async () => (await import('./heal.js')).heal,
  rebalance: async () => (await import('./rebalance.js')).rebalance,
};

export const isTaskKind = (kind: string): boolean => kind in KINDS;

export async function loadRunner(kind: string): Promise<TaskRunner> {
  const load = KINDS[kind];
  if (!load) throw new Error(`unknown task kind '${kind}'`);
  return load();
}
