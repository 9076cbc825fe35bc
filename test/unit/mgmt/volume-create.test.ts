// glusterd's side of `volume create`: what lands in the state dir and on the bricks, the checks
// the corpus cannot show (emulated peers, nesting, leftovers), and that a failure part-way leaves
// nothing behind.
import { beforeEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { listVolumeNames, loadVolume, nodeUuid, savePeer } from '../../../src/mgmt/store.js';
import { createTimeOptions } from '../../../src/mgmt/options/create-time.js';
import { getAllXattrs, getXattrOpt, setXattr } from '../../../src/xattr/index.js';
import { createRejection, parseAndCreate, useCreateDirs } from './create-helpers.js';

const isRoot = process.getuid?.() === 0;
const PEER_UUID = '5b0d5c2e-6f51-4a57-9a46-0b0e8a7f1c11';

let mounted: string[] = [];
beforeEach(() => {
  mounted = [];
});
const dirs = useCreateDirs('vc', () => {
  for (const m of mounted.reverse()) execFileSync('umount', [m]);
});

const b = (p: string) => path.join(dirs.root, p);
const create = (args: string) => parseAndCreate(dirs.home, args);
const rejection = (args: string) => createRejection(dirs.home, args);

function addPeer(hostname: string, connected = true, uuid = PEER_UUID): void {
  savePeer(dirs.home, { uuid, hostname, state: 'Peer in Cluster', connected });
}

/** A separate filesystem, so that bricks need no force. */
function tmpfs(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', dir]);
  mounted.push(dir);
  return dir;
}

const hexId = (id: string) => id.replace(/-/g, '');

describe.skipIf(!isRoot)('volume create (glusterd side)', () => {
  it('records bricks in order with ids, distinct ports, node, arbiter flags, options and status', async () => {
    await create(`first server1:${b('x1')} force`);
    const { volume } = await create(
      `arb replica 3 arbiter 1 transport tcp,rdma ${[1, 2, 3, 4, 5, 6].map((i) => `server${((i - 1) % 3) + 1}:${b(`a${i}`)}`).join(' ')} force`,
    );
    const saved = loadVolume(dirs.home, 'arb')!;
    expect(saved).toEqual(volume);
    expect(saved).toMatchObject({
      type: 'Distributed-Replicate', status: 'Created', replicaCount: 3, arbiterCount: 1,
      disperseCount: 0, redundancyCount: 0, stripeCount: 1, transport: 'tcp,rdma',
    });
    expect(saved.bricks.map((x) => [x.brickId, x.host, x.path, x.arbiter])).toEqual(
      [1, 2, 3, 4, 5, 6].map((i) => [i - 1, `server${((i - 1) % 3) + 1}`, b(`a${i}`), i % 3 === 0]),
    );
    expect(new Set(saved.bricks.map((x) => x.nodeUuid))).toEqual(new Set([nodeUuid(dirs.home)]));
    const firstPort = loadVolume(dirs.home, 'first')!.bricks[0].port;
    const ports = saved.bricks.map((x) => x.port);
    expect(new Set([...ports, firstPort]).size).toBe(7);
    expect(saved.options).toEqual(createTimeOptions(saved));
    for (const br of saved.bricks) {
      expect(getXattrOpt(br.path, 'trusted.glusterfs.volume-id')?.toString('hex')).toBe(hexId(saved.id));
    }
  });

  it('types distribute, disperse and stripe volumes by their counts', async () => {
    expect((await create(`d server1:${b('d1')} force`)).volume.type).toBe('Distribute');
    const ec = (await create(`e disperse 3 redundancy 1 server1:${b('e1')} server2:${b('e2')} server3:${b('e3')} force`)).volume;
    expect(ec).toMatchObject({ type: 'Disperse', disperseCount: 3, redundancyCount: 1, replicaCount: 1 });
    const st = (await create(`s stripe 2 server1:${b('s1')} server2:${b('s2')} server1:${b('s3')} server2:${b('s4')} force`)).volume;
    expect(st).toMatchObject({ type: 'Distributed-Stripe', stripeCount: 2 });
  });

  it('refuses a brick inside or around any existing brick, whatever the host name, even with force', async () => {
    fs.mkdirSync(b('p'));
    await create(`one server1:${b('p/q')} force`);
    for (const p of ['p', 'p/q', 'p/q/r']) {
      expect(await rejection(`two server3:${b(p)} force`)).toBe(
        `Brick: server3:${b(p)} not available. Brick may be containing or be contained by an existing brick.`,
      );
    }
    // A sibling with a common name prefix is not nested.
    await create(`three server1:${b('p/qq')} force`);
  });

  it('refuses nested or repeated directories within one command (glusterd would accept them with force)', async () => {
    expect(await rejection(`v server1:${b('n')} server3:${b('n/m')} force`)).toMatch(/^Brick: server3:.* not available\./);
    expect(await rejection(`v server1:${b('n')} server3:${b('n')} force`)).toMatch(/^Brick: server3:.* not available\./);
    expect(fs.existsSync(b('n'))).toBe(false);
  });

  it('reports a gfid or volume-id on the brick or an ancestor, unless forced', async () => {
    const old = path.join(tmpfs(b('fs')), 'old');
    fs.mkdirSync(path.join(old, 'inner'), { recursive: true });
    setXattr(old, 'trusted.gfid', Buffer.alloc(16, 7));
    expect(await rejection(`v server1:${old}`)).toBe(`${old} is already part of a volume`);
    expect(await rejection(`v server1:${old}/inner`)).toBe(`parent directory ${old} is already part of a volume`);
    expect(getXattrOpt(`${old}/inner`, 'trusted.glusterfs.volume-id')).toBeUndefined();
    const r = await create(`v server1:${old}/inner force`);
    expect(r.notice).toBe(`parent directory ${old} is already part of a volume`);
  });

  it('leaves no trace when the commit fails part-way, restoring bricks that existed', async () => {
    // Brick 1: left over from a deleted volume. Brick 2: new. Brick 3: a directory whose gfid is
    // not the root gfid, which brick preparation refuses (after bricks 1 and 2 were prepared).
    const oldId = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    fs.mkdirSync(b('left'));
    fs.writeFileSync(b('left/data'), 'keep');
    setXattr(b('left'), 'trusted.glusterfs.volume-id', oldId);
    setXattr(b('left'), 'user.note', Buffer.from('mine'));
    fs.mkdirSync(b('badgfid'));
    setXattr(b('badgfid'), 'trusted.gfid', Buffer.alloc(16, 9));
    const before = { left: getAllXattrs(b('left')), bad: getAllXattrs(b('badgfid')) };

    const msg = await rejection(`v server1:${b('left')} server2:${b('fresh')} server3:${b('badgfid')} force`);
    expect(msg).toContain(b('badgfid'));
    expect(listVolumeNames(dirs.home)).toEqual([]);
    expect(fs.existsSync(b('fresh'))).toBe(false);
    expect(fs.readdirSync(b('left'))).toEqual(['data']);
    expect(getAllXattrs(b('left'))).toEqual(before.left);
    expect(fs.readdirSync(b('badgfid'))).toEqual([]);
    expect(getAllXattrs(b('badgfid'))).toEqual(before.bad);
  });

  it('removes the directories it made when glusterd would fail to write the volfiles', async () => {
    expect(await rejection(`v replica 3 server1:${b('w1')} server2:${b('w2')} server3:${b('w3')} server1:${b('w4')} force`)).toBe(
      'Failed to create volume files',
    );
    expect(fs.readdirSync(dirs.root)).toEqual([]);
  });

  it('fails like volgen when a volfile name would exceed NAME_MAX (limits checked on a real 10.3)', async () => {
    // trusted-<vol>.tcp-gfproxy-fuse.vol.tmp: a 222-character name fits, 223 does not. Short
    // brick paths, so that the brick volfile names (<vol>.<host>.<path>.vol) are not the limit.
    const short = fs.mkdtempSync('/tmp/v');
    try {
      await create(`${'v'.repeat(222)} server1:${short}/a force`);
      expect(await rejection(`${'w'.repeat(223)} server1:${short}/b force`)).toBe('Failed to create volume files');
      expect(fs.readdirSync(short)).toEqual(['a']);
      // The brick's own volfile name is checked when staging.
      expect(await rejection(`${'u'.repeat(240)} server1:${short}/c force`)).toBe(
        `Volume file path for volume ${'u'.repeat(240)} and brick path server1:${short}/c is too long.`,
      );
    } finally {
      fs.rmSync(short, { recursive: true, force: true });
    }
  });

  it('refuses bricks inside the state directory', async () => {
    expect(await rejection(`v server1:${path.join(dirs.home, 'b1')} force`)).toBe(
      "Brick isn't allowed to be created inside glusterd's working directory.",
    );
    expect(fs.existsSync(path.join(dirs.home, 'b1'))).toBe(false);
  });
});

describe.skipIf(!isRoot)('volume create with emulated peers', () => {
  it('gives a peer brick the peer uuid and counts the peer as another server', async () => {
    const fsdir = tmpfs(b('fs'));
    addPeer('node4');
    const { volume } = await create(`v replica 2 server1:${fsdir}/r1 node4:${fsdir}/r2`);
    expect(volume.bricks.map((x) => x.nodeUuid)).toEqual([nodeUuid(dirs.home), PEER_UUID]);
    // server1 and server2 are both this node.
    expect(await rejection(`w replica 3 server1:${fsdir}/s1 node4:${fsdir}/s2 server2:${fsdir}/s3`)).toMatch(
      /^Multiple bricks of a replicate volume are present on the same server\./,
    );
  });

  it("prefixes a peer's own brick failures with the peer, as glusterd's remote staging does", async () => {
    addPeer('node4');
    expect(await rejection(`v server1:${b('ok1')} node4:${b('missing/p')} force`)).toBe(
      `Staging failed on node4. Error: Failed to create brick directory for brick node4:${b('missing/p')}. Reason : No such file or directory `,
    );
    expect(fs.existsSync(b('ok1'))).toBe(false);
  });

  it('refuses bricks on a disconnected peer and on unknown hosts', async () => {
    addPeer('node5', false);
    expect(await rejection(`v node5:${b('x')} force`)).toBe('Host node5 not connected');
    expect(await rejection(`v node6:${b('x')} force`)).toBe("Host node6 is not in 'Peer in Cluster' state");
  });
});

describe.skipIf(!isRoot)('tgluster volume create (processes)', () => {
  const bin = path.join(__dirname, '../../../bin/tgluster');
  const run = promisify(execFile);

  async function tg(args: string[]) {
    try {
      const r = await run(bin, args, { env: { ...process.env, TGLUSTER_HOME: dirs.home } });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (e) {
      const x = e as { code: number; stdout: string; stderr: string };
      return { code: x.code, stdout: x.stdout, stderr: x.stderr };
    }
  }

  it('creates a volume once when several processes race for the same name', async () => {
    const results = await Promise.all(
      [1, 2, 3, 4].map((i) => tg(['volume', 'create', 'race', `server1:${b(`r${i}`)}`, 'force'])),
    );
    const winners = results.filter((r) => r.code === 0);
    expect(winners).toHaveLength(1);
    for (const r of results.filter((x) => x.code !== 0)) {
      expect(r.stderr).toBe('volume create: race: failed: Volume race already exists\n');
    }
    const vol = loadVolume(dirs.home, 'race')!;
    expect(fs.readdirSync(dirs.root)).toEqual([path.basename(vol.bricks[0].path)]);
  });

  it('after a kill -9 before the volume is saved: no volume, marked bricks (as glusterd leaves them), force re-creates', async () => {
    const args = ['volume', 'create', 'crashy', `server1:${b('c1')}`, 'force'];
    const killed = await run(bin, args, { env: { ...process.env, TGLUSTER_HOME: dirs.home, TGLUSTER_CRASH_AT: 'create-before-save' } }).then(
      () => undefined,
      (e: { signal?: string }) => e.signal,
    );
    expect(killed).toBe('SIGKILL');
    expect(listVolumeNames(dirs.home)).toEqual([]);
    expect(getXattrOpt(b('c1'), 'trusted.glusterfs.volume-id')).toHaveLength(16);
    const again = await tg(args);
    expect(again).toMatchObject({ code: 0, stdout: 'volume create: crashy: success: please start the volume to access data\n' });
    expect(getXattrOpt(b('c1'), 'trusted.glusterfs.volume-id')?.toString('hex')).toBe(hexId(loadVolume(dirs.home, 'crashy')!.id));
  });

  it('as a user who may not enter the parent: the brick directory error names EACCES (not a bare staging failure)', () => {
    const NOBODY = 65534;
    const asNobody = (args: string[], env: Record<string, string> = {}) =>
      spawnSync(bin, args, { uid: NOBODY, gid: NOBODY, encoding: 'utf8', env: { ...process.env, ...env } });
    // The checkout must be readable by nobody (it is not when it sits under /root).
    if (asNobody(['--version']).status !== 0) return;
    fs.chmodSync(dirs.root, 0o755);
    const nbHome = path.join(dirs.root, 'nobody-home');
    fs.mkdirSync(nbHome);
    fs.chownSync(nbHome, NOBODY, NOBODY);
    fs.mkdirSync(b('locked'), { mode: 0o700 });
    const r = asNobody(['volume', 'create', 'nb', `server1:${b('locked/b1')}`, 'force'], { TGLUSTER_HOME: nbHome });
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
      status: 1,
      stdout: '',
      stderr: `volume create: nb: failed: Failed to create brick directory for brick server1:${b('locked/b1')}. Reason : Permission denied \n`,
    });
  });

  it('warns that stripe is deprecated and prints JSON with --json', async () => {
    const r = await tg(['--json', 'volume', 'create', 'st', 'stripe', '2', `server1:${b('s1')}`, `server2:${b('s2')}`, 'force']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^Warning: stripe volumes are deprecated .*features\.shard on\n$/);
    const vol = loadVolume(dirs.home, 'st')!;
    const brick = (i: number) => ({ name: `server${i}:${b(`s${i}`)}`, host: `server${i}`, path: b(`s${i}`), hostUuid: nodeUuid(dirs.home), isArbiter: false });
    expect(JSON.parse(r.stdout)).toEqual({
      message: 'volume create: st: success: please start the volume to access data',
      volume: { name: 'st', id: vol.id, type: 'Stripe', status: 'Created', transport: 'tcp', bricks: [brick(1), brick(2)] },
    });
  });
});
