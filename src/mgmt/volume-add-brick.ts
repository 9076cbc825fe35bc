// `volume add-brick` on glusterd's side: the handler's count checks (opErrno 0), the stage checks
// (30800) and the commit, in glusterd 10.3's order and words (glusterd-brick-ops.c).
//
// The commit places the new bricks (appended, or slotted into each replica set when the replica
// count grows), gives them fresh brick ids (never renumbering the old ones), and on a started
// volume whose replica count grows marks each new brick empty the way glusterd does: a dirty
// entry count on its root, written directly, and the set's up members accusing it through AFR
// (glusterd's temporary mount setting trusted.add-brick), so that heal fills it.
import type { AddBrickRequest } from './add-brick-parse.js';
import type { Brick, Volume } from './types.js';
import { MgmtError } from './errors.js';
import { withTransaction } from './lock.js';
import { loadVolume, nextFreePorts, saveVolume } from './store.js';
import { splitBrick } from './brick-checks.js';
import { BrickJournal } from './create-journal.js';
import { checkSetServers, resolveOrUndefined, stageBricks, type PlannedBrick } from './volume-create.js';
import { displayType, legSize, markArbiters, nextBrickId } from './volume-shape.js';
import type { BrickProcesses } from './volume-ops.js';
import { setXattr } from '../xattr/index.js';
import { gfidToBytes } from '../libglusterfs/uuid.js';
import { crashPoint } from '../libglusterfs/crash.js';

/**
 * What glusterd's temporary mount does for a brick that joins a started replica set empty: the
 * set's up members accuse it (AFR's handling of trusted.add-brick / trusted.replace-brick).
 * `volume` is the new definition with that brick down.
 */
export interface EmptyBrickMarker {
  markEmpty(volume: Volume, brick: Brick, op: 'add-brick' | 'replace-brick'): void;
}

/** AFR's dirty counters with one pending entry change: the new brick's own "I am empty". */
export const EMPTY_BRICK_DIRTY = Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);

/** What the add changes: undefined replica = bricks appended as new legs. */
interface Plan {
  /** The new replica count when it grows (distribute -> replicate included). */
  replica?: number;
}

/** __glusterd_handle_add_brick's checks on the counts (opErrno 0). */
function planCounts(v: Volume, req: AddBrickRequest): Plan {
  const leaf = legSize(v);
  const n = req.bricks.length;
  const total = v.bricks.length + n;
  const fail = (m: string) => new MgmtError(m, 0);
  if (req.replica === undefined) {
    if (leaf > 1 && !(v.bricks.length < leaf && total <= leaf) && n % leaf !== 0) {
      throw fail(`Incorrect number of bricks supplied ${n} with count ${leaf}`);
    }
    return {};
  }
  const N = req.replica;
  if (v.disperseCount > 0) throw fail(`Volume ${v.name} cannot be converted from dispersed to replicated-dispersed`);
  if (v.replicaCount === 1) {
    if (v.bricks.length * N !== total) throw fail(`Incorrect number of bricks (${n}) supplied for replica count (${N}).`);
    return { replica: N };
  }
  if (N < v.replicaCount) throw fail(`Incorrect replica count (${N}) supplied. Volume already has (${v.replicaCount})`);
  if (N === v.replicaCount) {
    if (req.arbiter && v.arbiterCount === 0) throw fail('Cannot convert replica 3 volume to arbiter volume.');
    if (total % leaf === 0) return {};
    throw fail('Operation failed');
  }
  if (total * leaf !== v.bricks.length * N) throw fail('Operation failed');
  return { replica: N };
}

/** glusterd_op_stage_add_brick's checks before the bricks' own (opErrno 30800). */
function stageVolume(v: Volume, req: AddBrickRequest, plan: Plan, planned: PlannedBrick[], migrating: boolean): void {
  if (plan.replica !== undefined && v.replicaCount > 1) {
    if (v.status === 'Stopped') {
      throw new MgmtError(' Volume must not be in stopped state when replica-count needs to  be increased.');
    }
    if (v.arbiterCount > 0) throw new MgmtError('Increasing replica count for arbiter volumes is not supported.');
  }
  if (!req.force && (v.replicaCount > 1 || v.disperseCount > 0)) {
    const existing = plan.replica !== undefined ? v.bricks.map((b) => b.nodeUuid) : [];
    checkSetServers(planned, plan.replica ?? legSize(v), v.disperseCount > 0 ? 'disperse' : 'replicate', existing);
  }
  if (plan.replica !== undefined && !req.force) {
    // A volume that is not running has every brick down.
    const down = v.bricks.find((b) => v.status !== 'Started' || b.down);
    if (down) throw new MgmtError(`Brick ${down.path} is down, changing replica count needs all the bricks to be up to avoid data loss`);
  }
  if (migrating) {
    throw new MgmtError(`Volume name ${v.name} rebalance is in progress. Please retry after completion`);
  }
}

/**
 * The brick list after the add: appended, or with the k-th new brick slotted at the end of
 * replica set floor(k / d) when the replica count grows from r to r + d.
 */
function placeBricks(v: Volume, added: Brick[], plan: Plan): Brick[] {
  if (plan.replica === undefined) return [...v.bricks, ...added];
  const r = v.replicaCount;
  const d = plan.replica - r;
  const out: Brick[] = [];
  for (let s = 0; s * r < v.bricks.length; s++) {
    out.push(...v.bricks.slice(s * r, s * r + r), ...added.slice(s * d, s * d + d));
  }
  return out;
}

/** A distribute volume turned replicate gets client-io-threads off, as glusterd sets it. */
function convertedOptions(v: Volume): Array<[string, string]> {
  const rest = v.options.filter(([k]) => k !== 'performance.client-io-threads');
  return [['performance.client-io-threads', 'off'], ...rest];
}

export interface AddBrickResult {
  volume: Volume;
  /** What force overrode ("... is already part of a volume"), as glusterd still reports it. */
  notice?: string;
}

function addLocked(home: string, req: AddBrickRequest, procs: BrickProcesses, marker: EmptyBrickMarker, migrating: boolean): AddBrickResult {
  const v = loadVolume(home, req.name);
  if (!v) throw new MgmtError(`Unable to get volinfo for volume name ${req.name}`, 0);
  const plan = planCounts(v, req);
  const planned: PlannedBrick[] = req.bricks.map((text) => {
    const ref = splitBrick(text);
    return { ...ref, node: resolveOrUndefined(home, ref.host) };
  });
  stageVolume(v, req, plan, planned, migrating);
  const journal = new BrickJournal();
  try {
    let notice: string | undefined;
    try {
      notice = stageBricks(home, req, planned, journal);
    } catch (e) {
      // add-brick's own wording of the one message create ends with a period
      if (e instanceof MgmtError && /^brick path .* is too long\.$/.test(e.message)) throw new MgmtError(e.message.slice(0, -1));
      throw e;
    }
    const id = gfidToBytes(v.id);
    for (const b of planned) {
      journal.snapshot(b.path);
      setXattr(b.path, 'trusted.glusterfs.volume-id', id, req.force ? 0 : 'create');
    }
    const firstId = nextBrickId(v);
    const ports = nextFreePorts(home, planned.length);
    const added: Brick[] = planned.map((b, i) => ({
      host: b.host,
      path: b.path,
      brickId: firstId + i,
      nodeUuid: b.node!.uuid,
      port: ports[i],
      arbiter: false,
    }));
    const next: Volume = { ...v, bricks: placeBricks(v, added, plan) };
    if (plan.replica !== undefined) {
      if (v.replicaCount === 1) next.options = convertedOptions(v);
      next.replicaCount = plan.replica;
      if (req.arbiter) next.arbiterCount = 1;
    }
    markArbiters(next);
    next.type = displayType(next);
    if (plan.replica !== undefined && v.status === 'Started') markEmptyBricks(next, added, marker, procs);
    crashPoint('add-brick-before-save');
    procs.start(next, false);
    saveVolume(home, next);
    return { volume: next, notice };
  } catch (e) {
    journal.rollback();
    throw e;
  }
}

/**
 * glusterd_handle_replicate_brick_ops for each new brick in command order: its root says it is
 * empty (not through the index), the set's members that are up accuse it, then its process
 * starts; so a later new brick of the same set is accused by it too.
 */
function markEmptyBricks(next: Volume, added: Brick[], marker: EmptyBrickMarker, procs: BrickProcesses): void {
  const waiting = new Set(added.map((b) => b.brickId));
  const view = (): Volume => ({ ...next, bricks: next.bricks.map((x) => (waiting.has(x.brickId) ? { ...x, down: true } : x)) });
  for (const b of added) {
    setXattr(b.path, 'trusted.afr.dirty', EMPTY_BRICK_DIRTY);
    marker.markEmpty(view(), b, 'add-brick');
    waiting.delete(b.brickId);
    procs.start(view(), false);
  }
}

/** `migrating`: a rebalance process runs for the volume now (the caller asks src/tasks). */
export function addBricks(home: string, req: AddBrickRequest, procs: BrickProcesses, marker: EmptyBrickMarker, migrating = false): Promise<AddBrickResult> {
  return withTransaction(home, req.name, () => addLocked(home, req, procs, marker, migrating));
}
