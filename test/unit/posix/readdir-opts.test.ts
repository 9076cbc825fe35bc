// readdir(loc, opts): the brick reads only what the caller asks for, and what it returns is what
// a full readdirp returns for those fields.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NULL_GFID } from '../../../src/xlators/posix/iatt.js';
import type { DirEntry, ReaddirOpts } from '../../../src/xlators/types.js';
import { makeBrick, newInode, type TestBrick } from './helpers.js';

const LINKTO = 'trusted.glusterfs.dht.linkto';
const MDATA = 'trusted.glusterfs.mdata';
/** A key of our own (trusted.*: Linux refuses user.* keys on symlinks). */
const K = 'trusted.tg.k';
const buf = (s: string) => Buffer.from(s);

let b: TestBrick;
beforeEach(() => {
  b = makeBrick();
  // a plain file, a linkto-shaped sticky file, a directory, a symlink: each with a user key
  b.posix.create({ path: '/plain' }, 0o644, newInode());
  b.posix.create({ path: '/sticky' }, 0o1000, newInode());
  b.posix.mkdir({ path: '/dir' }, 0o755, newInode());
  b.posix.symlink('plain', { path: '/link' }, newInode());
  for (const n of ['plain', 'sticky', 'dir', 'link']) b.posix.setxattr({ path: `/${n}` }, { [K]: buf(`v-${n}`) });
  b.posix.setxattr({ path: '/sticky' }, { [LINKTO]: buf('vol-client-1\0') });
});
afterEach(() => b.cleanup());

const list = (opts?: ReaddirOpts) => b.posix.readdir({ path: '/' }, opts);
const byName = (es: DirEntry[]) => Object.fromEntries(es.map((e) => [e.name, e]));
const keysOf = (es: DirEntry[]) => Object.fromEntries(es.map((e) => [e.name, Object.keys(e.xattrs ?? {}).sort()]));

describe('posix readdir options', () => {
  it('without options every key comes back, as before', () => {
    const k = keysOf(list());
    expect(k.plain).toContain('trusted.gfid');
    expect(k.plain).toContain(MDATA);
    expect(k.plain).toContain(K);
    expect(k.sticky).toContain(LINKTO);
  });

  it('xattrs: only the requested keys, absent ones left out, with the same full iatts', () => {
    const full = list();
    const some = list({ xattrs: [K, LINKTO, 'trusted.tg.absent'] });
    expect(some.map((e) => e.name)).toEqual(['dir', 'link', 'plain', 'sticky']);
    expect(keysOf(some)).toEqual({ dir: [K], link: [K], plain: [K], sticky: [K, LINKTO].sort() });
    expect(some.map((e) => e.iatt)).toEqual(full.map((e) => e.iatt));
    // the symlink's own key, not its target's
    expect(byName(some).link.xattrs![K].toString()).toBe('v-link');
    expect(list({ xattrs: [] }).map((e) => e.xattrs)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('xattrsIfMode: the keys are read only on entries whose mode has those bits', () => {
    const es = list({ xattrs: [LINKTO, K], xattrsIfMode: 0o1000 });
    expect(keysOf(es)).toEqual({ dir: [], link: [], plain: [], sticky: [K, LINKTO].sort() });
    expect(byName(es).sticky.xattrs![LINKTO].toString()).toBe('vol-client-1\0');
    expect(byName(es).plain.xattrs).toBeUndefined(); // not read, rather than read and empty
  });

  it('statOnly: type, mode, size, owner and nlink of the full iatt, no gfid', () => {
    b.posix.writev({ path: '/plain' }, 0, buf('12345'));
    const full = byName(list());
    const lite = list({ statOnly: true, xattrs: [] });
    expect(lite.map((e) => e.name)).toEqual(['dir', 'link', 'plain', 'sticky']);
    for (const e of lite) {
      const f = full[e.name].iatt;
      const { type, mode, size, uid, gid, nlink } = e.iatt;
      expect({ type, mode, size, uid, gid, nlink }, e.name).toEqual({ type: f.type, mode: f.mode, size: f.size, uid: f.uid, gid: f.gid, nlink: f.nlink });
      expect(e.iatt.gfid).toBe(NULL_GFID);
      expect(e.xattrs).toBeUndefined();
    }
    expect(byName(lite).plain.iatt.size).toBe(5);
    expect(byName(lite).plain.iatt.nlink).toBe(1); // the .glusterfs handle is not counted
  });

  it('statOnly with keys: the sticky entry still gets its linkto key', () => {
    const es = list({ statOnly: true, xattrs: [LINKTO], xattrsIfMode: 0o1000 });
    expect(keysOf(es)).toEqual({ dir: [], link: [], plain: [], sticky: [LINKTO] });
  });
});
