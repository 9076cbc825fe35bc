// The anonymous-inode directory of a replicated volume (docs/on-disk-format.md §1.13, §2.2):
// `<brick>/.glusterfs-anonymous-inode-<volume-id>`, mode 0755, whose only xattr is
// trusted.gfid = volume id with the lowest bit of byte 0 flipped. AFR entry self-heal parks
// removed-but-still-referenced inodes there (cluster.use-anonymous-inode, default yes).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getXattrOpt, setXattr } from '../../xattr/index.js';
import { ROOT_GFID } from '../types.js';
import { bytesToGfid, gfidToBytes } from '../../libglusterfs/uuid.js';

export const ANON_INODE_PREFIX = '.glusterfs-anonymous-inode-';

export function anonymousInodeDirName(volumeId: string): string {
  return ANON_INODE_PREFIX + volumeId.toLowerCase();
}

/** gfid of the anonymous-inode directory: the volume id with bit 0 of byte 0 flipped. */
export function anonymousInodeGfid(volumeId: string): string {
  const b = gfidToBytes(volumeId.toLowerCase());
  b[0] ^= 1;
  return bytesToGfid(b);
}

/** Creates (or completes) the directory and its handle symlink on one brick. */
export function ensureAnonymousInodeDirOnBrick(brickPath: string, volumeId: string): void {
  const name = anonymousInodeDirName(volumeId);
  const gfid = anonymousInodeGfid(volumeId);
  const dir = path.join(brickPath, name);
  try {
    fs.mkdirSync(dir, { mode: 0o755 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  // mkdir's mode is filtered by the umask; the on-disk mode must be exactly 0755.
  fs.chmodSync(dir, 0o755);
  if (getXattrOpt(dir, 'trusted.gfid') === undefined) {
    setXattr(dir, 'trusted.gfid', gfidToBytes(gfid), 'create');
  }
  ensureDirHandle(brickPath, gfid, name);
}

/** `.glusterfs/XX/YY/<gfid> -> ../../00/00/<root gfid>/<name>` for a directory directly under root. */
function ensureDirHandle(brickPath: string, gfid: string, name: string): void {
  const parent = path.join(brickPath, '.glusterfs', gfid.slice(0, 2), gfid.slice(2, 4));
  const handle = path.join(parent, gfid);
  const target = `../../${ROOT_GFID.slice(0, 2)}/${ROOT_GFID.slice(2, 4)}/${ROOT_GFID}/${name}`;
  fs.mkdirSync(path.dirname(parent), { recursive: true, mode: 0o700 });
  fs.mkdirSync(parent, { recursive: true, mode: 0o700 });
  let current: string | undefined;
  try {
    current = fs.readlinkSync(handle);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EINVAL') fs.rmSync(handle, { recursive: true, force: true }); // not a symlink
    else if (code !== 'ENOENT') throw e;
  }
  if (current === target) return;
  if (current !== undefined) fs.unlinkSync(handle);
  fs.symlinkSync(target, handle);
}

/** On every brick of a replicated volume (volume create, add-brick, start). Idempotent. */
export function ensureAnonymousInodeDir(brickPaths: readonly string[], volumeId: string): void {
  for (const p of brickPaths) ensureAnonymousInodeDirOnBrick(p, volumeId);
}
