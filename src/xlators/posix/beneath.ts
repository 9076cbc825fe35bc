// Confinement in the kernel: the directory a fop works in is opened with openat2(2) and
// RESOLVE_NO_SYMLINKS (native addon) by its real path: the brick root's realpath (no symlink in
// it) and checked names (never "." or ".."), so no component can lead outside the brick; else by
// an O_NOFOLLOW walk that opens one component at a time through /proc/self/fd from the root.
// The fop then names its target as
// /proc/self/fd/<dir fd>/<name>: the kernel goes straight to that directory, so a directory
// swapped for a symlink after the walk cannot lead the fop outside the brick.
//
// The descriptors live as long as the posix fop that opened them (DirScope.run); posix fops do
// not nest across bricks, and a fop's nested resolutions share its scope.
import * as fs from 'node:fs';
import { nativeAddon } from '../../native/addon.js';
import { FopError, fromNodeError } from '../../libglusterfs/errors.js';

const O_PATH = 0o10000000;
/** openat2's "relative to the working directory", here with an absolute path. */
const AT_FDCWD = -100;
const WALK_FLAGS = O_PATH | fs.constants.O_DIRECTORY | fs.constants.O_NOFOLLOW;

export class DirScope {
  /** The brick root, open while a fop that walks runs (a graph holds no descriptor between fops). */
  private rootFd = -1;
  private depth = 0;
  private fds: number[] = [];
  /** openat2 is there (native addon, Linux >= 5.6); TGLUSTER_NATIVE_BENEATH=0 walks instead. */
  private native = process.env.TGLUSTER_NATIVE_BENEATH !== '0' && typeof nativeAddon()?.openBeneath === 'function';

  constructor(readonly root: string) {}

  /** Runs one fop; the directories it opened are closed when the outermost fop ends. */
  run<T>(fn: () => T): T {
    this.depth++;
    try {
      return fn();
    } finally {
      if (--this.depth === 0 && this.fds.length) {
        for (const fd of this.fds) fs.closeSync(fd);
        this.fds = [];
        this.rootFd = -1;
      }
    }
  }

  /**
   * A path that reaches the directory `rel` (components below the root, none a symlink) through
   * a descriptor: `/proc/self/fd/N/.` (the final `.` makes l* calls act on the directory, not on
   * the /proc link). Throws ENOENT, ENOTDIR, ELOOP (a symlink on the way) as the
   * walk would. Outside a fop (no scope to own the descriptor) the plain path is returned.
   */
  dir(rel: readonly string[]): string {
    if (rel.length === 0 || this.depth === 0) return rel.length ? `${this.root}/${rel.join('/')}` : this.root;
    for (const name of rel) if (name === '' || name === '.' || name === '..' || name.includes('/')) throw new FopError('EINVAL', rel.join('/'));
    const fd = this.native ? this.openat2(rel) : this.walk(rel);
    this.fds.push(fd);
    return `/proc/self/fd/${fd}/.`;
  }

  private openat2(rel: readonly string[]): number {
    try {
      return nativeAddon()!.openBeneath(AT_FDCWD, `${this.root}/${rel.join('/')}`);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOSYS') throw fromNodeError(e, rel.join('/'));
      this.native = false;
      return this.walk(rel);
    }
  }

  private walk(rel: readonly string[]): number {
    if (this.rootFd < 0) {
      this.rootFd = fs.openSync(this.root, WALK_FLAGS);
      this.fds.push(this.rootFd);
    }
    let fd = this.rootFd;
    try {
      for (const name of rel) {
        const next = fs.openSync(`/proc/self/fd/${fd}/${name}`, WALK_FLAGS);
        if (fd !== this.rootFd) fs.closeSync(fd);
        fd = next;
      }
      return fd;
    } catch (e) {
      if (fd !== this.rootFd) fs.closeSync(fd);
      // O_NOFOLLOW|O_DIRECTORY on a symlink answers ENOTDIR or ELOOP: a symlink is never a way through.
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR' && isSymlinkOnTheWay(this.root, rel)) throw fromNodeError(Object.assign(new Error('ELOOP'), { code: 'ELOOP' }), rel.join('/'));
      throw fromNodeError(e, rel.join('/'));
    }
  }
}

function isSymlinkOnTheWay(root: string, rel: readonly string[]): boolean {
  let p = root;
  for (const name of rel) {
    p = `${p}/${name}`;
    const st = fs.lstatSync(p, { throwIfNoEntry: false });
    if (!st) return false;
    if (st.isSymbolicLink()) return true;
  }
  return false;
}
