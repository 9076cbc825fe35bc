// A distribute volume over real posix bricks in a temp dir, wired as volgen wires it
// (posix -> client -> dht), for DHT scenario tests.
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Brick, Volume } from '../../src/mgmt/types.js';
import { getXattrOpt } from '../../src/xattr/index.js';
import { Client } from '../../src/xlators/client/client.js';
import { Dht } from '../../src/xlators/dht/dht.js';
import { Posix } from '../../src/xlators/posix/posix.js';
import type { Loc, Xdata } from '../../src/xlators/types.js';
import { prepareVolumeBricks } from '../../src/xlators/volume-prep.js';

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

export function distVolume(n: number, name = 'dv', options: Array<[string, string]> = []): DistVolume {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-d1-dht-'));
  const bricks: Brick[] = Array.from({ length: n }, (_, i) => {
    const p = path.join(tmp, `b${i}`);
    fs.mkdirSync(p);
    return { host: 'server1', path: p, brickId: i, nodeUuid: 'n', port: 49152 + i, arbiter: false };
  });
  const volume: Volume = {
    name, id: randomUUID(), type: 'Distribute', status: 'Started', replicaCount: 1, arbiterCount: 0,
    disperseCount: 0, redundancyCount: 0, stripeCount: 1, transport: 'tcp', bricks, options,
  };
  prepareVolumeBricks(volume);
  const opt = (k: string) => options.find(([key]) => key === k)?.[1] ?? '';
  const posix = bricks.map((b) => new Posix(`${name}-posix-${b.brickId}`, [], { path: b.path, volname: name, opt }));
  const clients = posix.map((p, i) => new Client(`${name}-client-${bricks[i].brickId}`, [p]));
  const dht = new Dht(`${name}-dht`, clients, { volume, opt });
  return {
    volume, dht, clients, posix, tmp,
    on: (i, p) => path.join(bricks[i].path, p),
    cleanup: () => fs.rmSync(tmp, { recursive: true, force: true }),
  };
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
