// Cross-process concurrency: 8 `tgluster fs put` loops at once on a 2x3 volume, into one shared
// directory, into their own directories, and all onto one name. Afterwards every name is there,
// every replica of an inode carries the same gfid and bytes, and nothing is left pending
// (no non-zero AFR counter, no index entry): the brick-level locks serialised what had to be.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afrCounters, createVolume, gfidOn, indexEntries, makeEnv, type Env } from './fs-helpers.js';

const WORKERS = 8;
const PER_WORKER = 4;
const V = 'cc23';

describe('8 parallel fs put loops on a 2x3 volume', () => {
  let e: Env;
  let bricks: string[];
  const content = (w: number, i: number) => `worker ${w} file ${i}\n`.repeat(50 + w * 13 + i);
  const dirOf = (w: number) => (w < WORKERS / 2 ? 'shared' : `own${w - WORKERS / 2}`);

  beforeAll(async () => {
    e = makeEnv('cc');
    bricks = createVolume(e, V, 6, 3);
    const dirs = ['shared', ...Array.from({ length: WORKERS / 2 }, (_, k) => `own${k}`)];
    expect(e.run(['fs', 'mkdir', ...dirs.map((d) => `${V}:/${d}`)]).code).toBe(0);
    const src = path.join(e.dir, 'src');
    fs.mkdirSync(src);
    for (let w = 0; w < WORKERS; w++) {
      for (let i = 0; i < PER_WORKER; i++) fs.writeFileSync(path.join(src, `w${w}-${i}`), content(w, i));
      fs.writeFileSync(path.join(src, `race-${w}`), `race winner ${w}\n`.repeat(10 + w));
    }
    const loop = async (w: number) => {
      const codes: string[] = [];
      for (let i = 0; i < PER_WORKER; i++) {
        const r = await e.runAsync(['fs', 'put', path.join(src, `w${w}-${i}`), `${V}:/${dirOf(w)}/w${w}-${i}`]);
        if (r.code !== 0) codes.push(`w${w}-${i}: ${r.code} ${r.stderr}`);
      }
      const r = await e.runAsync(['fs', 'put', path.join(src, `race-${w}`), `${V}:/shared/race`]);
      if (r.code !== 0) codes.push(`race ${w}: ${r.code} ${r.stderr}`);
      return codes;
    };
    const failures = (await Promise.all(Array.from({ length: WORKERS }, (_, w) => loop(w)))).flat();
    expect(failures).toEqual([]);
  });

  afterAll(() => e.cleanup());

  it('loses no name and reads back every byte', () => {
    const shared = e.run(['fs', 'ls', `${V}:/shared`]).stdout.split('\n').filter(Boolean);
    const want = ['race'];
    for (let w = 0; w < WORKERS / 2; w++) for (let i = 0; i < PER_WORKER; i++) want.push(`w${w}-${i}`);
    expect(shared).toEqual(want.sort());
    for (let w = 0; w < WORKERS; w++) {
      for (let i = 0; i < PER_WORKER; i++) {
        expect(e.run(['fs', 'cat', `${V}:/${dirOf(w)}/w${w}-${i}`]).stdout).toBe(content(w, i));
      }
    }
    // Eight puts onto one name. Like two `cp` onto one file over a GlusterFS FUSE mount, a put is
    // open(O_TRUNC), then writes, then close: separate steps, so POSIX (and GlusterFS) allow the
    // writes of one to land after the truncate of another. What must hold: the size is one
    // writer's size and every byte is some writer's byte at that offset (all write at offset 0);
    // that the replicas agree is checked below.
    const race = e.run(['fs', 'cat', `${V}:/shared/race`]).out;
    const writers = Array.from({ length: WORKERS }, (_, w) => Buffer.from(`race winner ${w}\n`.repeat(10 + w)));
    expect(writers.map((b) => b.length)).toContain(race.length);
    const foreign = [...race.keys()].filter((i) => !writers.some((b) => i < b.length && b[i] === race[i]));
    expect(foreign).toEqual([]);
  });

  it('gives every replica of an inode the same gfid and bytes, on exactly one replica set', () => {
    const names: string[] = ['shared/race'];
    for (let w = 0; w < WORKERS; w++) for (let i = 0; i < PER_WORKER; i++) names.push(`${dirOf(w)}/w${w}-${i}`);
    for (const rel of names) {
      const holders = bricks.filter((b) => fs.existsSync(path.join(b, rel)) && fs.statSync(path.join(b, rel)).size > 0);
      expect([rel, holders.length]).toEqual([rel, 3]);
      const set = Math.floor(bricks.indexOf(holders[0]) / 3);
      expect(holders).toEqual(bricks.slice(set * 3, set * 3 + 3));
      const gfids = new Set(holders.map((b) => gfidOn(path.join(b, rel))));
      const bytes = new Set(holders.map((b) => fs.readFileSync(path.join(b, rel), 'utf8')));
      expect([rel, gfids.size, bytes.size]).toEqual([rel, 1, 1]);
    }
    for (const d of ['shared', 'own0', 'own3']) {
      expect(new Set(bricks.map((b) => gfidOn(path.join(b, d)))).size).toBe(1);
    }
  });

  it('leaves no pending counter and no index entry behind', () => {
    for (const b of bricks) {
      expect(afrCounters(b).filter(([, , c]) => c.some((x) => x !== 0))).toEqual([]);
      expect(indexEntries(b)).toEqual({ xattrop: [], dirty: [], entryChanges: [] });
    }
  });
});
