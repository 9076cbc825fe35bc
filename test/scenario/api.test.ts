// The client library over whole volumes built directly (no CLI): what a FUSE mount of 10.3
// shows when bricks are down (INDEX.md "Mount-side behaviour"), arbiter volumes, and many
// fops of one client in a row (its dentry cache against the bricks).
import { afterEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { clientFor } from '../../src/api/index.js';
import { fopCodeAsync as code } from '../helpers/fop-code.js';
import { makeVolume, type TestVolume } from '../unit/api/helpers.js';
import { afrCounters } from './fs-helpers.js';

let tv: TestVolume | undefined;
afterEach(() => tv?.cleanup());

describe('api over bricks that are down', () => {
  it('replica 3 with one brick down serves every fop; with two down (quorum lost) every fop gets ENOTCONN', async () => {
    tv = makeVolume('apq', { bricks: 3, replica: 3 });
    const before = clientFor(tv.volume, { home: tv.dir });
    await before.mkdir('/d');
    await before.writeFile('/d/f', 'v1');
    tv.volume.bricks[2].down = true;
    const one = clientFor(tv.volume, { home: tv.dir });
    await one.writeFile('/d/f', 'v2');
    await one.mkdir('/d/new');
    expect((await one.readFile('/d/f')).toString()).toBe('v2');
    expect((await one.readdir('/d')).sort()).toEqual(['f', 'new']);
    // The brick that was down kept the old state; the others blame it.
    expect(fs.readFileSync(path.join(tv.brickPaths[2], 'd/f'), 'utf8')).toBe('v1');
    const blamed = afrCounters(tv.brickPaths[0]).filter(([, k, c]) => k === 'trusted.afr.apq-client-2' && c.some((x) => x > 0));
    expect(blamed.map(([rel]) => rel).sort()).toEqual(['d', 'd/f', 'd/new']);

    tv.volume.bricks[1].down = true;
    const none = clientFor(tv.volume, { home: tv.dir });
    expect(await code(none.readFile('/d/f'))).toBe('ENOTCONN');
    expect(await code(none.writeFile('/d/f', 'v3'))).toBe('ENOTCONN');
    expect(await code(none.mkdir('/d/other'))).toBe('ENOTCONN');
    expect(await code(none.readdir('/'))).toBe('ENOTCONN');
    expect(await code(none.unlink('/d/f'))).toBe('ENOTCONN');
    expect(fs.readFileSync(path.join(tv.brickPaths[0], 'd/f'), 'utf8')).toBe('v2');
  });

  it('distribute: a file on a down brick gets ENOTCONN, the others stay readable', async () => {
    tv = makeVolume('apd', { bricks: 4 });
    const c = clientFor(tv.volume, { home: tv.dir });
    for (let i = 0; i < 12; i++) await c.writeFile(`/f${i}`, `data ${i}`);
    const onBrick = (i: number) => tv!.brickPaths.findIndex((b) => fs.existsSync(path.join(b, `f${i}`)) && fs.statSync(path.join(b, `f${i}`)).size > 0);
    const downBrick = onBrick(0);
    tv.volume.bricks[downBrick].down = true;
    const d = clientFor(tv.volume, { home: tv.dir });
    for (let i = 0; i < 12; i++) {
      const got = await code(d.readFile(`/f${i}`));
      expect([i, got]).toEqual([i, onBrick(i) === downBrick ? 'ENOTCONN' : 'ok']);
    }
  });
});

describe('api on an arbiter volume', () => {
  it('keeps data off the arbiter brick and reads it from the data bricks', async () => {
    tv = makeVolume('apa', { bricks: 3, replica: 3, arbiter: true });
    const c = clientFor(tv.volume, { home: tv.dir });
    await c.writeFile('/f', 'x'.repeat(5000));
    expect(fs.statSync(path.join(tv.brickPaths[2], 'f')).size).toBe(0);
    expect(fs.statSync(path.join(tv.brickPaths[0], 'f')).size).toBe(5000);
    expect((await c.stat('/f')).size).toBe(5000);
    expect((await c.readFile('/f')).length).toBe(5000);
  });
});

describe('one client, many fops', () => {
  it('keeps its cached directories correct through renames and removals of its own', async () => {
    tv = makeVolume('apm', { bricks: 6, replica: 3 });
    const c = clientFor(tv.volume, { home: tv.dir });
    for (let round = 0; round < 3; round++) {
      await c.mkdirp(`/r${round}/a/b`);
      await c.writeFile(`/r${round}/a/b/f`, `round ${round}`);
      await c.rename(`/r${round}/a`, `/r${round}/z`);
      expect(await code(c.stat(`/r${round}/a/b/f`))).toBe('ENOENT');
      await c.mkdir(`/r${round}/a`);
      expect(await c.readdir(`/r${round}/a`)).toEqual([]);
      expect((await c.readFile(`/r${round}/z/b/f`)).toString()).toBe(`round ${round}`);
    }
    expect((await c.readdir('/')).sort()).toEqual(['r0', 'r1', 'r2']);
  });
});
