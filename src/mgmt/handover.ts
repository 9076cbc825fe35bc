// `volume handover VOL` (tgluster's own): the plan that recreates VOL on a real GlusterFS 10.3 pool
// over the same brick directories, once they sit on the servers the bricks name. Data only: the
// CLI renders it as a shell script or as JSON. What the volume's bricks need before glusterd takes
// them, measured on 10.3: `volume create` refuses a brick whose root carries
// trusted.glusterfs.volume-id or trusted.gfid ("... is already part of a volume"); without them it
// takes the brick, and the brick process puts the root's gfid back when it starts.
import type { Volume, VolumeType } from './types.js';
import { MgmtError } from './errors.js';
import { requireVolume } from './store.js';
import { checkSetServers } from './volume-create.js';
import { brickPlacementProblem } from './brick-checks.js';
import { createTimeOptions } from './options/create-time.js';
import { loadClusterOptions } from './options/cluster-store.js';
import { legSize } from './volume-shape.js';

/** The brick-root xattrs glusterd's create refuses, removed by the preparation. */
export const REFUSED_ROOT_XATTRS = ['trusted.glusterfs.volume-id', 'trusted.gfid'] as const;
/** The only trusted.gfid a brick root may hold (the volume root's). */
export const ROOT_GFID_HEX = '0x00000000000000000000000000000001';

/** What heal info says about one brick, as the CLI measured it before planning. */
export interface BrickHeal {
  brick: string;
  entries: number;
  splitBrain: number;
  /** The brick could not be read (down): everything written meanwhile is pending on it. */
  down?: boolean;
}

export interface HandoverFacts {
  /** --force: hand over despite pending heals. */
  force: boolean;
  /** A task of the volume that is running now (tgluster's worker: heal, crawl, rebalance...). */
  runningTask?: string;
  /** heal info of every brick (replicated volumes). */
  heals: BrickHeal[];
}

export interface ServerPrep {
  host: string;
  /** Brick directories on that server, in volume order. */
  bricks: string[];
}

export interface HandoverPlan {
  volume: string;
  /** tgluster's volume-id, which the preparation removes (glusterd gives the volume a new one). */
  volumeId: string;
  type: VolumeType;
  /** Servers in the order their first brick appears; the script runs on the first. */
  servers: ServerPrep[];
  /** `gluster peer probe` of each of these (every server but the first). */
  probe: string[];
  /** The words of `gluster volume create ...`. */
  create: string[];
  /** Why `force` ends the create (glusterd's own messages); empty: no force. */
  forceReasons: string[];
  /** `gluster volume set VOL KEY VALUE`, oldest first, so that `volume info` lists them as here. */
  options: Array<[string, string]>;
  /** `gluster volume set all KEY VALUE` (options of the whole pool). */
  clusterOptions: Array<[string, string]>;
  /** Replicated (or dispersed): heal info is among the checks. */
  replicated: boolean;
  heals: BrickHeal[];
  /** With --force and pending heals: what GlusterFS's heal will do with them. */
  healNotes: string[];
}

const isStripe = (v: Volume) => v.stripeCount > 1 || v.type === 'Stripe' || v.type === 'Distributed-Stripe';

/** Refusals: what GlusterFS 10.3 cannot take, or what it should not take as it is. */
function checkHandable(v: Volume, facts: HandoverFacts): void {
  if (isStripe(v)) {
    throw new MgmtError(`Volume ${v.name} is a ${v.type} volume: GlusterFS 10.3 has no striped volumes (removed in GlusterFS 6). Copy its files into a volume of another type first`);
  }
  if (v.transport !== 'tcp') throw new MgmtError(`Volume ${v.name} uses transport ${v.transport}: GlusterFS 10.3 is built without rdma`);
  if (v.task?.status === 'in progress') {
    throw new MgmtError(`A ${v.task.kind} task (ID ${v.task.id}) is still running on volume ${v.name}: let it finish or stop it first`);
  }
  if (facts.runningTask) throw new MgmtError(`A ${facts.runningTask} task is still running on volume ${v.name}: let it finish or stop it first`);
  const leaving = v.bricks.filter((b) => b.decommissioned);
  if (leaving.length) {
    throw new MgmtError(`Brick ${leaving.map((b) => `${b.host}:${b.path}`).join(', ')} of volume ${v.name} is being removed: commit or stop the remove-brick first`);
  }
  const pending = facts.heals.filter((h) => h.entries > 0 || h.down);
  if (pending.length && !facts.force) {
    const what = pending.map((h) => (h.down ? `${h.brick} is down` : `${h.brick} has ${h.entries} entries to heal`)).join('; ');
    throw new MgmtError(`Volume ${v.name} has pending heals (${what}): heal it first (volume heal ${v.name}), or hand it over with --force`);
  }
}

/** What GlusterFS's self-heal will do with what is pending, brick by brick (the --force notes). */
function healNotes(v: Volume, heals: BrickHeal[]): string[] {
  const policy = v.options.find(([k]) => k === 'cluster.favorite-child-policy')?.[1] ?? 'none';
  const notes: string[] = [];
  for (const h of heals) {
    if (h.down) {
      notes.push(`${h.brick} is down here: the other bricks of its set blame it for every change it missed; GlusterFS's self-heal daemon copies those changes onto it once the volume is started`);
      continue;
    }
    if (h.entries === 0) continue;
    const healable = h.entries - h.splitBrain;
    if (healable > 0) {
      notes.push(`${h.brick}: ${healable} entries pending: the self-heal daemon heals them from the copies that are not blamed, within cluster.heal-timeout of the start (or at once with: gluster volume heal ${v.name})`);
    }
    if (h.splitBrain > 0) {
      notes.push(
        policy !== 'none'
          ? `${h.brick}: ${h.splitBrain} entries in split-brain: cluster.favorite-child-policy=${policy} settles them when they are healed`
          : `${h.brick}: ${h.splitBrain} entries in split-brain: heal leaves them; resolve each with gluster volume heal ${v.name} split-brain {bigger-file|latest-mtime|source-brick}`,
      );
    }
  }
  return notes;
}

/** The type words of `volume create` for this volume. */
function typeWords(v: Volume): string[] {
  if (v.disperseCount > 0) return ['disperse', String(v.disperseCount), 'redundancy', String(v.redundancyCount)];
  if (v.thinArbiter) return ['replica', '2', 'thin-arbiter', '1'];
  if (v.replicaCount > 1) return ['replica', String(v.replicaCount), ...(v.arbiterCount ? ['arbiter', String(v.arbiterCount)] : [])];
  return [];
}

/**
 * Why glusterd would refuse the create without force, measured where the bricks are now: bricks of
 * one set on one node (as tgluster resolves their hosts), a brick in the root partition or that is
 * a mount point.
 */
function forceReasons(v: Volume): string[] {
  const reasons: string[] = [];
  if (v.replicaCount > 1 || v.disperseCount > 0) {
    const planned = v.bricks.map((b) => ({ host: b.host, path: b.path, text: `${b.host}:${b.path}`, node: { uuid: b.nodeUuid, local: false } }));
    try {
      checkSetServers(planned, legSize(v), v.disperseCount > 0 ? 'disperse' : 'replicate');
    } catch (e) {
      if (!(e instanceof MgmtError)) throw e;
      reasons.push(e.message.trimEnd());
    }
  }
  for (const b of v.bricks) {
    const problem = brickPlacementProblem(b);
    if (problem) reasons.push(problem);
  }
  return reasons;
}

/** Options to set after the create: those glusterd's create does not give itself, oldest first. */
function optionsToSet(v: Volume): Array<[string, string]> {
  const given = new Set(createTimeOptions(v).map(([k, val]) => `${k}=${val}`));
  return v.options.filter(([k, val]) => !given.has(`${k}=${val}`)).reverse();
}

function serversOf(v: Volume): ServerPrep[] {
  const servers: ServerPrep[] = [];
  for (const b of v.bricks) {
    let s = servers.find((x) => x.host === b.host);
    if (!s) servers.push((s = { host: b.host, bricks: [] }));
    s.bricks.push(b.path);
  }
  return servers;
}

/** The plan, or MgmtError saying why this volume cannot be handed over. */
export function planHandover(home: string, name: string, facts: HandoverFacts): HandoverPlan {
  const v = requireVolume(home, name);
  checkHandable(v, facts);
  const servers = serversOf(v);
  const reasons = forceReasons(v);
  const create = ['volume', 'create', v.name, ...typeWords(v), ...v.bricks.map((b) => `${b.host}:${b.path}`)];
  if (v.thinArbiter) create.push(`${v.thinArbiter.host}:${v.thinArbiter.path}`);
  if (reasons.length) create.push('force');
  return {
    volume: v.name,
    volumeId: v.id,
    type: v.type,
    servers,
    probe: servers.slice(1).map((s) => s.host),
    create,
    forceReasons: reasons,
    options: optionsToSet(v),
    clusterOptions: [...loadClusterOptions(home)],
    replicated: v.replicaCount > 1 || v.disperseCount > 0,
    heals: facts.heals,
    healNotes: healNotes(v, facts.heals),
  };
}
