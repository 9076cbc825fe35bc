// Directories made on the bricks behind GlusterFS's back, on two of three replica sets and without
// gfids (tests/basic/afr/gfid-heal.t): a lookup through the api gives every copy one gfid, the
// client's gfid-req, and DHT makes the missing copies on the third set with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openVolume } from '../../src/api/index.js';
import { createVolume, gfidOn, makeEnv, type Env } from './fs-helpers.js';

describe('gfid assignment of gfid-less directories on a 3 x 2 volume', () => {
  let e: Env;
  let bricks: string[];
  beforeAll(() => {
    e = makeEnv('gfidheal');
    bricks = createVolume(e, 'gh', 6, 2);
  });
  afterAll(() => e.cleanup());

  it('every one of the six bricks ends with the directory and the same gfid', async () => {
    const names = Array.from({ length: 10 }, (_, i) => `d${i}`);
    for (const b of bricks.slice(0, 4)) for (const n of names) fs.mkdirSync(path.join(b, n));
    const vol = await openVolume('gh', { home: e.home });
    for (const n of names) {
      expect((await vol.stat(`/${n}`)).type).toBe('dir');
      const gfids = bricks.map((b) => gfidOn(path.join(b, n)));
      expect(gfids[0]).toMatch(/^[0-9a-f-]{36}$/);
      expect(new Set(gfids)).toEqual(new Set([gfids[0]]));
    }
  });
});
