// debug/delay-gen (which fops it holds back, for how long, how often) and the GlusterFS fop names
// both debug translators go by; the brick volfile that places delay-gen above posix.
import { describe, expect, it } from 'vitest';
import { DelayGen } from '../../../src/xlators/delay-gen/delay-gen.js';
import { gfFopName } from '../../../src/xlators/fop-names.js';
import { brickVolfile } from '../../../src/mgmt/volgen.js';
import type { Xlator } from '../../../src/xlators/types.js';
import type { Volume } from '../../../src/mgmt/types.js';

/** A brick that records the fops it is sent. */
function recordingBrick(calls: string[]): Xlator {
  return new Proxy({ name: 'brick', children: [] } as unknown as Xlator, {
    get: (t, k) => (k in t ? (t as unknown as Record<string | symbol, unknown>)[k] : (...args: unknown[]) => void calls.push(`${String(k)}:${args.length}`)),
  });
}

function delayGen(options: Record<string, string>): { dg: DelayGen; waits: number[]; calls: string[] } {
  const waits: number[] = [];
  const calls: string[] = [];
  const dg = new DelayGen('v-delay-gen', [recordingBrick(calls)], { options, sleep: (ms) => void waits.push(ms) });
  return { dg, waits, calls };
}

describe('debug/delay-gen', () => {
  it('holds back only the enabled fops (names case-insensitive, fd twins included), for delay-duration µs, then winds them', () => {
    const { dg, waits, calls } = delayGen({ 'delay-percentage': '100', 'delay-duration': '250000', enable: 'read,FINODELK' });
    dg.readv({ path: '/f' }, 0, 10);
    dg.writev({ path: '/f' }, 0, Buffer.from('x'));
    dg.inodelk({ path: '/f' }, 'd', 'lock');
    dg.lookup({ path: '/f' });
    expect(waits).toEqual([250, 250]);
    expect(calls).toEqual(['readv:3', 'writev:3', 'inodelk:3', 'lookup:1']);
  });

  it('enables every fop when none is named, and delays none at 0%', () => {
    const all = delayGen({ 'delay-percentage': '100%', 'delay-duration': '1000' });
    all.dg.lookup({ path: '/' });
    all.dg.mkdir({ path: '/d' }, 0o755);
    expect(all.waits).toEqual([1, 1]);
    const none = delayGen({ 'delay-percentage': '0', 'delay-duration': '1000' });
    none.dg.lookup({ path: '/' });
    expect(none.waits).toEqual([]);
    expect(none.calls).toEqual(['lookup:1']);
  });

  it('tells the variants apart by their arguments', () => {
    const { dg, waits } = delayGen({ 'delay-percentage': '100', 'delay-duration': '1000', enable: 'discard,ftruncate,readdir' });
    dg.fallocate({ path: '/f' }, 0, 0, 10); // FALLOCATE: not enabled
    dg.fallocate({ path: '/f' }, 3, 0, 10); // punch hole: DISCARD
    dg.truncate({ path: '/f' }, 0); // TRUNCATE
    dg.truncate({ path: '/f' }, 0, { viaFd: true }); // FTRUNCATE
    dg.readdir({ path: '/' }); // READDIRP
    dg.readdir({ path: '/' }, { plain: true }); // READDIR
    expect(waits).toEqual([1, 1, 1]);
  });
});

describe('GlusterFS fop names', () => {
  it('names each call as a GlusterFS brick would count it', () => {
    expect(gfFopName('readv', [])).toBe('READ');
    expect(gfFopName('writev', [])).toBe('WRITE');
    expect(gfFopName('readdir', [{ path: '/' }])).toBe('READDIRP');
    expect(gfFopName('readdir', [{ path: '/' }, { plain: true }])).toBe('READDIR');
    expect(gfFopName('fallocate', [{ path: '/f' }, 1])).toBe('FALLOCATE');
    expect(gfFopName('fallocate', [{ path: '/f' }, 3])).toBe('DISCARD');
    expect(gfFopName('fallocate', [{ path: '/f' }, 0x10])).toBe('ZEROFILL');
    expect(gfFopName('truncate', [{ path: '/f' }, 0, { viaFd: true }])).toBe('FTRUNCATE');
    expect(gfFopName('inodelk', [])).toBe('INODELK');
  });
});

describe('the brick volfile with debug.delay-gen', () => {
  const volume = (value?: string): Volume =>
    ({
      name: 'v',
      id: '11111111-2222-3333-4444-555555555555',
      type: 'Distribute',
      status: 'Started',
      transport: 'tcp',
      replicaCount: 1,
      arbiterCount: 0,
      disperseCount: 0,
      redundancyCount: 0,
      stripeCount: 1,
      bricks: [{ host: 'server1', path: '/b/0', brickId: 0, nodeUuid: 'u' }],
      options: value === undefined ? [] : [['debug.delay-gen', value], ['delay-gen.enable', 'read'], ['delay-gen.delay-duration', '5']],
    }) as unknown as Volume;
  const stack = (v: Volume) => brickVolfile(v, v.bricks[0]).map((x) => `${x.type}<${x.subvolumes.join(',')}>`);

  it('puts debug/delay-gen above posix, with its options, when the value names a brick translator', () => {
    for (const at of ['posix', 'locks']) {
      const vf = brickVolfile(volume(at), volume(at).bricks[0]);
      expect(stack(volume(at))).toEqual(['storage/posix<>', 'debug/delay-gen<v-posix>', 'features/index<v-delay-gen>', 'debug/io-stats<v-index>', 'protocol/server</b/0>']);
      expect(Object.fromEntries(vf.find((x) => x.type === 'debug/delay-gen')!.options)).toMatchObject({ enable: 'read', 'delay-duration': '5' });
    }
  });

  it('leaves the brick alone for client, off, other words or no value', () => {
    for (const v of [undefined, 'client', 'off', 'bogus']) expect(stack(volume(v))).toEqual(['storage/posix<>', 'features/index<v-posix>', 'debug/io-stats<v-index>', 'protocol/server</b/0>']);
  });
});

describe('GlusterFS fop numbers', () => {
  it('follow glusterfs_fop_t (the order of --xml and of ties in the text table)', async () => {
    const { GF_FOP_INDEX } = await import('../../../src/xlators/fop-names.js');
    const at = (n: Parameters<typeof GF_FOP_INDEX.get>[0]) => GF_FOP_INDEX.get(n);
    expect([at('STAT'), at('READ'), at('WRITE'), at('LOOKUP'), at('FXATTROP'), at('FGETXATTR'), at('FSETXATTR')]).toEqual([1, 12, 13, 27, 34, 35, 36]);
    expect([at('READDIRP'), at('FORGET'), at('RELEASE'), at('RELEASEDIR'), at('GETSPEC'), at('FREMOVEXATTR'), at('SEEK'), at('COPY_FILE_RANGE')]).toEqual([40, 41, 42, 43, 44, 45, 50, 58]);
  });
});
