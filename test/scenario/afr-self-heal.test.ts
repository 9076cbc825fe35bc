// Index self-heal of a replica set that missed changes while one brick was down: after the heal
// every copy holds the same namespace, data, owners, modes, xattrs and times, the indices are
// empty, and the counters that blamed the sink are zero (kept, as 10.3 keeps them).
import { afterEach, describe, expect, it } from 'vitest';
import { clientFor } from '../../src/api/index.js';
import { healVolume } from '../../src/api/heal.js';
import { indexEntries, snapshotBrick } from '../helpers/brick-snapshot.js';
import { makeVolume, type TestVolume } from '../unit/api/helpers.js';

let tv: TestVolume;
afterEach(() => tv?.cleanup());

const down = (i: number | undefined) => tv.volume.bricks.forEach((b, k) => (b.down = k === i));

/** Changes of every kind, made while brick `sink` is down. */
async function degradedChanges(sink: number): Promise<void> {
  let c = clientFor(tv.volume);
  await c.mkdir('/d', 0o755);
  for (const f of ['f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'old', 'tchange']) await c.writeFile(`/d/${f}`, `${f} first\n`);
  await c.mkdir('/d/gone', 0o755);
  await c.writeFile('/d/gone/x', 'x');
  await c.setxattr('/d/f5', 'user.drop', Buffer.from('1'));
  down(sink);
  c = clientFor(tv.volume);
  await c.writeFile('/d/f1', 'overwritten while a brick was down\n');
  const fh = await c.open('/d/f2', 'a');
  await fh.write(Buffer.from('appended\n'));
  await c.truncate('/d/f3', 2);
  await c.chmod('/d/f4', 0o600);
  await c.chown('/d/f4', 1000, 1000);
  await c.setxattr('/d/f4', 'user.new', Buffer.from('v'));
  await c.removexattr('/d/f5', 'user.drop');
  await c.unlink('/d/f6');
  await c.rename('/d/old', '/d/new');
  await c.unlink('/d/tchange');
  await c.mkdir('/d/tchange', 0o700);
  await c.mkdirp('/tree/a/b');
  await c.writeFile('/tree/a/b/leaf', Buffer.alloc(300_000, 7));
  await c.writeFile('/tree/a/empty', '');
  await c.symlink('a/b/leaf', '/tree/sl');
  await c.link('/d/f1', '/tree/hard');
  await c.unlink('/d/gone/x');
  await c.rmdir('/d/gone');
  await c.writeFile('/big', Buffer.alloc(3 * 1024 * 1024, 1));
  down(undefined);
}

describe('index self-heal brings a brick that missed changes level with its set', () => {
  for (const [layout, replica, arbiter, sink] of [
    ['replica 3, third brick missed', 3, false, 2],
    ['replica 3, first brick missed', 3, false, 0],
    ['replica 2, second brick missed', 2, false, 1],
    ['arbiter, a data brick missed', 3, true, 1],
    ['arbiter, the arbiter missed', 3, true, 2],
  ] as const) {
    it(layout, async () => {
      tv = makeVolume('hl', { bricks: replica, replica, arbiter });
      await degradedChanges(sink);
      expect(indexEntries(tv.brickPaths[(sink + 1) % replica]).length).toBeGreaterThan(0);
      const { stats } = healVolume(tv.volume);
      expect(stats[0].splitBrain).toBe(0);
      expect(stats[0].failed).toBe(0);
      const snaps = tv.brickPaths.map((b) => snapshotBrick(b));
      // /d/new was renamed while the brick was down: the rename moved its ctime on the other
      // copies only, and heal names it again without touching its times, as 10.3 does.
      for (const s of snaps) delete s['/d/new']?.xattrs['trusted.glusterfs.mdata'];
      const ref = arbiter ? 0 : sink === 0 ? 1 : 0;
      for (let i = 0; i < replica; i++) {
        expect(indexEntries(tv.brickPaths[i]), `indices of brick ${i}`).toEqual([]);
        if (arbiter && i === 2) {
          // The arbiter holds every name with its metadata and no data.
          expect(Object.keys(snaps[i]).sort()).toEqual(Object.keys(snaps[ref]).sort());
          continue;
        }
        expect(snaps[i], `brick ${i} vs brick ${ref}`).toEqual(snaps[ref]);
      }
      const c = clientFor(tv.volume);
      expect((await c.readFile('/d/f1')).toString()).toBe('overwritten while a brick was down\n');
      expect((await c.readFile('/tree/a/b/leaf')).length).toBe(300_000);
    });
  }
});

describe('a directory renamed while a brick was down', () => {
  it('is renamed back on the sink by one heal, its contents kept, nothing left pending', async () => {
    tv = makeVolume('hlr', { bricks: 3, replica: 3 });
    let c = clientFor(tv.volume);
    await c.mkdirp('/d/x');
    await c.writeFile('/d/x/f', 'hello\n');
    down(2);
    c = clientFor(tv.volume);
    await c.rename('/d/x', '/d/a');
    down(undefined);
    const { stats } = healVolume(tv.volume);
    expect(stats[0]).toMatchObject({ splitBrain: 0, failed: 0 });
    for (const b of tv.brickPaths) expect(indexEntries(b), b).toEqual([]);
    const [s0, s1, s2] = tv.brickPaths.map((b) => snapshotBrick(b));
    expect(Object.keys(s2).sort()).toEqual(Object.keys(s0).sort());
    expect(s2['/d/a/f']).toEqual(s0['/d/a/f']);
    expect(s1).toEqual(s0);
  });
});
