import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  listPeers, listVolumeNames, loadVolume, nextFreePorts, nodeUuid, removePeer, removeVolume,
  requireVolume, savePeer, saveVolume, volumeInfoFile,
} from '../../../src/mgmt/store.js';
import { MgmtError, StateCorruptError } from '../../../src/mgmt/errors.js';
import type { Volume } from '../../../src/mgmt/types.js';

let home: string;
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-store-'));
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

function sampleVolume(name: string, ports = [49152, 49153]): Volume {
  return {
    name,
    id: '4e98dcf4-4064-42d2-915e-9a04a0b6aa49',
    type: 'Replicate',
    status: 'Created',
    replicaCount: 2,
    arbiterCount: 0,
    disperseCount: 0,
    redundancyCount: 0,
    stripeCount: 1,
    transport: 'tcp',
    bricks: ports.map((port, i) => ({
      host: `server${i + 1}`, path: `/bricks/${name}/b${i}`, brickId: i,
      nodeUuid: 'c193c358-b5cc-4890-a582-4e92ffe45426', port, arbiter: false,
      ...(i === 1 ? { down: true } : {}),
    })),
    options: [['nfs.disable', 'on'], ['weird', 'a=b%0A\nline']],
    task: { kind: 'remove-brick', id: 'c193c358-b5cc-4890-a582-4e92ffe45427', status: 'completed', removedBricks: ['server1:/x', 'server2:/y'] },
  };
}

describe('node identity', () => {
  it('creates glusterd.info once and keeps the uuid', () => {
    const u = nodeUuid(home);
    expect(u).toMatch(/^[0-9a-f-]{36}$/);
    expect(nodeUuid(home)).toBe(u);
    expect(fs.readFileSync(path.join(home, 'glusterd.info'), 'utf8')).toBe(`UUID=${u}\noperating-version=100000\n`);
  });
});

describe('volume store', () => {
  it('round-trips a volume, including odd option values and the task', () => {
    const v = sampleVolume('v1');
    saveVolume(home, v);
    expect(loadVolume(home, 'v1')).toEqual(v);
  });

  it('lists names in strcmp order and ignores junk', () => {
    for (const n of ['cliRep3', 'cliDR', 'cliDist', 'diskDist3']) saveVolume(home, sampleVolume(n));
    fs.mkdirSync(path.join(home, 'vols', 'halfgone'));
    expect(listVolumeNames(home)).toEqual(['cliDR', 'cliDist', 'cliRep3', 'diskDist3']);
  });

  it('requireVolume fails like glusterd; odd names never escape the state dir', () => {
    expect(() => requireVolume(home, 'nope')).toThrow(new MgmtError('Volume nope does not exist'));
    expect(loadVolume(home, '../etc')).toBeUndefined();
  });

  it('removes a volume', () => {
    saveVolume(home, sampleVolume('v1'));
    removeVolume(home, 'v1');
    expect(listVolumeNames(home)).toEqual([]);
    expect(fs.existsSync(path.join(home, 'vols', 'v1'))).toBe(false);
  });

  it('leaves no temp files behind', () => {
    saveVolume(home, sampleVolume('v1'));
    saveVolume(home, sampleVolume('v1'));
    expect(fs.readdirSync(path.join(home, 'vols', 'v1'))).toEqual(['info']);
  });

  it.each([
    ['truncated mid-line', (t: string) => t.slice(0, t.length - 3)],
    ['truncated at a line end', (t: string) => t.split('\n').slice(0, -3).join('\n') + '\n'],
    ['empty', () => ''],
    ['garbage line', (t: string) => t + 'garbage\n'],
    ['bad uuid', (t: string) => t.replace(/volume-id=.*/, 'volume-id=xyz')],
    ['unknown status', (t: string) => t.replace(/status=0/, 'status=7')],
  ])('a %s info file raises StateCorruptError naming it', (_label, damage) => {
    saveVolume(home, sampleVolume('v1'));
    const file = volumeInfoFile(home, 'v1');
    fs.writeFileSync(file, damage(fs.readFileSync(file, 'utf8')));
    let err: unknown;
    try {
      loadVolume(home, 'v1');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StateCorruptError);
    expect((err as Error).message).toContain(file);
  });
});

describe('peers', () => {
  it('saves, lists and removes', () => {
    const p = { uuid: '11111111-2222-3333-4444-555555555555', hostname: 'node9', state: 'Peer in Cluster' as const, connected: true };
    savePeer(home, p);
    expect(listPeers(home)).toEqual([p]);
    removePeer(home, p.uuid);
    expect(listPeers(home)).toEqual([]);
  });
});

describe('nextFreePorts', () => {
  it('hands out the lowest ports not used by any volume', () => {
    saveVolume(home, sampleVolume('a', [49152, 49154]));
    saveVolume(home, sampleVolume('b', [49153]));
    expect(nextFreePorts(home, 3)).toEqual([49155, 49156, 49157]);
    expect(nextFreePorts(home, 1, [49155])).toEqual([49156]);
  });
});
