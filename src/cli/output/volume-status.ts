// `volume status` in gluster's text and XML forms, and our JSON form.
//
// Documented difference: tgluster bricks have no process, so an online brick shows its stored
// stable port, RDMA 0 and Pid `N/A` (in XML `<pid>N/A</pid>`), never a number; an offline brick
// shows `N/A N/A N N/A` (XML `<pid>-1</pid>`, as gluster). The self-heal daemon is likewise
// shown with Pid N/A.
import type { VolumeTask } from '../../mgmt/types.js';
import { el, type XmlElement } from './xml.js';

export interface StatusNode {
  /** Brick host, or the daemon name ("Self-heal Daemon"). */
  hostname: string;
  /** Brick path, or the node the daemon runs on ("localhost", a peer's name). */
  path: string;
  peerid: string;
  daemon: boolean;
  online: boolean;
  /** TCP port of an online brick. */
  port?: number;
  detail?: BrickDetail;
}

export interface BrickDetail {
  fsName?: string;
  device?: string;
  mntOptions?: string;
  blockSize: number;
  sizeTotal: number;
  sizeFree: number;
  inodesTotal: number;
  inodesFree: number;
}

export type StatusView = 'default' | 'selected' | 'detail' | 'clients' | 'tasks';

export interface VolumeStatusData {
  name: string;
  nodes: StatusNode[];
  task?: VolumeTask;
  /** `status VOL nfs clients`: gluster labels nodes `host : path` instead of `Brick : host:path`. */
  notBrick?: boolean;
}

const LINE = `${'-'.repeat(78)}\n`;
const CLIENT_LINE = `${'-'.repeat(46)}\n`;
const BRICK_FIELD = 43;

const TASK_TYPE = { rebalance: 'Rebalance', 'remove-brick': 'Remove brick' } as const;
/** gluster's defrag status numbers (GF_DEFRAG_STATUS_*). */
const TASK_STATUS_NUMBER = {
  'in progress': 1,
  stopped: 2,
  completed: 3,
  failed: 4,
  'reset due to replace-brick': 9,
  'reset due to reset-brick': 10,
} as const;

const nodeLabel = (n: StatusNode) => (n.daemon ? `${n.hostname} on ${n.path}` : `Brick ${n.hostname}:${n.path}`);
const pad = (s: string | number, w: number) => String(s).padEnd(w);

/** One row of the process table; names longer than 43 chars wrap in 43-char pieces like gluster. */
function tableRow(n: StatusNode): string {
  let name = nodeLabel(n);
  let out = '';
  while (name.length > BRICK_FIELD) {
    out += `${name.slice(0, BRICK_FIELD)}\n`;
    name = name.slice(BRICK_FIELD);
  }
  out += pad(name, BRICK_FIELD + 1);
  const live = n.online && n.port !== undefined;
  out += live ? `${pad(n.port!, 10)}${pad(0, 11)}` : `${pad('N/A', 10)}${pad('N/A', 11)}`;
  return `${out}${pad(n.online ? 'Y' : 'N', 8)}${pad('N/A', 5)}\n`;
}

/** gf_uint64_2human_readable: one decimal and a unit, or plain bytes. */
export function humanSize(n: number): string {
  const units: Array<[string, number]> = [
    ['PB', 2 ** 50],
    ['TB', 2 ** 40],
    ['GB', 2 ** 30],
    ['MB', 2 ** 20],
    ['KB', 2 ** 10],
  ];
  for (const [u, size] of units) if (n >= size) return `${(n / size).toFixed(1)}${u}`;
  return `${n}Bytes`;
}

function detailBlock(n: StatusNode): string {
  const f = (k: string, v: string | number) => `${pad(k, 20)} : ${pad(v, 20)}\n`;
  const d = n.detail;
  const live = n.online && n.port !== undefined;
  return (
    LINE +
    f('Brick', nodeLabel(n)) +
    f('TCP Port', live ? n.port! : 'N/A') +
    f('RDMA Port', live ? 0 : 'N/A') +
    f('Online', n.online ? 'Y' : 'N') +
    f('Pid', 'N/A') +
    f('File System', d?.fsName ?? 'N/A') +
    f('Device', d?.device ?? 'N/A') +
    f('Mount Options', d?.mntOptions ?? 'N/A') +
    f('Inode Size', 'N/A') +
    f('Disk Space Free', d ? humanSize(d.sizeFree) : 'N/A') +
    f('Total Disk Space', d ? humanSize(d.sizeTotal) : 'N/A') +
    f('Inode Count', d?.inodesTotal || 'N/A') +
    f('Free Inodes', d?.inodesFree || 'N/A')
  );
}

export function tasksText(v: VolumeStatusData): string {
  let out = `Task Status of Volume ${v.name}\n${LINE}`;
  const t = v.task;
  if (!t) return `${out}There are no active volume tasks\n \n`;
  const f = (k: string, val: string) => `${pad(k, 20)} : ${pad(val, 20)}\n`;
  // A rebalance reset by a brick change prints no ID (cli_print_volume_status_tasks).
  const reset = t.status.startsWith('reset due to');
  out += f('Task', TASK_TYPE[t.kind]) + f('ID', reset && t.kind === 'rebalance' ? 'None' : t.id);
  if (t.kind === 'remove-brick') {
    out += `${pad('Removed bricks:', 20)}\n`;
    for (const b of t.removedBricks ?? []) out += `${pad(b, 20)}\n`;
  }
  return `${out}${f('Status', t.status)} \n`;
}

function clientsText(v: VolumeStatusData): string {
  let out = `Client connections for volume ${v.name}\n`;
  for (const n of v.nodes) {
    out += CLIENT_LINE + (v.notBrick ? `${n.hostname} : ${n.path}\n` : `Brick : ${n.hostname}:${n.path}\n`);
    // No brick process, so nobody is connected to one.
    if (n.online) out += 'Clients connected : 0\n';
    else out += v.notBrick ? `${n.hostname} is offline\n` : 'Brick is offline\n';
  }
  return `${out}${CLIENT_LINE}\n`;
}

/** Text of one started volume for the given view. */
export function volumeStatusText(v: VolumeStatusData, view: StatusView): string {
  if (view === 'tasks') return tasksText(v);
  if (view === 'clients') return clientsText(v);
  if (view === 'detail') return `Status of volume: ${v.name}\n${v.nodes.map(detailBlock).join('')} \n`;
  const head = `Status of volume: ${v.name}\n${pad('Gluster process', BRICK_FIELD)} TCP Port  RDMA Port  Online  Pid\n${LINE}`;
  const body = `${head}${v.nodes.map(tableRow).join('')} \n`;
  return view === 'default' ? body + tasksText(v) : body;
}

function nodeXml(n: StatusNode, view: StatusView): XmlElement {
  const live = n.online && n.port !== undefined;
  const port = live ? n.port! : 'N/A';
  const d = n.detail;
  return el(
    'node',
    el('hostname', n.hostname),
    el('path', n.path),
    el('peerid', n.peerid),
    el('status', n.online ? 1 : 0),
    el('port', port),
    el('ports', el('tcp', port), el('rdma', 'N/A')),
    el('pid', n.online ? 'N/A' : -1),
    view === 'detail' && d
      ? [
          el('sizeTotal', d.sizeTotal),
          el('sizeFree', d.sizeFree),
          d.device === undefined ? null : el('device', d.device),
          el('blockSize', d.blockSize),
          d.mntOptions === undefined ? null : el('mntOptions', d.mntOptions),
          d.fsName === undefined ? null : el('fsName', d.fsName),
          el('inodesTotal', d.inodesTotal),
          el('inodesFree', d.inodesFree),
        ]
      : null,
    view === 'clients' && n.online ? el('clientsStatus') : null,
  );
}

function tasksXml(v: VolumeStatusData): XmlElement {
  const t = v.task;
  if (!t) return el('tasks');
  return el(
    'tasks',
    el(
      'task',
      el('type', TASK_TYPE[t.kind]),
      el('id', t.id),
      el('status', TASK_STATUS_NUMBER[t.status]),
      el('statusStr', t.status),
      t.kind === 'remove-brick' ? el('params', (t.removedBricks ?? []).map((b) => el('brick', b))) : null,
    ),
  );
}

/** `<volume>` element of `<volStatus><volumes>`. */
export function volumeStatusXml(v: VolumeStatusData, view: StatusView): XmlElement {
  if (view === 'tasks') return el('volume', el('volName', v.name), tasksXml(v));
  return el(
    'volume',
    el('volName', v.name),
    el('nodeCount', v.nodes.length),
    v.nodes.map((n) => nodeXml(n, view)),
    view === 'default' ? tasksXml(v) : null,
  );
}

/** JSON shape of one volume's status (docs/json-output.md). */
export function volumeStatusJson(v: VolumeStatusData, view: StatusView) {
  const t = v.task;
  return {
    name: v.name,
    ...(view === 'tasks'
      ? {}
      : {
          nodes: v.nodes.map((n) => ({
            kind: n.daemon ? 'daemon' : 'brick',
            hostname: n.hostname,
            path: n.path,
            peerid: n.peerid,
            online: n.online,
            port: n.online && n.port !== undefined ? n.port : null,
            rdmaPort: n.online && n.port !== undefined ? 0 : null,
            pid: null,
            ...(view === 'detail' && n.detail ? { detail: n.detail } : {}),
            ...(view === 'clients' && n.online ? { clients: [] } : {}),
          })),
        }),
    ...(view === 'default' || view === 'tasks'
      ? {
          tasks: t
            ? [{ type: TASK_TYPE[t.kind], id: t.id, status: t.status, ...(t.removedBricks ? { removedBricks: t.removedBricks } : {}) }]
            : [],
        }
      : {}),
  };
}
