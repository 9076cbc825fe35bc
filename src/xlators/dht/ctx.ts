// What every DHT helper needs: the children, the parsed options, and small wrappers that turn a
// child's typed error into a value so fan-out code can decide per subvolume.
import { FopError } from '../../libglusterfs/errors.js';
import type { Loc, Statfs, Xlator } from '../types.js';
import type { DhtCache } from './cache.js';
import type { DhtOptions } from './options.js';

export interface DhtCtx {
  readonly name: string;
  readonly children: readonly Xlator[];
  readonly o: DhtOptions;
  /** Subvolumes marked by remove-brick start: they keep their data but take no new ranges. */
  readonly decommissioned: ReadonlySet<string>;
  /**
   * Size weight of a child in 1 MiB chunks (docs/on-disk-format.md §4.3). When the volume definition is known
   * it is computed from the brick directories with the shared-brick-count division posix does
   * in GlusterFS; otherwise from the child's statfs.
   */
  chunksOf(child: Xlator): number;
  /** The child's statfs as GlusterFS's posix reports it (shared-brick-count applied); undefined when it does not answer. */
  statfsOf(child: Xlator): Statfs | undefined;
  /** Layouts and the volume commit hash remembered between fops (absent: always looked up). */
  readonly cache?: DhtCache;
}

export { attempt, isCode, type Outcome } from '../outcome.js';

export const isDownErr = (e: unknown): boolean => e instanceof FopError && e.code === 'ENOTCONN';

/** Runs fn and ignores the listed error codes (best-effort cleanup steps). */
export function ignoring(codes: string[], fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof FopError) || !codes.includes(e.code)) throw e;
  }
}

export function parentPath(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

export function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

export function childLoc(dir: string, name: string, parent?: string): Loc {
  return { path: dir === '/' ? `/${name}` : `${dir}/${name}`, name, parent };
}

/** Names at the volume root a client can never see (docs/on-disk-format.md §1.13, §2.1). */
export function isHiddenRootName(name: string): boolean {
  return name === '.glusterfs' || name.startsWith('.glusterfs-anonymous-inode-');
}

export const isHiddenPath = (p: string): boolean => parentPath(p) === '/' && p !== '/' && isHiddenRootName(baseName(p));

export function childByName(ctx: DhtCtx, name: string): Xlator | undefined {
  return ctx.children.find((c) => c.name === name);
}
