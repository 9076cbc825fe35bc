import type { Volume } from '../../mgmt/types.js';
// PLACEHOLDER until the afr work lands: signature fixed, body to be written.
export function ensureAnonymousInodeDir(_volume: Volume): void {
  throw new Error('todo: ensureAnonymousInodeDir');
}
