// `volume status [all | <VOLNAME> [nfs|shd|<BRICK>|quotad]] [detail|clients|mem|inode|fd|callpool|tasks|client-list]`
import * as fs from 'node:fs';
import type { Ctx } from '../context.js';
import { optionFlag } from '../../libglusterfs/cparse.js';
import type { Volume } from '../../mgmt/types.js';
import { MgmtError } from '../../mgmt/errors.js';
import { listPeers, loadAllVolumes, nodeUuid, requireVolume } from '../../mgmt/store.js';
import { isLocalHost } from '../../mgmt/hosts.js';
import { usageError } from '../usage.js';
import { taskAsShown } from '../volume-task.js';
import { runOp, type OpSuccess } from '../output/emit.js';
import { el } from '../output/xml.js';
import {
  volumeStatusJson, volumeStatusText, volumeStatusXml,
  type BrickDetail, type StatusNode, type StatusView, type VolumeStatusData,
} from '../output/volume-status.js';

const STATUS_OPS = new Set(['detail', 'clients', 'mem', 'inode', 'fd', 'callpool', 'tasks', 'client-list']);
/** Operations that report on live processes' internals; tgluster has no processes to ask. */
const PROCESS_OPS = new Set(['mem', 'inode', 'fd', 'callpool', 'client-list']);
const DAEMONS = new Set(['nfs', 'shd', 'quotad', 'snapd', 'bitd', 'scrub']);

interface Query {
  all: boolean;
  volume?: string;
  /** nfs/shd/quotad/... or a HOST:BRICK. */
  selector?: string;
  op?: string;
}

/** gluster's status grammar; a string is the specific parse error (printed before usage). */
function parse(words: string[]): Query | string | undefined {
  const [a, b, c] = words;
  switch (words.length) {
    case 0:
      return { all: true };
    case 1:
      return a === 'all' ? { all: true } : { all: false, volume: a };
    case 2:
      if (a === 'all') return STATUS_OPS.has(b) ? { all: true, op: b } : `${b} is not a valid status option`;
      return STATUS_OPS.has(b) ? { all: false, volume: a, op: b } : { all: false, volume: a, selector: b };
    case 3:
      if (a === 'all') return 'Cannot specify brick/nfs for "all"';
      if (!STATUS_OPS.has(c)) return `${c} is not a valid status option`;
      if (b === 'nfs' && ['fd', 'detail', 'tasks'].includes(c)) return 'Detail/FD/Tasks status not available for NFS Servers';
      if (b === 'shd' && ['fd', 'clients', 'detail', 'tasks'].includes(c)) {
        return 'Detail/FD/Clients/Tasks status not available for Self-heal Daemons';
      }
      if (b === 'quotad' && ['fd', 'clients', 'detail', 'inode'].includes(c)) {
        return 'Detail/FD/Clients/Inode status not available for Quota Daemon';
      }
      if (b === 'snapd' && ['fd', 'clients', 'detail', 'inode'].includes(c)) {
        return 'Detail/FD/Clients/Inode status not available for snap daemon';
      }
      if (!DAEMONS.has(b) && c === 'tasks') return 'Tasks status not available for bricks';
      return { all: false, volume: a, selector: b, op: c };
    default:
      return undefined;
  }
}

function optionOn(vol: Volume, key: string, dflt: boolean): boolean {
  return optionFlag(vol.options.find(([k]) => k === key)?.[1], dflt);
}

const isHealable = (vol: Volume) => vol.replicaCount > 1 || vol.disperseCount > 0;

function shdEnabled(vol: Volume): boolean {
  return optionOn(vol, vol.disperseCount > 0 ? 'cluster.disperse-self-heal-daemon' : 'cluster.self-heal-daemon', true);
}

/** Longest mount point containing `p`, from /proc/self/mounts. */
function mountOf(p: string): { device: string; fsName: string; mntOptions: string } | undefined {
  let real: string;
  let text: string;
  try {
    real = fs.realpathSync(p);
    text = fs.readFileSync('/proc/self/mounts', 'utf8');
  } catch {
    return undefined;
  }
  let best: { dir: string; device: string; fsName: string; mntOptions: string } | undefined;
  for (const line of text.split('\n')) {
    const [device, rawDir, fsName, mntOptions] = line.split(' ');
    if (!rawDir) continue;
    const dir = rawDir.replace(/\\040/g, ' ');
    const inside = dir === '/' || real === dir || real.startsWith(`${dir}/`);
    if (inside && (!best || dir.length >= best.dir.length)) best = { dir, device, fsName, mntOptions };
  }
  return best && { device: best.device, fsName: best.fsName, mntOptions: best.mntOptions };
}

function brickDetail(p: string): BrickDetail | undefined {
  let st: fs.StatsFs;
  try {
    st = fs.statfsSync(p);
  } catch {
    return undefined;
  }
  return {
    ...mountOf(p),
    blockSize: st.bsize,
    sizeTotal: st.blocks * st.bsize,
    sizeFree: st.bfree * st.bsize,
    inodesTotal: st.files,
    inodesFree: st.ffree,
  };
}

/** The self-heal daemon lines: one per node holding bricks of the volume, this node first. */
function shdNodes(home: string, vol: Volume): StatusNode[] {
  const me = nodeUuid(home);
  const owners = new Set(vol.bricks.map((b) => b.nodeUuid));
  const nodes: StatusNode[] = [];
  const shd = (path: string, peerid: string): StatusNode => ({ hostname: 'Self-heal Daemon', path, peerid, daemon: true, online: true });
  if (owners.has(me)) nodes.push(shd('localhost', me));
  // A dead node's daemons are down with it.
  for (const p of listPeers(home)) if (owners.has(p.uuid)) nodes.push({ ...shd(p.hostname, p.uuid), online: p.connected });
  return nodes;
}

function sameBrick(b: { host: string; path: string }, spec: string): boolean {
  const i = spec.indexOf(':');
  if (i <= 0) return false;
  const host = spec.slice(0, i);
  const p = spec.slice(i + 1).replace(/\/+$/, '') || '/';
  if (p !== b.path.replace(/\/+$/, '')) return false;
  return host === b.host || (isLocalHost(host) && isLocalHost(b.host));
}

/** Status data of one started volume, or MgmtError with glusterd's staging message. */
function gather(home: string, vol: Volume, q: Query, view: StatusView): VolumeStatusData {
  if (vol.status !== 'Started') throw new MgmtError(`Volume ${vol.name} is not started`);
  const sel = q.selector;
  if (sel === 'shd') {
    if (!isHealable(vol)) throw new MgmtError(`Volume ${vol.name} is not Self-heal compatible`);
    if (!shdEnabled(vol)) throw new MgmtError(`Self-heal Daemon is disabled for volume ${vol.name}`);
  } else if (sel === 'quotad') {
    throw new MgmtError(`Volume ${vol.name} does not have quota enabled`);
  } else if (sel === 'bitd') {
    throw new MgmtError(`Volume ${vol.name} does not have bitrot enabled`);
  } else if (sel === 'scrub') {
    throw new MgmtError(`Volume ${vol.name} does not have bitrot enabled. Scrubber will be enabled automatically if bitrot is enabled`);
  } else if (sel === 'snapd') {
    throw new MgmtError(`Volume ${vol.name} does not have uss enabled`);
  }
  let bricks = vol.bricks;
  // gluster 10.3 answers `status VOL nfs` (no NFS server) with the brick table.
  if (sel !== undefined && sel !== 'shd' && sel !== 'nfs') {
    bricks = vol.bricks.filter((b) => sameBrick(b, sel));
    if (bricks.length === 0) throw new MgmtError(`No brick ${sel} in volume ${vol.name}`);
  }
  const nodes: StatusNode[] =
    sel === 'shd'
      ? []
      : bricks.map((b) => ({
          hostname: b.host,
          path: b.path,
          peerid: b.nodeUuid,
          daemon: false,
          online: !b.down,
          port: b.port,
          ...(view === 'detail' ? { detail: brickDetail(b.path) } : {}),
        }));
  // `status VOL nfs` (no NFS server in 10.3) is the plain table, self-heal daemons included.
  const withShd = sel === 'shd' || ((sel === undefined || sel === 'nfs') && (view === 'default' || view === 'selected'));
  if (withShd && isHealable(vol) && shdEnabled(vol)) nodes.push(...shdNodes(home, vol));
  // A stopped task is forgotten by status, as in gluster.
  const shown = taskAsShown(home, vol);
  const task = shown && shown.status !== 'stopped' ? shown : undefined;
  return { name: vol.name, nodes, task, notBrick: sel === 'nfs' };
}

function viewOf(q: Query): StatusView {
  if (q.op === 'detail' || q.op === 'clients' || q.op === 'tasks') return q.op;
  return q.selector === undefined ? 'default' : 'selected';
}

function render(datas: VolumeStatusData[], view: StatusView, stopped: string[] = []): OpSuccess {
  return {
    xml: [el('volStatus', el('volumes', datas.map((d) => volumeStatusXml(d, view))))],
    json: { volumes: datas.map((d) => volumeStatusJson(d, view)) },
    text: datas.map((d) => volumeStatusText(d, view)).join(''),
    textErr: stopped.map((n) => `Volume ${n} is not started\n`).join('') || undefined,
  };
}

export async function run(ctx: Ctx, words: string[]): Promise<number> {
  const q = parse(words);
  if (q === undefined) return usageError(ctx, 'volume status');
  if (typeof q === 'string') return usageError(ctx, 'volume status', q);
  const view = viewOf(q);
  const failXml = (m: string) => [el('cliOp', 'volStatus'), el('output', m)];
  return runOp(ctx, { failPrefix: '', failXml }, () => {
    if (q.op && PROCESS_OPS.has(q.op)) {
      throw new MgmtError(`volume status ${q.op} is not available in tgluster: bricks have no process to report it`);
    }
    if (!q.all) return render([gather(ctx.home, requireVolume(ctx.home, q.volume!), q, view)], view);
    const vols = loadAllVolumes(ctx.home);
    if (vols.length === 0) return { ...render([], view), text: '', textErr: 'No volumes present\n' };
    // Volume by volume, in list order; a stopped one leaves a " " line and a stderr line.
    const datas: VolumeStatusData[] = [];
    const stopped: string[] = [];
    let text = '';
    for (const v of vols) {
      if (v.status !== 'Started') {
        stopped.push(v.name);
        text += ' \n';
        continue;
      }
      const d = gather(ctx.home, v, q, view);
      datas.push(d);
      text += volumeStatusText(d, view);
    }
    return { ...render(datas, view, stopped), text };
  });
}
