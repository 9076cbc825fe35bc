// trusted.gfid2path.<key> (ondisk.md §1.8): one key per name of a non-directory. The value is
// "<parent gfid>/<basename>" without a NUL; the key suffix is XXH64(value, seed 0) as 16 hex
// digits, most significant first.
import xxhash from 'xxhash-wasm';
import type { Gfid } from '../types.js';

// The wasm module compiles once per process; top-level await keeps the API synchronous.
const { h64Raw } = await xxhash();

export const GFID2PATH_PREFIX = 'trusted.gfid2path.';

export function gfid2pathValue(parent: Gfid, name: string): Buffer {
  return Buffer.from(`${parent}/${name}`, 'utf8');
}

export function gfid2pathKey(value: Buffer): string {
  return GFID2PATH_PREFIX + h64Raw(value, 0n).toString(16).padStart(16, '0');
}

/** The xattr name and value recording one name (parent, name) of an inode. */
export function gfid2pathEntry(parent: Gfid, name: string): [string, Buffer] {
  const v = gfid2pathValue(parent, name);
  return [gfid2pathKey(v), v];
}
