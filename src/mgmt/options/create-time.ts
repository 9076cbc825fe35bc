// Options glusterd writes into a volume's dictionary by itself: at create time, and again
// after `volume reset` (glusterd re-applies its "default options" after every reset).
import type { Volume } from '../types.js';
import { isReplicate } from './volume-kind.js';

type Entry = [string, string];

/** Prepend a key the way glusterd's dictionary does: a new key goes first, an existing key keeps its place. */
export function putOption(options: Entry[], key: string, value: string): Entry[] {
  const at = options.findIndex(([k]) => k === key);
  if (at >= 0) {
    const copy = options.slice();
    copy[at] = [key, value];
    return copy;
  }
  return [[key, value], ...options];
}

/**
 * glusterd's "enable default options" step. `key` is the key being reset (undefined = all):
 * nfs.disable and transport.address-family come back only when that key (or everything) was
 * reset; fips-mode-rchecksum always; granular-entry-heal only on a never-started replicate volume.
 */
export function applyDefaultOptions(
  volume: Pick<Volume, 'type' | 'status' | 'transport'>,
  options: Entry[],
  key?: string,
): Entry[] {
  let opts = options;
  if (!key || key === 'nfs.disable') opts = putOption(opts, 'nfs.disable', 'on');
  if ((!key || key === 'transport.address-family') && volume.transport === 'tcp') {
    opts = putOption(opts, 'transport.address-family', 'inet');
  }
  opts = putOption(opts, 'storage.fips-mode-rchecksum', 'on');
  if (volume.status === 'Created' && isReplicate(volume)) {
    opts = putOption(opts, 'cluster.granular-entry-heal', 'on');
  }
  return opts;
}

/**
 * The "Options Reconfigured" entries of a freshly created volume, in `volume info` order
 * (most recently added first). Replicate volumes first get client-io-threads turned off.
 */
export function createTimeOptions(volume: Pick<Volume, 'type' | 'transport'>): Entry[] {
  const base: Entry[] = isReplicate(volume) ? [['performance.client-io-threads', 'off']] : [];
  return applyDefaultOptions({ ...volume, status: 'Created' }, base);
}
