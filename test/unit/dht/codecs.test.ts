import { describe, expect, it } from 'vitest';
import { dhtOptions, parseMinFree } from '../../../src/xlators/dht/options.js';
import { optionFlag } from '../../../src/libglusterfs/cparse.js';
import { mergedCommitHash } from '../../../src/xlators/dht/rebalance.js';
import { newCommitHash } from '../../../src/mgmt/rebalance.js';
import { dhtSubvolumeNames as dhtSubvolumes } from '../../../src/mgmt/volgen.js';
import {
  decodeCommitHash,
  decodeLinkto,
  encodeCommitHash,
  encodeLinkto,
  isLinkto,
  isMigrating,
} from '../../../src/xlators/dht/xattrs.js';
import type { Volume } from '../../../src/mgmt/types.js';

describe('DHT string xattrs carry the trailing NUL', () => {
  it('linkto', () => {
    expect(encodeLinkto('diskDist3-client-0').toString('hex')).toBe('6469736b44697374332d636c69656e742d3000');
    expect(decodeLinkto(Buffer.from('6469736b44697374332d636c69656e742d3000', 'hex'))).toBe('diskDist3-client-0');
    expect(decodeLinkto(Buffer.from('v-client-1'))).toBe('v-client-1');
  });
  it('commit hash is decimal text', () => {
    expect(encodeCommitHash(1477414356).toString('hex')).toBe('3134373734313433353600');
    expect(decodeCommitHash(Buffer.from('3134373734313433353600', 'hex'))).toBe(0x580f8dd4);
    expect(decodeCommitHash(undefined)).toBe(0);
    expect(decodeCommitHash(Buffer.from('garbage'))).toBe(0);
  });
});

describe('linkto and migration recognition (mode bits and xattr together)', () => {
  const k = 'trusted.glusterfs.dht.linkto';
  const x = { [k]: Buffer.from('v-client-0\0') };
  it('a linkto file is exactly 01000 with the xattr', () => {
    expect(isLinkto({ type: 'file', mode: 0o101000 }, x, k)).toBe(true);
    expect(isLinkto({ type: 'file', mode: 0o101000 }, {}, k)).toBe(false);
    expect(isLinkto({ type: 'file', mode: 0o101644 }, x, k)).toBe(false);
    expect(isLinkto({ type: 'dir', mode: 0o41000 }, x, k)).toBe(false);
    // the key is the DHT's (xattr-name): another name's linkto key is an ordinary xattr
    expect(isLinkto({ type: 'file', mode: 0o101000 }, x, 'trusted.foo.bar.linkto')).toBe(false);
  });
  it('phase 1 of a migration is the own mode plus sticky and setgid', () => {
    expect(isMigrating({ type: 'file', mode: 0o103644 }, x, k)).toBe(true);
    expect(isMigrating({ type: 'file', mode: 0o103644 }, {}, k)).toBe(false);
    expect(isMigrating({ type: 'file', mode: 0o101000 }, x, k)).toBe(false);
  });
});

describe('commit hashes', () => {
  it("glusterd's generator: (seconds << 3) | (1 << ((usec / 1024) % 3)), 32 bits", () => {
    expect(newCommitHash(0x0b01f1ban * 1_000_000n + 2048n)).toBe(0x580f8dd4);
    expect(newCommitHash(1n * 1_000_000n + 0n)).toBe(9);
    expect(newCommitHash(1n * 1_000_000n + 1024n)).toBe(10);
  });
  it('copies that disagree make the directory commit hash 1', () => {
    const r = (commitHash: number) => ({ commitHash, type: 0, start: 0, stop: 1 });
    expect(mergedCommitHash([r(5), r(5)])).toBe(5);
    expect(mergedCommitHash([r(5), r(7)])).toBe(1);
    expect(mergedCommitHash([])).toBe(0);
  });
});

describe('options', () => {
  it('parses booleans like gf_string2boolean', () => {
    expect(['on', 'yes', 'TRUE', 'enable', '1'].map((v) => optionFlag(v, false))).toEqual([true, true, true, true, true]);
    expect(['off', 'no', 'false', 'disable', '0'].map((v) => optionFlag(v, true))).toEqual([false, false, false, false, false]);
    expect(optionFlag('', true)).toBe(true);
  });
  it('min-free-disk is a percentage unless it has a size unit', () => {
    expect(parseMinFree('10%')).toEqual({ percent: 10 });
    expect(parseMinFree('25')).toEqual({ percent: 25 });
    expect(parseMinFree('5GB')).toEqual({ bytes: 5 * 2 ** 30 });
    expect(parseMinFree(undefined)).toEqual({ percent: 10 });
  });
  it('defaults are GlusterFS 10.3 ones', () => {
    const o = dhtOptions(() => '');
    expect([o.lookupOptimize, o.weighted, o.readdirOptimize, o.spreadCount, o.minFreeInodes]).toEqual([true, true, false, 0, 5]);
    expect(o.keys).toEqual({
      layout: 'trusted.glusterfs.dht',
      mds: 'trusted.glusterfs.dht.mds',
      linkto: 'trusted.glusterfs.dht.linkto',
      commitHash: 'trusted.glusterfs.dht.commithash',
    });
  });
  it('xattr-name names every key, as dht_init derives them (<name>, <name>.mds, .linkto, .commithash)', () => {
    const o = dhtOptions((k) => (k === 'xattr-name' ? 'trusted.foo.bar' : undefined));
    expect(o.keys).toEqual({ layout: 'trusted.foo.bar', mds: 'trusted.foo.bar.mds', linkto: 'trusted.foo.bar.linkto', commitHash: 'trusted.foo.bar.commithash' });
  });
});

describe('subvolume names (§4.2)', () => {
  const vol = (replica: number, ids: number[]): Volume => ({
    name: 'V', id: 'x', type: 'Distribute', status: 'Created', replicaCount: replica, arbiterCount: 0, disperseCount: 0,
    redundancyCount: 0, stripeCount: 1, transport: 'tcp', options: [],
    bricks: ids.map((brickId) => ({ host: 'h', path: `/b${brickId}`, brickId, nodeUuid: 'u', port: 0, arbiter: false })),
  });
  it('distribute uses brick ids, never renumbered', () => {
    expect(dhtSubvolumes(vol(1, [0, 2, 3])).map((s) => s.name)).toEqual(['V-client-0', 'V-client-2', 'V-client-3']);
  });
  it('replica sets are numbered by position', () => {
    expect(dhtSubvolumes(vol(2, [0, 1, 4, 5])).map((s) => [s.name, s.bricks.map((b) => b.brickId)])).toEqual([
      ['V-replicate-0', [0, 1]],
      ['V-replicate-1', [4, 5]],
    ]);
  });
});
