import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  anonymousInodeGfid,
  ensureAnonymousInodeDir,
  ensureAnonymousInodeDirOnBrick,
} from '../../../src/xlators/afr/anonymous-inode.js';
import { getAllXattrs, setXattr } from '../../../src/xattr/index.js';
import { gfidToBytes } from '../../../src/libglusterfs/uuid.js';
import { prepareVolumeBricks } from '../../../src/glusterfsd/brick-processes.js';
import type { Volume } from '../../../src/mgmt/types.js';

const VOLID = '7000c90b-1234-4abc-8def-0123456789ab';
const NAME = `.glusterfs-anonymous-inode-${VOLID}`;

function volume(bricks: string[], replicaCount: number): Volume {
  return {
    name: 'v', id: VOLID, type: 'Replicate', status: 'Created', replicaCount, arbiterCount: 0,
    disperseCount: 0, redundancyCount: 0, stripeCount: 0, transport: 'tcp', options: [],
    bricks: bricks.map((p, i) => ({
      host: 'server1', path: p, brickId: i, nodeUuid: 'x', port: 49152 + i, arbiter: false,
    })),
  };
}

describe('anonymous-inode directory', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'afr-anon-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('flips the lowest bit of the first byte of the volume id', () => {
    expect(anonymousInodeGfid(VOLID)).toBe('7100c90b-1234-4abc-8def-0123456789ab');
    expect(anonymousInodeGfid('ff000000-0000-0000-0000-000000000000')).toBe('fe000000-0000-0000-0000-000000000000');
  });

  it('creates dir (0755, only trusted.gfid) and handle symlink on every brick, idempotently', () => {
    const bricks = [path.join(tmp, 'b0'), path.join(tmp, 'b1')];
    for (const b of bricks) fs.mkdirSync(b);
    const vol = volume(bricks, 2);
    ensureAnonymousInodeDir(bricks, vol.id);
    ensureAnonymousInodeDir(bricks, vol.id);
    for (const b of bricks) {
      const dir = path.join(b, NAME);
      expect(fs.statSync(dir).mode & 0o7777).toBe(0o755);
      const xa = getAllXattrs(dir);
      expect(Object.keys(xa)).toEqual(['trusted.gfid']);
      expect(xa['trusted.gfid'].toString('hex')).toBe('7100c90b12344abc8def0123456789ab');
      const handle = path.join(b, '.glusterfs', '71', '00', '7100c90b-1234-4abc-8def-0123456789ab');
      expect(fs.readlinkSync(handle)).toBe(`../../00/00/00000000-0000-0000-0000-000000000001/${NAME}`);
    }
  });

  it('repairs a wrong handle target', () => {
    const b = path.join(tmp, 'b0');
    fs.mkdirSync(b);
    const handle = path.join(b, '.glusterfs', '71', '00', '7100c90b-1234-4abc-8def-0123456789ab');
    fs.mkdirSync(path.dirname(handle), { recursive: true });
    fs.symlinkSync('../../zz', handle);
    ensureAnonymousInodeDirOnBrick(b, VOLID);
    expect(fs.readlinkSync(handle)).toContain(NAME);
  });

  it('is not made on a non-replicated volume (a starting brick of one has no AFR)', () => {
    const b = path.join(tmp, 'b0');
    fs.mkdirSync(b);
    const v = volume([b], 1);
    setXattr(b, 'trusted.glusterfs.volume-id', gfidToBytes(v.id));
    prepareVolumeBricks(v);
    expect(fs.readdirSync(b).filter((n) => n.startsWith('.glusterfs-anonymous'))).toEqual([]);
  });
});
