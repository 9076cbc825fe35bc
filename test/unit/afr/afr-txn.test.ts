// The AFR transaction protocol against in-memory bricks: the changelog each fop leaves behind
// (docs/on-disk-format.md §6.2, checked against a real GlusterFS 10.3 replica 3), quorum, arbiter, split-brain.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Afr } from '../../../src/xlators/afr/afr.js';
import type { Loc } from '../../../src/xlators/types.js';
import { code, FakeBrick } from './fake-brick.js';

const VOLID = '7000c90b-1234-4abc-8def-0123456789ab';

/**
 * options: cluster/replicate's volfile options (volume-id is always given; granular-entry-heal on,
 * as volume create sets it for a replicated volume).
 */
function setup(n = 3, options: Record<string, string> = {}) {
  const bricks = Array.from({ length: n }, (_, i) => new FakeBrick(`v-client-${i}`));
  const afr = new Afr('v-replicate-0', bricks, { options: { 'volume-id': VOLID, 'granular-entry-heal': 'on', ...options } });
  return { bricks, afr };
}
const loc = (p: string): Loc => ({ path: p, name: p.slice(p.lastIndexOf('/') + 1) });
const gfid = () => ({ gfidReq: randomUUID() });
/** The trusted.afr.* keys of one path on one brick, hex, as getfattr -e hex shows them. */
function afrKeys(b: FakeBrick, p: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of b.nodes.get(p)!.xattrs) if (k.startsWith('trusted.afr.')) out[k] = v.toString('hex');
  return out;
}
const Z = '000000000000000000000000';

/** d1 with f2 (written), f3 (touched), f4 (written), all bricks up. */
function populated(n = 3, options: Record<string, string> = {}) {
  const s = setup(n, options);
  s.afr.mkdir(loc('/d1'), 0o755, gfid());
  for (const f of ['f2', 'f3', 'f4']) s.afr.create(loc(`/d1/${f}`), 0o644, gfid());
  s.afr.writev(loc('/d1/f2'), 0, Buffer.from('abc\n'));
  s.afr.writev(loc('/d1/f4'), 0, Buffer.from('x\n'));
  return s;
}

describe('AFR transactions, all bricks up', () => {
  it('clean write leaves only a zeroed dirty key; create/chmod/mkdir leave nothing', () => {
    const { bricks, afr } = populated();
    afr.setattr(loc('/d1/f3'), { mode: 0o600 });
    for (const b of bricks) {
      expect(afrKeys(b, '/d1/f2')).toEqual({ 'trusted.afr.dirty': Z });
      expect(afrKeys(b, '/d1/f3')).toEqual({});
      expect(afrKeys(b, '/d1')).toEqual({});
      expect(b.nodes.get('/d1/f2')!.data.toString()).toBe('abc\n');
    }
  });

  it('locks in the AFR domain and skips the pre-op of entry/metadata txns', () => {
    const { bricks, afr } = setup();
    afr.create(loc('/f'), 0o644, gfid());
    expect(bricks[0].calls).toEqual([
      'entrylk lock v-replicate-0 / f',
      'create /f',
      'entrylk unlock v-replicate-0 / f',
    ]);
    bricks[0].calls = [];
    afr.writev(loc('/f'), 0, Buffer.from('a'));
    const w = bricks[0].calls.filter((c) => !c.startsWith('lookup'));
    expect(w).toEqual(['inodelk lock v-replicate-0 /f', 'xattrop /f', 'writev /f', 'xattrop /f', 'inodelk unlock v-replicate-0 /f']);
  });

  it('a fop failing on one brick blames it and indexes the entry name', () => {
    const { bricks, afr } = setup();
    bricks[1].failOnce.set('mkdir', 'ENOSPC');
    afr.mkdir(loc('/d'), 0o755, gfid());
    expect(afrKeys(bricks[0], '/')).toEqual({ 'trusted.afr.v-client-1': '000000000000000000000001' });
    expect(bricks[0].calls).toContain('xattrop / +d');
    expect(afrKeys(bricks[0], '/d')).toEqual({ 'trusted.afr.v-client-1': '000000010000000100000001' });
    expect(bricks[1].nodes.has('/d')).toBe(false);
  });

  it('a pre-op failing everywhere reports the bricks\' error and performs nothing', () => {
    const { bricks, afr } = populated();
    for (const b of bricks) b.failOnce.set('xattrop', 'ENOSPC');
    expect(code(() => afr.writev(loc('/d1/f2'), 0, Buffer.from('zz')))).toBe('ENOSPC');
    for (const b of bricks) expect(b.nodes.get('/d1/f2')!.data.toString()).toBe('abc\n');
  });

  it('the same error everywhere is reported as is, with nothing recorded', () => {
    const { bricks, afr } = populated();
    expect(code(() => afr.mkdir(loc('/d1'), 0o755, gfid()))).toBe('EEXIST');
    for (const b of bricks) expect(afrKeys(b, '/')).toEqual({});
  });
});

describe('AFR transactions with brick 3 (client-2) down: the §6.2 states', () => {
  function degraded() {
    const s = populated();
    s.bricks[2].down = true;
    return s;
  }
  const blame2 = (hex: string) => ({ 'trusted.afr.dirty': Z, 'trusted.afr.v-client-2': hex });

  it('append, chmod, create+write, unlink, mkdir', () => {
    const { bricks, afr } = degraded();
    afr.writev(loc('/d1/f2'), 4, Buffer.from('more'));
    afr.setattr(loc('/d1/f3'), { mode: 0o600 });
    afr.create(loc('/d1/new1'), 0o644, gfid());
    afr.writev(loc('/d1/new1'), 0, Buffer.from('\n'));
    afr.unlink(loc('/d1/f4'));
    afr.mkdir(loc('/d1/newdir'), 0o755, gfid());
    for (const b of bricks.slice(0, 2)) {
      expect(afrKeys(b, '/d1/f2')).toEqual(blame2('000000010000000000000000'));
      // §6.2 lists only the client-2 key for f3; real 10.3 also leaves the zeroed dirty of the pre-op.
      expect(afrKeys(b, '/d1/f3')).toEqual(blame2('000000000000000100000000'));
      expect(afrKeys(b, '/d1/new1')).toEqual(blame2('000000020000000100000000'));
      expect(afrKeys(b, '/d1/newdir')).toEqual({ 'trusted.afr.v-client-2': '000000010000000100000001' });
      expect(afrKeys(b, '/d1')).toEqual(blame2('000000000000000000000003'));
      expect(b.nodes.get('/d1/f3')!.mode).toBe(0o600);
    }
    const b3 = bricks[2];
    expect(b3.nodes.get('/d1/f2')!.data.length).toBe(4);
    expect(b3.nodes.has('/d1/f4')).toBe(true);
    expect(b3.nodes.has('/d1/new1')).toBe(false);
    // Only the zeroed dirty keys of the earlier clean writes: nobody is blamed there.
    for (const p of b3.nodes.keys()) {
      for (const [k, v] of Object.entries(afrKeys(b3, p))) expect([k, v]).toEqual(['trusted.afr.dirty', Z]);
    }
  });

  it('entry pre-op carries the name for the granular index; symlink gets no new-entry marks', () => {
    const { bricks, afr } = degraded();
    afr.symlink('target', loc('/d1/sym1'), gfid());
    expect(bricks[0].calls).toContain('xattrop /d1 +sym1');
    expect(afrKeys(bricks[0], '/d1/sym1')).toEqual({});
    expect(afrKeys(bricks[0], '/d1')).toEqual(blame2('000000000000000000000001'));
  });

  it('rename changes the changelog of both parents (twice for the same directory)', () => {
    const { bricks, afr } = degraded();
    afr.rename(loc('/d1/f4'), loc('/d1/r4'));
    expect(afrKeys(bricks[0], '/d1')).toEqual(blame2('000000000000000000000002'));
    expect(bricks[0].calls).toContain('xattrop /d1 +f4');
    expect(bricks[0].calls).toContain('xattrop /d1 +r4');
  });

  it('reads come from a good copy: the stale brick is never read', () => {
    const { bricks, afr } = degraded();
    afr.writev(loc('/d1/f2'), 0, Buffer.from('NEW!'));
    bricks[2].down = false;
    bricks[2].calls = [];
    expect(afr.readv(loc('/d1/f2'), 0, 10).toString()).toBe('NEW!');
    expect(bricks[2].calls.filter((c) => c.startsWith('readv'))).toEqual([]);
    // f4 was removed while brick 3 was down: its copy there is stale, so the name is gone.
    afr.unlink(loc('/d1/f2'));
    expect(code(() => afr.stat(loc('/d1/f2')))).toBe('ENOENT');
  });
});

describe('client quorum', () => {
  it('replica 3 (auto by default): two bricks down fail every fop with ENOTCONN', () => {
    const { bricks, afr } = populated();
    bricks[1].down = bricks[2].down = true;
    expect(code(() => afr.writev(loc('/d1/f2'), 0, Buffer.from('x')))).toBe('ENOTCONN');
    expect(code(() => afr.readv(loc('/d1/f2'), 0, 4))).toBe('ENOTCONN');
    expect(code(() => afr.mkdir(loc('/qdir'), 0o755, gfid()))).toBe('ENOTCONN');
    expect(code(() => afr.unlink(loc('/d1/f4')))).toBe('ENOTCONN');
    expect(code(() => afr.readdir(loc('/')))).toBe('ENOTCONN');
    expect(code(() => afr.stat(loc('/')))).toBe('ENOTCONN');
    expect(bricks[0].nodes.has('/qdir')).toBe(false);
    expect(bricks[0].nodes.has('/d1/f4')).toBe(true);
  });

  it('replica 2 auto: losing the first brick blocks I/O, losing the second does not', () => {
    const opt = { 'quorum-type': 'auto' };
    const first = populated(2, opt);
    first.bricks[0].down = true;
    expect(code(() => first.afr.writev(loc('/d1/f2'), 0, Buffer.from('x')))).toBe('ENOTCONN');
    expect(code(() => first.afr.readv(loc('/d1/f2'), 0, 4))).toBe('ENOTCONN');
    const second = populated(2, opt);
    second.bricks[1].down = true;
    second.afr.writev(loc('/d1/f2'), 0, Buffer.from('second-down\n'));
    expect(second.afr.readv(loc('/d1/f2'), 0, 100).toString()).toBe('second-down\n');
  });

  it('an entry txn that took effect on one brick of three (ENOSPC on the others) fails and marks that brick dirty', () => {
    // bug-1586020: no pre-op was sent (all locked, optimistic), so the dirty mark comes now.
    const { bricks, afr } = populated();
    bricks[0].failOnce.set('create', 'ENOSPC');
    bricks[1].failOnce.set('create', 'ENOSPC');
    expect(code(() => afr.create(loc('/d1/big'), 0o644, gfid()))).toBe('ENOSPC');
    expect(bricks.map((b) => b.nodes.has('/d1/big'))).toEqual([false, false, true]);
    expect(afrKeys(bricks[2], '/d1')).toEqual({ 'trusted.afr.dirty': '000000000000000000000001' });
    for (const b of [bricks[0], bricks[1]]) expect(afrKeys(b, '/d1')).toEqual({});
  });

  it('a full brick and a dead one: the fop fails with ENOSPC, not ENOTCONN (issue-1254)', () => {
    const { bricks, afr } = populated();
    bricks[1].down = true;
    bricks[2].failOnce.set('xattrop', 'ENOSPC'); // the pre-op's xattr does not fit
    expect(code(() => afr.create(loc('/d1/full'), 0o644, gfid()))).toBe('ENOSPC');
    bricks[2].failOnce.set('writev', 'ENOSPC');
    expect(code(() => afr.writev(loc('/d1/f2'), 0, Buffer.from('more')))).toBe('ENOSPC');
  });

  it('replica 2 default (none) keeps working on either brick; fixed needs quorum-count bricks', () => {
    const r2 = populated(2);
    r2.bricks[0].down = true;
    r2.afr.writev(loc('/d1/f2'), 0, Buffer.from('ok'));
    const fixed = populated(3, { 'quorum-type': 'fixed', 'quorum-count': '3' });
    fixed.bricks[2].down = true;
    expect(code(() => fixed.afr.writev(loc('/d1/f2'), 0, Buffer.from('x')))).toBe('ENOTCONN');
  });
});

describe('split-brain and inconsistent copies', () => {
  const blame = (b: FakeBrick, p: string, client: number, hex: string) =>
    b.nodes.get(p)!.xattrs.set(`trusted.afr.v-client-${client}`, Buffer.from(hex, 'hex'));

  it('data split-brain (§6.4 dump): read EIO, stat works', () => {
    const { bricks, afr } = populated(2);
    blame(bricks[0], '/d1/f2', 1, '000000020000000000000000');
    blame(bricks[1], '/d1/f2', 0, '000000020000000000000000');
    expect(code(() => afr.readv(loc('/d1/f2'), 0, 10))).toBe('EIO');
    expect(code(() => afr.writev(loc('/d1/f2'), 0, Buffer.from('x')))).toBe('EIO');
    expect(afr.stat(loc('/d1/f2')).size).toBe(4);
  });

  it('metadata split-brain: stat works, reads EIO', () => {
    const { bricks, afr } = populated(2);
    blame(bricks[0], '/d1/f2', 1, '000000000000000100000000');
    blame(bricks[1], '/d1/f2', 0, '000000000000000100000000');
    expect(afr.stat(loc('/d1/f2')).type).toBe('file');
    expect(code(() => afr.readv(loc('/d1/f2'), 0, 10))).toBe('EIO');
  });

  it('one-sided blame is not split-brain: the blamed copy is skipped', () => {
    const { bricks, afr } = populated(2);
    blame(bricks[1], '/d1/f2', 0, '000000010000000000000000');
    bricks[1].nodes.get('/d1/f2')!.data = Buffer.from('good');
    bricks[0].calls = [];
    expect(afr.readv(loc('/d1/f2'), 0, 10).toString()).toBe('good');
    expect(bricks[0].calls.some((c) => c.startsWith('readv'))).toBe(false);
  });

  it('gfid mismatch between replicas: lookup/stat EIO', () => {
    const { bricks, afr } = populated(2);
    bricks[1].nodes.get('/d1/f2')!.gfid = randomUUID();
    expect(code(() => afr.stat(loc('/d1/f2')))).toBe('EIO');
    expect(code(() => afr.lookup(loc('/d1/f2')))).toBe('EIO');
  });

  it('inspect exposes the matrices and the §6.3 decision', () => {
    const { bricks, afr } = populated();
    bricks[2].down = true;
    afr.writev(loc('/d1/f2'), 0, Buffer.from('z'));
    bricks[2].down = false;
    const ins = afr.inspect(loc('/d1/f2'));
    expect(ins.matrices.data.matrix).toEqual([[0, 0, 1], [0, 0, 1], [0, 0, 0]]);
    expect(ins.directions.data.sources).toEqual([true, true, false]);
    expect(ins.directions.data.sinks).toEqual([false, false, true]);
    expect(ins.directions.metadata.pending).toBe(false);
  });
});

describe('arbiter', () => {
  it('writes and truncates are no-ops on the arbiter; reads never touch it', () => {
    const { bricks, afr } = populated(3, { 'arbiter-count': '1' });
    afr.truncate(loc('/d1/f2'), 2);
    afr.writev(loc('/d1/f2'), 2, Buffer.from('zz'));
    expect(bricks[0].nodes.get('/d1/f2')!.data.toString()).toBe('abzz');
    expect(bricks[2].nodes.get('/d1/f2')!.data.length).toBe(0);
    expect(afrKeys(bricks[2], '/d1/f2')).toEqual({ 'trusted.afr.dirty': Z });
    bricks[0].down = bricks[1].down = false;
    expect(afr.readv(loc('/d1/f2'), 0, 10).toString()).toBe('abzz');
    expect(bricks[2].calls.some((c) => c.startsWith('readv'))).toBe(false);
  });

  it('refuses (ENOTCONN) a fop that would leave the arbiter as the only good copy', () => {
    const { bricks, afr } = populated(3, { 'arbiter-count': '1' });
    bricks[1].down = true;
    afr.writev(loc('/d1/f2'), 0, Buffer.from('A'));
    bricks[1].down = false;
    bricks[0].down = true;
    expect(code(() => afr.writev(loc('/d1/f2'), 0, Buffer.from('B')))).toBe('ENOTCONN');
    expect(code(() => afr.readv(loc('/d1/f2'), 0, 1))).toBe('ENOTCONN');
    expect(bricks[1].nodes.get('/d1/f2')!.data.toString()).toBe('abc\n');
  });
});

describe('arbiter entry transactions', () => {
  it('an entry op refused after the pre-op when only the arbiter is unblamed for the directory', () => {
    const { bricks, afr } = populated(3, { 'arbiter-count': '1' });
    bricks[1].down = true;
    afr.create(loc('/d1/x'), 0o644, gfid()); // brick 2 misses an entry change of d1
    bricks[1].down = false;
    bricks[0].down = true;
    expect(code(() => afr.mkdir(loc('/d1/y'), 0o755, gfid()))).toBe('ENOTCONN');
    expect(bricks[1].nodes.has('/d1/y')).toBe(false);
    expect(bricks[2].nodes.has('/d1/y')).toBe(false);
    // The pre-op's dirty stays as the witness of the refused txn.
    expect(afrKeys(bricks[2], '/d1')['trusted.afr.dirty']).toBe('000000000000000000000001');
  });
});

describe('anonymous-inode directory', () => {
  it('is invisible and unreachable from clients', () => {
    const { bricks, afr } = setup();
    const name = `.glusterfs-anonymous-inode-${VOLID}`;
    for (const b of bricks) b.mkdir(loc(`/${name}`), 0o755, { gfidReq: randomUUID() });
    expect(afr.readdir(loc('/')).map((e) => e.name)).toEqual([]);
    expect(code(() => afr.lookup(loc(`/${name}`)))).toBe('EPERM');
    expect(code(() => afr.mkdir(loc(`/${name}x`), 0o755, gfid()))).toBe('EPERM');
  });
});
