// Self-heal of a whole volume, as glustershd runs it: a graph of the volume (the self-heal
// daemon's is the client graph without DHT's part in healing), each replica set's AFR healing
// its own bricks. The CLI's `volume heal` and the background heal task both come here.
import type { Volume } from '../mgmt/types.js';
import type { GraphParts, Graph } from '../xlators/graph.js';
import { defaultParts } from '../xlators/graph-parts.js';
import type { Xlator } from '../xlators/types.js';
import type { Copies, HealContext } from '../xlators/afr/self-heal-common.js';
import { fullHeal, indexHeal, type SweepStats } from '../xlators/afr/self-heald.js';
import type { HealOptions } from '../xlators/afr/self-heal.js';
import { brickHealCount, brickHealInfo, type BrickHealInfo, type BrickHealInfoOptions } from '../xlators/afr/heal-info.js';
import * as path from 'node:path';
import { bricksByClient, volumeGraph } from './graph.js';
import { attempt } from '../xlators/outcome.js';
import { PLAIN_READDIR, ROOT_GFID, type Iatt } from '../xlators/types.js';
import { INDEX_VGFID } from '../libglusterfs/index-gfids.js';
import { resolveNameSplitBrain } from '../xlators/afr/self-heal-entry.js';
import { healMetadataFromFirst } from '../xlators/afr/self-heal-access.js';
import { resolveSplitBrain, type HealOpKind, type Resolution } from '../xlators/afr/split-brain-resolution.js';
import type { Brick } from '../mgmt/types.js';

/** A translator that heals its replica set (AFR). */
interface Healer extends Xlator {
  healContext(): HealContext;
}

const isHealer = (x: Xlator): x is Healer => typeof (x as Partial<Healer>).healContext === 'function';

/** The replica sets of a graph, in volfile order. */
export function replicaSets(graph: Graph): Healer[] {
  const out: Healer[] = [];
  const walk = (x: Xlator) => {
    if (isHealer(x)) out.push(x);
    else x.children.forEach(walk);
  };
  walk(graph.top);
  return out;
}

/** Where a stopped full heal goes on: the replica set it was in and the directories it had left. */
export interface FullHealResume {
  set: number;
  dirs: string[];
}

export interface VolumeHealOptions extends HealOptions {
  /** A full heal resumed from this point. */
  resume?: FullHealResume;
  parts?: GraphParts;
  /** The state dir: bricks keep their inode tables there. */
  home?: string;
  /** Called after each inode with the running count; false stops the heal. */
  onInode?: (done: number) => boolean | void;
}

/**
 * Heals every replica set of the volume (index heal, or `full`); stats per replica set, and where
 * a full heal stopped by onInode would go on.
 */
export function healVolume(volume: Volume, opts: VolumeHealOptions = {}): { stats: SweepStats[]; resume?: FullHealResume } {
  const graph = volumeGraph(volume, opts.parts ?? defaultParts, opts.home, SHD);
  let done = 0;
  let stopped = false;
  const hooks = {
    ...opts,
    onInode: () => {
      if (opts.onInode?.(++done) === false) stopped = true;
      return !stopped;
    },
  };
  const out: SweepStats[] = [];
  const sets = replicaSets(graph);
  for (let k = opts.resume?.set ?? 0; k < sets.length; k++) {
    const ctx = sets[k].healContext();
    if (!opts.full) out.push(indexHeal(ctx, hooks));
    else {
      const r = fullHeal(ctx, { ...hooks, dirs: k === opts.resume?.set ? opts.resume.dirs : undefined });
      out.push(r);
      if (r.remaining) return { stats: out, resume: { set: k, dirs: r.remaining } };
    }
    if (stopped) break;
  }
  return { stats: out };
}

/** The heal's graphs are the self-heal daemon's (and glfsheal's): every copy of a set is used. */
const SHD = { selfHealDaemon: true } as const;

/** One brick of a replica set, with its set's healer and its position in the set. */
export interface ReplicaBrick {
  brick: Brick;
  set: Healer;
  child: number;
}

/** Every brick of the volume's replica sets, in volume order. */
export function replicaBricks(volume: Volume, opts: { parts?: GraphParts; home?: string } = {}): ReplicaBrick[] {
  const graph = volumeGraph(volume, opts.parts ?? defaultParts, opts.home, SHD);
  const byClient = bricksByClient(volume);
  return replicaSets(graph).flatMap((set) => set.children.map((c, child) => ({ brick: byClient.get(c.name)!, set, child })));
}

/** `heal info` of every brick (glfsheal's crawl), in volume order. */
export function volumeHealInfo(
  volume: Volume,
  opts: BrickHealInfoOptions & { parts?: GraphParts; home?: string } = {},
): { brick: Brick; info: BrickHealInfo }[] {
  const seen = new Map<Healer, Map<string, Copies>>();
  return replicaBricks(volume, opts).map(({ brick, set, child }) => {
    if (!seen.has(set)) seen.set(set, new Map());
    return { brick, info: brickHealInfo(set.healContext(), child, { ...opts, seen: seen.get(set) }) };
  });
}

/** `statistics heal-count`: the xattrop index size of every brick (undefined: brick down). */
export function volumeHealCounts(volume: Volume, opts: { parts?: GraphParts; home?: string } = {}): { brick: Brick; count?: number }[] {
  return replicaBricks(volume, opts).map(({ brick, set, child }) => ({ brick, count: brickHealCount(set.healContext(), child) }));
}

/** What `volume heal VOL split-brain ...` came to for one FILE (a path or `gfid:UUID`). */
export type FileResolution =
  | Resolution
  /** The name or gfid could not be looked up; `message`: what gfid split-brain resolution said. */
  | { kind: 'lookup-failed'; code: string; message?: string; parent?: boolean }
  | { kind: 'gfid-resolved' }
  | { kind: 'directory'; then: Resolution };

const GFID_FORM = /^gfid:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/**
 * Resolves one file's split-brain with `kind` (source-brick: `child` is the winning brick's
 * position in the volume). The path form first settles a gfid split-brain of the name (then
 * stops: the next heal copies the winner's data); the gfid form cannot (as in 10.3).
 */
export function resolveFile(volume: Volume, file: string, kind: HealOpKind, brick?: Brick, opts: { home?: string; parts?: GraphParts } = {}): FileResolution {
  const bricks = replicaBricks(volume, opts);
  const sets = [...new Set(bricks.map((b) => b.set))];
  const childOf = (set: Healer) => (brick ? bricks.find((b) => b.set === set && b.brick === brick)?.child ?? -2 : -1);
  const inSet = (set: Healer, gfid: string) => set.children.some((c) => attempt(() => c.lookup({ path: '', gfid })).ok);
  const gfidForm = GFID_FORM.exec(file);
  if (gfidForm) {
    const gfid = gfidForm[1].toLowerCase();
    const set = sets.find((s) => inSet(s, gfid));
    if (!set) return { kind: 'lookup-failed', code: 'ENOENT' };
    return resolveSplitBrain(set.healContext(), gfid, kind, childOf(set));
  }
  const graph = volumeGraph(volume, opts.parts ?? defaultParts, opts.home, SHD);
  const dir = path.posix.dirname(file);
  const name = path.posix.basename(file);
  // glfsheal looks the path up with metadata self-heal on: each directory on the way is made
  // like its first copy where nothing blames that copy (10.3 does it to the file itself too,
  // which is why its latest-mtime finds no difference; tgluster leaves the file alone).
  for (const d of ancestors(dir)) {
    const o = attempt(() => graph.top.lookup({ path: d }));
    if (!o.ok) return { kind: 'lookup-failed', code: o.error.code, parent: true };
    for (const s of sets) attempt(() => healMetadataFromFirst(s.healContext(), o.value.iatt.gfid));
  }
  const parent = attempt(() => graph.top.lookup({ path: dir }));
  if (!parent.ok) return { kind: 'lookup-failed', code: parent.error.code, parent: true };
  const dirLoc = { path: '', gfid: parent.value.iatt.gfid };
  if (file !== '/') {
    // The name's replica set: the one whose copies hold it.
    const set = sets.find((s) => s.children.some((c) => attempt(() => c.lookup({ path: file })).ok));
    if (set) {
      const ctx = set.healContext();
      const child = childOf(set);
      const r = resolveNameSplitBrain(ctx, dirLoc, name, (holders) => pickGfidWinner(holders, kind, child));
      if (r.kind === 'resolved') {
        // glfsheal's lookup of the settled name: the same metadata heal from the first copy.
        healMetadataFromFirst(ctx, r.gfid);
        return { kind: 'gfid-resolved' };
      }
      if (r.kind === 'refused') return { kind: 'lookup-failed', code: 'EIO', message: r.message };
      if (r.kind === 'error') return { kind: 'lookup-failed', code: r.code };
    }
  }
  const found = attempt(() => graph.top.lookup({ path: file }));
  if (!found.ok) return { kind: 'lookup-failed', code: found.error.code };
  const gfid = found.value.iatt.gfid;
  const set = sets.find((s) => inSet(s, gfid));
  if (!set) return { kind: 'lookup-failed', code: 'ENOENT' };
  const r = resolveSplitBrain(set.healContext(), gfid, kind, childOf(set));
  return found.value.iatt.type === 'dir' ? { kind: 'directory', then: r } : r;
}

/** "/", "/a", "/a/b" for "/a/b". */
function ancestors(dir: string): string[] {
  const parts = dir.split('/').filter(Boolean);
  return ['/', ...parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}`)];
}

/** The gfid split-brain winner by the CLI's rule, or why there is none. */
function pickGfidWinner(holders: { i: number; iatt: Iatt }[], kind: HealOpKind, child: number): number | string {
  if (kind === 'source-brick') return holders.some((h) => h.i === child) ? child : 'Brick is not up';
  const key = (h: { iatt: Iatt }) => (kind === 'bigger-file' ? h.iatt.size : h.iatt.mtime.sec * 1e9 + h.iatt.mtime.nsec);
  const best = Math.max(...holders.map(key));
  const top = holders.filter((h) => key(h) === best);
  if (top.length === 1) return top[0].i;
  return kind === 'bigger-file' ? 'No bigger file' : 'No difference in mtime';
}

/**
 * `split-brain source-brick HOST:BRICK` without FILE: every gfid of that brick's xattrop and
 * dirty indices, resolved in favour of the brick. undefined: the brick is down.
 */
export function resolveFromBrick(volume: Volume, brick: Brick, opts: { home?: string; parts?: GraphParts } = {}): { gfid: string; isDir: boolean; result: Resolution }[] | undefined {
  const rb = replicaBricks(volume, opts).find((b) => b.brick === brick);
  if (!rb) return [];
  const ctx = rb.set.healContext();
  // glfsheal's first lookup, of the root, with metadata self-heal on (see resolveFile).
  attempt(() => healMetadataFromFirst(ctx, ROOT_GFID));
  const c = ctx.children[rb.child];
  const out: { gfid: string; isDir: boolean; result: Resolution }[] = [];
  for (const index of ['xattrop', 'dirty'] as const) {
    const listed = attempt(() => c.readdir({ path: '', gfid: INDEX_VGFID[index] }, PLAIN_READDIR));
    if (!listed.ok) return index === 'xattrop' ? undefined : out;
    for (const { name: gfid } of listed.value) {
      if (out.some((o) => o.gfid === gfid)) continue;
      const own = attempt(() => c.lookup({ path: '', gfid }));
      if (!own.ok) continue;
      out.push({ gfid, isDir: own.value.iatt.type === 'dir', result: resolveSplitBrain(ctx, gfid, 'source-brick', rb.child) });
    }
  }
  return out;
}
