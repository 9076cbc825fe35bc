// The two system calls Node's fs lacks, for posix's mknod and fallocate: the native addon's, else
// the closest Node can do (mkfifo(1)/mknod(1) for special files; for fallocate, the size change
// alone: the file reads the same, only its blocks are not reserved). TGLUSTER_NATIVE_NODES=0
// forces the fallbacks.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import { nativeAddon } from '../../native/addon.js';
import { FopError } from '../../libglusterfs/errors.js';

const S_IFMT = 0o170000;
const S_IFIFO = 0o010000;
const S_IFCHR = 0o020000;
const S_IFBLK = 0o060000;
const S_IFREG = 0o100000;
export const FALLOC_FL_KEEP_SIZE = 1;

const major = (dev: number) => Math.floor(dev / 256) & 0xfff;
const minor = (dev: number) => (dev & 0xff) | ((Math.floor(dev / 4096) >> 8) & ~0xff);

const addon = () => (process.env.TGLUSTER_NATIVE_NODES === '0' ? undefined : nativeAddon());

/** child_process only when a fallback runs (it costs every command its start-up time). */
function run(file: string, args: string[]): void {
  (createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process')).execFileSync(file, args, { stdio: 'ignore' });
}

export function makeNode(path: string, mode: number, rdev: number): void {
  const native = addon();
  if (native?.mknod) return native.mknod(path, mode, rdev);
  const type = mode & S_IFMT;
  const perm = (mode & 0o7777).toString(8);
  if (type === S_IFREG || type === 0) {
    fs.closeSync(fs.openSync(path, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, mode & 0o7777));
    return;
  }
  if (fs.existsSync(path)) throw Object.assign(new Error(`EEXIST: file already exists, mknod '${path}'`), { code: 'EEXIST' });
  try {
    if (type === S_IFIFO) run('mkfifo', ['-m', perm, path]);
    else if (type === S_IFCHR || type === S_IFBLK) run('mknod', ['-m', perm, path, type === S_IFCHR ? 'c' : 'b', String(major(rdev)), String(minor(rdev))]);
    else throw new FopError('EOPNOTSUPP', 'sockets need the native addon');
  } catch (e) {
    if (e instanceof FopError) throw e;
    throw new FopError(process.getuid?.() === 0 ? 'EIO' : 'EPERM', path);
  }
}

export function allocate(fd: number, mode: number, offset: number, length: number): void {
  const native = addon();
  if (native?.fallocate) return native.fallocate(fd, mode, offset, length);
  if (mode & FALLOC_FL_KEEP_SIZE) return;
  const size = fs.fstatSync(fd).size;
  if (offset + length > size) fs.ftruncateSync(fd, offset + length);
}
