// DHT's virtual keys. dht.file.hashed-subvol.NAME (what dht.rc's dht_first_filename_with_hashsubvol
// reads through a mount): on a directory it names the subvolume NAME hashes to there, the one a
// create of NAME lands on (a C string, NUL included); an empty NAME is EINVAL, a file ENODATA, as
// measured on 10.3. glusterfs.get_real_filename:NAME: the name matching NAME without regard to
// case (bug-1204140.t). distribute.fix.layout set on a directory fixes its layout now, refused on
// a file (disallow-fixlayout-on-files.t).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openVolume, type VolumeClient } from '../../src/api/index.js';
import { fopCodeAsync as code } from '../helpers/fop-code.js';
import { createVolume, makeEnv, type Env } from './fs-helpers.js';
import { getXattrOpt } from '../../src/xattr/index.js';

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

  it('get_real_filename finds a name whatever its case, NUL-terminated; ENODATA when none matches', async () => {
    await vol.writeFile('/dir/Mixed.Case', 'x');
    expect((await vol.getxattr('/dir', 'glusterfs.get_real_filename:MIXED.case')).toString()).toBe('Mixed.Case\0');
    expect(await code(vol.getxattr('/dir', 'glusterfs.get_real_filename:absent'))).toBe('ENODATA');
  });

  it('distribute.fix.layout gives a directory a range on a brick added after it; a file refuses it', async () => {
    await vol.mkdir('/old');
    const add = e.run(['volume', 'add-brick', 'hs', `server1:${path.join(e.dir, 'hs-b3')}`, 'force']);
    expect(add.code).toBe(0);
    const layoutOn = (b: string) => (fs.existsSync(path.join(b, 'old')) ? getXattrOpt(path.join(b, 'old'), 'trusted.glusterfs.dht') : undefined);
    expect(layoutOn(path.join(e.dir, 'hs-b3'))).toBeUndefined();
    const v2 = await openVolume('hs', { home: e.home });
    await v2.setxattr('/old', 'distribute.fix.layout', Buffer.from('yes'));
    const range = layoutOn(path.join(e.dir, 'hs-b3'))!;
    expect(range.readUInt32BE(12) - range.readUInt32BE(8)).toBeGreaterThan(0);
    expect(await code(v2.setxattr('/dir/f-0', 'distribute.fix.layout', Buffer.from('yes')))).toBe('ENOTSUP');
  });

  it('refuses an empty name and a file', async () => {
    expect(await code(vol.getxattr('/dir', 'dht.file.hashed-subvol.'))).toBe('EINVAL');
    expect(await code(vol.getxattr('/dir/f-0', 'dht.file.hashed-subvol.x'))).toBe('ENODATA');
  });
});
