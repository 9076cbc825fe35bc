// volgen: the graph's shape and names follow glusterd's volgen; volumes the data path cannot
// serve are refused with errors the CLI prints cleanly.
import { afterEach, describe, expect, it } from 'vitest';
import { buildGraph, volumeOptFn } from '../../../src/xlators/volgen.js';
import { defaultParts } from '../../../src/xlators/volgen-parts.js';
import { clientFor, FopError, openVolume } from '../../../src/api/index.js';
import { MgmtError } from '../../../src/mgmt/errors.js';
import type { Xlator } from '../../../src/xlators/types.js';
import type { Afr } from '../../../src/xlators/afr/afr.js';
import { makeVolume, type TestVolume } from './helpers.js';

const shape = (x: Xlator): unknown => (x.children.length ? { [x.name]: x.children.map(shape) } : x.name);

let tv: TestVolume | undefined;
afterEach(() => tv?.cleanup());

describe('buildGraph', () => {
  it('puts DHT over one AFR per replica set over clients named by brickId', () => {
    tv = makeVolume('vg', { bricks: 6, replica: 3 });
    // brickIds are global and never renumbered: a removed brick leaves a gap.
    tv.volume.bricks.forEach((b, i) => (b.brickId = i < 3 ? i : i + 2));
    const top = buildGraph(tv.volume, { home: tv.dir, parts: defaultParts });
    expect(shape(top)).toEqual({
      'vg-dht': [
        { 'vg-replicate-0': [{ 'vg-client-0': ['vg-posix-0'] }, { 'vg-client-1': ['vg-posix-1'] }, { 'vg-client-2': ['vg-posix-2'] }] },
        { 'vg-replicate-1': [{ 'vg-client-5': ['vg-posix-5'] }, { 'vg-client-6': ['vg-posix-6'] }, { 'vg-client-7': ['vg-posix-7'] }] },
      ],
    });
    const afr = top.children[1] as unknown as Afr;
    expect(afr.pendingKeys).toEqual(['trusted.afr.vg-client-5', 'trusted.afr.vg-client-6', 'trusted.afr.vg-client-7']);
  });

  it('keeps DHT over a single brick and over plain clients; passes the arbiter', () => {
    tv = makeVolume('vg1', { bricks: 1 });
    expect(shape(buildGraph(tv.volume, { home: tv.dir, parts: defaultParts }))).toEqual({ 'vg1-dht': [{ 'vg1-client-0': ['vg1-posix-0'] }] });
    tv.cleanup();
    tv = makeVolume('vga', { bricks: 3, replica: 3, arbiter: true });
    const afr = buildGraph(tv.volume, { home: tv.dir, parts: defaultParts }).children[0] as unknown as Afr;
    expect(afr.arbiter).toBe(2);
  });

  it('refuses disperse, stripe, thin-arbiter and stopped volumes with typed errors', () => {
    tv = makeVolume('vgx', { bricks: 3 });
    const v = tv.volume;
    expect(() => buildGraph({ ...v, type: 'Disperse', disperseCount: 3, redundancyCount: 1 }, { home: tv!.dir, parts: defaultParts })).toThrow(
      new MgmtError('Volume vgx is a Disperse volume: disperse volumes are not supported yet'),
    );
    expect(() => buildGraph({ ...v, type: 'Stripe', stripeCount: 3 }, { home: tv!.dir, parts: defaultParts })).toThrow(MgmtError);
    const ta = { host: 'server3', path: '/ta', brickId: 2 } as unknown as NonNullable<typeof v.thinArbiter>;
    expect(() => buildGraph({ ...v, type: 'Replicate', replicaCount: 2, thinArbiter: ta }, { home: tv!.dir, parts: defaultParts })).toThrow(
      new MgmtError('Volume vgx is a Replicate volume with a thin-arbiter: thin-arbiter volumes are not supported yet'),
    );
    let err: unknown;
    try {
      clientFor({ ...v, status: 'Stopped' }, { home: tv.dir });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FopError);
    expect((err as FopError).code).toBe('ENOTCONN');
    expect((err as FopError).message).toBe('Transport endpoint is not connected: Volume vgx is not started');
  });

  it("hands the translators 10.3's effective option values", () => {
    tv = makeVolume('vgopt', { bricks: 3, replica: 3 });
    const opt = volumeOptFn(tv.volume);
    // granular-entry-heal is off in the xlator; glusterd sets it on at create time (an explicit option).
    expect(['features.ctime', 'storage.gfid2path', 'storage.build-pgfid', 'cluster.quorum-type', 'cluster.granular-entry-heal'].map(opt)).toEqual([
      'on',
      'on',
      'off',
      'auto',
      'no',
    ]);
    expect(['cluster.lookup-optimize', 'cluster.weighted-rebalance', 'cluster.min-free-disk', 'cluster.optimistic-change-log'].map(opt)).toEqual([
      'on',
      'on',
      '10%',
      'on',
    ]);
    const set = volumeOptFn({ ...tv.volume, options: [['cluster.quorum-type', 'none'], ['cluster.granular-entry-heal', 'on']] });
    expect([set('cluster.quorum-type'), set('cluster.granular-entry-heal')]).toEqual(['none', 'on']);
    expect(volumeOptFn({ ...tv.volume, replicaCount: 2 })('cluster.quorum-type')).toBe('none');
  });

  it('openVolume names a volume the state dir does not have', async () => {
    tv = makeVolume('vgo', { bricks: 1 });
    await expect(openVolume('absent', { home: tv.dir })).rejects.toThrow(new MgmtError('Volume absent does not exist'));
  });
});
