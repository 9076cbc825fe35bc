// Loads the GlusterFS 10.3 reference data copied into fixtures/dht (never ../shared at run time).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../../fixtures/dht/', import.meta.url));
export const load = <T>(name: string): T => JSON.parse(readFileSync(dir + name, 'utf8')) as T;

export interface HashVector {
  kind: string;
  name: string;
  name_hex: string;
  dm_hash: string;
  dht_hash: string;
  rsync_munged_to?: string;
  WRONG_if_tail_bytes_treated_unsigned?: string;
  layout_start_index_mod?: Record<string, number>;
}

export interface RefRange {
  xattr_hex: string;
  commit_hash: string;
  type: number;
  start: string;
  stop: string;
}
export interface RefFile {
  name: string;
  name_hex: string;
  dht_hash: string;
  subvol: string;
  linkto_files?: Array<{ subvol: string; linkto: string }>;
}
export interface RefDir {
  path: string;
  gfid: string;
  path_hash: string;
  layout: Record<string, RefRange>;
  files: RefFile[];
}
export interface RefVolume {
  volume: string;
  note: string;
  shared_brick_count: number;
  subvolumes: Array<{ name: string; brick: string; du_chunks_1MiB: number }>;
  directories: RefDir[];
}
export interface Placement {
  volumes: RefVolume[];
  rebalance_experiment: Record<string, unknown> & {
    before_add_brick: RefDir[];
    after_fix_layout: RefDir[];
    after_rebalance: RefDir[];
    after_remove_brick_start: RefDir[];
  };
}
