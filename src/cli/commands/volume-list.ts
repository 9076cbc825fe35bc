// `volume list`
import type { Ctx } from '../context.js';
import { listVolumeNames } from '../../mgmt/store.js';
import { runOp } from '../output/emit.js';
import { el } from '../output/xml.js';

export async function run(ctx: Ctx, words: string[]): Promise<number> {
  // gluster's command tree ignores words after `volume list`.
  void words;
  return runOp(ctx, { failPrefix: '' }, () => {
    const names = listVolumeNames(ctx.home);
    return {
      text: names.map((n) => `${n}\n`).join(''),
      // gluster: an empty list is reported on stderr, exit 0.
      textErr: names.length ? undefined : 'No volumes present in cluster\n',
      xml: [el('volList', el('count', names.length), names.map((n) => el('volume', n)))],
      json: { volumes: names },
    };
  });
}
