// The client library: open a volume by name and use it like a mounted filesystem.
//
//   const vol = await openVolume('gv0', { home });
//   await vol.mkdirp('/a/b');
//   await vol.writeFile('/a/b/f', 'hello');
//
// Every call is one or a few fops through the volume's graph (dht over afr over bricks), in
// this process: nothing runs in the background and nothing needs closing.
import type { Volume } from '../mgmt/types.js';
import { defaultHome } from '../mgmt/home.js';
import { requireVolume } from '../mgmt/store.js';
import type { GraphParts } from '../xlators/graph.js';
import { defaultParts } from '../xlators/graph-parts.js';
import { volumeGraph, type XlatorOption } from './graph.js';
import { GfidAccessState } from '../xlators/gfid-access/gfid-access.js';
import { BrickWatch, stateSignature, Watched } from './brick-watch.js';

export { followState } from './brick-watch.js';
import { VolumeClient } from './client.js';

export { VolumeClient, FileHandle } from './client.js';
export type { Stat, OpenFlags, OpenOptions as FileOpenOptions, TimeArg } from './client.js';
export type { XlatorOption } from './graph.js';
export { FopError } from '../libglusterfs/errors.js';

export interface OpenOptions {
  /** TGLUSTER_HOME (default: the environment's). */
  home?: string;
  /** Translator classes (tests substitute fakes); default: the real data path. */
  parts?: GraphParts;
  /** The client's own translator options (glusterfs --xlator-option), over the volfile's. */
  xlatorOptions?: readonly XlatorOption[];
  /** glusterfs --aux-gfid-mount: every inode is also found as `/.gfid/<gfid>`. */
  auxGfidMount?: boolean;
}

/** A client over a volume definition the caller already holds (tests build these directly). */
export function clientFor(volume: Volume, opts: OpenOptions = {}): VolumeClient {
  return new VolumeClient(volume, volumeGraph(volume, opts.parts ?? defaultParts).top);
}

/**
 * Opens a volume from the state dir. Fails with MgmtError `Volume X does not exist`, a
 * "not supported yet" MgmtError for disperse/stripe, or FopError ENOTCONN when it is not started.
 * The client follows what other processes do to the volume afterwards (a brick killed or
 * revived, the volume stopped, started or deleted), as a mounted client does: see BrickWatch.
 */
export async function openVolume(name: string, opts: OpenOptions = {}): Promise<VolumeClient> {
  const home = opts.home ?? defaultHome();
  const seen = stateSignature(home, name);
  const volume = requireVolume(home, name);
  const parts = opts.parts ?? defaultParts;
  // one gfid-access memory for every graph this client switches to
  const gfidAccessState = opts.auxGfidMount ? new GfidAccessState() : undefined;
  const extra = { xlatorOptions: opts.xlatorOptions, auxGfidMount: opts.auxGfidMount, gfidAccessState };
  const { top, clients } = volumeGraph(volume, parts, home, extra);
  const rebuild = (v: Volume) => volumeGraph(v, parts, home, extra);
  return new VolumeClient(volume, new Watched(top, new BrickWatch(home, volume, clients, seen, rebuild)));
}
