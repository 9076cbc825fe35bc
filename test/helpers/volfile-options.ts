// Translator options for tests that assemble xlators by hand: exactly what the volume's volfiles
// (mgmt/volgen) give each translator, so hand-built graphs are configured as real ones are.
import { optionsOf } from '../../src/libglusterfs/volfile.js';
import { brickVolfile, clientVolfile } from '../../src/mgmt/volgen.js';
import type { Brick, Volume } from '../../src/mgmt/types.js';
import type { PosixOptions } from '../../src/xlators/graph.js';

/** The options of the volume's translator `name` (or the first of `type`) in its client volfile. */
export function xlatorOptions(volume: Volume, type: string, name?: string): Record<string, string> {
  const x = clientVolfile(volume).find((n) => (name ? n.name === name : n.type === type));
  if (!x) throw new Error(`no ${name ?? type} in ${volume.name}'s volfile`);
  return optionsOf(x);
}

/** What the brick's process gives its storage/posix. */
export function posixOptions(volume: Volume, brick: Brick): PosixOptions {
  const posix = brickVolfile(volume, brick).find((n) => n.type === 'storage/posix')!;
  return { path: brick.path, volname: volume.name, options: optionsOf(posix) };
}
