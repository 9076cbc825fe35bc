// Sparse files: the seek fop (SEEK_DATA / SEEK_HOLE) through posix, AFR and DHT, and heal and
// migration copying only where the data is, so that a file of 16 GiB holding a few bytes heals
// and moves with a handful of reads (10.3 does the same), its holes kept on the new copy.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Posix } from '../../src/xlators/posix/posix.js';
import { healInode } from '../../src/xlators/afr/self-heal.js';
import { migrateFile } from '../../src/xlators/dht/migrate.js';
import { dhtHash } from '../../src/xlators/dht/hash.js';
import { decodeLayout, searchLayout } from '../../src/xlators/dht/layout.js';
import { getXattr } from '../../src/xattr/index.js';
import { bytesToGfid } from '../../src/libglusterfs/uuid.js';
import { fopCode } from '../helpers/fop-code.js';
import { ROOT_GFID } from '../../src/xlators/types.js';
import { loc, replicaSet, xd, type ReplicaSet } from './afr-helpers.js';
import { distVolume, type DistVolume } from './dht-helpers.js';

const GiB = 2 ** 30;
let set: ReplicaSet | undefined;
let dv: DistVolume | undefined;
afterEach(() => {
  vi.restoreAllMocks();
  set?.cleanup();
  dv?.cleanup();
  set = dv = undefined;
});

/** posix readv calls (and bytes asked) while `fn` runs. */
function countReads(fn: () => void): { calls: number; bytes: number } {
  const out = { calls: 0, bytes: 0 };
  const readv = Posix.prototype.readv;
  vi.spyOn(Posix.prototype, 'readv').mockImplementation(function (this: Posix, l, off, size) {
    out.calls++;
    out.bytes += size;
    return readv.call(this, l, off, size);
  });
  fn();
  vi.restoreAllMocks();
  return out;
}

/** Blocks allocated to a brick's copy (st_blocks, 512-byte units). */
const blocks = (p: string) => fs.statSync(p).blocks;

describe('the seek fop', () => {
  it('answers where data and holes start, through AFR; ENXIO past the last data', () => {
    set = replicaSet('sk', 2);
    const s = set;
    s.afr.create(loc('/f'), 0o644, xd());
    s.afr.writev(loc('/f'), 3 * GiB, Buffer.from('data'), xd());
    expect(s.afr.seek(loc('/f'), 0, 'data')).toBe(3 * GiB);
    expect(s.afr.seek(loc('/f'), 0, 'hole')).toBe(0);
    expect(s.afr.seek(loc('/f'), 3 * GiB, 'hole')).toBe(3 * GiB + 4);
    expect(fopCode(() => s.afr.seek(loc('/f'), 3 * GiB + 4, 'data'))).toBe('ENXIO');
    expect(fopCode(() => s.afr.seek(loc('/f'), -1, 'data'))).toBe('EINVAL');
  });
});

describe('heal of a sparse file', () => {
  it('reads only where the source has data and leaves the sink sparse', () => {
    set = replicaSet('sh', 2, { options: [['cluster.self-heal-daemon', 'off']] });
    const s = set;
    s.clients[1].setDown(true);
    s.afr.create(loc('/big'), 0o644, xd());
    s.afr.writev(loc('/big'), 16 * GiB, Buffer.from('the end'), xd());
    s.clients[1].setDown(false);
    // from the root: its entry heal makes the file on the sink, then heals the file
    let healed = false;
    const reads = countReads(() => (healed = healInode(s.afr.healContext(), ROOT_GFID).healed));
    expect(healed).toBe(true);
    expect(reads.bytes).toBeLessThan(1 << 20);
    const sink = path.join(s.brickPaths[1], 'big');
    expect(fs.statSync(sink).size).toBe(16 * GiB + 7);
    expect(blocks(sink)).toBeLessThanOrEqual(blocks(path.join(s.brickPaths[0], 'big')));
    const tail = Buffer.alloc(7);
    const fd = fs.openSync(sink, 'r');
    fs.readSync(fd, tail, 0, 7, 16 * GiB);
    fs.closeSync(fd);
    expect(tail.toString()).toBe('the end');
  });

  it('a sink with stale data where the source has a hole gets zeros there', () => {
    set = replicaSet('sz', 2, { options: [['cluster.self-heal-daemon', 'off']] });
    const s = set;
    s.afr.create(loc('/f'), 0o644, xd());
    s.afr.writev(loc('/f'), 0, Buffer.alloc(8192, 7), xd());
    s.clients[1].setDown(true);
    s.afr.truncate(loc('/f'), 0, xd());
    s.afr.writev(loc('/f'), GiB, Buffer.from('x'), xd());
    s.clients[1].setDown(false);
    const gfid = bytesToGfid(getXattr(path.join(s.brickPaths[0], 'f'), 'trusted.gfid'));
    expect(healInode(s.afr.healContext(), gfid).healed).toBe(true);
    const [a, b] = s.brickPaths.map((bp) => {
      const fd = fs.openSync(path.join(bp, 'f'), 'r');
      const head = Buffer.alloc(8192);
      fs.readSync(fd, head, 0, 8192, 0);
      fs.closeSync(fd);
      return head;
    });
    expect(b.equals(a)).toBe(true);
    expect(b.every((x) => x === 0)).toBe(true);
  });
});

describe('migration of a sparse file', () => {
  it('copies only the data, the destination as sparse as the source', () => {
    dv = distVolume(2);
    const v = dv;
    v.dht.mkdir(loc('/d'), 0o755, xd());
    const layout = { entries: [0, 1].map((i) => ({ name: `dv-client-${i}`, range: decodeLayout(getXattr(v.on(i, 'd'), 'trusted.glusterfs.dht')) })) };
    const name = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].find((n) => searchLayout(layout, dhtHash(n)) === 'dv-client-1')!;
    // on brick 0 where it does not hash (as a file left there before a layout change)
    v.posix[0].create(loc(`/d/${name}`), 0o644, xd());
    v.posix[0].writev(loc(`/d/${name}`), 12 * GiB, Buffer.from('tail'));
    let r = '';
    const reads = countReads(() => (r = migrateFile(v.dht, loc(`/d/${name}`))));
    expect(r).toBe('migrated');
    expect(reads.bytes).toBeLessThan(1 << 20);
    const dst = v.on(1, `d/${name}`);
    expect(fs.statSync(dst).size).toBe(12 * GiB + 4);
    expect(blocks(dst)).toBeLessThanOrEqual(64);
    expect(v.dht.readv(loc(`/d/${name}`), 12 * GiB, 4).toString()).toBe('tail');
  });
});
