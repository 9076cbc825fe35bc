// What volume start, stop and delete share: the `<VOLNAME> [force]` grammar and the
// `<volX><volume><name/><id/></volume></volX>` body their XML and JSON report.
import type { Volume } from '../../mgmt/types.js';
import type { OpSuccess } from '../output/emit.js';
import { el } from '../output/xml.js';

/** `<VOLNAME>` or `<VOLNAME> force` when `allowForce`; undefined means a usage error. */
export function parseVolForce(words: string[], allowForce: boolean): { name: string; force: boolean } | undefined {
  if (words.length === 1) return { name: words[0], force: false };
  if (allowForce && words.length === 2 && words[1] === 'force') return { name: words[0], force: true };
  return undefined;
}

/** Success of `volume <op> NAME`: `volume <op>: NAME: success`. */
export function lifecycleSuccess(op: 'start' | 'stop' | 'delete', vol: Volume): OpSuccess {
  const tag = { start: 'volStart', stop: 'volStop', delete: 'volDelete' }[op];
  return {
    text: `volume ${op}: ${vol.name}: success\n`,
    xml: [el(tag, el('volume', el('name', vol.name), el('id', vol.id)))],
    json: { message: `volume ${op}: ${vol.name}: success`, volume: { name: vol.name, id: vol.id } },
  };
}
