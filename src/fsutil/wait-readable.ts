// Waiting out EAGAIN on a non-blocking descriptor (a stdin pipe or socket whose O_NONBLOCK a parent
// set) without spinning: poll(2) from the native addon; without it, a blocking descriptor of the
// same pipe or terminal (/proc/self/fd/N opened anew) is read instead, and where even that cannot
// be had (a socket), the thread sleeps briefly between tries. TGLUSTER_NATIVE_POLL=0 turns the
// addon's way off.
import * as fs from 'node:fs';
import { nativeAddon } from '../native/addon.js';

const NAP_MS = 10;
const nap = new Int32Array(new SharedArrayBuffer(4));

/**
 * Blocks until `fd` is readable. Returns the descriptor to read from next: `fd` itself, or a
 * blocking one opened on the same object (the caller closes it when it differs from fd).
 */
export function waitReadable(fd: number): number {
  const addon = process.env.TGLUSTER_NATIVE_POLL === '0' ? undefined : nativeAddon();
  if (addon && typeof addon.waitReadable === 'function') {
    addon.waitReadable(fd);
    return fd;
  }
  try {
    return fs.openSync(`/proc/self/fd/${fd}`, 'r');
  } catch {
    Atomics.wait(nap, 0, 0, NAP_MS);
    return fd;
  }
}

type Read = (fd: number, buf: Buffer, offset: number, length: number, position: null) => number;

/** readSync that waits (never spins) when fd is non-blocking and has no data yet. */
export function readBlocking(fd: number, buf: Buffer, offset: number, length: number, read: Read = fs.readSync): number {
  let from = fd;
  try {
    for (;;) {
      try {
        return read(from, buf, offset, length, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
        const next = waitReadable(from);
        if (next !== from && from !== fd) fs.closeSync(from);
        from = next;
      }
    }
  } finally {
    if (from !== fd) fs.closeSync(from);
  }
}
