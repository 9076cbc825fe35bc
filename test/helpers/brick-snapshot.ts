// What a brick holds, as comparable data: every object under the brick root (the `.glusterfs`
// tree reduced to what must match: handles exist, indices hold only their base files) with its
// type, mode, owner, size, content digest, symlink target and xattrs. Two copies of a replica set
// after a heal must give equal snapshots, except for AFR keys at zero (10.3 keeps them on the
// copies that blamed someone; the healed copy never had them).
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getAllXattrs } from '../../src/xattr/index.js';

export interface ObjectSnapshot {
  type: 'file' | 'dir' | 'symlink' | 'other';
  mode: string;
  owner: string;
  size?: number;
  sha1?: string;
  target?: string;
  xattrs: Record<string, string>;
}

export interface SnapshotOptions {
  /** Keep trusted.afr.* keys whose value is all zeros (default: drop them). */
  keepZeroAfr?: boolean;
  /** Drop trusted.glusterfs.mdata (times differ between a heal and its source only in ctime). */
  dropMdata?: boolean;
}

const zero = (b: Buffer) => b.every((x) => x === 0);

export function snapshotObject(p: string, opts: SnapshotOptions = {}): ObjectSnapshot {
  const st = fs.lstatSync(p);
  const type = st.isFile() ? 'file' : st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'symlink' : 'other';
  const xattrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(type === 'symlink' ? {} : getAllXattrs(p))) {
    if (k.startsWith('trusted.afr.') && zero(v) && !opts.keepZeroAfr) continue;
    if (opts.dropMdata && k === 'trusted.glusterfs.mdata') continue;
    xattrs[k] = v.toString('hex');
  }
  return {
    type,
    mode: (st.mode & 0o7777).toString(8),
    owner: `${st.uid}:${st.gid}`,
    ...(type === 'file' ? { size: st.size, sha1: createHash('sha1').update(fs.readFileSync(p)).digest('hex') } : {}),
    ...(type === 'symlink' ? { target: fs.readlinkSync(p) } : {}),
    xattrs,
  };
}

/** Every object of the brick's namespace (the anonymous-inode directory included), by volume path. */
export function snapshotBrick(brick: string, opts: SnapshotOptions = {}): Record<string, ObjectSnapshot> {
  const out: Record<string, ObjectSnapshot> = {};
  const walk = (rel: string) => {
    const p = path.join(brick, rel);
    out[rel === '' ? '/' : `/${rel}`] = snapshotObject(p, opts);
    if (!fs.lstatSync(p).isDirectory()) return;
    for (const n of fs.readdirSync(p).sort()) {
      if (rel === '' && n === '.glusterfs') continue;
      walk(rel === '' ? n : `${rel}/${n}`);
    }
  };
  walk('');
  return out;
}

/** Index entries (not base files) left in a brick's xattrop, dirty and entry-changes indices. */
export function indexEntries(brick: string): string[] {
  const out: string[] = [];
  for (const kind of ['xattrop', 'dirty', 'entry-changes']) {
    const d = path.join(brick, '.glusterfs', 'indices', kind);
    if (!fs.existsSync(d)) continue;
    for (const n of fs.readdirSync(d)) if (!n.startsWith(`${kind}-`)) out.push(`${kind}/${n}`);
  }
  return out.sort();
}
