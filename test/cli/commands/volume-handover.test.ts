// `tgluster volume handover`: the refusals (exact messages and exit codes, text and --json), the
// script's steps for volumes of several shapes, and --force with pending heals. The script itself
// is run against real GlusterFS in test/oracle/handover.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tg, tempDir } from './m1a-helpers.js';
import { fakeIO } from '../cli-io.js';
import { runCli } from '../../../src/cli/run.js';
import { openVolume } from '../../../src/api/index.js';
import { loadVolume, saveVolume } from '../../../src/mgmt/store.js';

const dirs: string[] = [];
function setup(): { home: string; dir: string } {
  const dir = tempDir('handover');
  dirs.push(dir);
  return { home: path.join(dir, 'home'), dir };
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function replica3(home: string, dir: string, name: string): Promise<string[]> {
  const bricks = [0, 1, 2].map((i) => path.join(dir, `b${i}`));
  const r = await tg(home, ['--mode=script', 'volume', 'create', name, 'replica', '3', ...bricks.map((b, i) => `server${i + 1}:${b}`), 'force']);
  expect(r.exit).toBe(0);
  expect((await tg(home, ['volume', 'start', name])).exit).toBe(0);
  return bricks;
}

describe('volume handover', () => {
  it('gives its usage, its help, and gluster-style failures', async () => {
    const { home } = setup();
    expect(await tg(home, ['volume', 'handover'])).toEqual({ exit: 1, stdout: '', stderr: '\nUsage:\nvolume handover <VOLNAME> [--force]\n\n' });
    expect(await tg(home, ['volume', 'handover', 'a', 'b'])).toMatchObject({ exit: 1, stderr: '\nUsage:\nvolume handover <VOLNAME> [--force]\n\n' });
    const help = await tg(home, ['volume', 'handover', '--help']);
    expect([help.exit, help.stdout.split('\n')[0]]).toEqual([0, 'Usage: volume handover <VOLNAME> [--force]']);
    expect(await tg(home, ['volume', 'handover', 'nosuch'])).toEqual({ exit: 1, stdout: '', stderr: 'volume handover: nosuch: failed: Volume nosuch does not exist\n' });
    expect(await tg(home, ['--json', 'volume', 'handover', 'nosuch'])).toEqual({
      exit: 1,
      stdout: '{\n  "error": {\n    "code": 30800,\n    "message": "Volume nosuch does not exist"\n  }\n}\n',
      stderr: '',
    });
  });

  it('is not a word of gluster: run as `gluster`, the line is refused as gluster refuses it', async () => {
    const { home } = setup();
    const c = fakeIO();
    process.env.TGLUSTER_HOME = home;
    const exit = await runCli(['volume', 'handover', 'v'], { ...c.io, program: 'gluster' });
    delete process.env.TGLUSTER_HOME;
    expect([exit, c.stdout().split('\n')[0]]).toEqual([1, 'unrecognized word: handover (position 1)']);
  });

  it('refuses a striped volume, a running task and a remove-brick not committed', async () => {
    const { home, dir } = setup();
    const s = await tg(home, ['--mode=script', 'volume', 'create', 'st', 'stripe', '2', `server1:${dir}/s0`, `server2:${dir}/s1`, 'force']);
    expect(s.exit).toBe(0);
    expect((await tg(home, ['volume', 'handover', 'st'])).stderr).toBe(
      'volume handover: st: failed: Volume st is a Stripe volume: GlusterFS 10.3 has no striped volumes (removed in GlusterFS 6). Copy its files into a volume of another type first\n',
    );
    await replica3(home, dir, 'r3');
    const v = loadVolume(home, 'r3')!;
    saveVolume(home, { ...v, task: { kind: 'rebalance', id: '11111111-2222-3333-4444-555555555555', status: 'in progress' } });
    expect(await tg(home, ['volume', 'handover', 'r3'])).toMatchObject({
      exit: 1,
      stderr: 'volume handover: r3: failed: A rebalance task (ID 11111111-2222-3333-4444-555555555555) is still running on volume r3: let it finish or stop it first\n',
    });
    saveVolume(home, { ...v, bricks: v.bricks.map((b, i) => (i === 2 ? { ...b, decommissioned: true } : b)) });
    expect((await tg(home, ['volume', 'handover', 'r3'])).stderr).toBe(
      `volume handover: r3: failed: Brick server3:${dir}/b2 of volume r3 is being removed: commit or stop the remove-brick first\n`,
    );
  });

  it('refuses pending heals; with --force says what heal will do, and heal info is then a warning', async () => {
    const { home, dir } = setup();
    const bricks = await replica3(home, dir, 'r3');
    expect((await tg(home, ['debug', 'kill-brick', 'r3', `server3:${bricks[2]}`])).exit).toBe(0);
    const c = await openVolume('r3', { home });
    await c.writeFile('/f', 'written with brick 3 down\n');
    await c.close();
    const refused = await tg(home, ['volume', 'handover', 'r3']);
    expect(refused).toEqual({
      exit: 1,
      stdout: '',
      stderr: `volume handover: r3: failed: Volume r3 has pending heals (server1:${bricks[0]} has 2 entries to heal; server2:${bricks[1]} has 2 entries to heal; server3:${bricks[2]} is down): heal it first (volume heal r3), or hand it over with --force\n`,
    });
    // Stopped (as before a handover), the killed brick is read too: its copies are what is pending.
    expect((await tg(home, ['--mode=script', 'volume', 'stop', 'r3'])).exit).toBe(0);
    const forced = await tg(home, ['volume', 'handover', 'r3', '--force']);
    expect(forced.exit).toBe(0);
    expect(forced.stdout).toContain(
      '# Handed over with pending heals (--force). What GlusterFS will do with them:\n' +
        `#   server1:${bricks[0]}: 2 entries pending: the self-heal daemon heals them from the copies that are not blamed, within cluster.heal-timeout of the start (or at once with: gluster volume heal r3)\n` +
        `#   server2:${bricks[1]}: 2 entries pending: the self-heal daemon heals them from the copies that are not blamed, within cluster.heal-timeout of the start (or at once with: gluster volume heal r3)\n`,
    );
    expect(forced.stdout).toContain('  echo "volume $VOL: heal info is not 0 on every brick (pending heals were handed over: see the notes above)" >&2\nfi\n');
    const json = JSON.parse((await tg(home, ['--json', 'volume', 'handover', 'r3', '--force'])).stdout);
    expect(json.handover.heals).toEqual([
      { brick: `server1:${bricks[0]}`, entries: 2, splitBrain: 0 },
      { brick: `server2:${bricks[1]}`, entries: 2, splitBrain: 0 },
      { brick: `server3:${bricks[2]}`, entries: 0, splitBrain: 0 },
    ]);
  });

  it('plans a distribute volume: one server, no probe, options oldest first, a changed create-time option set again', async () => {
    const { home, dir } = setup();
    const bricks = [0, 1].map((i) => path.join(dir, `d${i}`));
    expect((await tg(home, ['--mode=script', 'volume', 'create', 'dv', ...bricks.map((b) => `server1:${b}`), 'force'])).exit).toBe(0);
    for (const [k, v] of [['performance.io-cache', 'off'], ['nfs.disable', 'off'], ['user.owner', "it's me"]]) {
      expect((await tg(home, ['--mode=script', 'volume', 'set', 'dv', k, v])).exit).toBe(0);
    }
    const r = await tg(home, ['volume', 'handover', 'dv']);
    expect(r.exit).toBe(0);
    expect(r.stdout).toContain(`  prepare server1 ${bricks[0]} ${bricks[1]}\n\n  # 2. The other servers join the pool.\n  # (every brick is on this server: no peer to probe)\n`);
    expect(r.stdout).toContain(`  gluster --mode=script volume create dv server1:${bricks[0]} server1:${bricks[1]} force\n`);
    expect(r.stdout).toContain(
      // nfs.disable keeps its place in the list (a set replaces it there): it is the oldest.
      'gluster --mode=script volume set "$VOL" nfs.disable off\n' +
        'gluster --mode=script volume set "$VOL" performance.io-cache off\n' +
        `gluster --mode=script volume set "$VOL" user.owner 'it'\\''s me'\n`,
    );
    expect(r.stdout).not.toContain('heal');
    const plan = JSON.parse((await tg(home, ['--json', 'volume', 'handover', 'dv'])).stdout).handover;
    expect(plan).toMatchObject({ volume: 'dv', type: 'Distribute', probe: [], replicated: false, heals: [], healNotes: [] });
    expect(plan.create).toEqual(['volume', 'create', 'dv', `server1:${bricks[0]}`, `server1:${bricks[1]}`, 'force']);
  });
});
