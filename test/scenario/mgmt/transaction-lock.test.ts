// The transaction lock across real processes: a busy lock gives glusterd's message, a holder
// killed with -9 leaves no stale lock, a crash mid-write leaves the old state readable, and
// parallel mutating commands never corrupt the state dir.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withTransaction } from '../../../src/mgmt/lock.js';
import { listPeers, listVolumeNames, loadAllVolumes, loadVolume, saveVolume } from '../../../src/mgmt/store.js';
import type { Volume } from '../../../src/mgmt/types.js';
import { setXattr } from '../../../src/xattr/index.js';
import { gfidToBytes } from '../../../src/libglusterfs/uuid.js';

const TGLUSTER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/tgluster');

interface Run {
  exit: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function tgluster(home: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(TGLUSTER, args, { env: { ...process.env, TGLUSTER_HOME: home, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.on('error', reject);
    child.on('close', (exit, signal) => resolve({ exit, signal, stdout, stderr }));
  });
}

let root: string;
let home: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-lock-'));
  home = path.join(root, 'home');
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/** A created distribute volume over real brick dirs stamped with its volume-id. */
function makeVolume(name: string, i: number): Volume {
  const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  const brick = path.join(root, 'bricks', name);
  fs.mkdirSync(brick, { recursive: true });
  setXattr(brick, 'trusted.glusterfs.volume-id', gfidToBytes(id));
  const vol: Volume = {
    name, id, type: 'Distribute', status: 'Created', replicaCount: 1, arbiterCount: 0, disperseCount: 0,
    redundancyCount: 0, stripeCount: 1, transport: 'tcp', options: [['nfs.disable', 'on']],
    bricks: [{ host: 'server1', path: brick, brickId: 0, nodeUuid: '11111111-2222-3333-4444-555555555555', port: 49152 + i, arbiter: false }],
  };
  saveVolume(home, vol);
  return vol;
}

describe('transaction lock', () => {
  it('a second mutating command fails with glusterd\'s message while the lock is held', async () => {
    makeVolume('v1', 1);
    const r = await withTransaction(home, 'other', () => tgluster(home, ['volume', 'start', 'v1'], { TGLUSTER_LOCK_WAIT_MS: '200' }));
    expect(r).toMatchObject({
      exit: 1,
      stdout: '',
      stderr: 'volume start: v1: failed: Another transaction is in progress for v1. Please try again after some time.\n',
    });
    expect(loadVolume(home, 'v1')!.status).toBe('Created');
    const x = await withTransaction(home, 'other', () => tgluster(home, ['volume', 'start', 'v1', '--xml'], { TGLUSTER_LOCK_WAIT_MS: '0' }));
    expect(x.exit).toBe(0);
    expect(x.stdout).toContain('<opRet>-1</opRet>\n  <opErrno>30800</opErrno>\n  <opErrstr>Another transaction is in progress for v1. Please try again after some time.</opErrstr>');
    // released: the same command now succeeds
    expect((await tgluster(home, ['volume', 'start', 'v1'])).stdout).toBe('volume start: v1: success\n');
  });

  it('a damaged glusterd.info stops every change (glusterd would not start), naming the file', async () => {
    makeVolume('v1', 1);
    const info = path.join(home, 'glusterd.info');
    fs.writeFileSync(info, 'UUID=nonsense\noperating-version=100000\n');
    let ran = false;
    await expect(withTransaction(home, 'v1', () => (ran = true))).rejects.toThrow(`${info}: key "UUID" is not a UUID`);
    expect(ran).toBe(false);
    const r = await tgluster(home, ['peer', 'probe', 'nodeq']);
    expect(r).toMatchObject({ exit: 1, stdout: '', stderr: `peer probe: failed: Failed to read state file ${info}: key "UUID" is not a UUID: "nonsense"\n` });
    expect(listPeers(home)).toEqual([]);
    expect((await tgluster(home, ['volume', 'start', 'v1'])).exit).toBe(1);
    expect(loadVolume(home, 'v1')!.status).toBe('Created');
  });

  it('a holder killed with -9 leaves no stale lock and no partial state', async () => {
    makeVolume('v1', 1);
    const killed = await tgluster(home, ['volume', 'start', 'v1'], { TGLUSTER_CRASH_AT: 'mgmt-txn-locked' });
    expect(killed.signal).toBe('SIGKILL');
    const crashedWrite = await tgluster(home, ['volume', 'start', 'v1'], { TGLUSTER_CRASH_AT: 'mgmt-before-rename', TGLUSTER_LOCK_WAIT_MS: '0' });
    expect(crashedWrite.signal).toBe('SIGKILL');
    expect(loadVolume(home, 'v1')!.status).toBe('Created');
    const r = await tgluster(home, ['volume', 'start', 'v1'], { TGLUSTER_LOCK_WAIT_MS: '0' });
    expect(r.stdout).toBe('volume start: v1: success\n');
    expect(listVolumeNames(home)).toEqual(['v1']);
  });

  it('8 parallel mutating commands serialise: all succeed, every state file parses, ports stay unique', async () => {
    for (let i = 1; i <= 3; i++) makeVolume(`v${i}`, i);
    await tgluster(home, ['volume', 'start', 'v3']);
    const b = (n: string) => `server1:${path.join(root, 'bricks', n)}`;
    const cmds = [
      ['volume', 'start', 'v1'],
      ['volume', 'start', 'v2'],
      ['--mode=script', 'volume', 'stop', 'v3'],
      ['peer', 'probe', 'node7'],
      ['peer', 'probe', 'node8'],
      ['volume', 'create', 'c1', b('c1a'), b('c1b'), 'force'],
      ['volume', 'create', 'c2', b('c2a'), b('c2b'), 'force'],
      ['volume', 'create', 'c3', b('c3a'), 'force'],
    ];
    const runs = await Promise.all(cmds.map((c) => tgluster(home, c, { TGLUSTER_LOCK_WAIT_MS: '120000' })));
    runs.forEach((r, i) => expect({ cmd: cmds[i].join(' '), exit: r.exit, stderr: r.stderr }).toEqual({ cmd: cmds[i].join(' '), exit: 0, stderr: '' }));
    const vols = loadAllVolumes(home);
    expect(vols.map((v) => `${v.name}:${v.status}`)).toEqual(['c1:Created', 'c2:Created', 'c3:Created', 'v1:Started', 'v2:Started', 'v3:Stopped']);
    const ports = vols.flatMap((v) => v.bricks.map((x) => x.port));
    expect(new Set(ports).size).toBe(ports.length);
    expect(listPeers(home).map((p) => p.hostname)).toEqual(['node7', 'node8']);
    // no temp files left anywhere in the state dir
    const leftovers = fs.readdirSync(home, { recursive: true }).map(String).filter((f) => f.includes('.tmp-'));
    expect(leftovers).toEqual([]);
  });
});
