import type { Volume } from '../../mgmt/types.js';
// PLACEHOLDER until the dht work lands: signature fixed, body to be written.
export function initRootLayout(_volume: Volume): void {
  throw new Error('todo: initRootLayout');
}
