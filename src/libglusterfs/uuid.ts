// A UUID's text <-> its 16 raw bytes, as trusted.gfid and trusted.glusterfs.volume-id store it.
import { FopError } from './errors.js';

/** A gfid (or volume id) in its text form. */
export type Gfid = string;

const GFID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isGfid(s: string): boolean {
  return GFID_RE.test(s);
}

export function gfidToBytes(g: Gfid): Buffer {
  if (!isGfid(g)) throw new FopError('EINVAL', `bad gfid ${JSON.stringify(g)}`);
  return Buffer.from(g.replace(/-/g, ''), 'hex');
}

export function bytesToGfid(b: Buffer): Gfid {
  if (b.length !== 16) throw new FopError('EINVAL', `gfid of ${b.length} bytes`);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
