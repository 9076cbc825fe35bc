import { describe, expect, it } from 'vitest';
import { FopError } from '../../../src/libglusterfs/errors.js';
import {
  chunksFromStatfs,
  computeNewLayout,
  decodeLayout,
  encodeLayout,
  fixLayout,
  hashedSubvol,
  layoutIsComplete,
  searchLayout,
  type DirLayout,
  type LayoutRange,
  type SubvolInfo,
} from '../../../src/xlators/dht/layout.js';
import { load, type Placement, type RefDir, type RefRange } from './fixtures.js';

const ref = load<Placement>('dht-placement.json');
const hex = (b: Buffer) => b.toString('hex');
const rangeOf = (r: RefRange): LayoutRange => decodeLayout(Buffer.from(r.xattr_hex, 'hex'));
const refLayout = (d: RefDir): DirLayout => ({
  entries: Object.entries(d.layout).map(([name, r]) => ({ name, range: rangeOf(r) })),
});
const commitOf = (d: RefDir) => Number(Object.values(d.layout)[0].commit_hash);

describe('layout codec', () => {
  it('round-trips the 16-byte big-endian value', () => {
    const r = { commitHash: 0x580f8dd4, type: 0, start: 0xbffffffd, stop: 0xffffffff };
    expect(hex(encodeLayout(r))).toBe('580f8dd400000000bffffffdffffffff');
    expect(decodeLayout(encodeLayout(r))).toEqual(r);
  });
  it('rejects a wrong size or an unknown hash type with EINVAL', () => {
    expect(() => decodeLayout(Buffer.alloc(12))).toThrow(FopError);
    expect(() => decodeLayout(Buffer.from('00000000000000070000000000000001', 'hex'))).toThrowError(/Invalid argument/);
  });
  it('accepts a user-set layout (type 1)', () => {
    expect(decodeLayout(Buffer.from('00000000000000010000000000000001', 'hex')).type).toBe(1);
  });
});

describe('chunks from statfs', () => {
  it('is the size in MiB rounded up', () => {
    expect(chunksFromStatfs({ bsize: 4096, blocks: 256 })).toBe(1);
    expect(chunksFromStatfs({ bsize: 4096, blocks: 257 })).toBe(2);
    expect(chunksFromStatfs({ bsize: 4096, blocks: 0 })).toBe(0);
  });
});

describe('new-directory layouts of real GlusterFS volumes (§4.3)', () => {
  for (const vol of ref.volumes) {
    const subvols: SubvolInfo[] = vol.subvolumes.map((s) => ({ name: s.name, chunks: s.du_chunks_1MiB, usable: true }));
    for (const dir of vol.directories) {
      it(`${vol.volume} ${dir.path}`, () => {
        const got = computeNewLayout(dir.path, subvols, { commitHash: commitOf(dir) });
        expect(got.entries.map((e) => e.name)).toEqual(Object.keys(dir.layout).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
        for (const e of got.entries) expect(hex(encodeLayout(e.range)), e.name).toBe(dir.layout[e.name].xattr_hex);
        expect(layoutIsComplete(got)).toBe(true);
      });
    }
  }

  it('covers 251 layout entries', () => {
    const n = ref.volumes.flatMap((v) => v.directories).reduce((a, d) => a + Object.keys(d.layout).length, 0);
    expect(n).toBe(251);
  });

  it('weights ranges by chunks (64/128/320 MiB example)', () => {
    const subvols = [0, 1, 2].map((i) => ({ name: `diskW-client-${i}`, chunks: [64, 128, 320][i], usable: true }));
    const l = computeNewLayout('/', subvols, { commitHash: 1 });
    const r = Object.fromEntries(l.entries.map((e) => [e.name, [e.range.start, e.range.stop]]));
    expect(r['diskW-client-1']).toEqual([0, 0x3ffffffe]);
    expect(r['diskW-client-2']).toEqual([0x3fffffff, 0xdffffffd]);
    expect(r['diskW-client-0']).toEqual([0xdffffffe, 0xffffffff]);
  });

  it('truncates the double arithmetic (5 x 12345 chunks -> 0x33333332 long ranges)', () => {
    const subvols = [0, 1, 2, 3, 4].map((i) => ({ name: `v-client-${i}`, chunks: 12345, usable: true }));
    const l = computeNewLayout('/d', subvols, { commitHash: 0 });
    const sizes = l.entries.map((e) => e.range.stop - e.range.start + 1).sort();
    expect(sizes.filter((s) => s === 0x33333332)).toHaveLength(4);
  });

  it('skips an unusable subvolume but keeps it in the start index modulo (§4.7)', () => {
    const subvols = [0, 1, 2, 3].map((i) => ({ name: `v-client-${i}`, chunks: 100, usable: i !== 2 }));
    const l = computeNewLayout('/dirA', subvols, { commitHash: 0 });
    const down = l.entries.find((e) => e.name === 'v-client-2')!;
    expect([down.range.start, down.range.stop]).toEqual([0, 0]);
    expect(layoutIsComplete(l)).toBe(true);
    // hash("/dirA") = 0xf057ac7a; mod 4 = 2 (the down one), so the rotation starts at client-3
    const c3 = l.entries.find((e) => e.name === 'v-client-3')!;
    expect(c3.range.start).toBe(0);
  });

  it('spreads over subvols-per-directory subvolumes only', () => {
    const subvols = [0, 1, 2, 3].map((i) => ({ name: `v-client-${i}`, chunks: 100, usable: true }));
    const l = computeNewLayout('/x', subvols, { commitHash: 0, spreadCount: 2 });
    expect(l.entries.filter((e) => e.range.stop !== 0)).toHaveLength(2);
    expect(layoutIsComplete(l)).toBe(true);
  });
});

describe('file placement of real GlusterFS volumes (§4.5)', () => {
  for (const vol of ref.volumes) {
    for (const dir of vol.directories.filter((d) => d.files.length)) {
      it(`${vol.volume} ${dir.path}: ${dir.files.length} files`, () => {
        const layout = refLayout(dir);
        for (const f of dir.files) {
          const name = Buffer.from(f.name_hex, 'hex');
          const hashed = hashedSubvol(layout, name.toString('utf8'));
          expect(searchLayout(layout, Number(f.dht_hash))).toBe(hashed);
          // on its hashed subvolume, or (rename/link/min-free-disk) a linkto there points to it
          const viaLinkto = f.linkto_files?.find((l) => l.subvol === hashed && l.linkto === f.subvol);
          expect(viaLinkto ? f.subvol : hashed, `${dir.path}/${f.name}`).toBe(f.subvol);
        }
      });
    }
  }
  it('covers 1164 files', () => {
    expect(ref.volumes.flatMap((v) => v.directories).reduce((a, d) => a + d.files.length, 0)).toBe(1164);
  });
});

describe('fix-layout (§4.4) against the rebalance experiment', () => {
  const rx = ref.rebalance_experiment;
  const names = [0, 1, 2, 3].map((i) => `diskDist3-client-${i}`);
  const oldMap = (d: RefDir | undefined) => new Map(Object.entries(d?.layout ?? {}).map(([n, r]) => [n, rangeOf(r)]));
  const check = (before: RefDir[], after: RefDir[], decommissioned: Set<string>) => {
    let compared = 0;
    for (const dir of after) {
      const old = before.find((d) => d.path === dir.path);
      if (!old) continue; // created after the change: a plain new layout
      const subvols = names.map((name) => ({ name, chunks: 258020, usable: !decommissioned.has(name) }));
      const got = fixLayout(dir.path, subvols, oldMap(old), { commitHash: commitOf(old), decommissioned })!;
      for (const e of got.entries) expect(hex(encodeLayout(e.range)), `${dir.path} ${e.name}`).toBe(dir.layout[e.name].xattr_hex);
      compared += got.entries.length;
    }
    return compared;
  };
  it('add-brick then fix-layout: 3 -> 4 subvolumes', () => {
    expect(check(rx.before_add_brick, rx.after_fix_layout, new Set())).toBe(36);
  });
  it('remove-brick start: client-3 decommissioned', () => {
    expect(check(rx.after_rebalance, rx.after_remove_brick_start, new Set(['diskDist3-client-3']))).toBe(40);
  });
  it('leaves a user-set layout alone', () => {
    const old = new Map([['a', { commitHash: 0, type: 1, start: 0, stop: 0xffffffff }]]);
    expect(fixLayout('/', [{ name: 'a', chunks: 1, usable: true }], old, { commitHash: 0 })).toBeUndefined();
  });
});
