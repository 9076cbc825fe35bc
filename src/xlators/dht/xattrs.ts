// DHT's own on-disk markers (docs/on-disk-format.md §1.3–1.6): the layout of directories, the linkto
// pointer of linkto files, the MDS marker of directories and the volume commit hash on brick roots.
// String values carry the trailing NUL GlusterFS's dict adds.
import type { Iatt } from '../types.js';

/** The default of DHT's volfile option xattr-name (volume option cluster.dht-xattr-name). */
export const DEFAULT_XATTR_NAME = 'trusted.glusterfs.dht';

/**
 * The keys of one DHT instance, all derived from its xattr-name as 10.3's dht_init derives them:
 * the layout key is the name itself, the others `<name>.mds`, `<name>.linkto`, `<name>.commithash`.
 */
export interface DhtKeys {
  /** The name itself: a directory copy's layout range (conf->xattr_name). */
  readonly layout: string;
  /** `<name>.mds`: the copy holding a directory's user-visible metadata (conf->mds_xattr_key). */
  readonly mds: string;
  /** `<name>.linkto`: a linkto file's target subvolume (conf->link_xattr_name). */
  readonly linkto: string;
  /** `<name>.commithash`: the volume commit hash on the brick roots (conf->commithash_xattr_name). */
  readonly commitHash: string;
}

function keysOf(name: string): DhtKeys {
  return Object.freeze({ layout: name, mds: `${name}.mds`, linkto: `${name}.linkto`, commitHash: `${name}.commithash` });
}

/** The keys of a DHT without the option. */
export const DEFAULT_KEYS: DhtKeys = keysOf(DEFAULT_XATTR_NAME);

/** The keys for an xattr-name option value (absent or empty: the default). */
export function dhtKeys(name: string | undefined): DhtKeys {
  return !name || name === DEFAULT_XATTR_NAME ? DEFAULT_KEYS : keysOf(name);
}

/** The default keys one by one (for reading bricks of a volume without the option). */
export const LINKTO_XATTR = DEFAULT_KEYS.linkto;
export const MDS_XATTR = DEFAULT_KEYS.mds;
export const COMMITHASH_XATTR = DEFAULT_KEYS.commitHash;
/** Permission bits of a linkto file: the sticky bit alone (`---------T`). */
export const LINKTO_MODE = 0o1000;

/** "<subvol>\0" */
export function encodeLinkto(subvol: string): Buffer {
  return Buffer.concat([Buffer.from(subvol, 'utf8'), Buffer.alloc(1)]);
}

/** The subvolume name a linkto value points at (tolerates a missing NUL). */
export function decodeLinkto(b: Buffer): string {
  const nul = b.indexOf(0);
  return b.subarray(0, nul < 0 ? b.length : nul).toString('utf8');
}

/** The MDS marker: BE s32 0. */
export const mdsValue = (): Buffer => Buffer.alloc(4);

/** Decimal text of a u32 plus NUL. */
export function encodeCommitHash(h: number): Buffer {
  return Buffer.from(`${h >>> 0}\0`, 'latin1');
}

/** The volume commit hash from the root xattr; 0 when absent or unreadable. */
export function decodeCommitHash(b: Buffer | undefined): number {
  if (!b) return 0;
  const m = /^\d+/.exec(b.toString('latin1'));
  return m ? Number(m[0]) >>> 0 : 0;
}

/** GlusterFS's test: permission bits exactly 01000 and a linkto xattr `key` (docs/on-disk-format.md §1.6). */
export function isLinkto(iatt: Pick<Iatt, 'type' | 'mode'>, xattrs: Record<string, Buffer> | undefined, key: string): boolean {
  return iatt.type === 'file' && (iatt.mode & 0o7777) === LINKTO_MODE && !!xattrs && key in xattrs;
}

/** Mode bits a file being migrated carries on its source copy on top of its own ("phase 1"). */
export const MIGRATION_BITS = 0o3000; // S_ISVTX | S_ISGID

/** A phase-1 source: its own mode plus sticky+setgid, and a linkto xattr `key` naming the destination (§5.3). */
export function isMigrating(iatt: Pick<Iatt, 'type' | 'mode'>, xattrs: Record<string, Buffer> | undefined, key: string): boolean {
  return (
    iatt.type === 'file' &&
    (iatt.mode & MIGRATION_BITS) === MIGRATION_BITS &&
    (iatt.mode & 0o7777) !== LINKTO_MODE &&
    !!xattrs &&
    key in xattrs
  );
}
