// A volume's long-running task (rebalance, remove-brick, a background heal, ...) as the state
// directory records it: what `status` reads, what a re-run resumes from.

export type TaskState = 'running' | 'completed' | 'stopped' | 'failed';

export interface TaskRecord {
  /** Which runner (src/tasks/kinds). */
  kind: string;
  /** A UUID, as glusterd gives rebalance and remove-brick tasks. */
  id: string;
  volume: string;
  /** What the task was started with (the runner's own parameters). */
  params: Record<string, unknown>;
  state: TaskState;
  /** The worker process while it runs (a number alone proves nothing: see `alive` in status). */
  pid: number;
  startedAt: string;
  updatedAt: string;
  /** How many times it was started (1 + resumes). */
  runs: number;
  /** Progress counters, runner-defined (files, bytes, ...), as of the last checkpoint. */
  counters: Record<string, number>;
  /** Where a resumed run continues: runner-defined, consistent with `counters`. */
  checkpoint?: unknown;
  /** Why it failed (state 'failed'). */
  error?: string;
}

/** What a runner gets from the worker. */
export interface TaskContext {
  readonly home: string;
  readonly volume: string;
  readonly params: Record<string, unknown>;
  /** The checkpoint a resumed run starts from (undefined on a fresh start). */
  readonly resumeFrom: unknown;
  /** The counters saved with that checkpoint (zeros on a fresh start). */
  readonly counters: Record<string, number>;
  /**
   * Records progress durably: a crash after this call resumes from `checkpoint` with `counters`.
   * Returns false when the task has been asked to stop (the runner then returns at once).
   */
  checkpoint(checkpoint: unknown, counters: Record<string, number>): Promise<boolean>;
  /** True once a stop was asked for. */
  stopping(): boolean;
}

/** A kind of task: runs until done (resolves) or until asked to stop (returns after a checkpoint). */
export interface TaskRunner {
  run(ctx: TaskContext): Promise<void>;
}
