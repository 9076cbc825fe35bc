// AFR inside the full graph (api -> dht -> afr -> client -> posix) of a 2 x 2 volume: the
// changelog keys name the GLOBAL brick id, so the second replica set blames client-2/client-3.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clientFor } from '../../src/api/index.js';
import { createTimeOptions } from '../../src/mgmt/options/create-time.js';
import { makeVolume, type TestVolume } from '../unit/api/helpers.js';
import { afrDump } from './afr-helpers.js';

let tv: TestVolume | undefined;
afterEach(() => tv?.cleanup());

describe('AFR in a distributed-replicate graph', () => {
  it('each file lives on one replica pair; a dead brick is blamed by its global id', async () => {
    tv = makeVolume('dr', { bricks: 4, replica: 2 });
    tv.volume.options = createTimeOptions(tv.volume);
    const home = path.join(tv.dir, 'home');
    let vol = clientFor(tv.volume, { home });
    await vol.mkdir('/d');
    const names = Array.from({ length: 12 }, (_, i) => `f${i}`);
    for (const n of names) await vol.writeFile(`/d/${n}`, `${n}\n`);
    const on = (b: number, n: string) => fs.existsSync(path.join(tv!.brickPaths[b], 'd', n));
    const inSet1 = names.filter((n) => on(2, n));
    expect(inSet1.length).toBeGreaterThan(0);
    for (const n of names) {
      expect(on(0, n)).toBe(on(1, n));
      expect(on(2, n)).toBe(on(3, n));
      expect(on(0, n)).not.toBe(on(2, n));
    }
    tv.volume.bricks[3].down = true;
    vol = clientFor(tv.volume, { home });
    const f = inSet1[0];
    await vol.writeFile(`/d/${f}`, 'changed\n');
    // Rewriting an existing file is truncate + write: two data ops missed (like `echo >` in §6.4).
    expect(afrDump(tv.brickPaths[2], `d/${f}`)).toEqual({
      'trusted.afr.dirty': '000000000000000000000000',
      'trusted.afr.dr-client-3': '000000020000000000000000',
    });
    expect((await vol.readFile(`/d/${f}`)).toString()).toBe('changed\n');
    expect(fs.readFileSync(path.join(tv.brickPaths[3], 'd', f), 'utf8')).toBe(`${f}\n`);
  });
});
