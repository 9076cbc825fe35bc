// `volume adopt VOL --from-glusterd DIR [--brick-map HOST:/path=LOCAL ...]` (tgluster's own): the
// volume a real glusterd defined (its working directory copied to DIR) becomes a tgluster volume
// over local copies of its bricks, with the same type, brick order and brick ids, volume-id and
// options, so that what was done on production can be rehearsed on its data.
import * as fs from 'node:fs';
import type { Brick, Volume } from './types.js';
import { MgmtError } from './errors.js';
import { withTransaction } from './lock.js';
import { loadAllVolumes, loadVolume, nextFreePorts, saveVolume } from './store.js';
import { GLUSTERD_TYPES, readGlusterdVolume, type GlusterdVolume } from './glusterd-info.js';
import { resolveOrUndefined } from './volume-create.js';
import { probePeer } from './peers.js';
import { isLoopbackBrickHost } from './hosts.js';
import { checkBrickAvailable, pathsNest, realPathOrSelf, BrickCheckError } from './brick-checks.js';
import { VOLUME_ID_XATTR } from './brick-check.js';
import { displayType, markArbiters } from './volume-shape.js';
import { startVolume, type BrickProcesses } from './volume-ops.js';
import { getXattrOpt } from '../xattr/index.js';
import { bytesToGfid } from '../libglusterfs/uuid.js';

export interface AdoptRequest {
  name: string;
  /** A copy of a node's glusterd working directory (/var/lib/glusterd). */
  from: string;
  /** `HOST:/path=LOCALPATH` as typed: where the copy of each brick is here. */
  brickMap: string[];
}

export interface AdoptResult {
  volume: Volume;
  /** Hosts that were neither this machine nor a peer: added as emulated peers. */
  peersAdded: string[];
}

const TRANSPORTS = ['tcp', 'rdma', 'tcp,rdma'] as const;
const STATUSES = ['Created', 'Started', 'Stopped'] as const;

/** `HOST:/path=LOCAL` entries as a map from the brick's name on the node to its local copy. */
export function parseBrickMap(entries: string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const e of entries) {
    const m = /^([^:=]+:\/[^=]*)=(\/.*)$/.exec(e);
    if (!m) throw new MgmtError(`--brick-map ${e}: expected HOST:/path=LOCALPATH (absolute paths)`);
    if (map.has(m[1])) throw new MgmtError(`--brick-map ${m[1]} is given twice`);
    map.set(m[1], m[2].replace(/\/+$/, '') || '/');
  }
  return map;
}

/** What tgluster can take of glusterd's definition, or why not. */
function checkKind(g: GlusterdVolume): void {
  const kind = GLUSTERD_TYPES[g.typeCode] ?? `type ${g.typeCode}`;
  if (g.typeCode !== 0 && g.typeCode !== 2 && g.typeCode !== 4) {
    throw new MgmtError(`Volume ${g.name} is of type ${kind}, which tgluster cannot adopt`);
  }
  if (g.transportCode !== 0) throw new MgmtError(`Volume ${g.name} uses transport ${TRANSPORTS[g.transportCode] ?? g.transportCode}; only tcp can be adopted`);
  const removing = g.bricks.find((b) => b.decommissioned);
  if (removing) {
    throw new MgmtError(`Brick ${removing.host}:${removing.path} is being removed (remove-brick started): commit or stop the remove-brick on the node, then copy its state again`);
  }
}

/** The local copy of a brick must be there, a directory, with the volume's id (copied with its xattrs). */
function checkCopy(g: GlusterdVolume, name: string, local: string): void {
  let st: fs.Stats;
  try {
    st = fs.statSync(local);
  } catch {
    throw new MgmtError(`Brick copy ${local} (of ${name}) does not exist: copy the brick there (cp -a, rsync -aX) or map it with --brick-map ${name}=LOCALPATH`);
  }
  if (!st.isDirectory()) throw new MgmtError(`Brick copy ${local} (of ${name}) is not a directory`);
  const id = getXattrOpt(local, VOLUME_ID_XATTR);
  if (id === undefined) {
    throw new MgmtError(`Brick copy ${local} (of ${name}) has no ${VOLUME_ID_XATTR}: copy bricks with their extended attributes (cp -a, rsync -aX)`);
  }
  const found = id.length === 16 ? bytesToGfid(id) : id.toString('hex');
  if (found !== g.id) throw new MgmtError(`Brick copy ${local} (of ${name}) belongs to volume-id ${found}, not ${g.name}'s ${g.id}`);
}

/** Checks every brick before anything changes, then adds the hosts it does not know as peers. */
function buildVolume(home: string, g: GlusterdVolume, map: Map<string, string>, peersAdded: string[]): Volume {
  const mapped = new Set(g.bricks.map((b) => `${b.host}:${b.path}`));
  const stray = [...map.keys()].find((k) => !mapped.has(k));
  if (stray) throw new MgmtError(`--brick-map ${stray}: no such brick in volume ${g.name}`);
  const taken = loadAllVolumes(home).flatMap((v) => v.bricks.map((b) => realPathOrSelf(b.path)));
  const locals = g.bricks.map((gb) => {
    const name = `${gb.host}:${gb.path}`;
    const local = map.get(name) ?? gb.path;
    if (isLoopbackBrickHost(gb.host)) throw new MgmtError(`Brick ${name} names a loopback host, which tgluster refuses as gluster does`);
    checkCopy(g, name, local);
    if (pathsNest(realPathOrSelf(local), realPathOrSelf(home))) throw new MgmtError(`Brick copy ${local} is inside tgluster's state directory`);
    try {
      taken.push(checkBrickAvailable({ host: gb.host, path: local, text: `${gb.host}:${local}` }, taken));
    } catch (e) {
      throw e instanceof BrickCheckError ? new MgmtError(e.message) : e;
    }
    return local;
  });
  const ports = nextFreePorts(home, g.bricks.length);
  const bricks: Brick[] = g.bricks.map((gb, i) => {
    let node = resolveOrUndefined(home, gb.host);
    if (!node) {
      const peer = probePeer(home, gb.host).peer;
      if (!peer) throw new MgmtError(`Host ${gb.host} cannot be added as a peer`);
      peersAdded.push(gb.host);
      node = { uuid: peer.uuid, local: false };
    }
    return { host: gb.host, path: locals[i], brickId: gb.brickId, nodeUuid: node.uuid, port: ports[i], arbiter: false };
  });
  const v: Volume = {
    name: g.name,
    id: g.id,
    type: 'Distribute',
    // A started volume is defined stopped, then started as `volume start` would (bricks prepared).
    status: STATUSES[g.statusCode] === 'Created' ? 'Created' : 'Stopped',
    replicaCount: g.typeCode === 2 ? g.replicaCount : 1,
    arbiterCount: g.arbiterCount,
    disperseCount: g.typeCode === 4 ? g.disperseCount : 0,
    redundancyCount: g.typeCode === 4 ? g.redundancyCount : 0,
    stripeCount: 1,
    transport: 'tcp',
    bricks,
    options: g.options,
    ...(g.taBrick ? { thinArbiter: g.taBrick } : {}),
  };
  v.type = displayType(v);
  markArbiters(v);
  return v;
}

/** Defines the volume (started if it was started on the node). Throws MgmtError on refusal. */
export async function adoptVolume(home: string, req: AdoptRequest, procs: BrickProcesses): Promise<AdoptResult> {
  const map = parseBrickMap(req.brickMap);
  const g = readGlusterdVolume(req.from, req.name);
  checkKind(g);
  const peersAdded: string[] = [];
  const volume = await withTransaction(home, req.name, () => {
    if (loadVolume(home, req.name)) throw new MgmtError(`Volume ${req.name} already exists`);
    const v = buildVolume(home, g, map, peersAdded);
    saveVolume(home, v);
    return v;
  });
  if (STATUSES[g.statusCode] !== 'Started') return { volume, peersAdded };
  return { volume: await startVolume(home, req.name, false, procs), peersAdded };
}
