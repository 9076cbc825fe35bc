// The root directory's layout, written when a volume gets its bricks (volume create, add-brick,
// start): GlusterFS writes it on the first lookup of "/" through directory self-heal, which stamps
// commit hash 1 (docs/on-disk-format.md §1.3, §7.4). Single-subvolume volumes get none. The key is
// DHT's layout key (its xattr-name option, cluster.dht-xattr-name).
import { getXattrOpt, removeXattr, setXattr } from '../../xattr/index.js';
import { brickStatfs, replicaStatfs } from './du.js';
import { chunksFromStatfs, computeNewLayout, COMMIT_HASH_INVALID, encodeLayout, type SubvolInfo } from './layout.js';
import { dhtOptions } from './options.js';
import { DEFAULT_XATTR_NAME } from './xattrs.js';

/** What the root layout is computed from: DHT's subvolumes, their bricks, and DHT's volfile options. */
export interface RootLayoutPlan {
  subvols: Array<{
    name: string;
    /** The subvolume takes no new ranges (remove-brick start). */
    decommissioned: boolean;
    bricks: Array<{ path: string; up: boolean; sharedBy: number }>;
  }>;
  options: Record<string, string>;
  /**
   * The volume starts for the first time: no client has looked its root up yet, so a root layout
   * under the default name while DHT's xattr-name is another is only what volume create wrote in
   * the first client's place (before cluster.dht-xattr-name was set); it goes.
   */
  firstStart?: boolean;
}

/**
 * Writes the root layout on every brick when no brick has one yet. An existing root layout
 * (adopted bricks, a volume that grew by add-brick) is kept: only bricks of a replica set whose
 * sibling already carries the value get it copied, so a set never disagrees.
 */
export function initRootLayout(plan: RootLayoutPlan): void {
  const { subvols } = plan;
  if (subvols.length < 2) return;
  const o = dhtOptions((k) => plan.options[k]);
  const key = o.keys.layout;
  if (plan.firstStart && key !== DEFAULT_XATTR_NAME) {
    for (const b of subvols.flatMap((sv) => sv.bricks)) {
      if (b.up && getXattrOpt(b.path, DEFAULT_XATTR_NAME)) removeXattr(b.path, DEFAULT_XATTR_NAME);
    }
  }

  const existing = subvols.map((sv) => sv.bricks.map((b) => (b.up ? getXattrOpt(b.path, key) : undefined)));
  if (existing.some((vals) => vals.some((v) => v !== undefined))) {
    subvols.forEach((sv, i) => {
      const value = existing[i].find((v) => v !== undefined);
      if (!value) return;
      sv.bricks.forEach((b, j) => {
        if (b.up && existing[i][j] === undefined) setXattr(b.path, key, value);
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
  const layout = computeNewLayout('/', infos, { commitHash: COMMIT_HASH_INVALID, weighted: o.weighted, spreadCount: o.spreadCount, hash: o.hash });
  for (const { name, range } of layout.entries) {
    const sv = subvols.find((s) => s.name === name)!;
    const value = encodeLayout(range);
    for (const b of sv.bricks) if (b.up) setXattr(b.path, key, value);
  }
}
