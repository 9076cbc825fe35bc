// What a mounted client sees of brick processes it does not run. Another tgluster process may
// kill a brick (debug kill-brick), revive it (volume start force), stop, start or delete the
// whole volume, or change its bricks (add-brick, replace-brick, remove-brick commit); each of
// these rewrites the volume's state file, as does `volume set`. Before every fop a client opened
// by name compares that file's identity (inode, mtime, size: one statx) with the one it last read
// and, when it changed,
// brings its graph in line: a dead brick answers ENOTCONN, a stopped or deleted volume has no
// brick at all, a started one is reachable again, and a new brick list or new options get a new
// graph, as a FUSE client of GlusterFS switches to the volfile glusterd sends it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadVolume, volumeInfoFile } from '../mgmt/store.js';
import type { Volume } from '../mgmt/types.js';
import { forwardFops } from '../xlators/client/client.js';
import { bricksByClient } from './graph.js';
import type { Xlator } from '../xlators/types.js';

type Switchable = Xlator & { setDown?(down: boolean): void };

/** Identity of a volume's state file as one string ('gone' when it does not exist). */
export function stateSignature(home: string, name: string): string {
  const st = fs.statSync(volumeInfoFile(home, name), { bigint: true, throwIfNoEntry: false });
  return st ? `${st.ino}:${st.mtimeNs}:${st.size}` : 'gone';
}

/**
 * What a graph change compares: the bricks, their order and sets, the decommissioned ones, and
 * the options (a `volume set` gives clients a new volfile, which they switch to).
 */
function topology(v: Volume): string {
  const bricks = v.bricks.map((b) => `${b.brickId}=${b.host}:${b.path}${b.decommissioned ? '-' : ''}`);
  return `${v.type}/${v.replicaCount}/${v.arbiterCount}/${bricks.join(',')}/${JSON.stringify(v.options)}`;
}

/** A new graph of the volume: its top and its client translators by name. */
export type Rebuild = (volume: Volume) => { top: Xlator; clients: ReadonlyMap<string, Switchable> };

export class BrickWatch {
  /** The brick each client translator talks to, as the graph was built. */
  private brickOf: ReadonlyMap<string, Volume['bricks'][number]>;

  /**
   * `seen`: the signature taken before the graph's volume definition was read (so a change
   * made in between is seen at the first fop). `rebuild`: how to make the graph of a volume
   * whose bricks changed (none: such a change leaves the graph as it was built).
   */
  constructor(
    private readonly home: string,
    /** The volume the graph was built from. */
    private built: Volume,
    private clients: ReadonlyMap<string, Switchable>,
    private seen?: string,
    private readonly rebuild?: Rebuild,
  ) {
    this.brickOf = bricksByClient(built);
  }

  /**
   * Re-reads the volume's state when its file changed, and switches bricks on or off. Returns
   * the new graph's top when the bricks changed.
   */
  check(): Xlator | undefined {
    const sig = stateSignature(this.home, this.built.name);
    if (sig === this.seen) return undefined;
    let vol: Volume | undefined;
    try {
      vol = sig === 'gone' ? undefined : loadVolume(this.home, this.built.name);
    } catch {
      return undefined; // a damaged state file: keep what we knew, read it again next time
    }
    this.seen = sig;
    // Another volume under the same name (deleted and made again) is not this one.
    const live = vol?.status === 'Started' && vol.id === this.built.id;
    if (live && this.rebuild && topology(vol!) !== topology(this.built)) {
      const graph = this.rebuild(vol!);
      this.built = vol!;
      this.brickOf = bricksByClient(vol!);
      this.clients = graph.clients;
      return graph.top;
    }
    for (const [name, client] of this.clients) {
      const was = this.brickOf.get(name);
      const now = vol?.bricks.find((b) => b.brickId === was?.brickId);
      client.setDown?.(!live || !now || now.path !== was?.path || now.down === true);
    }
    return undefined;
  }
}

export interface Watched extends Xlator {}
/** The graph's top with the watch in front: every fop checks the state first. */
export class Watched implements Xlator {
  readonly name: string;
  children: readonly Xlator[];
  constructor(
    public top: Xlator,
    readonly watch: BrickWatch,
  ) {
    this.name = top.name;
    this.children = [top];
  }

  /** Brings the graph in line with the volume's state now (what every fop does first). */
  notice(): Xlator {
    const top = this.watch.check();
    if (top) {
      this.top = top;
      this.children = [top];
    }
    return this.top;
  }
}

forwardFops(Watched, (w) => w.notice());

/**
 * A long-running client (a mount) hears of each change of the volume's state as it happens, as a
 * glusterfs client hears of a brick's disconnect, instead of at its next fop: a brick killed while
 * the client is idle takes this client's record locks there with it. Returns how to stop.
 */
export function followState(home: string, name: string, top: Xlator): () => void {
  if (!(top instanceof Watched)) return () => {};
  let watcher: fs.FSWatcher | undefined;
  try {
    // the state file is replaced by a rename: watch its directory
    watcher = fs.watch(path.dirname(volumeInfoFile(home, name)), { persistent: false }, () => {
      try {
        top.notice();
      } catch {
        // seen again at the next fop, which reports it
      }
    });
    watcher.on('error', () => watcher?.close());
  } catch {
    return () => {};
  }
  return () => watcher?.close();
}
