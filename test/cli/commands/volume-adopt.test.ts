// `tgluster volume adopt --from-glusterd`: a volume defined from a glusterd state dir as 10.3
// writes it, over local brick copies; its refusals (exact messages, exit codes). Adoption of a
// volume real GlusterFS wrote is in test/oracle/adopt-glusterd.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tg, tempDir } from './m1a-helpers.js';
import { setXattr } from '../../../src/xattr/index.js';
import { gfidToBytes } from '../../../src/libglusterfs/uuid.js';
import { listPeers } from '../../../src/mgmt/store.js';

const ID = 'dda39b8c-5b56-4d08-a29a-2723610e223b';
const USAGE = '\nUsage:\nvolume adopt <VOLNAME> --from-glusterd <GLUSTERD-DIR> [--brick-map <HOSTNAME:BRICKPATH>=<LOCALPATH>]...\n\n';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A glusterd dir holding replica 3 volume `pv` (bricks /prod/bN on node1..3, status 2: stopped), and local copies. */
function setup(opts: { xattrs?: boolean } = {}) {
  const dir = tempDir('adopt');
  dirs.push(dir);
  const gd = path.join(dir, 'glusterd');
  const vd = path.join(gd, 'vols', 'pv');
  fs.mkdirSync(path.join(vd, 'bricks'), { recursive: true });
  const hosts = ['server1', 'node2.example', 'node3.example'];
  const info = [
    'type=2', 'count=3', 'status=2', 'sub_count=3', 'replica_count=3', 'arbiter_count=1', 'disperse_count=0', 'redundancy_count=0',
    'version=9', 'transport-type=0', `volume-id=${ID}`, 'op-version=100000', 'client-op-version=100000', 'quota-version=0',
    'tier-enabled=0', 'parent_volname=N/A', 'restored_from_snap=00000000-0000-0000-0000-000000000000', 'snap-max-hard-limit=256',
    'cluster.favorite-child-policy=mtime', 'performance.quick-read=off', 'cluster.granular-entry-heal=on',
    'storage.fips-mode-rchecksum=on', 'transport.address-family=inet', 'nfs.disable=on', 'performance.client-io-threads=off',
    ...hosts.map((h, i) => `brick-${i}=${h}:-prod-b${i}`),
  ];
  fs.writeFileSync(path.join(vd, 'info'), `${info.join('\n')}\n`);
  const copies = hosts.map((h, i) => {
    fs.writeFileSync(path.join(vd, 'bricks', `${h}:-prod-b${i}`), `uuid=04e5ae7a-65d2-43ba-9223-bd2f8c30dec${i}\nhostname=${h}\npath=/prod/b${i}\ndecommissioned=0\nbrick-id=pv-client-${i}\n`);
    const c = path.join(dir, `copy${i}`);
    fs.mkdirSync(c);
    if (opts.xattrs !== false) setXattr(c, 'trusted.glusterfs.volume-id', gfidToBytes(ID));
    return c;
  });
  const map = hosts.flatMap((h, i) => ['--brick-map', `${h}:/prod/b${i}=${copies[i]}`]);
  return { home: path.join(dir, 'home'), gd, copies, map };
}

describe('volume adopt', () => {
  it('defines the volume: same type, arbiter, brick ids, volume-id and options; unknown hosts become peers', async () => {
    const { home, gd, copies, map } = setup();
    const r = await tg(home, ['volume', 'adopt', 'pv', '--from-glusterd', gd, ...map]);
    expect(r).toEqual({
      exit: 0,
      stdout:
        'peer node2.example added (emulated) for its bricks\n' +
        'peer node3.example added (emulated) for its bricks\n' +
        `volume adopt: pv: success: Replicate, 3 bricks, volume-id ${ID}, Stopped\n`,
      stderr: '',
    });
    expect(listPeers(home).map((p) => p.hostname)).toEqual(['node2.example', 'node3.example']);
    const info = (await tg(home, ['volume', 'info', 'pv'])).stdout;
    expect(info).toBe(
      ' \nVolume Name: pv\nType: Replicate\n' +
        `Volume ID: ${ID}\nStatus: Stopped\nSnapshot Count: 0\nNumber of Bricks: 1 x (2 + 1) = 3\nTransport-type: tcp\nBricks:\n` +
        `Brick1: server1:${copies[0]}\nBrick2: node2.example:${copies[1]}\nBrick3: node3.example:${copies[2]} (arbiter)\n` +
        'Options Reconfigured:\ncluster.favorite-child-policy: mtime\nperformance.quick-read: off\ncluster.granular-entry-heal: on\n' +
        'storage.fips-mode-rchecksum: on\ntransport.address-family: inet\nnfs.disable: on\nperformance.client-io-threads: off\n',
    );
    expect((await tg(home, ['volume', 'start', 'pv'])).exit).toBe(0);
  });

  it('refuses bricks copied without their xattrs, a brick map that names no brick, and a bad map entry', async () => {
    const bare = setup({ xattrs: false });
    expect(await tg(bare.home, ['volume', 'adopt', 'pv', '--from-glusterd', bare.gd, ...bare.map])).toEqual({
      exit: 1,
      stdout: '',
      stderr: `volume adopt: pv: failed: Brick copy ${bare.copies[0]} (of server1:/prod/b0) has no trusted.glusterfs.volume-id: copy bricks with their extended attributes (cp -a, rsync -aX)\n`,
    });
    const { home, gd, map } = setup();
    const stray = await tg(home, ['--json', 'volume', 'adopt', 'pv', '--from-glusterd', gd, ...map, '--brick-map', 'server9:/x=/tmp']);
    expect([stray.exit, JSON.parse(stray.stdout)]).toEqual([1, { error: { code: 30800, message: '--brick-map server9:/x: no such brick in volume pv' } }]);
    expect((await tg(home, ['volume', 'adopt', 'pv', '--from-glusterd', gd, '--brick-map', 'server1:/prod/b0'])).stderr).toBe(
      'volume adopt: pv: failed: --brick-map server1:/prod/b0: expected HOST:/path=LOCALPATH (absolute paths)\n',
    );
    // Nothing was defined or added by the refusals.
    expect((await tg(home, ['volume', 'list'])).stderr).toBe('No volumes present in cluster\n');
    expect(listPeers(home)).toEqual([]);
  });

  it('gives its usage for a line without --from-glusterd or with a stray word', async () => {
    const { home, gd } = setup();
    expect(await tg(home, ['volume', 'adopt', 'pv'])).toEqual({ exit: 1, stdout: '', stderr: USAGE });
    expect(await tg(home, ['volume', 'adopt', 'pv', 'extra', '--from-glusterd', gd])).toEqual({ exit: 1, stdout: '', stderr: USAGE });
    expect((await tg(home, ['volume', 'adopt', 'help'])).exit).toBe(0);
  });
});
