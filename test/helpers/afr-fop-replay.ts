// Replays the cases of test/oracle/capture-afr-fop-states.sh (what real GlusterFS 10.3 left on its
// bricks when each modifying fop ran through a FUSE mount with one brick down) through
// tgluster's client, and says per case what differs: the trusted.afr.* keys of the target, its
// parent and the tree, which copies exist, and every index entry, brick by brick. The fops run
// as the kernel turns each shell command into fops. Used by the scenario test (the captured
// fixture) and the oracle test (a capture made in the same run).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { clientFor } from '../../src/api/index.js';
import type { VolumeClient } from '../../src/api/client.js';
import { createTimeOptions, putOption } from '../../src/mgmt/options/create-time.js';
import { getAllXattrs } from '../../src/xattr/index.js';
import { makeVolume, type TestVolume } from '../unit/api/helpers.js';

interface BrickState {
  exists: boolean;
  xattrs?: Record<string, string>;
}
export interface Case {
  layout: string;
  volume: string;
  down_brick_index: number | null;
  fop: string;
  tree_root: string;
  paths: Record<string, Record<string, BrickState>>;
  indices: Record<string, { xattrop: string[]; dirty: string[]; entry_changes: Record<string, string[]> }>;
}


const LAYOUTS: Record<string, { bricks: number; replica: number; arbiter: boolean }> = {
  'replica 2': { bricks: 2, replica: 2, arbiter: false },
  'replica 3': { bricks: 3, replica: 3, arbiter: false },
  'replica 3 arbiter 1': { bricks: 3, replica: 3, arbiter: true },
};

/** What each capture command is, as fops: the prep (all bricks up) and the fop itself. */
type Step = (c: VolumeClient, T: string) => Promise<unknown>;
const now = () => Date.now() / 1000;
const FOPS: Record<string, { prep?: Step; run: Step }> = {
  create: { run: async (c, T) => (await c.create(`${T}/d/new`, 0o644), c.utimes(`${T}/d/new`, now(), now())) }, // touch
  create_write: { run: async (c, T) => (await c.open(`${T}/d/new`, 'w', 0o644)).write(Buffer.from('data\n'), 0) }, // echo >
  mknod_fifo: { run: (c, T) => c.mkfifo(`${T}/d/fifo`, 0o644) }, // mkfifo
  mkdir: { run: (c, T) => c.mkdir(`${T}/d/newdir`, 0o755) },
  symlink: { run: (c, T) => c.symlink('f', `${T}/d/sl`) },
  link: { prep: (c, T) => c.writeFile(`${T}/d/x`, 'xdata\n'), run: (c, T) => c.link(`${T}/d/x`, `${T}/d/x2`) },
  rename_file_same_dir: { run: (c, T) => c.rename(`${T}/d/f`, `${T}/d/g`) },
  rename_file_cross_dir: { prep: (c, T) => c.mkdir(`${T}/e`, 0o755), run: (c, T) => c.rename(`${T}/d/f`, `${T}/e/f`) },
  rename_dir: { prep: (c, T) => c.mkdir(`${T}/d/sub`, 0o755), run: (c, T) => c.rename(`${T}/d/sub`, `${T}/d/sub2`) },
  rename_dir_cross_dir: {
    prep: async (c, T) => (await c.mkdir(`${T}/d/sub`, 0o755), c.mkdir(`${T}/e`, 0o755)),
    run: (c, T) => c.rename(`${T}/d/sub`, `${T}/e/sub`),
  },
  unlink: { run: (c, T) => c.unlink(`${T}/d/f`) },
  rmdir: { prep: (c, T) => c.mkdir(`${T}/d/rmme`, 0o755), run: (c, T) => c.rmdir(`${T}/d/rmme`) },
  setattr_chmod: { run: (c, T) => c.chmod(`${T}/d/f`, 0o600) },
  setattr_chown: { run: (c, T) => c.chown(`${T}/d/f`, 1000, 1000) },
  setattr_utimes: { run: (c, T) => c.utimes(`${T}/d/f`, now(), now()) },
  setxattr: { run: (c, T) => c.setxattr(`${T}/d/f`, 'user.k', Buffer.from('v')) },
  removexattr: { prep: (c, T) => c.setxattr(`${T}/d/f`, 'user.k', Buffer.from('v')), run: (c, T) => c.removexattr(`${T}/d/f`, 'user.k') },
  truncate: { run: (c, T) => c.truncate(`${T}/d/f`, 3) },
  write_overwrite: { run: (c, T) => c.write(`${T}/d/f`, 0, Buffer.from('HE')) },
  append: { run: async (c, T) => (await c.open(`${T}/d/f`, 'a')).write(Buffer.from('more\n')) },
  // util-linux fallocate: fallocate(2) then fsync(2) on one descriptor
  fallocate: {
    run: async (c, T) => {
      const fh = await c.open(`${T}/d/f`, 'r+');
      await fh.fallocate(0, 8192);
      await fh.sync();
    },
  },
};
/** Fops tgluster's data path does not have (yet): listed in the table, not compared. */
const NOT_BUILT = new Set<string>();

/** trusted.afr.* of one object, keys named for the capture's volume. */
function afrKeys(file: string, ours: string, theirs: string): Record<string, string> | undefined {
  if (!fs.existsSync(file) && !isLink(file)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(getAllXattrs(file))) {
    if (k.startsWith('trusted.afr.')) out[k.replace(`trusted.afr.${ours}-`, `trusted.afr.${theirs}-`)] = `0x${v.toString('hex')}`;
  }
  return sortKeys(out);
}
const isLink = (p: string) => {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
};
const theirAfr = (s: BrickState) => Object.fromEntries(Object.entries(s.xattrs ?? {}).filter(([k]) => k.startsWith('trusted.afr.')));

/** gfid (hex, no dashes) -> volume path, from every brick. */
function gfidMap(bricks: string[]): Map<string, string> {
  const m = new Map<string, string>();
  const visit = (brick: string, rel: string) => {
    const p = path.join(brick, rel);
    const g = getAllXattrs(p)['trusted.gfid'];
    if (g) m.set(g.toString('hex'), `/${rel}`);
    if (fs.lstatSync(p).isDirectory()) for (const n of fs.readdirSync(p)) visit(brick, path.join(rel, n));
  };
  for (const b of bricks) for (const n of fs.readdirSync(b)) if (!n.startsWith('.glusterfs')) visit(b, n);
  return m;
}

function indices(brick: string, gm: Map<string, string>, tree: string) {
  const base = path.join(brick, '.glusterfs/indices');
  const name = (g: string) => gm.get(g.replace(/-/g, '')) ?? g;
  const inTree = (p: string) => p === tree || p.startsWith(`${tree}/`) || !p.startsWith('/');
  const list = (kind: string) =>
    (fs.existsSync(path.join(base, kind)) ? fs.readdirSync(path.join(base, kind)) : [])
      .filter((n) => !n.startsWith(`${kind}-`))
      .map(name)
      .filter(inTree)
      .sort();
  const entryChanges: Record<string, string[]> = {};
  const ec = path.join(base, 'entry-changes');
  for (const d of fs.existsSync(ec) ? fs.readdirSync(ec).filter((n) => !n.startsWith('entry-changes-')) : []) {
    const p = name(d);
    if (inTree(p)) entryChanges[p] = fs.readdirSync(path.join(ec, d)).sort();
  }
  return { xattrop: list('xattrop'), dirty: list('dirty'), entry_changes: sortKeys(entryChanges) };
}

export interface Diff {
  layout: string;
  down: number | null;
  fop: string;
  diffs: string[];
}

/** The cases by (layout, down brick): one volume each. */
export function groupCases(cases: Case[]): Map<string, Case[]> {
  const groups = new Map<string, Case[]>();
  for (const c of cases) {
    const key = `${c.layout}|${c.down_brick_index}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return groups;
}

/** The table a run prints: one row per case, `same` or what differs. */
export function fopTable(results: Diff[]): string {
  const rows = results.map((r) => `${r.layout.padEnd(20)} ${String(r.down ?? 'up').padEnd(5)} ${r.fop.padEnd(22)} ${r.diffs.length ? `DIFFERS: ${r.diffs.join('; ')}` : NOT_BUILT.has(r.fop) ? 'not built' : 'same'}`);
  return `\nfop × brick state (tgluster vs GlusterFS 10.3):\n${rows.join('\n')}\n`;
}

/**
 * Runs one (layout, down brick) group through a fresh tgluster volume; returns each case's
 * differences. `vols` collects the volumes for the caller to clean up.
 */
export async function replayGroup(key: string, cases: Case[], vols: TestVolume[]): Promise<Diff[]> {
  const [layout, downText] = key.split('|');
  const down = downText === 'null' ? null : Number(downText);
  const L = LAYOUTS[layout];
  const name = `fs${vols.length}`;
  const tv = makeVolume(name, L);
  vols.push(tv);
  tv.volume.options = putOption(createTimeOptions(tv.volume), 'cluster.self-heal-daemon', 'off');
  const up = clientFor(tv.volume);
  const todo = cases.filter((c) => !NOT_BUILT.has(c.fop));
  for (const c of todo) {
    const T = c.tree_root;
    await up.mkdir(T, 0o755);
    await up.mkdir(`${T}/d`, 0o755);
    await up.writeFile(`${T}/d/f`, 'hello\n');
    await FOPS[c.fop].prep?.(up, T);
  }
  if (down !== null) tv.volume.bricks[down].down = true;
  const client = down === null ? up : clientFor(tv.volume);
  for (const c of todo) await FOPS[c.fop].run(client, c.tree_root);
  const results: Diff[] = [];
  for (const c of cases) {
    const diffs: string[] = [];
    if (!NOT_BUILT.has(c.fop)) {
      const gm = gfidMap(tv.brickPaths);
      for (const [p, perBrick] of Object.entries(c.paths)) {
        if (p === '/') continue;
        tv.brickPaths.forEach((b, i) => {
          const theirs = perBrick[`brick${i}`];
          const ours = afrKeys(path.join(b, p), name, c.volume);
          if (!!ours !== theirs.exists) diffs.push(`${p}@${i} exists ${!!ours} (10.3: ${theirs.exists})`);
          else if (ours && JSON.stringify(ours) !== JSON.stringify(sortKeys(theirAfr(theirs)))) {
            diffs.push(`${p}@${i} ${JSON.stringify(ours)} (10.3: ${JSON.stringify(sortKeys(theirAfr(theirs)))})`);
          }
        });
      }
      tv.brickPaths.forEach((b, i) => {
        const ours = indices(b, gm, c.tree_root);
        const theirs = c.indices[`brick${i}`];
        for (const k of ['xattrop', 'dirty', 'entry_changes'] as const) {
          if (JSON.stringify(ours[k]) !== JSON.stringify(theirs[k])) diffs.push(`index ${k}@${i} ${JSON.stringify(ours[k])} (10.3: ${JSON.stringify(theirs[k])})`);
        }
      });
    }
    results.push({ layout, down, fop: c.fop, diffs });
  }
  return results;
}

export function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
}

