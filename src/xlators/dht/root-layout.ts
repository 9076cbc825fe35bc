// The root directory's layout, written when a volume gets its bricks (volume create, add-brick,
// start): GlusterFS writes it on the first lookup of "/" through directory self-heal, which stamps
// commit hash 1 (docs/on-disk-format.md §1.3, §7.4). Single-subvolume volumes get none.
import { getXattrOpt, setXattr } from '../../xattr/index.js';
import { brickStatfs, replicaStatfs } from './du.js';
import { chunksFromStatfs, computeNewLayout, COMMIT_HASH_INVALID, DHT_XATTR, encodeLayout, type SubvolInfo } from './layout.js';
import { dhtOptions } from './options.js';

/** What the root layout is computed from: DHT's subvolumes, their bricks, and DHT's volfile options. */
export interface RootLayoutPlan {
  subvols: Array<{
    name: string;
    /** The subvolume takes no new ranges (remove-brick start). */
    decommissioned: boolean;
    bricks: Array<{ path: string; up: boolean; sharedBy: number }>;
  }>;
  options: Record<string, string>;
}

/**
 * Writes the root layout on every brick when no brick has one yet. An existing root layout
 * (adopted bricks, a volume that grew by add-brick) is kept: only bricks of a replica set whose
 * sibling already carries the value get it copied, so a set never disagrees.
 */
export function initRootLayout(plan: RootLayoutPlan): void {
  const { subvols } = plan;
  if (subvols.length < 2) return;

  const existing = subvols.map((sv) => sv.bricks.map((b) => (b.up ? getXattrOpt(b.path, DHT_XATTR) : undefined)));
  if (existing.some((vals) => vals.some((v) => v !== undefined))) {
    subvols.forEach((sv, i) => {
      const value = existing[i].find((v) => v !== undefined);
      if (!value) return;
      sv.bricks.forEach((b, j) => {
        if (b.up && existing[i][j] === undefined) setXattr(b.path, DHT_XATTR, value);
      });
    });
    return;
  }

  // A subvolume entirely down: GlusterFS does not heal a layout then; the first lookup will.
  if (!subvols.every((sv) => sv.bricks.some((b) => b.up))) return;
  const infos: SubvolInfo[] = subvols.map((sv) => ({
    name: sv.name,
    chunks: chunksFromStatfs(replicaStatfs(sv.bricks.map((b) => brickStatfs(b.path, b.sharedBy)))),
    usable: !sv.decommissioned,
  }));
  const o = dhtOptions((k) => plan.options[k]);
  const layout = computeNewLayout('/', infos, { commitHash: COMMIT_HASH_INVALID, weighted: o.weighted, spreadCount: o.spreadCount, hash: o.hash });
  for (const { name, range } of layout.entries) {
    const sv = subvols.find((s) => s.name === name)!;
    const value = encodeLayout(range);
    for (const b of sv.bricks) if (b.up) setXattr(b.path, DHT_XATTR, value);
  }
}
