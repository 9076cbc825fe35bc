// Port of GlusterFS 10.3 tests/basic/afr/split-brain-resolution.t: split-brain resolution from
// the mount, through AFR's virtual xattrs, on replica 2 with the self-heal daemon off. A file in
// data split-brain and one in metadata split-brain (user.test differs) make 4 pending heals; reads
// (cat, getfattr) fail. `replica.split-brain-status` names the kind of split-brain and the
// choices; `replica.split-brain-choice` set to a client makes reads see that copy (switchable,
// `none` brings EIO back); after `replica.split-brain-choice-timeout` minutes the choice lapses.
// An unknown client is refused, and `replica.split-brain-heal-finalize` heals from the chosen
// copy, leaving nothing pending.
//
// The .t waits 62 s (sleep 62) for a one-minute choice to lapse. Here the clock the choices are
// kept by is moved 62 s forward instead (vitest fakes only `Date`), so nothing sleeps.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Harness } from './harness.js';

let h: Harness;
const V0 = 'patchy';

/** get_split_brain_status: getfattr -n replica.split-brain-status, its value's blanks squeezed (echo). */
async function get_split_brain_status(p: string): Promise<string> {
  const r = await h.getfattr(p, 'replica.split-brain-status', 'text');
  return (r.value ?? `(exit ${r.exit}: ${r.stderr.trim()})`).replace(/\s+/g, ' ').trim();
}
/** get_text_xattr user.test $M0/p */
async function userTest(p: string): Promise<string | undefined> {
  return (await h.getfattr(p, 'user.test', 'text')).value;
}
const setChoice = (p: string, name: string, value: string) => h.fs('setfattr', '-n', name, '-v', value, h.M0(p));

beforeAll(async () => {
  h = new Harness('split-brain-resolution');
  await h.TEST('volume', 'create', V0, 'replica', '2', h.brick(`${V0}0`), h.brick(`${V0}1`));
  await h.volume_set(V0, { 'cluster.data-self-heal': 'on', 'cluster.metadata-self-heal': 'on', 'cluster.entry-self-heal': 'on' });
  await h.TEST('volume', 'start', V0);
  // Disable self-heal-daemon
  await h.TEST('volume', 'set', V0, 'cluster.self-heal-daemon', 'off');
});
afterAll(async () => {
  vi.useRealTimers();
  await h?.cleanup();
});

describe('tests/basic/afr/split-brain-resolution.t', () => {
  it('a data and a metadata split-brain: 4 pending heals, reads fail', async () => {
    await h.echo('/data-split-brain.txt', 'some-data');
    await h.echo('/metadata-split-brain.txt', 'some-data');

    // Create data and metadata split-brain
    await h.kill_brick(V0, h.b(`${V0}0`));
    await h.echo('/data-split-brain.txt', 'brick1_alive');
    await h.fsOk('setfattr', '-n', 'user.test', '-v', 'brick1', h.M0('/metadata-split-brain.txt'));
    await h.TEST('volume', 'start', V0, 'force');
    await h.kill_brick(V0, h.b(`${V0}1`));
    await h.echo('/data-split-brain.txt', 'brick0_alive');
    await h.fsOk('setfattr', '-n', 'user.test', '-v', 'brick0', h.M0('/metadata-split-brain.txt'));
    await h.TEST('volume', 'start', V0, 'force');

    expect(await h.get_pending_heal_count(V0)).toBe(4);
    expect((await h.cat('/data-split-brain.txt')).exit).not.toBe(0);
    expect((await h.getfattr('/metadata-split-brain.txt', 'user.test', 'text')).exit).not.toBe(0);
  });

  it('the file in data split-brain: status, and reads from the chosen copy', async () => {
    expect(await get_split_brain_status('/data-split-brain.txt')).toBe(
      `data-split-brain:yes metadata-split-brain:no Choices:${V0}-client-0,${V0}-client-1`,
    );
    expect((await setChoice('/data-split-brain.txt', 'replica.split-brain-choice', `${V0}-client-0`)).exit).toBe(0);
    expect((await h.cat('/data-split-brain.txt')).stdout).toBe('brick0_alive\n');

    expect((await setChoice('/', 'replica.split-brain-choice-timeout', '10')).exit).toBe(0);
    expect((await setChoice('/data-split-brain.txt', 'replica.split-brain-choice', `${V0}-client-1`)).exit).toBe(0);
    expect((await h.cat('/data-split-brain.txt')).stdout).toBe('brick1_alive\n');
  });

  it('the file in metadata split-brain: status, and reads from the chosen copy', async () => {
    expect(await get_split_brain_status('/metadata-split-brain.txt')).toBe(
      `data-split-brain:no metadata-split-brain:yes Choices:${V0}-client-0,${V0}-client-1`,
    );
    expect((await setChoice('/metadata-split-brain.txt', 'replica.split-brain-choice', `${V0}-client-0`)).exit).toBe(0);
    expect(await userTest('/metadata-split-brain.txt')).toBe('brick0');
    expect((await setChoice('/metadata-split-brain.txt', 'replica.split-brain-choice', `${V0}-client-1`)).exit).toBe(0);
    expect(await userTest('/metadata-split-brain.txt')).toBe('brick1');
  });

  it('choice "none" gives EIO again', async () => {
    expect((await setChoice('/metadata-split-brain.txt', 'replica.split-brain-choice', 'none')).exit).toBe(0);
    expect((await setChoice('/data-split-brain.txt', 'replica.split-brain-choice', 'none')).exit).toBe(0);
    expect((await h.getfattr('/metadata-split-brain.txt', 'user.test', 'text')).exit).not.toBe(0);
    expect((await h.cat('/data-split-brain.txt')).exit).not.toBe(0);
  });

  it('after the choice timeout, fops give EIO again', async () => {
    // Set one minute timeout
    expect((await setChoice('/', 'replica.split-brain-choice-timeout', '1')).exit).toBe(0);
    expect((await setChoice('/data-split-brain.txt', 'replica.split-brain-choice', `${V0}-client-1`)).exit).toBe(0);
    expect((await h.cat('/data-split-brain.txt')).stdout).toBe('brick1_alive\n');
    expect((await setChoice('/metadata-split-brain.txt', 'replica.split-brain-choice', `${V0}-client-0`)).exit).toBe(0);
    expect(await userTest('/metadata-split-brain.txt')).toBe('brick0');
    // sleep 62: the timeout completes
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 62_000);
    expect((await h.getfattr('/metadata-split-brain.txt', 'user.test', 'text')).exit).not.toBe(0);
    expect((await h.cat('/data-split-brain.txt')).exit).not.toBe(0);
  });

  it('an unknown client is refused as a choice and for heal-finalize', async () => {
    expect((await setChoice('/data-split-brain.txt', 'replica.split-brain-choice', `${V0}-client-4`)).exit).not.toBe(0);
    expect((await setChoice('/metadata-split-brain.txt', 'replica.split-brain-heal-finalize', `${V0}-client-4`)).exit).not.toBe(0);
  });

  it('heal-finalize heals each file from the chosen copy; nothing is pending', async () => {
    expect((await setChoice('/metadata-split-brain.txt', 'replica.split-brain-heal-finalize', `${V0}-client-0`)).exit).toBe(0);
    expect((await setChoice('/data-split-brain.txt', 'replica.split-brain-heal-finalize', `${V0}-client-1`)).exit).toBe(0);
    expect(await userTest('/metadata-split-brain.txt')).toBe('brick0');
    expect((await h.cat('/data-split-brain.txt')).stdout).toBe('brick1_alive\n');
    expect(await h.get_pending_heal_count(V0)).toBe(0);
  });
});
