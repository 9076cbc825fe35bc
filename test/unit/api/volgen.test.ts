// volgen and the graph built from it: the graph's shape and names follow glusterd's volgen; the
// translators get their volfile options; volumes the data path cannot serve are refused with
// errors the CLI prints cleanly.
import { afterEach, describe, expect, it } from 'vitest';
import { volumeGraph } from '../../../src/api/graph.js';
import { defaultParts } from '../../../src/xlators/graph-parts.js';
import { xlatorOptions, posixOptions } from '../../helpers/volfile-options.js';
import type { Volume } from '../../../src/mgmt/types.js';
import { clientFor, FopError, openVolume } from '../../../src/api/index.js';
import { MgmtError } from '../../../src/mgmt/errors.js';
import type { Xlator } from '../../../src/xlators/types.js';
import type { Afr } from '../../../src/xlators/afr/afr.js';
import { makeVolume, type TestVolume } from './helpers.js';

const shape = (x: Xlator): unknown => (x.children.length ? { [x.name]: x.children.map(shape) } : x.name);
const buildGraph = (v: Volume): Xlator => volumeGraph(v, defaultParts).top;

let tv: TestVolume | undefined;
afterEach(() => tv?.cleanup());

describe('buildGraph', () => {
  it('puts DHT over one AFR per replica set over clients named by brickId', () => {
    tv = makeVolume('vg', { bricks: 6, replica: 3 });
    // brickIds are global and never renumbered: a removed brick leaves a gap.
    tv.volume.bricks.forEach((b, i) => (b.brickId = i < 3 ? i : i + 2));
    const top = buildGraph(tv.volume);
    expect(shape(top)).toEqual({
      'vg-dht': [
        { 'vg-replicate-0': [{ 'vg-client-0': ['vg-posix'] }, { 'vg-client-1': ['vg-posix'] }, { 'vg-client-2': ['vg-posix'] }] },
        { 'vg-replicate-1': [{ 'vg-client-5': ['vg-posix'] }, { 'vg-client-6': ['vg-posix'] }, { 'vg-client-7': ['vg-posix'] }] },
      ],
    });
    const afr = top.children[1] as unknown as Afr;
    expect(afr.pendingKeys).toEqual(['trusted.afr.vg-client-5', 'trusted.afr.vg-client-6', 'trusted.afr.vg-client-7']);
  });

  it('keeps DHT over a single brick and over plain clients; passes the arbiter', () => {
    tv = makeVolume('vg1', { bricks: 1 });
    expect(shape(buildGraph(tv.volume))).toEqual({ 'vg1-dht': [{ 'vg1-client-0': ['vg1-posix'] }] });
    tv.cleanup();
    tv = makeVolume('vga', { bricks: 3, replica: 3, arbiter: true });
    const afr = buildGraph(tv.volume).children[0] as unknown as Afr;
    expect(afr.arbiter).toBe(2);
  });

  it('refuses disperse, stripe, thin-arbiter and stopped volumes with typed errors', () => {
    tv = makeVolume('vgx', { bricks: 3 });
    const v = tv.volume;
    expect(() => buildGraph({ ...v, type: 'Disperse', disperseCount: 3, redundancyCount: 1 })).toThrow(
      new MgmtError('Volume vgx is a Disperse volume: disperse volumes are not supported yet'),
    );
    expect(() => buildGraph({ ...v, type: 'Stripe', stripeCount: 3 })).toThrow(MgmtError);
    const ta = { host: 'server3', path: '/ta', brickId: 2 } as unknown as NonNullable<typeof v.thinArbiter>;
    expect(() => buildGraph({ ...v, type: 'Replicate', replicaCount: 2, thinArbiter: ta })).toThrow(
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

  it("hands the translators their volfile options (10.3's defaults where the volfile has none)", () => {
    tv = makeVolume('vgopt', { bricks: 3, replica: 3 });
    tv.volume.options = [['cluster.granular-entry-heal', 'on']];
    const afrOpts = xlatorOptions(tv.volume, 'cluster/replicate');
    expect(afrOpts).toMatchObject({ 'granular-entry-heal': 'on', 'volume-id': tv.volume.id, 'afr-pending-xattr': 'vgopt-client-0,vgopt-client-1,vgopt-client-2' });
    expect(afrOpts['quorum-type']).toBeUndefined();
    const afr = buildGraph(tv.volume).children[0] as unknown as Afr;
    // quorum-type unset on replica 3: AFR's own default, auto.
    expect(afr.quorum).toEqual({ type: 'auto', count: 0 });
    const posix = posixOptions(tv.volume, tv.volume.bricks[0]);
    // all three bricks on one filesystem: each reports a third of it
    expect(posix.options).toMatchObject({ directory: tv.volume.bricks[0].path, 'shared-brick-count': '3' });
    tv.volume.options = [['cluster.quorum-type', 'fixed'], ['cluster.quorum-count', '2'], ['cluster.lookup-optimize', 'off']];
    expect((buildGraph(tv.volume).children[0] as unknown as Afr).quorum).toEqual({ type: 'fixed', count: 2 });
    expect(xlatorOptions(tv.volume, 'cluster/distribute')).toMatchObject({ 'lookup-optimize': 'off' });
  });

  it('openVolume names a volume the state dir does not have', async () => {
    tv = makeVolume('vgo', { bricks: 1 });
    await expect(openVolume('absent', { home: tv.dir })).rejects.toThrow(new MgmtError('Volume absent does not exist'));
  });
});
