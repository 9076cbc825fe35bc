// `VOL:/path` addresses and the per-command set of open volumes.
import { FopError } from '../../libglusterfs/errors.js';
import type { VolumeClient } from '../../api/client.js';

export interface Address {
  volume: string;
  path: string;
  /** As the user typed it, for messages. */
  text: string;
}

/** A usage problem in the command line (printed as `tgluster: fs <verb>: <message>`, exit 1). */
export class FsUsageError extends Error {}

const ADDRESS = /^([A-Za-z0-9_-]+):(.*)$/;

export function isAddress(s: string): boolean {
  return ADDRESS.test(s);
}

export function parseAddress(s: string): Address {
  const m = ADDRESS.exec(s);
  if (!m) throw new FsUsageError(`${s}: not a volume address (expected VOL:/path)`);
  return { volume: m[1], path: m[2] === '' ? '/' : m[2].startsWith('/') ? m[2] : `/${m[2]}`, text: s };
}

export function addressText(volume: string, path: string): string {
  return `${volume}:${path}`;
}

/** Both addresses must name the same volume (a rename or link cannot cross volumes). */
export function sameVolume(a: Address, b: Address): void {
  if (a.volume !== b.volume) throw new FopError('EXDEV', `${a.text} -> ${b.text}`);
}

export type Opener = (volume: string) => Promise<VolumeClient>;

/** Opens each volume once per command. */
export function volumeCache(open: Opener): Opener {
  const open1 = new Map<string, Promise<VolumeClient>>();
  return (volume) => {
    let p = open1.get(volume);
    if (!p) {
      p = open(volume);
      open1.set(volume, p);
    }
    return p;
  };
}
