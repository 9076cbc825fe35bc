// Record locks through `tgluster mount`: fcntl and flock locks are the volume's (LK fops to every
// brick, as GlusterFS's fuse-bridge sends them), so two mounts of one volume see each other's
// locks, AFR's client quorum applies to them, and a brick that dies takes its locks with it.
// Each outcome here was first seen on GlusterFS 10.3 with the same steps (two FUSE mounts of a
// replica 2 volume, a brick killed with kill -9 and started again with `start force`); upstream
// tests/basic/afr/lk-quorum.t covers the quorum types.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fuseNative } from '../../src/mount/fuse-native.js';
import { createVolume, makeEnv, type Env } from './fs-helpers.js';

const MAIN_CLI = path.resolve(__dirname, '../../bin/tgluster');

const canMount = typeof fuseNative() !== 'string' && process.getuid?.() === 0 && fs.existsSync('/dev/fuse');
const hasPython = spawnSync('python3', ['-c', 'import fcntl'], { stdio: 'ignore' }).status === 0;

/** fcntl locks of a parent and a child process, one through each mount (prints each outcome). */
const FCNTL_STEPS = `
import fcntl, os, struct, sys
def getlk(f, start, length):
    r = struct.unpack('hhqqi', fcntl.fcntl(f, fcntl.F_GETLK, struct.pack('hhqqi', fcntl.F_WRLCK, 0, start, length, 0)))
    return {0: 'read', 1: 'write', 2: 'unlocked'}[r[0]] + ' %d+%d' % (r[2], r[3])
def attempt(label, fn):
    try:
        fn(); print(label, 'ok')
    except OSError as e:
        print(label, e.strerror)
f1 = open(sys.argv[1], 'r+')
attempt('parent write 0+10', lambda: fcntl.lockf(f1, fcntl.LOCK_EX | fcntl.LOCK_NB, 10, 0))
attempt('parent read 100+10', lambda: fcntl.lockf(f1, fcntl.LOCK_SH | fcntl.LOCK_NB, 10, 100))
pid = os.fork()
if pid == 0:
    f2 = open(sys.argv[2], 'r+')
    attempt('child write 5+10', lambda: fcntl.lockf(f2, fcntl.LOCK_EX | fcntl.LOCK_NB, 10, 5))
    attempt('child write 10+10', lambda: fcntl.lockf(f2, fcntl.LOCK_EX | fcntl.LOCK_NB, 10, 10))
    attempt('child read 105+1', lambda: fcntl.lockf(f2, fcntl.LOCK_SH | fcntl.LOCK_NB, 1, 105))
    attempt('child write 105+1', lambda: fcntl.lockf(f2, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 105))
    print('child getlk 0+5:', getlk(f2, 0, 5))
    print('child getlk 50+5:', getlk(f2, 50, 5))
    attempt('child flock', lambda: fcntl.flock(f2, fcntl.LOCK_EX | fcntl.LOCK_NB))
    os._exit(0)
os.waitpid(pid, 0)
f1.close()
f3 = open(sys.argv[2], 'r+')
attempt('after close, write 0+200', lambda: fcntl.lockf(f3, fcntl.LOCK_EX | fcntl.LOCK_NB, 200, 0))
`;

function sh(cmd: string, env: Record<string, string>): { code: number; out: string } {
  const r = spawnSync('bash', ['-c', cmd], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status ?? 128, out: (r.stdout ?? '') + (r.stderr ?? '') };
}

/** Waits until process `pid` sits in a flock(2) call that waits for the mount's answer. */
function waitBlockedInFlock(pid: number): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    const syscall = fs.readFileSync(`/proc/${pid}/syscall`, 'utf8').split(' ')[0];
    const wchan = fs.readFileSync(`/proc/${pid}/wchan`, 'utf8');
    if (syscall === '73' && wchan === 'request_wait_answer') return; // 73: flock on x86_64
    Atomics.wait(pause, 0, 0, 20);
  }
}

describe.skipIf(!canMount)('record locks through tgluster mount', () => {
  let e: Env;
  let bricks: string[];
  let m1: string;
  let m2: string;
  let env: Record<string, string>;

  beforeAll(() => {
    e = makeEnv('mount-locks');
    bricks = createVolume(e, 'lk', 2, 2);
    m1 = path.join(e.dir, 'm1');
    m2 = path.join(e.dir, 'm2');
    for (const m of [m1, m2]) {
      fs.mkdirSync(m);
      expect(e.run(['mount', 'lk', m]).code).toBe(0);
    }
    fs.writeFileSync(path.join(m1, 'f'), 'x'.repeat(300));
    env = { M1: m1, M2: m2, FIFO: path.join(e.dir, 'fifo') };
    spawnSync('mkfifo', [env.FIFO]);
  });

  afterAll(() => {
    for (const m of [m1, m2]) if (m) spawnSync('umount', [m]);
    e?.cleanup();
  });

  test.skipIf(!hasPython)('fcntl locks: ranges, owners across mounts, F_GETLK, flock against fcntl, close drops them', () => {
    const script = path.join(e.dir, 'steps.py');
    fs.writeFileSync(script, FCNTL_STEPS);
    const r = spawnSync('python3', [script, path.join(m1, 'f'), path.join(m2, 'f')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')).toEqual([
      'parent write 0+10 ok',
      'parent read 100+10 ok',
      'child write 5+10 Resource temporarily unavailable',
      'child write 10+10 ok',
      'child read 105+1 ok',
      'child write 105+1 Resource temporarily unavailable',
      // the conflicting lock, with an unknown pid (GlusterFS gives the holder's)
      'child getlk 0+5: write 0+10',
      'child getlk 50+5: unlocked 50+5',
      // GlusterFS's flock is a whole-file record lock of the open file: it meets the fcntl locks
      'child flock Resource temporarily unavailable',
      'after close, write 0+200 ok',
      '',
    ]);
  });

  test('flock: exclusive across mounts and within one; -n refuses, -w gives up when interrupted', () => {
    const r = sh(
      'flock -x "$M1/f" -c \'flock -n "$M2/f" true; echo "other mount: $?"; flock -n "$M1/f" true; echo "same mount: $?"; ' +
        'flock -w 0.2 "$M2/f" true; echo "waited: $?"; flock -s -n "$M2/f" true; echo "shared: $?"\'; flock -n "$M2/f" true; echo "after: $?"',
      env,
    );
    expect(r).toEqual({ code: 0, out: 'other mount: 1\nsame mount: 1\nwaited: 1\nshared: 1\nafter: 0\n' });
  });

  test.skipIf(!hasPython)('a lock goes with its close although another mount renamed the file meanwhile', () => {
    fs.writeFileSync(path.join(m1, 'before'), 'x');
    const steps = 'import fcntl,os,sys; f=open(sys.argv[1],"r+"); fcntl.lockf(f, fcntl.LOCK_EX|fcntl.LOCK_NB); os.rename(sys.argv[2], sys.argv[3]); f.close()';
    const r = spawnSync('python3', ['-c', steps, path.join(m1, 'before'), path.join(m2, 'before'), path.join(m2, 'after')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(sh('flock -n "$M2/after" true; echo $?', env).out).toBe('0\n');
  });

  test('a waiting flock is granted when the holder lets go', async () => {
    const holder = spawn('bash', ['-c', 'flock -x "$M1/f" -c \'echo held; read x < "$FIFO"\''], { env: { ...process.env, ...env } });
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    const waiter = spawn('flock', ['-x', path.join(m2, 'f'), '-c', 'echo granted'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    waiter.stdout.on('data', (b: Buffer) => (out += b.toString()));
    const done = new Promise<number>((resolve) => waiter.on('close', (c) => resolve(c ?? -1)));
    waitBlockedInFlock(waiter.pid!);
    expect(out).toBe('');
    fs.writeFileSync(env.FIFO, 'go\n');
    expect(await done).toBe(0);
    expect(out).toBe('granted\n');
  });

  test('a brick that dies takes its locks along; with no quorum (replica 2) one brick is enough', () => {
    const kill = (i: number) => expect(e.run(['debug', 'kill-brick', 'lk', `server${i + 1}:${bricks[i]}`]).code).toBe(0);
    const startForce = () => expect(e.run(['--mode=script', 'volume', 'start', 'lk', 'force']).code).toBe(0);
    const holder = spawn('bash', ['-c', 'flock -x "$M1/f" -c \'echo held; read x < "$FIFO"\''], { env: { ...process.env, ...env } });
    return new Promise<void>((resolve) => holder.stdout.once('data', () => resolve())).then(async () => {
      kill(0);
      // the other brick still holds the lock
      expect(sh('flock -n "$M2/f" true; echo $?', env).out).toBe('1\n');
      startForce();
      kill(1);
      // the brick that came back lost the holder's lock: the other mount gets it there
      expect(sh('flock -n "$M2/f" true; echo $?', env).out).toBe('0\n');
      const exited = new Promise((resolve) => holder.on('close', resolve));
      fs.writeFileSync(env.FIFO, 'go\n');
      await exited;
      startForce();
      // with both bricks down no lock can be had (on a file opened before)
      const killBoth = bricks.map((b, i) => `"$TG" debug kill-brick lk server${i + 1}:${b} >/dev/null; `).join('');
      const r = sh(`exec 3<"$M2/f"; ${killBoth} flock -n 3; echo $?`, { ...env, TG: MAIN_CLI, TGLUSTER_HOME: e.home });
      expect(r.out).toBe('65\nflock: 3: Transport endpoint is not connected\n');
      startForce();
      expect(sh('flock -n "$M2/f" true; echo $?', env).out).toBe('0\n');
    });
  });
});
