import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Brick, Volume } from '../../../src/mgmt/types.js';
import { getXattrOpt, setXattr } from '../../../src/xattr/index.js';
import { brickStatfs } from '../../../src/xlators/dht/du.js';
import { chunksFromStatfs, computeNewLayout, decodeLayout, encodeLayout } from '../../../src/xlators/dht/layout.js';
import { initRootLayout } from '../../../src/xlators/dht/root-layout.js';
import { rootLayoutPlan } from '../../../src/glusterfsd/brick-processes.js';

const DHT = 'trusted.glusterfs.dht';
let tmp: string;

function volume(n: number, replica = 1): Volume {
  const bricks: Brick[] = Array.from({ length: n }, (_, i) => {
    const p = path.join(tmp, `b${i}`);
    fs.mkdirSync(p);
    return { host: 'server1', path: p, brickId: i, nodeUuid: 'u', port: 49152 + i, arbiter: false };
  });
  return {
    name: 'rl', id: '7000c90b-0000-4000-8000-000000000000', type: replica > 1 ? 'Distributed-Replicate' : 'Distribute',
    status: 'Created', replicaCount: replica, arbiterCount: 0, disperseCount: 0, redundancyCount: 0, stripeCount: 1,
    transport: 'tcp', bricks, options: [],
  };
}
const layoutHex = (b: Brick) => getXattrOpt(b.path, DHT)?.toString('hex');

beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-d1-root-')); });
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('initRootLayout', () => {
  it('writes the 3-brick root layout GlusterFS writes (commit hash 1)', () => {
    const v = volume(3);
    initRootLayout(rootLayoutPlan(v));
    // all bricks share one filesystem: equal chunks, so the ranges are the docs/on-disk-format.md §1.3 ones
    expect(v.bricks.map(layoutHex)).toEqual([
      '0000000100000000aaaaaaaaffffffff',
      '00000001000000000000000055555554',
      '000000010000000055555555aaaaaaa9',
    ]);
  });

  it('uses the chunks of the brick filesystem divided by the shared-brick-count', () => {
    const v = volume(4);
    initRootLayout(rootLayoutPlan(v));
    const chunks = chunksFromStatfs(brickStatfs(v.bricks[0].path, 4));
    const want = computeNewLayout('/', v.bricks.map((b) => ({ name: `rl-client-${b.brickId}`, chunks, usable: true })), { commitHash: 1 });
    expect(v.bricks.map(layoutHex)).toEqual(want.entries.map((e) => encodeLayout(e.range).toString('hex')));
  });

  it('gives every brick of a replica set the same value', () => {
    const v = volume(4, 2);
    initRootLayout(rootLayoutPlan(v));
    const [a, b, c, d] = v.bricks.map(layoutHex);
    expect(a).toBe(b);
    expect(c).toBe(d);
    expect(a).not.toBe(c);
    expect(decodeLayout(Buffer.from(a!, 'hex')).commitHash).toBe(1);
  });

  it('writes nothing for a single-subvolume volume', () => {
    const v = volume(3, 3);
    initRootLayout(rootLayoutPlan(v));
    expect(v.bricks.map(layoutHex)).toEqual([undefined, undefined, undefined]);
  });

  it('keeps an existing root layout and gives none to a brick added later', () => {
    const v = volume(3);
    const adopted = encodeLayout({ commitHash: 0x580f8dd4, type: 0, start: 0, stop: 0xffffffff });
    setXattr(v.bricks[0].path, DHT, adopted);
    initRootLayout(rootLayoutPlan(v));
    expect(v.bricks.map(layoutHex)).toEqual([adopted.toString('hex'), undefined, undefined]);
  });

  it('copies a replica sibling value to a brick that lacks it', () => {
    const v = volume(4, 2);
    initRootLayout(rootLayoutPlan(v));
    fs.rmSync(v.bricks[1].path, { recursive: true });
    fs.mkdirSync(v.bricks[1].path);
    initRootLayout(rootLayoutPlan(v));
    expect(layoutHex(v.bricks[1])).toBe(layoutHex(v.bricks[0]));
  });

  it('uses the layout key of cluster.dht-xattr-name; a first start drops the default-named layout volume create wrote', () => {
    const v = volume(3);
    initRootLayout(rootLayoutPlan(v)); // volume create, before the option is set
    const written = v.bricks.map(layoutHex);
    v.options.push(['cluster.dht-xattr-name', 'trusted.foo.bar']);
    const named = (b: Brick) => getXattrOpt(b.path, 'trusted.foo.bar')?.toString('hex');
    // add-brick and the like on a volume never started: the new name's layout, the old one left alone
    initRootLayout(rootLayoutPlan(v));
    expect(v.bricks.map(named)).toEqual(written);
    expect(v.bricks.map(layoutHex)).toEqual(written);
    // its first start: no client ever saw the default-named one
    initRootLayout(rootLayoutPlan(v, true));
    expect(v.bricks.map(named)).toEqual(written);
    expect(v.bricks.map(layoutHex)).toEqual([undefined, undefined, undefined]);
  });

  it('is idempotent', () => {
    const v = volume(3);
    initRootLayout(rootLayoutPlan(v));
    const first = v.bricks.map(layoutHex);
    initRootLayout(rootLayoutPlan(v));
    expect(v.bricks.map(layoutHex)).toEqual(first);
  });
});
