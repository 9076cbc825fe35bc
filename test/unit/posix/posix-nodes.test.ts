// posix mknod and fallocate, with the native addon and with its fallbacks (mkfifo(1)/mknod(1),
// a size change): the brick gets the special file with gfid, handle and gfid2path like any new
// inode; fallocate extends the size (or keeps it) and stamps the times.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeBrick, type TestBrick } from './helpers.js';
import { getXattrOpt } from '../../../src/xattr/index.js';
import { gfidToBytes } from '../../../src/libglusterfs/uuid.js';

const S_IFIFO = 0o010000;
const S_IFCHR = 0o020000;
let b: TestBrick;

describe.each([['native addon', '1'], ['fallback', '0']])('%s', (_what, native) => {
  beforeEach(() => {
    process.env.TGLUSTER_NATIVE_NODES = native;
    b = makeBrick();
  });
  afterEach(() => {
    delete process.env.TGLUSTER_NATIVE_NODES;
    b.cleanup();
  });

  it('mknod of a fifo: a fifo on the brick with its gfid, handle and mode', () => {
    const gfid = randomUUID();
    const iatt = b.posix.mknod({ path: '/p', name: 'p' }, S_IFIFO | 0o640, 0, { gfidReq: gfid });
    const st = fs.lstatSync(path.join(b.dir, 'p'));
    expect([st.isFIFO(), st.mode & 0o7777, iatt.type, iatt.gfid]).toEqual([true, 0o640, 'other', gfid]);
    expect(getXattrOpt(path.join(b.dir, 'p'), 'trusted.gfid')).toEqual(gfidToBytes(gfid));
    expect(fs.lstatSync(path.join(b.dir, '.glusterfs', gfid.slice(0, 2), gfid.slice(2, 4), gfid)).ino).toBe(st.ino);
    let code: string | undefined;
    try {
      b.posix.mknod({ path: '/p', name: 'p' }, S_IFIFO | 0o640, 0, { gfidReq: randomUUID() });
    } catch (e) {
      code = (e as { code?: string }).code;
    }
    expect(code).toBe('EEXIST');
  });

  it.skipIf(process.getuid?.() !== 0)('mknod of a character device keeps its major and minor', () => {
    const rdev = (1 << 8) | 3; // makedev(1, 3): /dev/null
    b.posix.mknod({ path: '/null', name: 'null' }, S_IFCHR | 0o600, rdev, { gfidReq: randomUUID() });
    const st = fs.lstatSync(path.join(b.dir, 'null'));
    expect([st.isCharacterDevice(), st.rdev]).toEqual([true, rdev]);
  });

  it('fallocate extends the size (mode 0), keeps it with KEEP_SIZE; the data reads the same', () => {
    b.posix.create({ path: '/f', name: 'f' }, 0o644, { gfidReq: randomUUID() });
    b.posix.writev({ path: '/f' }, 0, Buffer.from('hello'));
    expect(b.posix.fallocate({ path: '/f' }, 1, 0, 4096).size).toBe(5);
    expect(b.posix.fallocate({ path: '/f' }, 0, 0, 8192).size).toBe(8192);
    const data = fs.readFileSync(path.join(b.dir, 'f'));
    expect([data.subarray(0, 5).toString(), data.subarray(5).every((x) => x === 0)]).toEqual(['hello', true]);
  });
});
