// DHT's debugging aid dht_filter_loc_subvol_key (upstream tests/basic/distribute/file-create.t):
// a create of NAME@VOL-dht:SUBVOL makes NAME with its data on SUBVOL and a linkto where NAME
// hashes; every other fop on such a name reaches NAME; other new names keep the text as it is.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openVolume, type VolumeClient } from '../../src/api/index.js';
import { createVolume, makeEnv, type Env } from './fs-helpers.js';

let e: Env;
let bricks: string[];
let vol: VolumeClient;
beforeEach(async () => {
  e = makeEnv('dht-subvol-key');
  bricks = createVolume(e, 'dk', 2);
  vol = await openVolume('dk', { home: e.home });
  await vol.mkdir('/dir1');
});
afterEach(() => e.cleanup());

/** The first name `prefix<i>` that hashes to `subvol` in /dir1 (DHT's own debug key says). */
async function nameHashingTo(subvol: string, prefix: string): Promise<string> {
  for (let i = 0; ; i++) {
    const hashed = (await vol.getxattr('/dir1', `dht.file.hashed-subvol.${prefix}${i}`)).toString().replace(/\0$/, '');
    if (hashed === subvol) return `${prefix}${i}`;
  }
}

/** What brick `i` holds under /dir1/NAME: data, linkto (sticky, empty) or nothing. */
function kind(i: number, name: string): string {
  const st = fs.lstatSync(path.join(bricks[i], 'dir1', name), { throwIfNoEntry: false });
  if (!st) return '-';
  return (st.mode & 0o7777) === 0o1000 && st.size === 0 ? 'linkto' : 'data';
}

describe('NAME@VOL-dht:SUBVOL', () => {
  it('a create puts the data on SUBVOL and a linkto where the name hashes', async () => {
    const name = await nameHashingTo('dk-client-1', 'filter-');
    await vol.writeFile(`/dir1/${name}@dk-dht:dk-client-0`, 'twenty bytes of data');
    expect([kind(0, name), kind(1, name)]).toEqual(['data', 'linkto']);
    expect(fs.readFileSync(path.join(bricks[0], 'dir1', name), 'utf8')).toBe('twenty bytes of data');
    expect((await vol.readFile(`/dir1/${name}`)).toString()).toBe('twenty bytes of data');
    expect(await vol.readdir('/dir1')).toEqual([name]);
  });

  it('on the subvolume the name hashes to, no linkto is made', async () => {
    const name = await nameHashingTo('dk-client-0', 'same-');
    await vol.writeFile(`/dir1/${name}@dk-dht:dk-client-0`, 'x');
    expect([kind(0, name), kind(1, name)]).toEqual(['data', '-']);
  });

  it('other fops on the keyed name reach NAME; a name naming no subvolume is just a name', async () => {
    const name = await nameHashingTo('dk-client-1', 'other-');
    await vol.writeFile(`/dir1/${name}`, 'first');
    const keyed = `/dir1/${name}@dk-dht:dk-client-1`;
    expect((await vol.stat(keyed)).gfid).toBe((await vol.stat(`/dir1/${name}`)).gfid);
    // looked up as if it hashed to the subvolume named: where it is not, it is not found (10.3)
    await expect(vol.stat(`/dir1/${name}@dk-dht:dk-client-0`)).rejects.toMatchObject({ code: 'ENOENT' });
    await vol.chmod(keyed, 0o600);
    expect(fs.statSync(path.join(bricks[1], 'dir1', name)).mode & 0o777).toBe(0o600);
    await vol.mkdir('/dir1/d@dk-dht:dk-client-0');
    await vol.writeFile('/dir1/f@dk-dht:dk-client-9', 'y');
    expect((await vol.readdir('/dir1')).sort()).toEqual([name, 'd@dk-dht:dk-client-0', 'f@dk-dht:dk-client-9'].sort());
    await vol.unlink(keyed);
    expect(await vol.readdir('/dir1')).not.toContain(name);
  });
});
