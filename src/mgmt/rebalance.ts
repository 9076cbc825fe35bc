// `volume rebalance` on glusterd's side (glusterd-rebalance.c): the stage checks in its order and
// words, and the volume's task record (`volume status` shows it). Every start is a new task (new
// ID, new commit hash); `stop` forgets it, so status then says it was never started; a finished
// run stays on record until the next start, stop or remove-brick. The run itself is the
// rebalance process's (src/tasks/kinds/rebalance.ts): glusterd only learns how it ended.
import { randomUUID } from 'node:crypto';
import type { Volume, VolumeTask } from './types.js';
import { MgmtError } from './errors.js';
import { withTransaction } from './lock.js';
import { loadVolume, saveVolume } from './store.js';
import { legSize } from './volume-shape.js';

/** The command numbers glusterd and its XML use. */
export const REBALANCE_OP = { start: 1, stop: 2, status: 3, 'fix-layout': 4, 'start-force': 5 } as const;
export type RebalanceOp = keyof typeof REBALANCE_OP;

/**
 * glusterd's commit hash for a new rebalance: `(seconds << 3) | (1 << k)` with
 * `k = (microseconds / 1024) % 3`, truncated to 32 bits (docs/on-disk-format.md §1.5).
 */
export function newCommitHash(nowMicros: bigint = BigInt(Date.now()) * 1000n): number {
  const sec = Number(nowMicros / 1_000_000n);
  const usec = Number(nowMicros % 1_000_000n);
  const k = Math.floor(usec / 1024) % 3;
  return ((sec << 3) | (1 << k)) >>> 0;
}

/**
 * glusterd_mgmt_v3_op_stage_rebalance. `running`: a rebalance process (worker) is alive for the
 * volume. Returns the volume.
 */
export function stageRebalance(home: string, name: string, op: RebalanceOp, running: boolean): Volume {
  const v = loadVolume(home, name);
  if (!v) throw new MgmtError(`Volume ${name} does not exist`);
  if (v.bricks.length <= legSize(v)) {
    throw new MgmtError(`Volume ${name} is not a distribute volume or contains only 1 brick.\nNot performing rebalance`);
  }
  if (v.status !== 'Started') throw new MgmtError(`Volume ${name} needs to be started to perform rebalance`);
  if (op === 'stop' || op === 'status') {
    if (v.task?.kind !== 'rebalance') throw new MgmtError(`Rebalance not started for volume ${name}.`);
    return v;
  }
  if (v.task?.kind === 'remove-brick' && !running) {
    throw new MgmtError(`A remove-brick task on volume ${name} is not yet committed. Either commit or stop the remove-brick task.`);
  }
  if (running) throw new MgmtError(`Rebalance on ${name} is already started`);
  return v;
}

/** A start: the checks, then the new task on record. Returns it with the run's commit hash. */
export function beginRebalance(
  home: string,
  name: string,
  op: 'start' | 'start-force' | 'fix-layout',
  running: boolean,
): Promise<{ volume: Volume; task: VolumeTask; commitHash: number }> {
  return withTransaction(home, name, () => {
    const v = stageRebalance(home, name, op, running);
    const task: VolumeTask = { kind: 'rebalance', id: randomUUID(), status: 'in progress', fixLayout: op === 'fix-layout' };
    const next = { ...v, task };
    saveVolume(home, next);
    return { volume: next, task, commitHash: newCommitHash() };
  });
}

/** The rebalance process's last word: how task `id` ended (nothing if another task replaced it). */
export function endRebalance(home: string, name: string, id: string, status: 'completed' | 'failed'): Promise<void> {
  return withTransaction(home, name, () => {
    const v = loadVolume(home, name);
    if (!v?.task || v.task.id !== id) return;
    saveVolume(home, { ...v, task: { ...v.task, status } });
  });
}

/** `rebalance stop` once the process has stopped: glusterd forgets the task. */
export function forgetRebalance(home: string, name: string, id: string): Promise<void> {
  return withTransaction(home, name, () => {
    const v = loadVolume(home, name);
    if (!v?.task || v.task.id !== id) return;
    const next = { ...v };
    delete next.task;
    saveVolume(home, next);
  });
}
