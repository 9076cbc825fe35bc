// `replica 2 thin-arbiter 1` volumes on glusterd's side, as 10.3 does it (corpus-ta-capture.sh): the
// thin-arbiter brick is recorded and shown, never resolved, checked, created or marked; the data
// bricks are named as if each pair's third client were there. The CLI output is in the corpus
// (fixtures/corpus/extra-thin-arbiter-*); this file checks what the output cannot show.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { listVolumeNames, loadVolume, volumeInfoFile } from '../../../src/mgmt/store.js';
import { volumeInfoJson, volumeInfoText } from '../../../src/cli/output/volume-info.js';
import { getAllXattrs, getXattrOpt } from '../../../src/xattr/index.js';
import { createRejection, parseAndCreate, useCreateDirs } from './create-helpers.js';

const dirs = useCreateDirs('ta');
const b = (p: string) => path.join(dirs.root, p);
const create = (args: string) => parseAndCreate(dirs.home, args);

describe('thin-arbiter volumes (glusterd side)', () => {
  it('records the thin-arbiter brick apart from the data bricks, whose ids skip each pair\'s ta client', async () => {
    const { volume } = await create(
      `ta replica 2 thin-arbiter 1 server1:${b('d1')} server2:${b('d2')} server3:${b('d3')} server1:${b('d4')} server2:${b('ta')} force`,
    );
    const saved = loadVolume(dirs.home, 'ta')!;
    expect(saved).toEqual(volume);
    expect(saved.type).toBe('Distributed-Replicate');
    expect([saved.replicaCount, saved.arbiterCount]).toEqual([2, 0]);
    // glusterd: ta-client-0, -1, then <VOL>-ta-2 for the thin-arbiter, then -3, -4
    expect(saved.bricks.map((x) => [x.path, x.brickId, x.arbiter])).toEqual([
      [b('d1'), 0, false],
      [b('d2'), 1, false],
      [b('d3'), 3, false],
      [b('d4'), 4, false],
    ]);
    expect(saved.thinArbiter).toEqual({ host: 'server2', path: b('ta') });
    expect(fs.readFileSync(volumeInfoFile(dirs.home, 'ta'), 'utf8')).toContain(`\nta-brick-0=server2:${b('ta')}\n`);
  });

  it('marks and prepares only the data bricks: the thin-arbiter directory is neither created nor touched', async () => {
    fs.mkdirSync(b('existing-ta'));
    const { volume } = await create(`ta replica 2 thin-arbiter 1 server1:${b('d1')} server2:${b('d2')} server3:${b('existing-ta')} force`);
    const id = Buffer.from(volume.id.replace(/-/g, ''), 'hex');
    for (const d of ['d1', 'd2']) expect(getXattrOpt(b(d), 'trusted.glusterfs.volume-id')).toEqual(id);
    expect(getAllXattrs(b('existing-ta'))).toEqual({});
    expect(fs.readdirSync(b('existing-ta'))).toEqual([]);

    await create(`tb replica 2 thin-arbiter 1 server1:${b('e1')} server2:${b('e2')} server3:${b('absent/ta')} force`);
    expect(fs.existsSync(b('absent'))).toBe(false);
  });

  it('never resolves the thin-arbiter host nor checks its path (10.3 accepts an unknown host)', async () => {
    await create(`ta replica 2 thin-arbiter 1 server1:${b('d1')} server2:${b('d2')} nohost.invalid:/no/such/dir/ta force`);
    expect(loadVolume(dirs.home, 'ta')!.thinArbiter).toEqual({ host: 'nohost.invalid', path: '/no/such/dir/ta' });
  });

  it('refuses a thin-arbiter brick equal to a data brick as glusterd\'s store does, leaving nothing behind', async () => {
    const message = await createRejection(dirs.home, `ta replica 2 thin-arbiter 1 server1:${b('d1')} server2:${b('d2')} server1:${b('d1')} force`);
    expect(message).toBe('Failed to store the Volume information');
    expect(listVolumeNames(dirs.home)).toEqual([]);
    for (const d of ['d1', 'd2']) expect(fs.existsSync(b(d))).toBe(false);
  });

  it('info shows the thin-arbiter path after the bricks (text) and in our JSON', async () => {
    const { volume } = await create(`ta replica 2 thin-arbiter 1 server1:${b('d1')} server2:${b('d2')} server3:${b('t')} force`);
    expect(volumeInfoText(volume)).toContain(
      `Brick1: server1:${b('d1')}\nBrick2: server2:${b('d2')}\nThin-arbiter-path: server3:${b('t')}\nOptions Reconfigured:\n`,
    );
    expect(volumeInfoJson(volume).thinArbiter).toEqual({ name: `server3:${b('t')}`, host: 'server3', path: b('t') });
    const plain = (await create(`p replica 3 server1:${b('p1')} server2:${b('p2')} server3:${b('p3')} force`)).volume;
    expect(plain.thinArbiter).toBeUndefined();
    expect(plain.bricks.map((x) => x.brickId)).toEqual([0, 1, 2]);
    expect(volumeInfoText(plain)).not.toContain('Thin-arbiter');
  });

  it('tgluster volume create --json names the thin-arbiter brick (bin/tgluster, built dist)', async () => {
    const bin = path.join(__dirname, '../../../bin/tgluster');
    const args = ['--json', 'volume', 'create', 'ta', 'replica', '2', 'thin-arbiter', '1'];
    const { stdout } = await promisify(execFile)(bin, [...args, `server1:${b('d1')}`, `server2:${b('d2')}`, `server3:${b('t')}`, 'force'], {
      env: { ...process.env, TGLUSTER_HOME: dirs.home },
    });
    const out = JSON.parse(stdout);
    expect(out.volume.bricks.map((x: { name: string }) => x.name)).toEqual([`server1:${b('d1')}`, `server2:${b('d2')}`]);
    expect(out.volume.thinArbiter).toEqual({ name: `server3:${b('t')}`, host: 'server3', path: b('t') });
  });
});
