// The crawl a rebalance process runs (docs/on-disk-format.md §5.2–5.4), depth first from the root: each
// directory is fix-layout'ed, then (unless fix-layout only) its misplaced files are migrated, its
// subdirectories crawled, and finally it is settled with the new commit hash. Progress is
// reported per file so the task runner (src/tasks) can keep `rebalance status` counters and stop.
import { FopError } from '../../libglusterfs/errors.js';
import { childLoc, type DhtCtx } from './ctx.js';
import { migrateFile, type MigrateResult } from './migrate.js';
import { fixLayoutDir, settleDir, volumeCommitHash, writeVolumeCommitHash } from './rebalance.js';
// The crawl needs each entry's type and size only (migrateFile looks the file up itself).
import { STAT_ONLY, type Xlator } from '../types.js';

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
  /** Entries looked at ("scanned"). */
  scanned: number;
  failures: number;
  /** Files left in place on purpose (hard links, conflicts). */
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

/** Runs the whole crawl over the DHT xlator `dht` (which must also be the DhtCtx). */
export function crawl(dht: DhtCtx & Xlator, opts: CrawlOptions): CrawlResult {
  const res: CrawlResult = { files: 0, size: 0, scanned: 0, failures: 0, skipped: 0, stopped: false, dirsNotFixed: [] };
  const hash = opts.mode === 'remove-brick' ? volumeCommitHash(dht) : opts.commitHash;
  if (opts.mode !== 'remove-brick') {
    if (hash === undefined) throw new FopError('EINVAL', 'a rebalance needs a commit hash');
    writeVolumeCommitHash(dht, hash);
  }
  // GlusterFS's order (gf_defrag_fix_layout): a directory's layout is fixed only after its
  // subdirectories were crawled, i.e. healed onto every subvolume; otherwise a subdirectory whose
  // name now hashes to a new brick would vanish from listings before it got there.
  const walk = (dir: string): void => {
    dht.lookup({ path: dir });
    for (const e of dht.readdir({ path: dir }, STAT_ONLY)) {
      if (res.stopped) return;
      if (e.iatt.type === 'dir') walk(childLoc(dir, e.name).path);
    }
    if (res.stopped) return;
    if (fixLayoutDir(dht, dir) !== 'fixed') res.dirsNotFixed.push(dir);
    if (opts.mode === 'fix-layout') return;
    let failedHere = 0;
    for (const e of dht.readdir({ path: dir }, STAT_ONLY)) {
      if (e.iatt.type === 'dir') continue;
      if (opts.shouldStop?.()) {
        res.stopped = true;
        return;
      }
      const loc = childLoc(dir, e.name);
      res.scanned++;
      try {
        const r = migrateFile(dht, loc);
        if (r === 'migrated') {
          res.files++;
          res.size += e.iatt.size;
        } else if (r !== 'in-place') {
          res.skipped++;
        }
        opts.onFile?.(loc.path, r, e.iatt.size);
      } catch (err) {
        if (!(err instanceof FopError)) throw err;
        res.failures++;
        failedHere++;
        opts.onFile?.(loc.path, 'failed', e.iatt.size, err);
      }
    }
    // a directory is "balanced" only once every file of it sits where it hashes (or has a linkto)
    if (opts.mode === 'rebalance' && failedHere === 0) settleDir(dht, dir, hash!);
  };
  walk('/');
  return res;
}
