// Port of GlusterFS 10.3 tests/basic/afr/self-heald.t: the self-heal daemon's view of a 3 x 2
// distributed-replicate volume with one brick of every pair down. Heal info must count exactly
// what needs healing (a 10-level tree of directories `a` each holding a 10 MiB file `f`: 1 per
// file, 3 per directory (one per DHT subvolume), 3 for the root), say "Transport endpoint is
// not connected" for the 3 dead bricks, and not count stale index entries (files created and
// deleted while the bricks were down). `volume heal` fails while bricks are down and while the
// self-heal daemon is off; after `start force` an index heal makes progress and a full heal
// leaves nothing pending. Writes in progress are not pending heals. With each of cluster.data-,
// metadata- and entry-self-heal off, heal info still reports the damage and the heal still
// repairs it. Heal info fails for a missing volume, a stopped one and a pure distribute one.
//
// The .t kills the even or the odd brick of each pair depending on the day of the year; both
// choices are run here. `sleep 5` after the index heal (to see partial progress) is not needed:
// the heal is done when the command returns. The last check (no "offset reused from another
// DIR" in the logs, for non-Linux systems) has no counterpart: tgluster keeps no brick logs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVolume } from '../../../src/api/index.js';
import { Harness } from './harness.js';

const MiB = 1024 * 1024;

for (const decide_kill of [0, 1]) {
  describe(`tests/basic/afr/self-heald.t (decide_kill=${decide_kill}: the ${decide_kill ? 'odd' : 'even'} bricks die)`, () => {
    let h: Harness;
    let HEAL_FILES = 0;
    const V0 = 'patchy';
    const killed = decide_kill === 0 ? [0, 2, 4] : [1, 3, 5];

    async function kill_multiple_bricks(): Promise<void> {
      for (const i of killed) await h.kill_brick(V0, h.b(`${V0}${i}`));
    }

    /** Lines of heal info saying a brick is not connected. */
    async function disconnected_brick_count(): Promise<number> {
      const r = await h.CLI('volume', 'heal', V0, 'info');
      return r.stdout.split('\n').filter((l) => /(transport|Socket is not connected)/i.test(l)).length;
    }

    /**
     * With cluster.TYPE-self-heal off and the bricks killed, CHANGE is made: heal info counts it
     * (EXPECTED), and after start force a heal leaves nothing pending; the option is set back on.
     */
    async function healedWithClientSideHealOff(type: string, change: () => Promise<unknown>, expected: number[]): Promise<void> {
      await h.TEST('volume', 'set', V0, `cluster.${type}-self-heal`, 'off');
      expect(await h.volume_option(V0, `cluster.${type}-self-heal`)).toBe('off');
      await kill_multiple_bricks();
      await change();
      expect(expected).toContain(await h.get_pending_heal_count(V0));
      await h.TEST('volume', 'start', V0, 'force');
      await h.TEST('volume', 'heal', V0);
      expect(await h.get_pending_heal_count(V0)).toBe(0);
      await h.TEST('volume', 'set', V0, `cluster.${type}-self-heal`, 'on');
    }

    beforeAll(async () => {
      h = new Harness(`self-heald-${decide_kill}`);
      await h.TEST('volume', 'create', V0, 'replica', '2', ...[0, 1, 2, 3, 4, 5].map((i) => h.brick(`${V0}${i}`)));
      await h.volume_set(V0, { 'cluster.background-self-heal-count': '0', 'cluster.eager-lock': 'off', 'performance.flush-behind': 'off' });
      await h.TEST('volume', 'start', V0);
    });
    afterAll(() => h?.cleanup());

    it('heal info counts the pending entries of a 10-level tree made with a brick of each pair down', async () => {
      await kill_multiple_bricks();
      let cwd = '';
      for (let i = 1; i <= 10; i++) {
        expect((await h.dd(`${cwd}/f`, 10 * MiB)).exit).toBe(0);
        HEAL_FILES += 1; // data/metadata self-heal of 'f'
        await h.fsOk('mkdir', h.M0(`${cwd}/a`));
        cwd += '/a';
        HEAL_FILES += 3; // metadata self-heal of 'a', one per DHT subvolume
      }
      HEAL_FILES += 3; // entry self-heal of '/', one per DHT subvolume
      expect(await h.get_pending_heal_count(V0)).toBe(HEAL_FILES);
      // When bricks are down, heal info says Transport endpoint not connected for them.
      expect(await disconnected_brick_count()).toBe(3);
    });

    it('stale index entries (files created, then deleted, while bricks are down) are not counted', async () => {
      for (let i = 11; i <= 20; i++) await h.echo(`/${i}`, 'abc');
      HEAL_FILES += 10;
      expect(await h.get_pending_heal_count(V0)).toBe(HEAL_FILES);
      for (let i = 11; i <= 20; i++) await h.fsOk('rm', '-f', h.M0(`/${i}`));
      HEAL_FILES -= 10;
      expect(await h.get_pending_heal_count(V0)).toBe(HEAL_FILES);
    });

    it('heal fails with bricks down and with the self-heal daemon off; index heal then full heal', async () => {
      await h.TEST_NOT('volume', 'heal', V0);
      await h.TEST('volume', 'set', V0, 'cluster.self-heal-daemon', 'off');
      await h.TEST_NOT('volume', 'heal', V0);
      await h.TEST_NOT('volume', 'heal', V0, 'full');
      await h.TEST('volume', 'start', V0, 'force');
      await h.TEST('volume', 'set', V0, 'cluster.self-heal-daemon', 'on');

      await h.TEST('volume', 'heal', V0);
      // check that this heals the contents (at least) partially
      expect(HEAL_FILES).toBeGreaterThan(await h.get_pending_heal_count(V0));

      await h.TEST('volume', 'heal', V0, 'full');
      expect(await h.get_pending_heal_count(V0)).toBe(0);
    });

    it('ongoing I/O is not considered a pending heal', async () => {
      // Five `dd if=/dev/zero of=$M0/fileN bs=1k` writers: five open files written 1 KiB at a
      // time, heal info taken while they are open and being written.
      const c = await openVolume(V0, { home: h.home });
      const fhs = await Promise.all([1, 2, 3, 4, 5].map((i) => c.open(`/file${i}`, 'w')));
      const block = Buffer.alloc(1024);
      for (let k = 0; k < 16; k++) for (const fh of fhs) await fh.write(block, k * 1024);
      expect(await h.get_pending_heal_count(V0)).toBe(0);
      for (const fh of fhs) await fh.write(block, 16 * 1024);
      for (const fh of fhs) await fh.close();
    });

    it('heal info reports a pending data heal with cluster.data-self-heal off, and it is healed', async () => {
      await h.fsOk('touch', h.M0('/f'));
      await h.fsOk('mkdir', h.M0('/d'));
      await healedWithClientSideHealOff('data', () => h.echo('/f', 'abc'), [1]);
    });

    it('... a pending metadata heal with cluster.metadata-self-heal off', async () => {
      await healedWithClientSideHealOff('metadata', () => h.fsOk('chmod', '777', h.M0('/f')), [1]);
    });

    it('... a pending entry heal with cluster.entry-self-heal off', async () => {
      // 4 if mtime/ctime is modified for d in bricks without a, 2 otherwise
      await healedWithClientSideHealOff('entry', () => h.fsOk('touch', h.M0('/d/a')), [2, 4]);
    });

    it('heal info fails for a missing volume, a stopped volume and a distribute volume', async () => {
      await h.TEST_NOT('volume', 'heal', 'fail', 'info');
      await h.TEST('volume', 'stop', V0);
      await h.TEST_NOT('volume', 'heal', V0, 'info');
      await h.TEST('volume', 'delete', V0);
      await h.TEST('volume', 'create', V0, h.brick(`${V0}6`));
      await h.TEST('volume', 'start', V0);
      await h.TEST_NOT('volume', 'heal', V0, 'info');
    });
  });
}
