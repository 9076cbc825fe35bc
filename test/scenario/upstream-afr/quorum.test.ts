// Port of GlusterFS 10.3 tests/basic/afr/quorum.t: client quorum (cluster.quorum-type and
// cluster.quorum-count). Replica 2: an empty quorum-type is refused; `fixed` with count 2 lets a
// write through with both bricks up, and refuses writes and reads once one is down; `auto` refuses
// writes with the first brick down; `none` allows them; reset gives the default for an even
// replica count, none. Replica 3: `fixed` with count 3 fails with one brick down; `auto` works
// with 2 of 3 up and fails with 1 of 3; `none` works; reset gives the default for an odd count,
// auto (writes fail with 1 of 3 up, succeed with 2).
//
// test_write (dd of=$M0/a if=/dev/urandom bs=1k count=1) is `tgluster fs put` of 1 KiB of random
// bytes. The mount option --direct-io-mode=enable has no counterpart (no mount, no page cache).
import { afterAll, describe, expect, it } from 'vitest';
import { Harness } from './harness.js';

const V0 = 'patchy';
const PERF_OFF = ['quick-read', 'io-cache', 'write-behind', 'stat-prefetch', 'read-ahead'];

async function setup(h: Harness, replica: number): Promise<void> {
  const bricks = Array.from({ length: replica }, (_, i) => h.brick(`${V0}${i + 1}`));
  await h.TEST('volume', 'create', V0, 'replica', String(replica), ...bricks);
  for (const o of PERF_OFF) await h.TEST('volume', 'set', V0, `performance.${o}`, 'off');
  await h.TEST('volume', 'start', V0);
  await h.fs('touch', h.M0('/a'));
  await h.put('/b', 'abc\n');
}
const test_write = async (h: Harness) => (await h.dd('/a', 1024)).exit;

/** TEST $CLI volume set $V0 cluster.quorum-type TYPE; EXPECT TYPE volume_option $V0 cluster.quorum-type */
async function setQuorumType(h: Harness, type: string): Promise<void> {
  await h.TEST('volume', 'set', V0, 'cluster.quorum-type', type);
  expect(await h.volume_option(V0, 'cluster.quorum-type')).toBe(type);
}

/** test_write succeeds; with $B0/${V0}N killed, test_write and `cat $M0/b` fail. */
async function quorumLostWithout(h: Harness, brick: number): Promise<void> {
  expect(await test_write(h)).toBe(0);
  await h.kill_brick(V0, h.b(`${V0}${brick}`));
  expect(await test_write(h), `test_write with brick ${brick} down`).not.toBe(0);
  expect((await h.cat('/b')).exit, `cat $M0/b with brick ${brick} down`).not.toBe(0);
}

describe('tests/basic/afr/quorum.t, quorum-type on replica 2', () => {
  const h = new Harness('quorum-r2');
  afterAll(() => h.cleanup());

  it('fixed with quorum-count 2: writes and reads fail with a brick down', async () => {
    await setup(h, 2);
    await h.TEST_NOT('volume', 'set', V0, 'cluster.quorum-type', '');
    await setQuorumType(h, 'fixed');
    await h.TEST('volume', 'set', V0, 'cluster.quorum-count', '2');
    await quorumLostWithout(h, 1);
  });

  it('auto: writes fail with the first brick down', async () => {
    await setQuorumType(h, 'auto');
    await h.TEST('volume', 'start', V0, 'force');
    await quorumLostWithout(h, 1);
  });

  it('none, and the default after reset (none for an even replica count): writes succeed', async () => {
    await setQuorumType(h, 'none');
    expect(await test_write(h)).toBe(0);
    // Default is 'none' for even number of bricks in replication
    await h.TEST('volume', 'reset', V0, 'cluster.quorum-type');
    expect(await test_write(h)).toBe(0);
    expect((await h.cat('/b')).stdout).toBe('abc\n');
  });
});

describe('tests/basic/afr/quorum.t, quorum-type on replica 3', () => {
  const h = new Harness('quorum-r3');
  afterAll(() => h.cleanup());

  it('fixed with quorum-count 3: writes and reads fail with a brick down', async () => {
    await setup(h, 3);
    await setQuorumType(h, 'fixed');
    await h.TEST('volume', 'set', V0, 'cluster.quorum-count', '3');
    await quorumLostWithout(h, 1);
  });

  it('auto: works with 2 of 3 bricks up, fails with 1 of 3', async () => {
    await setQuorumType(h, 'auto');
    await quorumLostWithout(h, 3);
  });

  it('none works; after reset the default for an odd count is auto', async () => {
    await setQuorumType(h, 'none');
    expect(await test_write(h)).toBe(0);
    // Default is 'auto' for odd number of bricks in replication
    await h.TEST('volume', 'reset', V0, 'cluster.quorum-type');
    expect(await h.volume_option(V0, 'cluster.quorum-type')).toBe('');
    expect(await test_write(h)).not.toBe(0);
    await h.TEST('volume', 'start', V0, 'force');
    await h.kill_brick(V0, h.b(`${V0}3`));
    expect(await test_write(h)).toBe(0);
  });
});
