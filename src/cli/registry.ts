// Which module serves which command words. Modules load lazily so start-up stays cheap.
import type { Handler } from './context.js';

type Loader = () => Promise<{ run: Handler }>;

/** `gluster volume <sub> ...` */
export const volumeCommands: Record<string, Loader> = {
  create: () => import('./commands/volume-create.js'),
  start: () => import('./commands/volume-start.js'),
  stop: () => import('./commands/volume-stop.js'),
  delete: () => import('./commands/volume-delete.js'),
  info: () => import('./commands/volume-info.js'),
  list: () => import('./commands/volume-list.js'),
  status: () => import('./commands/volume-status.js'),
  set: () => import('./commands/volume-set.js'),
  get: () => import('./commands/volume-get.js'),
  reset: () => import('./commands/volume-reset.js'),
  heal: () => import('./commands/volume-heal.js'),
  'add-brick': () => import('./commands/volume-add-brick.js'),
  'replace-brick': () => import('./commands/volume-replace-brick.js'),
  'reset-brick': () => import('./commands/volume-reset-brick.js'),
  rebalance: () => import('./commands/volume-rebalance.js'),
  'remove-brick': () => import('./commands/volume-remove-brick.js'),
  profile: () => import('./commands/volume-profile.js'),
};

/**
 * tgluster's own `volume` words (not in gluster's grammar; only under the name tgluster), with
 * the `--` options each takes as its own words.
 */
export const ownVolumeCommands: Record<string, { load: Loader; options: readonly string[] }> = {
  handover: { load: () => import('./commands/volume-handover.js'), options: ['force', 'help'] },
  adopt: { load: () => import('./commands/volume-adopt.js'), options: ['from-glusterd', 'brick-map', 'help'] },
};

/** First words other than `volume`. */
export const topCommands: Record<string, Loader> = {
  peer: () => import('./commands/peer.js'),
  pool: () => import('./commands/pool.js'),
  fs: () => import('./commands/fs.js'),
  debug: () => import('./commands/debug.js'),
  mount: () => import('./commands/mount.js'),
  '__task-worker': () => import('./commands/task-worker.js'),
  '__mount-worker': () => import('./commands/mount-worker.js'),
};
