// How a client reaches a brick's heal indices (GlusterFS's index translator): each index directory
// is a virtual directory with a fixed gfid that a nameless readdir lists (one entry per indexed
// gfid, or per parent gfid for entry-changes) and a nameless unlink purges. The self-heal crawl
// and `heal info` go through these fops, never through the brick's directories.
import type { Gfid } from '../xlators/types.js';

export type IndexKind = 'xattrop' | 'dirty' | 'entry-changes';

/** Virtual directory gfids (tgluster's own values: GlusterFS hands out a random one per brick start). */
export const INDEX_VGFID: Readonly<Record<IndexKind, Gfid>> = {
  xattrop: '00000000-0000-0000-0000-00000000000a',
  dirty: '00000000-0000-0000-0000-00000000000b',
  'entry-changes': '00000000-0000-0000-0000-00000000000c',
};

export function indexKindOf(gfid: Gfid | undefined): IndexKind | undefined {
  if (gfid === undefined) return undefined;
  for (const [k, v] of Object.entries(INDEX_VGFID)) if (v === gfid) return k as IndexKind;
  return undefined;
}

/** On-disk xattrs of a non-directory, one per name: `<parent gfid>/<name>` (posix keeps them, DHT reads them to find every name of a hard-linked file). */
export const GFID2PATH_PREFIX = 'trusted.gfid2path.';
/** Virtual xattr of any inode: its volume path as the brick knows it (GlusterFS's gfid-to-path key). */
export const GFID_TO_PATH_KEY = 'glusterfs.gfidtopath';
/** Virtual xattr of any inode: its path as the brick's inode table knows it (heal info's name). */
export const INODE_PATH_KEY = 'glusterfs.inode-path';
/**
 * Virtual xattr a lookup answers when asked (xdata.inodelkCount = a domain): "1" when some
 * process holds an inodelk of that domain on the inode, "0" when none does (GlusterFS's locks
 * translator answers glusterfs.inodelk-dom-count the same way; heal info reads it).
 */
export const INODELK_COUNT_KEY = 'glusterfs.inodelk-dom-count';
