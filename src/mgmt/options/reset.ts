// `volume reset`: drop reconfigured options (all, or one key), then let glusterd's default
// options come back (nfs.disable, transport.address-family, fips-mode-rchecksum, ...).
import { MgmtError } from '../errors.js';
import { withTransaction } from '../lock.js';
import { requireVolume, saveVolume } from '../store.js';
import { isClusterWide, lookupKey, mapEntry } from './catalogue.js';
import { loadClusterOptions, saveClusterOptions } from './cluster-store.js';
import { applyDefaultOptions } from './create-time.js';

export interface ResetRequest {
  volName: string;
  /** A key as typed, or "all". */
  key: string;
  force: boolean;
}

const fail = (msg: string): never => {
  throw new MgmtError(msg);
};

/** glusterd_op_stage_reset_volume's key checks; returns the full key (or "all"). */
function stageKey(volName: string, typed: string): string {
  if (typed === 'all') return typed;
  const found = lookupKey(typed);
  if (found.key === undefined) fail(`Option ${typed} does not exist${found.hint ? `\nDid you mean ${found.hint}?` : ''}`);
  const key = found.key!;
  if (key === 'features.quota' || key === 'features.inode-quota') {
    fail(`'gluster volume reset <VOLNAME> ${key}' is deprecated. Use 'gluster volume quota <VOLNAME> disable' instead.`);
  }
  const all = volName === 'all';
  if (key === 'cluster.max-op-version') fail('Not a valid option to set');
  if (all && !isClusterWide(key)) fail('Not a valid option for all volumes');
  if (!all && isClusterWide(key)) fail('Not a valid option for single volume');
  return key;
}

/**
 * Resets options; returns the text glusterd reports on success ("reset volume successful", or
 * the protected-fields notice). Throws MgmtError with glusterd's message.
 */
export async function resetOptions(home: string, req: ResetRequest): Promise<string> {
  return withTransaction(home, req.volName, () => {
    if (req.volName.toLowerCase() === 'all') {
      const key = stageKey('all', req.key);
      const cluster = loadClusterOptions(home);
      if (key === 'all') cluster.clear();
      else cluster.delete(key);
      saveClusterOptions(home, cluster);
      return 'reset volume successful';
    }
    const volume = requireVolume(home, req.volName);
    const key = stageKey(req.volName, req.key);
    let sawProtected = false;
    let sawUnprotected = false;
    /** glusterd's _delete_reconfig_opt: true when the option may go. */
    const removable = (k: string): boolean => {
      const e = mapEntry(k);
      if (e?.neverReset || (e?.forceReset && !req.force)) {
        sawProtected = true;
        return false;
      }
      sawUnprotected = true;
      return true;
    };
    if (key === 'all') {
      volume.options = applyDefaultOptions(volume, volume.options.filter(([k]) => !removable(k)));
    } else if (volume.options.some(([k]) => k === key)) {
      if (removable(key)) volume.options = volume.options.filter(([k]) => k !== key);
      volume.options = applyDefaultOptions(volume, volume.options, key);
    }
    if (sawProtected && !req.force) {
      if (!sawUnprotected) fail(`'${key}' is protected. To reset use 'force'.`);
      saveVolume(home, volume);
      return "All unprotected fields were reset. To reset the protected fields, use 'force'.";
    }
    saveVolume(home, volume);
    return 'reset volume successful';
  });
}
