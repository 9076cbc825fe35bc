// GlusterFS's xattrop GF_XATTROP_ADD_ARRAY: each value is an array of BE s32 added element-wise
// (wrapping like C int32) onto the stored value; an absent key counts as zeros, and an all-zero
// addition to an absent key writes nothing (why a never-blamed brick has no trusted.afr.* keys).
import { FopError } from '../../libglusterfs/errors.js';
import { withXattrObject, type XattrObject } from '../../xattr/index.js';
import { isNonZero } from './indices.js';
import { checkXattrName } from './resolve.js';

export function addArrays(cur: Buffer | undefined, add: Buffer): Buffer {
  if (add.length % 4 !== 0) throw new FopError('EINVAL', `xattrop value of ${add.length} bytes`);
  if (cur !== undefined && cur.length !== add.length) {
    throw new FopError('EINVAL', `xattrop on a ${cur.length}-byte value with ${add.length} bytes`);
  }
  const out = Buffer.alloc(add.length);
  for (let i = 0; i < add.length; i += 4) {
    out.writeInt32BE(((cur ? cur.readInt32BE(i) : 0) + add.readInt32BE(i)) | 0, i);
  }
  return out;
}

/**
 * Applies ADD_ARRAY for every key of `xattrs` through `x`; returns the values after the
 * addition. `present` (the object's listed names) spares a read of each key known absent.
 */
export function xattropAddWith(
  x: XattrObject,
  xattrs: Record<string, Buffer>,
  present?: ReadonlySet<string>,
): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const [k, add] of Object.entries(xattrs)) {
    checkXattrName(k);
    const cur = present && !present.has(k) ? undefined : x.getOpt(k);
    const next = addArrays(cur, add);
    out[k] = next;
    if (cur === undefined && !isNonZero(add)) continue;
    if (cur !== undefined && next.equals(cur)) continue;
    x.set(k, next);
  }
  return out;
}

/** Applies ADD_ARRAY for every key of `xattrs` on `real`; returns the values after the addition. */
export function xattropAdd(real: string, xattrs: Record<string, Buffer>): Record<string, Buffer> {
  return withXattrObject(real, (x) => xattropAddWith(x, xattrs));
}
