// The virtual xattr trusted.glusterfs.pathinfo: where an inode lives on the bricks, in the text
// shape a 10.3 mount prints (observed):
//   replicate file/dir: (<REPLICATE:V-replicate-0> <POSIX(/b1):host:/b1/f> <POSIX(/b2):host:/b2/f>)
//   distributed file:   (<DISTRIBUTE:V-dht> <child>)       -- the child that holds the data
//   distributed dir:    ((<DISTRIBUTE:V-dht> <child>...) (V-dht-layout (V-client-0 0 2147483646) ...))
// A DHT with a single child adds nothing (GlusterFS does not load DHT for one subvolume).
import * as os from 'node:os';
import type { Loc, Xlator } from '../xlators/types.js';

const LINKTO = 'trusted.glusterfs.dht.linkto';
const LAYOUT = 'trusted.glusterfs.dht';

function brickPathOf(brickPath: string, path: string): string {
  return path === '/' ? `${brickPath.replace(/\/+$/, '')}/` : `${brickPath.replace(/\/+$/, '')}${path}`;
}

/** Present on this child (and, for a file, not a DHT linkto pointer)? */
function holds(x: Xlator, loc: Loc, isDir: boolean): boolean {
  try {
    const r = x.lookup(loc);
    return isDir || r.xattrs[LINKTO] === undefined;
  } catch {
    return false; // absent or unreachable (down brick): not listed, as on a mount
  }
}

function layoutRange(x: Xlator, loc: Loc): string | undefined {
  try {
    const v = x.getxattr(loc, LAYOUT)[LAYOUT];
    if (!v || v.length !== 16) return undefined;
    return `(${x.name} ${v.readUInt32BE(8)} ${v.readUInt32BE(12)})`;
  } catch {
    return undefined;
  }
}

export function pathinfo(top: Xlator, loc: Loc, isDir: boolean, host = os.hostname()): string {
  const describe = (x: Xlator): string | undefined => {
    // gfid-access: what is reached through `/.gfid` is described where it lives
    const real = (x as { realLoc?: (l: Loc) => Loc }).realLoc;
    if (real) {
      loc = real.call(x, loc);
      return describe(x.children[0]);
    }
    // A protocol/client: it knows the brick it talks to.
    const brickPath = Object.hasOwn(x, 'remoteSubvolume') ? (x as { remoteSubvolume?: string }).remoteSubvolume : undefined;
    if (brickPath !== undefined) {
      if (!holds(x, loc, isDir)) return undefined;
      return `<POSIX(${brickPath}):${host}:${brickPathOf(brickPath, loc.path)}>`;
    }
    if (/-replicate-\d+$/.test(x.name)) {
      const parts = x.children.map(describe).filter((s): s is string => !!s);
      return parts.length ? `(<REPLICATE:${x.name}> ${parts.join(' ')})` : undefined;
    }
    // DHT (or any other single-purpose layer): pass through a lone child.
    if (x.children.length === 1) return describe(x.children[0]);
    if (!isDir) {
      const owner = x.children.find((c) => holds(c, loc, false));
      const inner = owner && describe(owner);
      return inner ? `(<DISTRIBUTE:${x.name}> ${inner})` : undefined;
    }
    const parts = x.children.map(describe).filter((s): s is string => !!s);
    const ranges = x.children.map((c) => layoutRange(c, loc)).filter((s): s is string => !!s);
    return `((<DISTRIBUTE:${x.name}> ${parts.join(' ')}) (${x.name}-layout ${ranges.join(' ')}))`;
  };
  return describe(top) ?? '';
}
