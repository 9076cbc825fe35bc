// A distribute volume over real posix bricks in a temp dir, wired as volgen wires it
// (posix -> client -> dht), for DHT scenario tests.
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Brick, Volume } from '../../src/mgmt/types.js';
import { getXattrOpt } from '../../src/xattr/index.js';
import { Afr } from '../../src/xlators/afr/afr.js';
import { Client } from '../../src/xlators/client/client.js';
import { Dht } from '../../src/xlators/dht/dht.js';
import { Posix } from '../../src/xlators/posix/posix.js';
import type { Loc, Xdata } from '../../src/xlators/types.js';
import { posixOptions, xlatorOptions } from '../helpers/volfile-options.js';
import { prepareVolumeBricks } from '../../src/glusterfsd/brick-processes.js';

export interface DistVolume {
  volume: Volume;
  dht: Dht;
  clients: Client[];
  posix: Posix[];
  tmp: string;
  /** Brick directory path of an entry on brick i. */
  on(i: number, p: string): string;
  cleanup(): void;
}

export interface ReplVolume extends DistVolume {
  afr: Afr[];
}

/** `sets` replica sets of `replica` bricks each, AFR under DHT as volgen wires it. */
export function replVolume(sets: number, replica: number, name = 'rv', options: Array<[string, string]> = []): ReplVolume {
  const base = distVolume(sets * replica, name, options, replica);
  const afr = Array.from({ length: sets }, (_, k) =>
    new Afr(`${name}-replicate-${k}`, base.clients.slice(k * replica, (k + 1) * replica), { options: xlatorOptions(base.volume, 'cluster/replicate', `${name}-replicate-${k}`) }),
  );
  const dht = new Dht(`${name}-dht`, afr, { options: xlatorOptions(base.volume, 'cluster/distribute') });
  return { ...base, dht, afr };
}

export function distVolume(n: number, name = 'dv', options: Array<[string, string]> = [], replica = 1): DistVolume {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-d1-dht-'));
  const bricks: Brick[] = Array.from({ length: n }, (_, i) => {
    const p = path.join(tmp, `b${i}`);
    fs.mkdirSync(p);
    return { host: 'server1', path: p, brickId: i, nodeUuid: 'n', port: 49152 + i, arbiter: false };
  });
  const volume: Volume = {
    name, id: randomUUID(), type: replica > 1 ? 'Distributed-Replicate' : 'Distribute', status: 'Started', replicaCount: replica, arbiterCount: 0,
    disperseCount: 0, redundancyCount: 0, stripeCount: 1, transport: 'tcp', bricks, options,
  };
  prepareVolumeBricks(volume);
  const posix = bricks.map((b) => new Posix(`${name}-posix-${b.brickId}`, [], posixOptions(volume, b)));
  const clients = posix.map((p, i) => new Client(`${name}-client-${bricks[i].brickId}`, [p]));
  const dht = new Dht(`${name}-dht`, clients, { options: xlatorOptions(volume, 'cluster/distribute') });
  return {
    volume, dht, clients, posix, tmp,
    on: (i, p) => path.join(bricks[i].path, p),
    cleanup: () => fs.rmSync(tmp, { recursive: true, force: true }),
  };
}

/** add-brick: a new brick (next brickId), prepared as volume create/add-brick prepare it, and a new graph. */
export function addBrick(v: DistVolume): void {
  const id = Math.max(...v.volume.bricks.map((b) => b.brickId)) + 1;
  const p = path.join(v.tmp, `b${id}`);
  fs.mkdirSync(p);
  v.volume.bricks.push({ host: 'server1', path: p, brickId: id, nodeUuid: 'n', port: 49152 + id, arbiter: false });
  prepareVolumeBricks(v.volume);
  const name = v.volume.name;
  v.posix.push(new Posix(`${name}-posix-${id}`, [], posixOptions(v.volume, v.volume.bricks[v.volume.bricks.length - 1])));
  v.clients.push(new Client(`${name}-client-${id}`, [v.posix[v.posix.length - 1]]));
  v.dht = new Dht(`${name}-dht`, v.clients, { options: xlatorOptions(v.volume, 'cluster/distribute') });
}

/** remove-brick start: the brick is decommissioned and the graph rebuilt. */
export function decommission(v: DistVolume, brickId: number): void {
  v.volume.bricks.find((b) => b.brickId === brickId)!.decommissioned = true;
  v.dht = new Dht(`${v.volume.name}-dht`, v.clients, { options: xlatorOptions(v.volume, 'cluster/distribute') });
}

let clock = 1_800_000_000;
/** What the api puts in xdata for a new inode: a gfid and one timestamp. */
export const xd = (): Xdata => ({ gfidReq: randomUUID(), time: { sec: clock++, nsec: 0 } });

export const loc = (p: string): Loc => ({ path: p, name: p.slice(p.lastIndexOf('/') + 1) });

export const xattrHex = (p: string, key: string) => getXattrOpt(p, key)?.toString('hex');

export const exists = (p: string) => {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
};
