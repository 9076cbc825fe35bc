// `volume info` in gluster's text and XML forms, and our JSON form, from a stored Volume.
import type { Volume, VolumeType } from '../../mgmt/types.js';
import { el, elAttrs, type XmlElement } from './xml.js';

/** glusterd's GF_CLUSTER_TYPE numbers as `<type>` prints them. */
const TYPE_NUMBER: Record<VolumeType, number> = {
  Distribute: 0,
  Stripe: 1,
  Replicate: 2,
  Disperse: 4,
  'Distributed-Stripe': 6,
  'Distributed-Replicate': 7,
  'Distributed-Disperse': 9,
};

export const STATUS_NUMBER = { Created: 0, Started: 1, Stopped: 2 } as const;
const TRANSPORT_NUMBER = { tcp: 0, rdma: 1, 'tcp,rdma': 2 } as const;

/** Bricks per distribute subvolume (a replica or disperse set; 1 for plain distribute). */
export function leafCount(v: Volume): number {
  if (v.disperseCount > 0) return v.disperseCount;
  if (v.stripeCount > 1 && v.replicaCount <= 1) return v.stripeCount;
  return Math.max(1, v.replicaCount);
}

/** The "Number of Bricks" value: `3`, `1 x 3 = 3`, `2 x (2 + 1) = 6`, `1 x (4 + 2) = 6`. */
export function brickCountText(v: Volume): string {
  const n = v.bricks.length;
  const leaf = leafCount(v);
  if (leaf === 1) return String(n);
  const sets = Math.floor(n / leaf);
  if (v.disperseCount > 0) return `${sets} x (${v.disperseCount - v.redundancyCount} + ${v.redundancyCount}) = ${n}`;
  if (v.arbiterCount > 0) return `${sets} x (${v.replicaCount - v.arbiterCount} + ${v.arbiterCount}) = ${n}`;
  return `${sets} x ${leaf} = ${n}`;
}

export const brickName = (b: { host: string; path: string }) => `${b.host}:${b.path}`;

/** Cluster-wide options (`volume set all`), as glusterd appends them to every volume's list. */
export type GlobalOptions = ReadonlyArray<readonly [string, string]>;

/** What "Options Reconfigured" lists: the volume's own options, then the cluster-wide ones. */
const shownOptions = (v: Volume, globals: GlobalOptions) => [...v.options, ...globals];

/** One volume's block, starting with gluster's " " line. */
export function volumeInfoText(v: Volume, globals: GlobalOptions = []): string {
  const lines = [
    ' ',
    `Volume Name: ${v.name}`,
    `Type: ${v.type}`,
    `Volume ID: ${v.id}`,
    `Status: ${v.status}`,
    'Snapshot Count: 0',
    `Number of Bricks: ${brickCountText(v)}`,
    `Transport-type: ${v.transport}`,
    'Bricks:',
    ...v.bricks.map((b, i) => `Brick${i + 1}: ${brickName(b)}${b.arbiter ? ' (arbiter)' : ''}`),
  ];
  if (v.thinArbiter) lines.push(`Thin-arbiter-path: ${brickName(v.thinArbiter)}`);
  const options = shownOptions(v, globals);
  if (options.length) lines.push('Options Reconfigured:', ...options.map(([k, val]) => `${k}: ${val}`));
  return `${lines.join('\n')}\n`;
}

export function volumeInfoXml(v: Volume, globals: GlobalOptions = []): XmlElement {
  const options = shownOptions(v, globals);
  return el(
    'volume',
    el('name', v.name),
    el('id', v.id),
    el('status', STATUS_NUMBER[v.status]),
    el('statusStr', v.status),
    el('snapshotCount', 0),
    el('brickCount', v.bricks.length),
    el('distCount', Math.floor(v.bricks.length / leafCount(v))),
    el('replicaCount', Math.max(1, v.replicaCount)),
    el('arbiterCount', v.arbiterCount),
    el('disperseCount', v.disperseCount),
    el('redundancyCount', v.redundancyCount),
    el('type', TYPE_NUMBER[v.type]),
    el('typeStr', v.type),
    el('transport', TRANSPORT_NUMBER[v.transport]),
    el(
      'bricks',
      v.bricks.map((b) =>
        elAttrs(
          'brick',
          [['uuid', b.nodeUuid]],
          brickName(b),
          el('name', brickName(b)),
          el('hostUuid', b.nodeUuid),
          el('isArbiter', b.arbiter ? 1 : 0),
        ),
      ),
    ),
    el('optCount', options.length),
    el(
      'options',
      options.map(([k, val]) => el('option', el('name', k), el('value', val))),
    ),
  );
}

/** `<volInfo><volumes>...<count>N</count></volumes></volInfo>` */
export function volInfoXmlBody(vols: Volume[], globals: GlobalOptions = []): XmlElement {
  return el('volInfo', el('volumes', vols.map((v) => volumeInfoXml(v, globals)), el('count', vols.length)));
}

/** JSON shape of one volume (docs/json-output.md). */
export function volumeInfoJson(v: Volume) {
  return {
    name: v.name,
    id: v.id,
    type: v.type,
    status: v.status,
    snapshotCount: 0,
    brickCount: v.bricks.length,
    numberOfBricks: brickCountText(v),
    distCount: Math.floor(v.bricks.length / leafCount(v)),
    replicaCount: Math.max(1, v.replicaCount),
    arbiterCount: v.arbiterCount,
    disperseCount: v.disperseCount,
    redundancyCount: v.redundancyCount,
    transport: v.transport,
    bricks: v.bricks.map((b) => ({
      name: brickName(b),
      host: b.host,
      path: b.path,
      hostUuid: b.nodeUuid,
      isArbiter: b.arbiter,
    })),
    options: v.options.map(([name, value]) => ({ name, value })),
    ...thinArbiterJson(v),
  };
}

/** `{thinArbiter: {name, host, path}}` for a thin-arbiter volume, else nothing (spread into a JSON object). */
export function thinArbiterJson(v: Volume) {
  return v.thinArbiter ? { thinArbiter: { name: brickName(v.thinArbiter), ...v.thinArbiter } } : {};
}
