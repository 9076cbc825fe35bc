// DHT listings with ReaddirOpts: a names-only or xattr-less listing hides the same linkto files,
// lists each directory once and shows the same entries, types and modes as a full readdirp.
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createLinkto } from '../../src/xlators/dht/file.js';
import { encodeLinkto, LINKTO_XATTR } from '../../src/xlators/dht/xattrs.js';
import { MODE_ONLY, type DirEntry, type ReaddirOpts } from '../../src/xlators/types.js';
import { distVolume, exists, loc, replVolume, xd, type DistVolume } from './dht-helpers.js';

const NAMES_ONLY: ReaddirOpts = { statOnly: true, xattrs: [] };

let v: DistVolume;
afterEach(() => v?.cleanup());

/** Indexes of the bricks (or replica sets) holding a regular, non-linkto file at p. */
function dataHolders(p: string): number[] {
  return v.posix
    .map((_, i) => i)
    .filter((i) => exists(v.on(i, p)) && fs.lstatSync(v.on(i, p)).isFile() && (fs.lstatSync(v.on(i, p)).mode & 0o7777) !== 0o1000);
}

/** Renames /d/from to a name that hashes to another subvolume, so that a linkto is left there. */
function renameAway(from: string): string {
  const [home] = dataHolders(`/d/${from}`);
  for (let k = 0; ; k++) {
    const probe = `away-${k}`;
    v.dht.create(loc(`/d/${probe}`), 0o644, xd());
    const there = dataHolders(`/d/${probe}`)[0];
    v.dht.unlink(loc(`/d/${probe}`));
    if (there !== home) {
      v.dht.rename(loc(`/d/${from}`), loc(`/d/${probe}`), xd());
      return probe;
    }
  }
}

const summary = (es: DirEntry[]) => es.map((e) => [e.name, e.iatt.type, (e.iatt.mode & 0o7777).toString(8)]);

describe('DHT readdir with options', () => {
  it('hides linkto files and lists directories once, whatever the caller asks for', () => {
    v = distVolume(4, 'diskDist4');
    v.dht.mkdir(loc('/d'), 0o755, xd());
    for (const n of ['f1', 'f2', 'f3', 'moved']) v.dht.create(loc(`/d/${n}`), 0o644, xd());
    for (const n of ['sub1', 'sub2', 'sub3']) v.dht.mkdir(loc(`/d/${n}`), 0o750, xd());
    v.dht.symlink('f1', loc('/d/ln'), xd());
    // sticky by choice, no linkto key: a file like any other
    v.dht.create(loc('/d/sticky'), 0o1000, xd());
    // a linkto left by a rename, and a stale one whose data file does not exist
    const renamed = renameAway('moved');
    createLinkto(v.dht, v.clients[2], loc('/d/stale'), 'diskDist4-client-0', { gfid: randomUUID(), uid: 0, gid: 0 });
    // a file in migration phase 1: sticky+setgid on top of its mode, linkto key to the destination
    v.dht.create(loc('/d/migrating'), 0o640, xd());
    const [src] = dataHolders('/d/migrating');
    v.posix[src].setattr(loc('/d/migrating'), { mode: 0o3640 });
    v.posix[src].setxattr(loc('/d/migrating'), { [LINKTO_XATTR]: encodeLinkto(`diskDist4-client-${(src + 1) % 4}`) });

    // the linkto files are really on the bricks
    const linktos = v.posix.flatMap((_, i) => (['stale', renamed].filter((n) => exists(v.on(i, `d/${n}`)) && fs.lstatSync(v.on(i, `d/${n}`)).mode % 0o10000 === 0o1000)));
    expect(linktos.sort()).toEqual([renamed, 'stale'].sort());

    const full = v.dht.readdir(loc('/d'));
    const names = full.map((e) => e.name).sort();
    expect(names).toEqual(['f1', 'f2', 'f3', 'ln', 'migrating', renamed, 'sticky', 'sub1', 'sub2', 'sub3'].sort());
    expect(Object.fromEntries(summary(full).map(([n, t, m]) => [n, `${t} ${m}`]))).toMatchObject({
      sticky: 'file 1000',
      migrating: 'file 640',
      ln: 'symlink 777',
      sub1: 'dir 750',
    });
    for (const opts of [NAMES_ONLY, MODE_ONLY, { xattrs: [] }, { statOnly: true, xattrs: ['trusted.tg.nothing'] }, { xattrs: [LINKTO_XATTR] }]) {
      const got = v.dht.readdir(loc('/d'), opts);
      expect(summary(got), JSON.stringify(opts)).toEqual(summary(full));
    }
    // without statOnly the iatts are the full ones (gfid, mdata times, DHT's directory size)
    expect(v.dht.readdir(loc('/d'), { xattrs: [] }).map((e) => e.iatt)).toEqual(full.map((e) => e.iatt));
    // a names-only listing reads no xattr of a non-sticky entry
    const lite = v.dht.readdir(loc('/d'), NAMES_ONLY);
    expect(lite.filter((e) => Object.keys(e.xattrs ?? {}).length > 0).map((e) => e.name)).toEqual(['migrating']);
  });

  it('rmdir still removes a directory holding only linkto files, and refuses one with a sticky data file', () => {
    v = distVolume(4, 'diskDist4');
    v.dht.mkdir(loc('/d'), 0o755, xd());
    createLinkto(v.dht, v.clients[1], loc('/d/stale'), 'diskDist4-client-3', { gfid: randomUUID(), uid: 0, gid: 0 });
    v.dht.rmdir(loc('/d'));
    expect(v.posix.map((_, i) => exists(v.on(i, 'd')))).toEqual([false, false, false, false]);
    v.dht.mkdir(loc('/e'), 0o755, xd());
    v.dht.create(loc('/e/sticky'), 0o1000, xd());
    expect(() => v.dht.rmdir(loc('/e'))).toThrow(expect.objectContaining({ code: 'ENOTEMPTY' }));
  });

  it('over replica sets the listings agree too', () => {
    const r = replVolume(2, 2, 'rv');
    v = r;
    v.dht.mkdir(loc('/d'), 0o755, xd());
    for (const n of ['a', 'b', 'c', 'moved']) v.dht.create(loc(`/d/${n}`), 0o644, xd());
    v.dht.mkdir(loc('/d/sub'), 0o755, xd());
    v.dht.symlink('a', loc('/d/ln'), xd());
    const renamed = renameAway('moved');
    const full = v.dht.readdir(loc('/d'));
    expect(full.map((e) => e.name).sort()).toEqual(['a', 'b', 'c', 'ln', renamed, 'sub'].sort());
    expect(summary(v.dht.readdir(loc('/d'), NAMES_ONLY))).toEqual(summary(full));
    expect(summary(v.dht.readdir(loc('/d'), MODE_ONLY))).toEqual(summary(full));
    expect(v.dht.readdir(loc('/d'), { xattrs: [] }).map((e) => e.iatt)).toEqual(full.map((e) => e.iatt));
  });
});
