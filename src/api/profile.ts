// What glusterd gathers from the bricks for `volume profile VOL info`: each running brick's
// io-stats counters (xlators/io-stats), read from the file that brick's fops are counted into.
import type { Volume } from '../mgmt/types.js';
import { brickStatsPath } from '../mgmt/run-state.js';
import { BrickStats, type StatsSet } from '../xlators/io-stats/stats-file.js';

/** `info` (both sets), `incremental`, `cumulative` or `clear`, as gluster's info-op. */
export type ProfileInfoOp = 'all' | 'incremental' | 'cumulative' | 'clear';

export interface BrickStatsReply {
  brick: Volume['bricks'][number];
  cumulative?: StatsSet;
  interval?: StatsSet;
  /** `clear`: the brick cleared its counters. */
  cleared?: boolean;
}

/**
 * Asks every brick that runs (a dead one does not answer, as in 10.3). Unless `peek`, a brick
 * showing its interval starts the next one.
 */
export function brickProfiles(home: string, volume: Volume, op: ProfileInfoOp, peek: boolean): BrickStatsReply[] {
  return volume.bricks
    .filter((b) => !b.down)
    .map((brick) => {
      const stats = BrickStats.open(brickStatsPath(home, volume.name, brick));
      if (op === 'clear') {
        stats.clear();
        return { brick, cleared: true };
      }
      return {
        brick,
        cumulative: op === 'incremental' ? undefined : stats.cumulative(),
        interval: op === 'cumulative' ? undefined : stats.interval(peek),
      };
    });
}
