// A client opened by name follows what other processes do to its volume, as a mounted client
// follows its brick connections: a brick killed by `debug kill-brick` is down for it too (and
// blamed), `volume stop` leaves it no brick (ENOTCONN), `volume start` gives them back, `volume
// set` gives it a graph with the new options, and a volume deleted and made again under the same
// name is not its volume.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openVolume } from '../../src/api/index.js';
import { fopCodeAsync as code } from '../helpers/fop-code.js';
import { afrCounters, createVolume, makeEnv, type Env } from './fs-helpers.js';

describe('a long-lived api client and other processes', () => {
  let e: Env;
  let bricks: string[];
  beforeAll(() => {
    e = makeEnv('watch');
    bricks = createVolume(e, 'wv', 3, 3);
  });
  afterAll(() => e.cleanup());

  const cli = (...args: string[]) => {
    const r = e.run(['--mode=script', ...args]);
    expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 0, stderr: '' });
  };

  it('sees kill-brick, stop, start and start force made by other processes', async () => {
    const c = await openVolume('wv', { home: e.home });
    await c.writeFile('/a', 'one');

    cli('debug', 'kill-brick', 'wv', `server3:${bricks[2]}`);
    await c.writeFile('/b', 'while brick 3 is down');
    expect(fs.existsSync(path.join(bricks[2], 'b'))).toBe(false);
    const blamed = afrCounters(bricks[0]).filter(([rel, k, n]) => rel === 'b' && k === 'trusted.afr.wv-client-2' && n[0] > 0);
    expect(blamed.length).toBe(1);

    cli('volume', 'stop', 'wv');
    expect(await code(c.readFile('/a'))).toBe('ENOTCONN');
    expect(await code(c.writeFile('/c', 'x'))).toBe('ENOTCONN');

    // Starting a stopped volume starts every brick, the killed one included.
    cli('volume', 'start', 'wv');
    expect((await c.readFile('/a')).toString()).toBe('one');
    await c.writeFile('/c', 'all up again');
    expect(fs.readFileSync(path.join(bricks[2], 'c'), 'utf8')).toBe('all up again');

    // On a started volume, `start force` revives a killed brick.
    cli('debug', 'kill-brick', 'wv', `server3:${bricks[2]}`);
    await c.writeFile('/d', 'brick 3 down');
    expect(fs.existsSync(path.join(bricks[2], 'd'))).toBe(false);
    cli('volume', 'start', 'wv', 'force');
    await c.writeFile('/e', 'revived');
    expect(fs.readFileSync(path.join(bricks[2], 'e'), 'utf8')).toBe('revived');
  });

  it('takes the new options of a volume set made by another process (quorum-count, as quorum.t)', async () => {
    const c = await openVolume('wv', { home: e.home });
    cli('debug', 'kill-brick', 'wv', `server3:${bricks[2]}`);
    await c.writeFile('/q1', 'two of three up: auto quorum holds');
    cli('volume', 'set', 'wv', 'cluster.quorum-type', 'fixed');
    cli('volume', 'set', 'wv', 'cluster.quorum-count', '3');
    expect(await code(c.writeFile('/q2', 'needs all three'))).not.toBe('ok');
    expect(fs.existsSync(path.join(bricks[0], 'q2'))).toBe(false);
    cli('volume', 'reset', 'wv', 'cluster.quorum-count');
    cli('volume', 'reset', 'wv', 'cluster.quorum-type');
    await c.writeFile('/q3', 'auto again');
    cli('volume', 'start', 'wv', 'force');
  });

  it('a volume deleted and created again under its name is not its volume any more', async () => {
    const c = await openVolume('wv', { home: e.home });
    expect((await c.readFile('/a')).toString()).toBe('one');
    cli('volume', 'stop', 'wv');
    cli('volume', 'delete', 'wv');
    expect(await code(c.readFile('/a'))).toBe('ENOTCONN');
    // Same brick paths, a new volume id.
    expect(createVolume(e, 'wv', 3, 3)).toEqual(bricks);
    expect(await code(c.readFile('/a'))).toBe('ENOTCONN');
  });
});
