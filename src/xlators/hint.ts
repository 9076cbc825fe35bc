// xdata.lookupHint (see Xdata): an object an xlator returned for an inode earlier in the same
// operation, handed back so that it can skip looking the inode up again. It only means
// something to the xlator that returned it, so each one drops it before passing xdata on.
import type { Xdata } from './types.js';

export function withoutHint(xdata: Xdata | undefined): Xdata | undefined {
  if (!xdata || !('lookupHint' in xdata)) return xdata;
  const { lookupHint: _drop, ...rest } = xdata;
  return rest;
}
