// A replica set over real posix bricks in a temp dir (no DHT): the AFR xlator exactly as volgen
// builds it, with each brick's client so tests can kill and revive bricks.
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Afr } from '../../src/xlators/afr/afr.js';
import { Client } from '../../src/xlators/client/client.js';
import { Posix } from '../../src/xlators/posix/posix.js';
import { posixOptions, xlatorOptions } from '../helpers/volfile-options.js';
import type { Loc, Xdata } from '../../src/xlators/types.js';
import { getAllXattrs } from '../../src/xattr/index.js';
import { createTimeOptions } from '../../src/mgmt/options/create-time.js';
import { makeVolume, type TestVolume } from '../unit/api/helpers.js';

export interface ReplicaSet extends TestVolume {
  afr: Afr;
  clients: Client[];
  /** A fresh graph over the same bricks (another "process"). */
  rebuild(): void;
}

export function replicaSet(name: string, replica: number, opts: { arbiter?: boolean; options?: Array<[string, string]> } = {}): ReplicaSet {
  const tv = makeVolume(name, { bricks: replica, replica, arbiter: opts.arbiter });
  // What volume create leaves (granular-entry-heal on for replicate volumes), unless given.
  tv.volume.options = opts.options ?? createTimeOptions(tv.volume);
  const set = { ...tv } as ReplicaSet;
  set.rebuild = () => {
    set.clients = tv.volume.bricks.map(
      (b) => new Client(`${name}-client-${b.brickId}`, [new Posix(`${name}-posix-${b.brickId}`, [], posixOptions(tv.volume, b))], {}),
    );
    set.afr = new Afr(`${name}-replicate-0`, set.clients, { options: xlatorOptions(tv.volume, 'cluster/replicate') });
  };
  set.rebuild();
  return set;
}

export const loc = (p: string): Loc => ({ path: p, name: p.slice(p.lastIndexOf('/') + 1) });

/** The `code` of whatever `fn` throws (as a string), or 'ok' when it returns. */
export const errCode = (fn: () => unknown): string => {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return String((e as { code?: string }).code);
  }
};

let clock = 1_700_000_000;
/** What the api adds to every fop: a gfid for new inodes and one timestamp for all replicas. */
export const xd = (): Xdata => ({ gfidReq: randomUUID(), time: { sec: clock++, nsec: 0 } });

/** `getfattr -d -m trusted.afr -e hex` of one object on one brick. */
export function afrDump(brick: string, p: string): Record<string, string> {
  const out: Record<string, string> = {};
  const all = getAllXattrs(path.join(brick, p));
  for (const k of Object.keys(all).sort()) if (k.startsWith('trusted.afr.')) out[k] = all[k].toString('hex');
  return out;
}

/** `find .glusterfs/indices -printf '%y %m n=%n %P'`, with gfids and base-file uuids named. */
export function indexListing(brick: string, names: Record<string, string>): string[] {
  const root = path.join(brick, '.glusterfs', 'indices');
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d).sort()) {
      const p = path.join(d, e);
      const st = fs.lstatSync(p);
      const rel = path.relative(root, p).replace(/(xattrop|dirty|entry-changes)-[0-9a-f-]{36}$/, '$1-U');
      const shown = rel.split('/').map((c) => names[c] ?? c).join('/');
      out.push(`${st.isDirectory() ? 'd' : 'f'} ${(st.mode & 0o7777).toString(8)} n=${st.nlink} ${shown}`);
      if (st.isDirectory()) walk(p);
    }
  };
  walk(root);
  return out.sort();
}
