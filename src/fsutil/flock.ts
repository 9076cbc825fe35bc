// flock(2) through fs-ext (a native addon, loaded on first use): whole-file locks the kernel drops
// when the holder dies, even by kill -9.
import { createRequire } from 'node:module';

type FsExt = { flockSync(fd: number, flags: 'ex' | 'exnb' | 'un'): void };
let fsExt: FsExt | undefined;
function lib(): FsExt {
  fsExt ??= createRequire(import.meta.url)('fs-ext') as FsExt;
  return fsExt;
}

/** Takes an exclusive flock without waiting; false when another open file description holds it. */
export function tryFlock(fd: number): boolean {
  try {
    lib().flockSync(fd, 'exnb');
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EAGAIN' || code === 'EWOULDBLOCK') return false;
    throw e;
  }
}

/** Waits (blocking the thread) until the exclusive flock is ours. */
export function flockWait(fd: number): void {
  lib().flockSync(fd, 'ex');
}

export function unflock(fd: number): void {
  lib().flockSync(fd, 'un');
}
