// gfid text <-> 16 raw bytes (the trusted.gfid encoding, ondisk.md §1.1).
import { FopError } from '../errors.js';

const GFID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function gfidToBytes(gfid: string): Buffer {
  if (!GFID_RE.test(gfid)) throw new FopError('EINVAL', `bad gfid ${gfid}`);
  return Buffer.from(gfid.replace(/-/g, ''), 'hex');
}

export function gfidFromBytes(b: Buffer): string {
  if (b.length !== 16) throw new FopError('EINVAL', `gfid must be 16 bytes, got ${b.length}`);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
