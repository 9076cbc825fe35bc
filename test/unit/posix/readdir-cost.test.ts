// The per-entry work of a listing: a names-only readdir touches no xattr of an entry that cannot
// need one (what makes `fs ls` of a large directory cost one lstat per entry).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as xattr from '../../../src/xattr/index.js';
import { STAT_ONLY } from '../../../src/xlators/types.js';
import { makeBrick, newInode, type TestBrick } from './helpers.js';

vi.mock('../../../src/xattr/index.js', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../../src/xattr/index.js')>();
  return {
    ...orig,
    withXattrObject: vi.fn(orig.withXattrObject),
    getAllXattrs: vi.fn(orig.getAllXattrs),
    getXattr: vi.fn(orig.getXattr),
    getXattrOpt: vi.fn(orig.getXattrOpt),
    listXattrs: vi.fn(orig.listXattrs),
  };
});

const LINKTO = 'trusted.glusterfs.dht.linkto';
const calls = () =>
  [xattr.withXattrObject, xattr.getAllXattrs, xattr.getXattr, xattr.getXattrOpt, xattr.listXattrs].reduce(
    (n, f) => n + vi.mocked(f).mock.calls.length,
    0,
  );

let b: TestBrick;
beforeEach(() => {
  b = makeBrick();
  for (let i = 0; i < 20; i++) b.posix.create({ path: `/f${i}` }, 0o644, newInode());
  b.posix.mkdir({ path: '/d' }, 0o755, newInode());
  b.posix.create({ path: '/lt' }, 0o1000, newInode());
  b.posix.setxattr({ path: '/lt' }, { [LINKTO]: Buffer.from('vol-client-1\0') });
  vi.clearAllMocks();
});
afterEach(() => b.cleanup());

describe('xattr reads of a listing', () => {
  it('STAT_ONLY reads none', () => {
    expect(b.posix.readdir({ path: '/' }, STAT_ONLY)).toHaveLength(22);
    expect(calls()).toBe(0);
  });

  it("DHT's request reads the linkto key of the sticky entry only", () => {
    const es = b.posix.readdir({ path: '/' }, { statOnly: true, xattrs: [LINKTO], xattrsIfMode: 0o1000 });
    expect(es.filter((e) => e.xattrs).map((e) => e.name)).toEqual(['lt']);
    expect(vi.mocked(xattr.withXattrObject).mock.calls.map(([p]) => p.slice(p.lastIndexOf('/') + 1))).toEqual(['lt']);
    expect(calls()).toBe(1);
  });

  it('a full listing opens each entry once', () => {
    b.posix.readdir({ path: '/' }, { xattrs: [] });
    expect(vi.mocked(xattr.withXattrObject).mock.calls).toHaveLength(22);
    expect(vi.mocked(xattr.getAllXattrs).mock.calls).toHaveLength(0);
  });
});
