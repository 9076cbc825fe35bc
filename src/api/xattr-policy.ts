// Which xattrs a client may see and change. GlusterFS keeps its own metadata in trusted.*
// keys on the bricks and hides it from mounts: reading such a key gives ENODATA, and setting
// one is refused or ignored, depending on the key (observed on a 10.3 FUSE mount as root).
// DHT's keys are those of the volume's DHT: its xattr-name (cluster.dht-xattr-name, by default
// trusted.glusterfs.dht) and the keys under it; with another name, trusted.glusterfs.dht* are
// ordinary keys, stored and shown as any other (as a 10.3 mount does). trusted.glusterfs.shard.*
// are ordinary too unless features.shard is on, where the shard translator guards them.
import { FopError } from '../libglusterfs/errors.js';

/** Keys (or key prefixes, ending in ".") the volume keeps for itself, besides DHT's. */
const INTERNAL: readonly string[] = [
  'trusted.gfid',
  'trusted.afr.',
  'trusted.glusterfs.volume-id',
  'trusted.gfid2path.',
  'trusted.glusterfs.mdata',
  'trusted.pgfid.',
  'trusted.ec.',
  'trusted.glusterfs.test',
  // Where non-root tgluster keeps trusted.* (src/xattr): closed to clients as trusted.* is, in
  // every mode, so a name set by a client never becomes a brick's gfid or changelog.
  'user.tgluster.',
];

function matches(name: string, key: string): boolean {
  return key.endsWith('.') ? name.startsWith(key) : name === key || name.startsWith(key + '.');
}

/** `dhtName`: the layout key of the volume's DHT (its xattr-name), which the keys under it share. */
export function isInternalXattr(name: string, dhtName: string): boolean {
  return matches(name, dhtName) || INTERNAL.some((k) => matches(name, k));
}

/**
 * What a set/remove of `name` does: 'pass' to the volume, 'ignore' (reported as success, as DHT
 * and the ctime layer swallow their own keys), or throws the errno the mount gives.
 */
export function checkXattrWrite(name: string, dhtName: string): 'pass' | 'ignore' {
  if (!name || Buffer.byteLength(name) > 255) throw new FopError(name ? 'ERANGE' : 'EINVAL', name);
  if (!isInternalXattr(name, dhtName)) return 'pass';
  if (name.startsWith('trusted.gfid2path.')) throw new FopError('ENOTSUP', name);
  if (name.startsWith(dhtName) || name === 'trusted.glusterfs.mdata') return 'ignore';
  throw new FopError('EPERM', name);
}
