// DHT's debug key dht.file.hashed-subvol.NAME (what dht.rc's dht_first_filename_with_hashsubvol
// reads through a mount): on a directory it names the subvolume NAME hashes to there, the one a
// create of NAME lands on (a C string, NUL included); an empty NAME is EINVAL, a file ENODATA, as
// measured on 10.3.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openVolume, type VolumeClient } from '../../src/api/index.js';
import { fopCodeAsync as code } from '../helpers/fop-code.js';
import { createVolume, makeEnv, type Env } from './fs-helpers.js';

describe('dht.file.hashed-subvol.NAME', () => {
  let e: Env;
  let bricks: string[];
  let vol: VolumeClient;
  beforeAll(async () => {
    e = makeEnv('dhtdbg');
    bricks = createVolume(e, 'hs', 3);
    vol = await openVolume('hs', { home: e.home });
    await vol.mkdir('/dir');
  });
  afterAll(() => e.cleanup());

  it('names the subvolume each new file is then created on', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const name = `f-${i}`;
      const said = (await vol.getxattr('/dir', `dht.file.hashed-subvol.${name}`)).toString();
      await vol.writeFile(`/dir/${name}`, 'x');
      const on = bricks.findIndex((b) => fs.existsSync(path.join(b, 'dir', name)));
      expect(said).toBe(`hs-client-${on}\0`); // NUL-terminated, as 10.3 answers
      seen.add(said);
    }
    expect(seen.size).toBe(3);
  });

  it('refuses an empty name and a file', async () => {
    expect(await code(vol.getxattr('/dir', 'dht.file.hashed-subvol.'))).toBe('EINVAL');
    expect(await code(vol.getxattr('/dir/f-0', 'dht.file.hashed-subvol.x'))).toBe('ENODATA');
  });
});
