// The root directory's layout, written when a volume gets its bricks (volume create, add-brick,
// start): GlusterFS writes it on the first lookup of "/" through directory self-heal, which stamps
// commit hash 1 (ondisk.md §1.3, §7.4). Single-subvolume volumes get none.
import type { Volume } from '../../mgmt/types.js';
import { getXattrOpt, setXattr } from '../../xattr/index.js';
import { subvolStatfs } from './du.js';
import { chunksFromStatfs, computeNewLayout, COMMIT_HASH_INVALID, DHT_XATTR, encodeLayout, type SubvolInfo } from './layout.js';
import { dhtOptions, volumeOpt } from './options.js';
import { dhtSubvolumes } from './subvols.js';

/**
 * Writes the root layout on every brick when no brick has one yet. An existing root layout
 * (adopted bricks, a volume that grew by add-brick) is kept: only bricks of a replica set whose
 * sibling already carries the value get it copied, so a set never disagrees.
 */
export function initRootLayout(volume: Volume): void {
  const subvols = dhtSubvolumes(volume);
  if (subvols.length < 2) return;

  const existing = subvols.map((sv) => sv.bricks.map((b) => (b.down ? undefined : getXattrOpt(b.path, DHT_XATTR))));
  if (existing.some((vals) => vals.some((v) => v !== undefined))) {
    subvols.forEach((sv, i) => {
      const value = existing[i].find((v) => v !== undefined);
      if (!value) return;
      sv.bricks.forEach((b, j) => {
        if (!b.down && existing[i][j] === undefined) setXattr(b.path, DHT_XATTR, value);
      });
    });
    return;
  }

  const up = (bricks: typeof volume.bricks) => bricks.some((b) => !b.down);
  // A subvolume entirely down: GlusterFS does not heal a layout then; the first lookup will.
  if (!subvols.every((sv) => up(sv.bricks))) return;
  const infos: SubvolInfo[] = subvols.map((sv) => ({
    name: sv.name,
    chunks: chunksFromStatfs(subvolStatfs(volume, sv)),
    usable: !sv.bricks.every((b) => b.decommissioned),
  }));
  const o = dhtOptions(volumeOpt(volume));
  const layout = computeNewLayout('/', infos, { commitHash: COMMIT_HASH_INVALID, weighted: o.weighted, spreadCount: o.spreadCount, hash: o.hash });
  for (const { name, range } of layout.entries) {
    const sv = subvols.find((s) => s.name === name)!;
    const value = encodeLayout(range);
    for (const b of sv.bricks) if (!b.down) setXattr(b.path, DHT_XATTR, value);
  }
}
