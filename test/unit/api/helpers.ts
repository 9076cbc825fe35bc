// Volumes in temp dirs for api/scenario tests: a Volume object built directly (no CLI), its
// bricks prepared as volume create + start would.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Brick, Volume, VolumeType } from '../../../src/mgmt/types.js';
import { prepareVolumeBricks } from '../../../src/glusterfsd/brick-processes.js';
import { setXattr } from '../../../src/xattr/index.js';
import { gfidToBytes } from '../../../src/libglusterfs/uuid.js';

export interface TestVolume {
  volume: Volume;
  dir: string;
  brickPaths: string[];
  cleanup(): void;
}

export function makeVolume(name: string, opts: { bricks: number; replica?: number; arbiter?: boolean; home?: string }): TestVolume {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tg-${name}-`));
  const replica = opts.replica ?? 1;
  const id = randomUUID();
  const bricks: Brick[] = [];
  for (let i = 0; i < opts.bricks; i++) {
    const p = path.join(dir, `b${i}`);
    fs.mkdirSync(p);
    setXattr(p, 'trusted.glusterfs.volume-id', gfidToBytes(id));
    bricks.push({
      host: `server${(i % 3) + 1}`,
      path: p,
      brickId: i,
      nodeUuid: '11111111-2222-3333-4444-555555555555',
      port: 49152 + i,
      arbiter: !!opts.arbiter && i % replica === replica - 1,
    });
  }
  const sets = opts.bricks / replica;
  const type: VolumeType = replica > 1 ? (sets > 1 ? 'Distributed-Replicate' : 'Replicate') : 'Distribute';
  const volume: Volume = {
    name,
    id,
    type,
    status: 'Started',
    replicaCount: replica,
    arbiterCount: opts.arbiter ? 1 : 0,
    disperseCount: 0,
    redundancyCount: 0,
    stripeCount: 1,
    transport: 'tcp',
    bricks,
    options: [],
  };
  prepareVolumeBricks(volume);
  return {
    volume,
    dir,
    brickPaths: bricks.map((b) => b.path),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
