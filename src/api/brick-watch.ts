// What a mounted client sees of brick processes it does not run. Another tgluster process may
// kill a brick (debug kill-brick), revive it (volume start force), or stop, start or delete the
// whole volume; each of these rewrites the volume's state file. Before every fop a client opened
// by name compares that file's identity (inode, mtime, size: one statx) with the one it last
// read and, when it changed, brings its client translators in line: a dead brick answers
// ENOTCONN, a stopped or deleted volume has no brick at all, and a started one is reachable
// again, as a FUSE client of GlusterFS loses and regains its bricks.
import * as fs from 'node:fs';
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

export class BrickWatch {
  /**
   * `seen`: the signature taken before the graph's volume definition was read (so a change
   * made in between is seen at the first fop).
   */
  constructor(
    private readonly home: string,
    /** The volume the graph was built from. */
    private readonly built: Volume,
    private readonly clients: ReadonlyMap<string, Switchable>,
    private seen?: string,
  ) {
    this.brickOf = bricksByClient(built);
  }

  /** The brick each client translator talks to, as the graph was built. */
  private readonly brickOf: ReadonlyMap<string, Volume['bricks'][number]>;

  /** Re-reads the volume's state when its file changed, and switches bricks on or off. */
  check(): void {
    const sig = stateSignature(this.home, this.built.name);
    if (sig === this.seen) return;
    let vol: Volume | undefined;
    try {
      vol = sig === 'gone' ? undefined : loadVolume(this.home, this.built.name);
    } catch {
      return; // a damaged state file: keep what we knew, read it again next time
    }
    this.seen = sig;
    // Another volume under the same name (deleted and made again) is not this one.
    const live = vol?.status === 'Started' && vol.id === this.built.id;
    for (const [name, client] of this.clients) {
      const was = this.brickOf.get(name);
      const now = vol?.bricks.find((b) => b.brickId === was?.brickId);
      client.setDown?.(!live || !now || now.path !== was?.path || now.down === true);
    }
  }
}

export interface Watched extends Xlator {}
/** The graph's top with the watch in front: every fop checks the state first. */
export class Watched implements Xlator {
  readonly name: string;
  readonly children: readonly Xlator[];
  constructor(
    readonly top: Xlator,
    readonly watch: BrickWatch,
  ) {
    this.name = top.name;
    this.children = [top];
  }
}

forwardFops(Watched, (w) => {
  w.watch.check();
  return w.top;
});
