// A volume as a real glusterd (10.3) keeps it in its working directory: `vols/<VOL>/info` (the
// counts, volume-id, the options as plain `key=value` lines, `brick-N=<brick file name>`) and one
// file per brick under `vols/<VOL>/bricks/` (hostname, path, brick-id, decommissioned). Read-only:
// `volume adopt` builds tgluster's definition from it. Keys as glusterd-store.c writes them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MgmtError } from './errors.js';

/** glusterd's cluster types (gf1_cluster_type): 1 and 3 are the striped kinds of GlusterFS 3.x. */
export const GLUSTERD_TYPES: Record<number, string> = {
  0: 'Distribute',
  1: 'Stripe',
  2: 'Replicate',
  3: 'Stripe-Replicate',
  4: 'Disperse',
  5: 'Tier',
};

export interface GlusterdBrick {
  host: string;
  path: string;
  /** N of `<VOL>-client-N` (glusterd's brick-id). */
  brickId: number;
  /** The uuid of the node that serves it. */
  uuid: string;
  decommissioned: boolean;
}

export interface GlusterdVolume {
  name: string;
  id: string;
  /** gf1_cluster_type (see GLUSTERD_TYPES). */
  typeCode: number;
  /** 0 Created, 1 Started, 2 Stopped. */
  statusCode: number;
  replicaCount: number;
  arbiterCount: number;
  disperseCount: number;
  redundancyCount: number;
  stripeCount: number;
  thinArbiterCount: number;
  /** 0 tcp, 1 rdma, 2 tcp,rdma. */
  transportCode: number;
  bricks: GlusterdBrick[];
  /** `volume set` options in file order, which is the order `volume info` prints them. */
  options: Array<[string, string]>;
  taBrick?: { host: string; path: string };
}

/** Keys of the info file that are glusterd's own bookkeeping, never an option. */
const OWN_KEYS = new Set([
  'type', 'count', 'status', 'port', 'sub_count', 'stripe_count', 'replica_count', 'arbiter_count',
  'thin_arbiter_count', 'disperse_count', 'redundancy_count', 'version', 'transport-type', 'volume-id',
  'username', 'password', 'op-version', 'client-op-version', 'quota-version', 'tier-enabled',
  'parent_volname', 'restored_from_snap', 'snap-max-hard-limit', 'rebalance_status', 'rebalance-op',
  'rebalance-id', 'caps',
]);

const isOptionKey = (k: string) => !OWN_KEYS.has(k) && !/^(ta-)?brick-\d+$/.test(k) && !k.startsWith('slave') && k.includes('.');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** glusterd's store format: `key=value` lines, the value running to the end of the line. */
function readStoreFile(file: string): Array<[string, string]> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new MgmtError(`Cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const out: Array<[string, string]> = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const eq = line.indexOf('=');
    if (eq <= 0) throw new MgmtError(`${file}: not a glusterd store file (line "${line}")`);
    out.push([line.slice(0, eq), line.slice(eq + 1)]);
  }
  return out;
}

function reader(file: string, entries: Array<[string, string]>) {
  const map = new Map(entries);
  const str = (k: string): string => {
    const v = map.get(k);
    if (v === undefined) throw new MgmtError(`${file}: no "${k}" key`);
    return v;
  };
  const int = (k: string, dflt?: number): number => {
    if (!map.has(k) && dflt !== undefined) return dflt;
    const v = str(k);
    if (!/^-?\d+$/.test(v)) throw new MgmtError(`${file}: "${k}" is not a number: "${v}"`);
    return Number(v);
  };
  return { map, str, int };
}

/**
 * A brick file. It is named after the brick (host:path with '/' as '-'); only its contents say
 * where the brick really is, since '-' in the path cannot be told from '/'.
 */
function readBrickFile(volDir: string, fileName: string) {
  if (fileName.includes('/') || fileName.startsWith('.')) throw new MgmtError(`${path.join(volDir, 'info')}: bad brick entry "${fileName}"`);
  const file = path.join(volDir, 'bricks', fileName);
  const r = reader(file, readStoreFile(file));
  const p = r.str('path');
  if (!p.startsWith('/')) throw new MgmtError(`${file}: path "${p}" is not absolute`);
  return { file, r, host: r.str('hostname'), path: p };
}

function readBrick(volDir: string, fileName: string, vol: string): GlusterdBrick {
  const { file, r, host, path: p } = readBrickFile(volDir, fileName);
  const idText = r.str('brick-id');
  const prefix = `${vol}-client-`;
  const n = idText.slice(prefix.length);
  if (!idText.startsWith(prefix) || !/^\d+$/.test(n)) throw new MgmtError(`${file}: brick-id "${idText}" is not ${prefix}N`);
  return { host, path: p, brickId: Number(n), uuid: r.str('uuid'), decommissioned: r.int('decommissioned', 0) === 1 };
}

/** The volume `name` of the glusterd working directory `dir` (a copy of /var/lib/glusterd). */
export function readGlusterdVolume(dir: string, name: string): GlusterdVolume {
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new MgmtError(`Invalid volume name ${name}`);
  const volDir = path.join(dir, 'vols', name);
  const file = path.join(volDir, 'info');
  if (!fs.existsSync(file)) throw new MgmtError(`Volume ${name} does not exist in ${dir} (no ${file})`);
  const entries = readStoreFile(file);
  const r = reader(file, entries);
  const id = r.str('volume-id');
  if (!UUID.test(id)) throw new MgmtError(`${file}: volume-id "${id}" is not a UUID`);
  const count = r.int('count');
  const bricks: GlusterdBrick[] = [];
  for (let i = 0; i < count; i++) bricks.push(readBrick(volDir, r.str(`brick-${i}`), name));
  const vol: GlusterdVolume = {
    name,
    id: id.toLowerCase(),
    typeCode: r.int('type'),
    statusCode: r.int('status', 0),
    replicaCount: r.int('replica_count', 1),
    arbiterCount: r.int('arbiter_count', 0),
    disperseCount: r.int('disperse_count', 0),
    redundancyCount: r.int('redundancy_count', 0),
    stripeCount: r.int('stripe_count', 1),
    thinArbiterCount: r.int('thin_arbiter_count', 0),
    transportCode: r.int('transport-type', 0),
    bricks,
    options: entries.filter(([k]) => isOptionKey(k)),
  };
  if (vol.thinArbiterCount > 0 && r.map.has('ta-brick-0')) {
    const ta = readBrickFile(volDir, r.str('ta-brick-0'));
    vol.taBrick = { host: ta.host, path: ta.path };
  }
  return vol;
}
