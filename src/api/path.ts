// Volume path handling for the client library: what a FUSE mount's kernel side does before a
// fop reaches GlusterFS (normalise, split, refuse names that cannot exist).
import { FopError } from '../libglusterfs/errors.js';

/** Longest name component Linux accepts (NAME_MAX). */
const NAME_MAX = 255;

/**
 * Splits a volume path into its raw components ("." and ".." kept: they are resolved while
 * walking, after symlinks). Relative paths are taken from the volume root.
 */
export function splitPath(p: string): string[] {
  if (typeof p !== 'string' || p.length === 0) throw new FopError('ENOENT', String(p));
  if (p.includes('\0')) throw new FopError('EINVAL', 'path contains a NUL byte');
  const parts = p.split('/').filter((c) => c !== '');
  for (const c of parts) {
    if (Buffer.byteLength(c) > NAME_MAX) throw new FopError('ENAMETOOLONG', p);
  }
  return parts;
}

/**
 * Lexically normalised volume-absolute path ("/", "/a/b"). A ".." that would climb above the
 * volume root is an escape: refused with EINVAL, as nothing outside the volume is addressable.
 */
export function normalizePath(p: string): string {
  const out: string[] = [];
  for (const c of splitPath(p)) {
    if (c === '.') continue;
    if (c === '..') {
      if (out.length === 0) throw new FopError('EINVAL', `${p}: path escapes the volume`);
      out.pop();
      continue;
    }
    out.push(c);
  }
  return '/' + out.join('/');
}

export function joinPath(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

export function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** true when `p` is `dir` itself or lies below it. */
export function isUnder(p: string, dir: string): boolean {
  return dir === '/' || p === dir || p.startsWith(dir + '/');
}
