// volume start / stop / delete: messages, prompts and exit codes against the capture, and what
// each does to the state and to the bricks.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { argvOf, byName, captureHome, expected, install, tempDir, tg, volumesFromInfoXml } from './m1a-helpers.js';
import type { Volume } from '../../../src/mgmt/types.js';
import { loadVolume, saveVolume } from '../../../src/mgmt/store.js';
import { getXattrOpt, removeXattr, setXattr } from '../../../src/xattr/index.js';
import { bytesToGfid, gfidToBytes } from '../../../src/libglusterfs/uuid.js';

let home: string;
let root: string;
let all: Volume[];
beforeEach(() => {
  home = captureHome();
  root = tempDir('bricks');
  all = volumesFromInfoXml('volume-info-all.xml');
});
afterEach(() => {
  fs.rmSync(home, { recursive: true, force: true });
  fs.rmSync(root, { recursive: true, force: true });
});

/** Installs a capture volume with real brick directories under `root`, in the given state. */
function put(name: string, status: Volume['status'], patch: Partial<Volume> = {}): Volume {
  return install(home, [{ ...byName(all, name), status, ...patch }], root)[0];
}

const VOLID = 'trusted.glusterfs.volume-id';

describe('volume start', () => {
  it.each(['volume-start', 'volume-start.xml'])('%s: starts a created volume and prepares its bricks', async (c) => {
    const v = put('cliRep3', 'Created');
    expect(await tg(home, argvOf(c))).toEqual(expected(c));
    expect(loadVolume(home, 'cliRep3')!.status).toBe('Started');
    for (const b of v.bricks) {
      expect(fs.existsSync(path.join(b.path, '.glusterfs', '00', '00', '00000000-0000-0000-0000-000000000001'))).toBe(true);
    }
  });

  it.each(['volume-start-error-already-started', 'volume-start-error-already-started.xml', 'volume-start-force-already-started', 'volume-start-force-already-started.xml'])(
    '%s',
    async (c) => {
      put('cliRep3', 'Started');
      expect(await tg(home, argvOf(c))).toEqual(expected(c));
    },
  );

  it.each(['volume-start-error-nonexistent', 'volume-start-error-nonexistent.xml', 'volume-start-error-no-volname', 'volume-start-error-no-volname.xml'])(
    '%s',
    async (c) => {
      expect(await tg(home, argvOf(c))).toEqual(expected(c));
    },
  );

  it('volume-start-transport-rdma: commit fails, the volume stays created', async () => {
    put('cliRep3', 'Created', { name: 'cliRdma', transport: 'rdma' });
    expect(await tg(home, argvOf('volume-start-transport-rdma'))).toEqual(expected('volume-start-transport-rdma'));
    expect(loadVolume(home, 'cliRdma')!.status).toBe('Created');
  });

  it('volume-start-force-restarts-dead-brick: force brings killed bricks back', async () => {
    const v = put('cliRep3', 'Started');
    saveVolume(home, { ...v, bricks: v.bricks.map((b, i) => (i === 1 ? { ...b, down: true } : b)) });
    expect(await tg(home, argvOf('volume-start-force-restarts-dead-brick'))).toEqual(expected('volume-start-force-restarts-dead-brick'));
    expect(loadVolume(home, 'cliRep3')!.bricks.map((b) => !!b.down)).toEqual([false, false, false]);
  });

  it('without force: a brick without volume-id fails like glusterd, nothing changes', async () => {
    const v = put('cliRep3', 'Stopped');
    removeXattr(v.bricks[2].path, VOLID);
    const r = await tg(home, ['volume', 'start', 'cliRep3']);
    expect(r).toEqual({
      exit: 1,
      stdout: '',
      stderr: `volume start: cliRep3: failed: Failed to get extended attribute trusted.glusterfs.volume-id for brick dir ${v.bricks[2].path}. Reason : No data available\n`,
    });
    expect(loadVolume(home, 'cliRep3')!.status).toBe('Stopped');
    // force writes the missing id and starts
    expect((await tg(home, ['volume', 'start', 'cliRep3', 'force'])).exit).toBe(0);
    expect(bytesToGfid(getXattrOpt(v.bricks[2].path, VOLID)!)).toBe(v.id);
  });

  it('a brick of another volume (id mismatch) never starts, even with force', async () => {
    const v = put('cliRep3', 'Stopped');
    const other = '11111111-2222-3333-4444-555555555555';
    setXattr(v.bricks[0].path, VOLID, gfidToBytes(other));
    for (const force of [[], ['force']]) {
      const r = await tg(home, ['volume', 'start', 'cliRep3', ...force]);
      expect(r.exit).toBe(1);
      expect(r.stderr).toBe(
        `volume start: cliRep3: failed: Volume id mismatch for brick server1:${v.bricks[0].path}. Expected volume id ${v.id}, volume id ${other} found\n`,
      );
    }
  });

  it('a missing brick directory: error without force; with force that brick stays offline', async () => {
    const v = put('cliRep3', 'Stopped');
    fs.rmSync(v.bricks[1].path, { recursive: true });
    const r = await tg(home, ['volume', 'start', 'cliRep3']);
    expect(r.stderr).toBe(
      `volume start: cliRep3: failed: Failed to find brick directory ${v.bricks[1].path} for volume cliRep3. Reason : No such file or directory\n`,
    );
    expect((await tg(home, ['volume', 'start', 'cliRep3', 'force'])).exit).toBe(0);
    expect(loadVolume(home, 'cliRep3')!.bricks.map((b) => !!b.down)).toEqual([false, true, false]);
    expect(fs.existsSync(v.bricks[1].path)).toBe(false);
    const s = await tg(home, ['volume', 'status', 'cliRep3']);
    expect(s.stdout).toContain(`${'N/A'.padEnd(10)}${'N/A'.padEnd(11)}${'N'.padEnd(8)}N/A  \n`);
  });

  it('usage: extra words', async () => {
    const r = await tg(home, ['volume', 'start', 'a', 'b']);
    expect(r).toEqual({ exit: 1, stdout: '', stderr: '\nUsage:\nvolume start <VOLNAME> [force]\n\n' });
  });
});

describe('volume stop', () => {
  it.each(['volume-stop-mode-script', 'volume-stop-mode-script.xml'])('%s', async (c) => {
    put('cliRep3', 'Started');
    expect(await tg(home, argvOf(c))).toEqual(expected(c));
    expect(loadVolume(home, 'cliRep3')!.status).toBe('Stopped');
  });

  it.each([
    ['volume-stop-prompt-answer-y', ['y'], 'Stopped'],
    ['volume-stop-prompt-answer-y.xml', ['y'], 'Stopped'],
    ['volume-stop-prompt-answer-n', ['n'], 'Started'],
    ['volume-stop-prompt-stdin-eof', [], 'Started'],
  ] as const)('%s', async (c, answers, after) => {
    put('cliRep3', 'Started');
    expect(await tg(home, argvOf(c), [...answers])).toEqual(expected(c));
    expect(loadVolume(home, 'cliRep3')!.status).toBe(after);
  });

  it('volume-stop-force-prompt-answer-n', async () => {
    put('cliEC3', 'Started');
    expect(await tg(home, argvOf('volume-stop-force-prompt-answer-n'), ['n'])).toEqual(expected('volume-stop-force-prompt-answer-n'));
  });

  it.each(['volume-stop-error-already-stopped', 'volume-stop-error-already-stopped.xml', 'volume-stop-force-stopped-volume'])(
    '%s',
    async (c) => {
      put('cliRep3', 'Stopped');
      expect(await tg(home, argvOf(c))).toEqual(expected(c));
    },
  );

  it.each(['volume-stop-error-nonexistent', 'volume-stop-error-nonexistent.xml'])('%s', async (c) => {
    expect(await tg(home, argvOf(c))).toEqual(expected(c));
  });

  // (refused while a rebalance process runs: test/scenario/rebalance-cli.test.ts, with a live one)
  it('a rebalance on record whose process is gone does not hold the volume', async () => {
    put('cliDist', 'Started', { task: { kind: 'rebalance', id: '6053838c-9b65-46c5-9929-ba82aaf92226', status: 'in progress' } });
    const r = await tg(home, ['--mode=script', 'volume', 'stop', 'cliDist']);
    expect([r.exit, r.stdout]).toEqual([0, 'volume stop: cliDist: success\n']);
  });
});

describe('volume delete', () => {
  it.each([
    ['volume-delete-mode-script', []],
    ['volume-delete.xml', []],
    ['volume-delete-prompt-answer-y', ['y']],
  ] as const)('%s: forgets the volume, bricks keep data and volume-id', async (c, answers) => {
    // The capture deleted a later incarnation of cliDist: take its id from the output.
    const id = /<id>([^<]+)<\/id>/.exec(expected(c).stdout)?.[1];
    const v = put('cliDist', 'Stopped', id ? { id } : {});
    fs.writeFileSync(path.join(v.bricks[0].path, 'keep'), 'data');
    expect(await tg(home, argvOf(c), [...answers])).toEqual(expected(c));
    expect(loadVolume(home, 'cliDist')).toBeUndefined();
    expect(fs.readFileSync(path.join(v.bricks[0].path, 'keep'), 'utf8')).toBe('data');
    expect(bytesToGfid(getXattrOpt(v.bricks[0].path, VOLID)!)).toBe(v.id);
  });

  it.each([
    ['volume-delete-prompt-answer-n', ['n']],
    ['volume-delete-prompt-stdin-eof', []],
  ] as const)('%s: nothing done, exit 0', async (c, answers) => {
    put('cliDist', 'Created');
    expect(await tg(home, argvOf(c), [...answers])).toEqual(expected(c));
    expect(loadVolume(home, 'cliDist')).toBeDefined();
  });

  it.each([
    ['volume-delete-error-started', []],
    ['volume-delete-error-started.xml', []],
    ['volume-delete-error-started-prompt-y', ['y']],
  ] as const)('%s: asks first, then refuses', async (c, answers) => {
    put('cliDist', 'Started');
    expect(await tg(home, argvOf(c), [...answers])).toEqual(expected(c));
    expect(loadVolume(home, 'cliDist')!.status).toBe('Started');
  });

  it.each(['volume-delete-error-nonexistent', 'volume-delete-error-nonexistent.xml'])('%s', async (c) => {
    expect(await tg(home, argvOf(c))).toEqual(expected(c));
  });
});
