// Port of GlusterFS 10.3 tests/basic/afr/arbiter.t: a plain replica 3 volume's replicate
// translator has no arbiter-count option; a `replica 3 arbiter 1` one has arbiter-count 1. With
// the self-heal daemon and client-side heals off, data and a user xattr are written; brick0 dies
// and more is written (bricks 1 and 2 are the sources); brick0 returns and brick1 dies: now the
// arbiter would be the only source of the data, so writes, reads, getfattr and setfattr all
// fail, and the self-heal daemon must not heal data from the arbiter (each of bricks 1 and 2
// keeps its index entry). Once every brick is back, a heal leaves nothing pending and I/O works.
//
// The .t reads arbiter-count from the mount's .meta/graphs/active/patchy-replicate-0/options;
// without a mount the same graph is the client volfile, `volume get`'s neighbour `system::
// getspec`, whose patchy-replicate-0 volume lists its options.
import { afterAll, describe, expect, it } from 'vitest';
import { count_sh_entries, Harness } from './harness.js';

const V0 = 'patchy';

/** The options of patchy-replicate-0 in the client volfile (what .meta/.../options lists). */
async function replicateOptions(h: Harness): Promise<Record<string, string>> {
  const r = await h.TEST('system::', 'getspec', V0);
  const block = r.stdout.split(`volume ${V0}-replicate-0\n`)[1]?.split('end-volume')[0] ?? '';
  const out: Record<string, string> = {};
  for (const m of block.matchAll(/^\s*option (\S+) (.*)$/gm)) out[m[1]] = m[2];
  return out;
}

describe('tests/basic/afr/arbiter.t', () => {
  let h: Harness;
  afterAll(() => h?.cleanup());

  it('a non-arbiter replica 3 volume has no arbiter-count option', async () => {
    h = new Harness('arbiter');
    await h.TEST('volume', 'create', V0, 'replica', '3', ...[0, 1, 2].map((i) => h.brick(`${V0}${i}`)));
    await h.TEST('volume', 'start', V0);
    expect(await h.volinfo_field(V0, 'Status')).toBe('Started');
    for (const i of [0, 1, 2]) expect(await h.brick_up_status(V0, h.b(`${V0}${i}`))).toBe('1');
    expect(await replicateOptions(h)).not.toHaveProperty('arbiter-count');
    await h.TEST('volume', 'stop', V0);
    await h.TEST('volume', 'delete', V0);
    await h.cleanup();
  });

  it('a replica 3 arbiter 1 volume has arbiter-count 1', async () => {
    h = new Harness('arbiter');
    await h.TEST('volume', 'create', V0, 'replica', '3', 'arbiter', '1', ...[0, 1, 2].map((i) => h.brick(`${V0}${i}`)));
    await h.volume_set(V0, {
      'performance.write-behind': 'off',
      'performance.stat-prefetch': 'off',
      'cluster.self-heal-daemon': 'off',
      'cluster.metadata-self-heal': 'off',
      'cluster.data-self-heal': 'off',
      'cluster.entry-self-heal': 'off',
    });
    await h.TEST('volume', 'start', V0);
    expect(await h.volinfo_field(V0, 'Status')).toBe('Started');
    for (const i of [0, 1, 2]) expect(await h.brick_up_status(V0, h.b(`${V0}${i}`))).toBe('1');
    expect((await replicateOptions(h))['arbiter-count']).toBe('1');
  });

  it('with the arbiter as the only good copy of the data, I/O fails', async () => {
    // Write data and metadata
    expect(await h.append('/file', 'hello')).toBe('ok');
    await h.fsOk('setfattr', '-n', 'user.name', '-v', 'value1', h.M0('/file'));

    // Data I/O will fail if arbiter is the only source.
    await h.kill_brick(V0, h.b(`${V0}0`));
    expect(await h.append('/file', 'B0 is down, B1 and B2 are sources')).toBe('ok');
    await h.fsOk('setfattr', '-n', 'user.name', '-v', 'value2', h.M0('/file'));
    await h.TEST('volume', 'start', V0, 'force');
    await h.kill_brick(V0, h.b(`${V0}1`));
    expect(await h.append('/file', 'B2 is down, B3 is the only source, writes will fail')).not.toBe('ok');
    expect((await h.cat('/file')).exit).not.toBe(0);
    // Though metadata IO could have been served from arbiter, we do not allow it anymore as
    // FOPS like getfattr could be overloaded to return iatt buffers for use by other xlators.
    expect((await h.getfattr('/file', 'user.name', 'text')).exit).not.toBe(0);
    expect((await h.fs('setfattr', '-n', 'user.name', '-v', 'value3', h.M0('/file'))).exit).not.toBe(0);
  });

  it('the self-heal daemon does not heal data from the arbiter to the sinks', async () => {
    await h.TEST('volume', 'set', V0, 'cluster.self-heal-daemon', 'on');
    await h.CLI('volume', 'heal', V0);
    expect(count_sh_entries(h.b(`${V0}1`))).toBe(1);
    expect(count_sh_entries(h.b(`${V0}2`))).toBe(1);
  });

  it('with every brick back, a heal leaves nothing pending and I/O resumes', async () => {
    await h.TEST('volume', 'start', V0, 'force');
    await h.TEST('volume', 'heal', V0);
    expect(await h.get_pending_heal_count(V0)).toBe(0);

    // I/O can resume again.
    expect((await h.cat('/file')).exit).toBe(0);
    expect((await h.getfattr('/file', 'user.name', 'text')).exit).toBe(0);
    expect(await h.append('/file', 'append')).toBe('ok');
  });
});
