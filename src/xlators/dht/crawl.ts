// The crawl a rebalance process runs (docs/on-disk-format.md §5.2–5.4), depth first from the root:
// each directory's subdirectories first, then its layout fixed, then (unless fix-layout only) its
// files migrated and the directory settled with the new commit hash. As 10.3's process_dir, the
// files are read from each subvolume directly, round robin: every non-directory entry is
// "scanned" (linkto files included, once per subvolume that has one), linkto files are passed
// over, and each other file is handed to the migration, which moves it if its hashed subvolume
// is not the one holding it.
//
// The crawl is a generator yielding after each file, so that the task runner (src/tasks) can
// record progress and stop between two files; `crawl` drives it to the end in one go.
import { FopError } from '../../libglusterfs/errors.js';
import { attempt, baseName, childLoc, ignoring, isHiddenRootName, type DhtCtx } from './ctx.js';
import { migrateFile, type MigrateResult } from './migrate.js';
import { fixLayoutDir, settleDir, volumeCommitHash, writeVolumeCommitHash } from './rebalance.js';
import { hashedChild, resolveDir, type DirInfo } from './dir.js';
import { isLinkto } from './xattrs.js';
import { linktoOnly } from './entries.js';
// The crawl needs each entry's type and size only (migrateFile looks the file up itself).
import { STAT_ONLY, type DirEntry, type Loc, type Xlator } from '../types.js';

export type CrawlMode =
  /** `rebalance fix-layout start`: new commit hash on the roots, layouts only. */
  | 'fix-layout'
  /** `rebalance start`: new commit hash, layouts, migration, directories settled. */
  | 'rebalance'
  /** `remove-brick start`: the current commit hash is kept; layouts without the decommissioned subvolumes, migration. */
  | 'remove-brick';

export interface CrawlCounters {
  /** Files migrated and their bytes ("Rebalanced-files", "size"). */
  files: number;
  size: number;
  /** Non-directory entries read from the subvolumes ("scanned"). */
  scanned: number;
  /** Files that could not be moved (an error, or a destination name that is another file) and directories not fixed. */
  failures: number;
  /** Files left in place on purpose (hard links; special files tgluster does not migrate). */
  skipped: number;
}

export interface CrawlOptions {
  mode: CrawlMode;
  /** The commit hash glusterd generated for this run (rebalance, fix-layout). */
  commitHash?: number;
  /** Called after each file; `error` set when it failed. */
  onFile?: (path: string, result: MigrateResult | 'failed', size: number, error?: FopError) => void;
  /** Polled between files: true stops the crawl (rebalance stop). */
  shouldStop?: () => boolean;
}

export interface CrawlResult extends CrawlCounters {
  stopped: boolean;
  /** Directories whose layout could not be fixed (a subvolume down, user-set layout). */
  dirsNotFixed: string[];
}

/** One file handed to the migration, with the counters as they stand after it. */
export interface CrawlStep {
  path: string;
  result: MigrateResult | 'failed';
  size: number;
  error?: FopError;
  /** A migrated file: the subvolumes it left and went to (for the rebalance log). */
  from?: string;
  to?: string;
  counters: Readonly<CrawlResult>;
}

/**
 * The subdirectories of `dir` on any subvolume, read from each directly: the volume's own listing
 * shows a directory from the subvolume its name hashes to, which after an add-brick may not have
 * it yet (the crawl's lookup of it is what makes it there).
 */
function subdirs(dht: DhtCtx & Xlator, dir: string): string[] {
  const names = new Set<string>();
  for (const c of dht.children) {
    // fix-layout walks directories with READDIR (gf_defrag_fix_layout); files come by READDIRP
    const listed = attempt(() => c.readdir({ path: dir }, { ...STAT_ONLY, plain: true }));
    if (!listed.ok) continue;
    for (const e of listed.value) if (e.iatt.type === 'dir' && !(dir === '/' && isHiddenRootName(e.name))) names.add(e.name);
  }
  return [...names].sort();
}

/** The non-directory entries of `dir` on each subvolume, taken round robin, each with its subvolume. */
function roundRobin(dht: DhtCtx & Xlator, dir: string): Array<{ e: DirEntry; on: Xlator }> {
  // each entry's type, mode and size, and the linkto key of sticky files only
  const scan = linktoOnly(dht);
  const lists = dht.children.map((on) => {
    try {
      return on.readdir({ path: dir }, scan).flatMap((e) => (e.iatt.type !== 'dir' ? [{ e, on }] : []));
    } catch {
      return [];
    }
  });
  const out: Array<{ e: DirEntry; on: Xlator }> = [];
  for (let i = 0; lists.some((l) => i < l.length); i++) for (const l of lists) if (i < l.length) out.push(l[i]);
  return out;
}

/**
 * A linkto file where its name does not hash (its directory's layout just fixed) points nowhere a
 * lookup goes: one left by an interrupted migration that a later layout sent elsewhere. It goes,
 * as 10.3's lookup-everywhere deletes a stale linkto it meets.
 */
function dropStaleLinkto(dht: DhtCtx & Xlator, parent: DirInfo, on: Xlator, loc: Loc): void {
  // A brick being removed keeps its linkto files, as 10.3's crawl skips them (bug-1667804.t
  // looks at them after remove-brick stop); whatever stays there goes with the brick at commit.
  if (dht.decommissioned.has(on.name)) return;
  if (hashedChild(dht, parent, baseName(loc.path)) === on) return;
  const now = attempt(() => on.lookup(loc));
  if (now.ok && isLinkto(now.value.iatt, now.value.xattrs, dht.o.keys.linkto)) ignoring(['ENOENT'], () => on.unlink(loc));
}

/** The crawl, one file at a time; its return value is the final counters. */
export function* crawlSteps(dht: DhtCtx & Xlator, opts: Omit<CrawlOptions, 'onFile' | 'shouldStop'>): Generator<CrawlStep, CrawlResult> {
  const res: CrawlResult = { files: 0, size: 0, scanned: 0, failures: 0, skipped: 0, stopped: false, dirsNotFixed: [] };
  const hash = opts.mode === 'remove-brick' ? volumeCommitHash(dht) : opts.commitHash;
  if (opts.mode !== 'remove-brick') {
    if (hash === undefined) throw new FopError('EINVAL', 'a rebalance needs a commit hash');
    writeVolumeCommitHash(dht, hash);
  }
  // GlusterFS's order (gf_defrag_fix_layout): a directory's layout is fixed only after its
  // subdirectories were crawled, i.e. healed onto every subvolume; otherwise a subdirectory whose
  // name now hashes to a new brick would vanish from listings before it got there.
  function* walk(dir: string): Generator<CrawlStep, void> {
    dht.lookup({ path: dir });
    for (const name of subdirs(dht, dir)) yield* walk(childLoc(dir, name).path);
    if (fixLayoutDir(dht, dir) !== 'fixed') res.dirsNotFixed.push(dir);
    if (opts.mode === 'fix-layout') return;
    let failedHere = 0;
    const done = new Set<string>();
    const parent = resolveDir(dht, dir);
    for (const { e, on } of roundRobin(dht, dir)) {
      res.scanned++;
      const loc = childLoc(dir, e.name);
      // a linkto file is a pointer; a name met on a second subvolume was handled already
      if (isLinkto(e.iatt, e.xattrs, dht.o.keys.linkto)) {
        dropStaleLinkto(dht, parent, on, loc);
        continue;
      }
      if (done.has(e.name)) continue;
      done.add(e.name);
      let step: CrawlStep;
      try {
        const r = migrateFile(dht, loc, { dir: parent, hardlinks: opts.mode === 'remove-brick', from: on });
        if (r === 'migrated') {
          res.files++;
          res.size += e.iatt.size;
        } else if (r === 'skipped-conflict') {
          // 10.3: a destination name held by another file is an error (EINVAL), not a skip
          res.failures++;
          failedHere++;
        } else if (r !== 'in-place') {
          res.skipped++;
        }
        const moved = r === 'migrated' ? { from: on.name, to: hashedChild(dht, parent, e.name).name } : {};
        step = { path: loc.path, result: r, size: e.iatt.size, ...moved, counters: res };
      } catch (err) {
        if (!(err instanceof FopError)) throw err;
        res.failures++;
        failedHere++;
        step = { path: loc.path, result: 'failed', size: e.iatt.size, error: err, counters: res };
      }
      yield step;
    }
    // a directory is "balanced" only once every file of it sits where it hashes (or has a linkto)
    if (opts.mode === 'rebalance' && failedHere === 0) settleDir(dht, dir, hash!);
  }
  yield* walk('/');
  return res;
}

/** Runs the whole crawl over the DHT xlator `dht` (which must also be the DhtCtx). */
export function crawl(dht: DhtCtx & Xlator, opts: CrawlOptions): CrawlResult {
  const steps = crawlSteps(dht, opts);
  // the crawl's own counters object, as the last step showed it
  let seen: Readonly<CrawlResult> = { files: 0, size: 0, scanned: 0, failures: 0, skipped: 0, stopped: false, dirsNotFixed: [] };
  for (;;) {
    if (opts.shouldStop?.()) {
      steps.return(undefined as never);
      return { ...seen, dirsNotFixed: [...seen.dirsNotFixed], stopped: true };
    }
    const n = steps.next();
    if (n.done) return n.value;
    seen = n.value.counters;
    opts.onFile?.(n.value.path, n.value.result, n.value.size, n.value.error);
  }
}
