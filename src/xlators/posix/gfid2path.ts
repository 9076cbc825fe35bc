// trusted.gfid2path.<key> (docs/on-disk-format.md §1.8): one key per name of a non-directory. The value is
// "<parent gfid>/<basename>" without a NUL; the key suffix is XXH64(value, seed 0) as 16 hex
// digits, most significant first.
import { createRequire } from 'node:module';
import type * as XxhashNative from '@node-rs/xxhash';
import type { Gfid } from '../types.js';
import { GFID2PATH_PREFIX } from '../../libglusterfs/index-gfids.js';

// A synchronous XXH64 (native addon), loaded on first use: no top-level await (the CLI bundle is
// CommonJS) and nothing to load for commands that never name a file.
let xxhash: typeof XxhashNative | undefined;
const xxh64 = (b: Buffer): bigint => (xxhash ??= createRequire(import.meta.url)('@node-rs/xxhash') as typeof XxhashNative).xxh64(b, 0n);

export { GFID2PATH_PREFIX };

export function gfid2pathValue(parent: Gfid, name: string): Buffer {
  return Buffer.from(`${parent}/${name}`, 'utf8');
}

export function gfid2pathKey(value: Buffer): string {
  return GFID2PATH_PREFIX + xxh64(value).toString(16).padStart(16, '0');
}

/** The xattr name and value recording one name (parent, name) of an inode. */
export function gfid2pathEntry(parent: Gfid, name: string): [string, Buffer] {
  const v = gfid2pathValue(parent, name);
  return [gfid2pathKey(v), v];
}
