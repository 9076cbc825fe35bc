// The virtual xattr trusted.glusterfs.pathinfo: where an inode lives on the bricks, in the text
// shape a 10.3 mount prints (observed):
//   replicate file/dir: (<REPLICATE:V-replicate-0> <POSIX(/b1):host:/b1/f> <POSIX(/b2):host:/b2/f>)
//   distributed file:   (<DISTRIBUTE:V-dht> <child>)       -- the child that holds the data
//   distributed dir:    ((<DISTRIBUTE:V-dht> <child>...) (V-dht-layout (V-client-0 0 2147483646) ...))
// A DHT with a single child adds nothing (GlusterFS does not load DHT for one subvolume).
// Linkto files and layouts are read under the keys of the DHT above (its xattr-name).
import * as os from 'node:os';
import type { Loc, Xlator } from '../xlators/types.js';
import { Dht } from '../xlators/dht/dht.js';
import { DEFAULT_KEYS, type DhtKeys } from '../xlators/dht/xattrs.js';

function brickPathOf(brickPath: string, path: string): string {
  return path === '/' ? `${brickPath.replace(/\/+$/, '')}/` : `${brickPath.replace(/\/+$/, '')}${path}`;
}

/** Present on this child (and, for a file, not a DHT linkto pointer)? */
function holds(x: Xlator, loc: Loc, isDir: boolean, keys: DhtKeys): boolean {
  try {
    const r = x.lookup(loc);
    return isDir || r.xattrs[keys.linkto] === undefined;
  } catch {
    return false; // absent or unreachable (down brick): not listed, as on a mount
  }
}

function layoutRange(x: Xlator, loc: Loc, keys: DhtKeys): string | undefined {
  try {
    const v = x.getxattr(loc, keys.layout)[keys.layout];
    if (!v || v.length !== 16) return undefined;
    return `(${x.name} ${v.readUInt32BE(8)} ${v.readUInt32BE(12)})`;
  } catch {
    return undefined;
  }
}

export function pathinfo(top: Xlator, loc: Loc, isDir: boolean, host = os.hostname()): string {
  // `above`: the keys of the DHT above x (the defaults until one is met)
  const describe = (x: Xlator, above: DhtKeys): string | undefined => {
    const keys = x instanceof Dht ? x.o.keys : above;
    const below = (c: Xlator) => describe(c, keys);
    // gfid-access: what is reached through `/.gfid` is described where it lives
    const real = (x as { realLoc?: (l: Loc) => Loc }).realLoc;
    if (real) {
      loc = real.call(x, loc);
      return below(x.children[0]);
    }
    // A protocol/client: it knows the brick it talks to.
    const brickPath = Object.hasOwn(x, 'remoteSubvolume') ? (x as { remoteSubvolume?: string }).remoteSubvolume : undefined;
    if (brickPath !== undefined) {
      if (!holds(x, loc, isDir, keys)) return undefined;
      return `<POSIX(${brickPath}):${host}:${brickPathOf(brickPath, loc.path)}>`;
    }
    if (/-replicate-\d+$/.test(x.name)) {
      const parts = x.children.map(below).filter((s): s is string => !!s);
      return parts.length ? `(<REPLICATE:${x.name}> ${parts.join(' ')})` : undefined;
    }
    // DHT (or any other single-purpose layer): pass through a lone child.
    if (x.children.length === 1) return below(x.children[0]);
    if (!isDir) {
      const owner = x.children.find((c) => holds(c, loc, false, keys));
      const inner = owner && below(owner);
      return inner ? `(<DISTRIBUTE:${x.name}> ${inner})` : undefined;
    }
    const parts = x.children.map(below).filter((s): s is string => !!s);
    const ranges = x.children.map((c) => layoutRange(c, loc, keys)).filter((s): s is string => !!s);
    return `((<DISTRIBUTE:${x.name}> ${parts.join(' ')}) (${x.name}-layout ${ranges.join(' ')}))`;
  };
  return describe(top, DEFAULT_KEYS) ?? '';
}
