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

/**
 * GlusterFS's inode number is the last 8 bytes of the gfid (identical on every replica); a JS
 * number keeps the low 53 bits of it.
 */
export function gfidIno(gfid: Gfid): number {
  // "hhhh-llllllllllll": 53 low bits = the 48 of l plus the low 5 of h (exact in a double).
  const tail = gfid.slice(-17);
  const high = Number.parseInt(tail.slice(0, 4), 16) & 0x1f;
  return high * 2 ** 48 + Number.parseInt(tail.slice(5), 16);
}
