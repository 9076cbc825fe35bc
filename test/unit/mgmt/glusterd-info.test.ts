// The reader of a real glusterd's volume definition (vols/<VOL>/info and bricks/*), on files as
// GlusterFS 10.3 wrote them for a 2 x 3 volume (measured here: keys, order, brick file names).
import { afterEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readGlusterdVolume } from '../../../src/mgmt/glusterd-info.js';
import { MgmtError } from '../../../src/mgmt/errors.js';

const INFO = `type=2
count=6
status=1
sub_count=3
replica_count=3
disperse_count=0
redundancy_count=0
version=7
transport-type=0
volume-id=dda39b8c-5b56-4d08-a29a-2723610e223b
username=5baab84e-e1d3-448e-87cd-3567a91018e2
password=c6d2c4dc-7f87-43be-a077-50eb2fc08728
op-version=40000
client-op-version=30800
quota-version=0
tier-enabled=0
parent_volname=N/A
restored_from_snap=00000000-0000-0000-0000-000000000000
snap-max-hard-limit=256
cluster.server-quorum-type=server
performance.cache-size=64MB
features.ctime=off
user.note=a=b
cluster.granular-entry-heal=on
nfs.disable=on
performance.client-io-threads=off
brick-0=server1:-data-b-0
brick-1=server2:-data-b-1
brick-2=server3:-data-b-2
brick-3=server1:-data-b-3
brick-4=server2:-data-b-4
brick-5=server3:-data-b-5
`;

const NODE = '04e5ae7a-65d2-43ba-9223-bd2f8c30decf';
const brickFile = (host: string, p: string, n: number, decommissioned = 0) =>
  `uuid=${NODE}\nhostname=${host}\npath=${p}\nreal_path=${p}\nlisten-port=0\nrdma.listen-port=0\ndecommissioned=${decommissioned}\nbrick-id=vol-client-${n}\nmount_dir=${p}\nsnap-status=0\nbrick-fsid=13852223993188993926\n`;

const dirs: string[] = [];
function glusterdDir(info = INFO, brick = brickFile): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-gdinfo-'));
  dirs.push(dir);
  fs.mkdirSync(path.join(dir, 'vols', 'vol', 'bricks'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'vols', 'vol', 'info'), info);
  for (let i = 0; i < 6; i++) {
    const host = `server${(i % 3) + 1}`;
    fs.writeFileSync(path.join(dir, 'vols', 'vol', 'bricks', `${host}:-data-b-${i}`), brick(host, `/data/b-${i}`, i));
  }
  return dir;
}

afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('readGlusterdVolume', () => {
  it('reads counts, ids, the bricks from their files (a "-" in a path is kept) and the options in file order', () => {
    const v = readGlusterdVolume(glusterdDir(), 'vol');
    expect(v).toMatchObject({ name: 'vol', id: 'dda39b8c-5b56-4d08-a29a-2723610e223b', typeCode: 2, statusCode: 1, replicaCount: 3, arbiterCount: 0, transportCode: 0 });
    expect(v.bricks.map((b) => `${b.host}:${b.path}#${b.brickId}`)).toEqual([0, 1, 2, 3, 4, 5].map((i) => `server${(i % 3) + 1}:/data/b-${i}#${i}`));
    expect(v.bricks[0].uuid).toBe(NODE);
    expect(v.options).toEqual([
      ['cluster.server-quorum-type', 'server'],
      ['performance.cache-size', '64MB'],
      ['features.ctime', 'off'],
      ['user.note', 'a=b'],
      ['cluster.granular-entry-heal', 'on'],
      ['nfs.disable', 'on'],
      ['performance.client-io-threads', 'off'],
    ]);
  });

  it('says which file and key are wrong', () => {
    const noId = glusterdDir(INFO.replace(/^volume-id=.*\n/m, ''));
    expect(() => readGlusterdVolume(noId, 'vol')).toThrow(new MgmtError(`${path.join(noId, 'vols/vol/info')}: no "volume-id" key`));
    const badBrick = glusterdDir(INFO, (h, p, n) => brickFile(h, p, n).replace('vol-client-', 'other-client-'));
    expect(() => readGlusterdVolume(badBrick, 'vol')).toThrow(/bricks\/server1:-data-b-0: brick-id "other-client-0" is not vol-client-N$/);
    expect(() => readGlusterdVolume(badBrick, 'nope')).toThrow(`Volume nope does not exist in ${badBrick} (no ${path.join(badBrick, 'vols/nope/info')})`);
    expect(() => readGlusterdVolume(badBrick, '../x')).toThrow('Invalid volume name ../x');
  });

  it('reads a brick being removed as decommissioned', () => {
    const v = readGlusterdVolume(glusterdDir(INFO, (h, p, n) => brickFile(h, p, n, n === 5 ? 1 : 0)), 'vol');
    expect(v.bricks.map((b) => b.decommissioned)).toEqual([false, false, false, false, false, true]);
  });
});
