// glusterd's temporary mount for add-brick / replace-brick / reset-brick on a started replicated
// volume: a client of the new graph (the joining brick down) sets the virtual xattr on the root
// that makes AFR mark the brick empty (xlators/afr/empty-brick.ts).
import type { EmptyBrickMarker } from '../mgmt/volume-add-brick.js';
import { clientName } from '../mgmt/volgen.js';
import { ADD_BRICK_KEY, REPLACE_BRICK_KEY } from '../xlators/afr/empty-brick.js';
import { defaultParts } from '../xlators/graph-parts.js';
import { volumeGraph } from './graph.js';

export function emptyBrickMarker(home: string): EmptyBrickMarker {
  return {
    markEmpty(volume, brick, op) {
      const { top } = volumeGraph(volume, defaultParts, home, { addReplicaMount: true });
      const key = op === 'add-brick' ? ADD_BRICK_KEY : REPLACE_BRICK_KEY;
      top.setxattr({ path: '/' }, { [key]: Buffer.from(clientName(volume, brick)) });
    },
  };
}
