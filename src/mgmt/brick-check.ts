// glusterd's staging checks for `volume start` on each brick (docs/on-disk-format.md §7.2): the directory
// exists and carries this volume's trusted.glusterfs.volume-id. With force a missing id is
// written and a missing directory only leaves that brick offline; a different id always fails.
import * as fs from 'node:fs';
import type { Brick, Volume } from './types.js';
import { MgmtError } from './errors.js';
import { getXattrOpt, setXattr } from '../xattr/index.js';
import { bytesToGfid, gfidToBytes } from '../libglusterfs/uuid.js';
import { strerror } from '../libglusterfs/errors.js';

export const VOLUME_ID_XATTR = 'trusted.glusterfs.volume-id';

function isDir(p: string): string | undefined {
  try {
    return fs.lstatSync(p).isDirectory() ? undefined : 'ENOTDIR';
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? 'EIO';
  }
}

/**
 * Runs the checks in glusterd's order and returns the bricks that cannot start (force with a
 * missing directory). Throws MgmtError with glusterd's message otherwise.
 */
export function checkBricksForStart(vol: Volume, force: boolean): Set<Brick> {
  const unstartable = new Set<Brick>();
  for (const b of vol.bricks) {
    const dirErr = isDir(b.path);
    if (dirErr) {
      if (force) {
        unstartable.add(b);
        continue;
      }
      throw new MgmtError(`Failed to find brick directory ${b.path} for volume ${vol.name}. Reason : ${strerror(dirErr)}`);
    }
    const id = getXattrOpt(b.path, VOLUME_ID_XATTR);
    if (id === undefined) {
      if (!force) {
        throw new MgmtError(
          `Failed to get extended attribute ${VOLUME_ID_XATTR} for brick dir ${b.path}. Reason : ${strerror('ENODATA')}`,
        );
      }
      setXattr(b.path, VOLUME_ID_XATTR, gfidToBytes(vol.id), 'create');
      continue;
    }
    const found = id.length === 16 ? bytesToGfid(id) : id.toString('hex');
    if (found !== vol.id) {
      throw new MgmtError(
        `Volume id mismatch for brick ${b.host}:${b.path}. Expected volume id ${vol.id}, volume id ${found} found`,
      );
    }
  }
  return unstartable;
}
