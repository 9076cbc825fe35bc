// kill -9 in the middle of an AFR transaction: whatever is left is explained by dirty/pending
// marks and index entries (what heal reads), and the next process is not blocked by stale locks.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bundleChild } from '../unit/posix/child-bundle.js';
import { afrDump, loc, replicaSet, xd, type ReplicaSet } from './afr-helpers.js';

let child: ReturnType<typeof bundleChild>;
beforeAll(() => {
  child = bundleChild(path.join(__dirname, 'afr-crash-child.ts'));
});
afterAll(() => child.cleanup());

let set: ReplicaSet | undefined;
afterEach(() => set?.cleanup());

const Z = '000000000000000000000000';
const DIRTY1 = { 'trusted.afr.dirty': '000000010000000000000000' };

function runKilled(s: ReplicaSet, point: string, fop: string, args: unknown[], down: number[] = []) {
  const spec = { name: s.volume.name, volumeId: s.volume.id, bricks: s.brickPaths, down, fop, args };
  const r = spawnSync(process.execPath, [child.file, JSON.stringify(spec)], {
    env: { ...process.env, TGLUSTER_CRASH_AT: point },
    encoding: 'utf8',
  });
  return { signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}
const data = (s: string) => ({ base64: Buffer.from(s).toString('base64') });
const indexHas = (brick: string, kind: string, gfid: string) =>
  fs.existsSync(path.join(brick, '.glusterfs/indices', kind, gfid));

function withFile(name: string): { s: ReplicaSet; gfid: string } {
  const s = replicaSet(name, 3);
  set = s;
  s.afr.create(loc('/f'), 0o644, xd());
  s.afr.writev(loc('/f'), 0, Buffer.from('old\n'), xd());
  return { s, gfid: s.afr.stat(loc('/f')).gfid };
}

describe('AFR kill -9', () => {
  it('after the pre-op of a write: every brick dirty and indexed, data untouched, reads fine', () => {
    const { s, gfid } = withFile('c1');
    const r = runKilled(s, 'afr.after-preop', 'writev', [loc('/f'), 0, data('new!\n'), xd()]);
    expect(r.signal).toBe('SIGKILL');
    for (const b of s.brickPaths) {
      expect(afrDump(b, 'f')).toEqual(DIRTY1);
      expect(indexHas(b, 'dirty', gfid)).toBe(true);
      expect(fs.readFileSync(path.join(b, 'f'), 'utf8')).toBe('old\n');
    }
    s.rebuild();
    expect(s.afr.readv(loc('/f'), 0, 100).toString()).toBe('old\n');
    const ins = s.afr.inspect(loc('/f'));
    expect(ins.directions.data).toMatchObject({ sinks: [false, false, false], witness: [1, 1, 1], pending: false });
  });

  it('between bricks: the written copy differs, all dirty, and the next write is not blocked', () => {
    const { s } = withFile('c2');
    const r = runKilled(s, 'afr.after-op-brick-0', 'writev', [loc('/f'), 0, data('NEW\n'), xd()]);
    expect(r.signal).toBe('SIGKILL');
    const contents = s.brickPaths.map((b) => fs.readFileSync(path.join(b, 'f'), 'utf8'));
    expect(contents).toEqual(['NEW\n', 'old\n', 'old\n']);
    for (const b of s.brickPaths) expect(afrDump(b, 'f')).toEqual(DIRTY1);
    // The dead process's locks went with it: a new process (graph) completes its transaction.
    s.rebuild();
    s.afr.writev(loc('/f'), 0, Buffer.from('next\n'), xd());
    for (const b of s.brickPaths) {
      expect(fs.readFileSync(path.join(b, 'f'), 'utf8')).toBe('next\n');
      expect(afrDump(b, 'f')).toEqual(DIRTY1); // its own +1/-1 on top of the orphaned +1
    }
  });

  it('an entry op with a brick down killed after the pre-op: parent dirty, name indexed, nothing created', () => {
    set = replicaSet('c3', 3);
    const s = set;
    const root = '00000000-0000-0000-0000-000000000001';
    const r = runKilled(s, 'afr.after-preop', 'mkdir', [loc('/newdir'), 0o755, xd()], [2]);
    expect(r.signal).toBe('SIGKILL');
    for (const b of s.brickPaths.slice(0, 2)) {
      expect(afrDump(b, '')).toEqual({ 'trusted.afr.dirty': '000000000000000000000001' });
      expect(fs.readdirSync(path.join(b, '.glusterfs/indices/entry-changes', root))).toEqual(['newdir']);
      expect(fs.existsSync(path.join(b, 'newdir'))).toBe(false);
    }
    expect(afrDump(s.brickPaths[2], '')).toEqual({});
  });

  it('after the post-op: the state of a completed transaction', () => {
    const { s, gfid } = withFile('c4');
    const r = runKilled(s, 'afr.after-postop', 'writev', [loc('/f'), 0, data('done\n'), xd()], [1]);
    expect(r.signal).toBe('SIGKILL');
    for (const i of [0, 2]) {
      const b = s.brickPaths[i];
      expect(afrDump(b, 'f')).toEqual({ 'trusted.afr.c4-client-1': '000000010000000000000000', 'trusted.afr.dirty': Z });
      expect(indexHas(b, 'xattrop', gfid)).toBe(true);
      expect(indexHas(b, 'dirty', gfid)).toBe(false);
    }
  });
});
