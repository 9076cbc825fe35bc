// `volume adopt <VOLNAME> --from-glusterd <DIR> [--brick-map <HOST:/path=LOCALPATH>]...`
// (tgluster's own): a real glusterd's volume (from a copy of its working directory) defined in
// tgluster over local copies of its bricks (src/mgmt/adopt.ts).
import type { Ctx } from '../context.js';
import { runOp } from '../output/emit.js';
import { el } from '../output/xml.js';
import { adoptVolume, type AdoptRequest } from '../../mgmt/adopt.js';
import { brickProcesses } from '../../glusterfsd/brick-processes.js';
import { ownUsage, ownHelp } from './own-volume-help.js';

/** The words after `volume adopt`, or undefined for a usage error. */
function parse(words: string[]): AdoptRequest | undefined {
  let name: string | undefined;
  let from: string | undefined;
  const brickMap: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const [opt, inline] = w.startsWith('--') && w.includes('=') ? [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)] : [w, undefined];
    if (opt === '--from-glusterd' || opt === '--brick-map') {
      const value = inline ?? words[++i];
      if (value === undefined || value === '') return undefined;
      if (opt === '--brick-map') brickMap.push(value);
      else if (from !== undefined) return undefined;
      else from = value;
    } else if (!w.startsWith('--') && name === undefined) {
      name = w;
    } else {
      return undefined;
    }
  }
  return name !== undefined && from !== undefined ? { name, from, brickMap } : undefined;
}

export async function run(ctx: Ctx, words: string[]): Promise<number> {
  if (words.length === 1 && (words[0] === 'help' || words[0] === '--help')) return ownHelp(ctx, 'adopt');
  const req = parse(words);
  if (!req) return ownUsage(ctx, 'adopt');
  return runOp(ctx, { failPrefix: `volume adopt: ${req.name}` }, async () => {
    const { volume, peersAdded } = await adoptVolume(ctx.home, req, brickProcesses);
    const peers = peersAdded.map((h) => `peer ${h} added (emulated) for its bricks\n`).join('');
    const text = `${peers}volume adopt: ${volume.name}: success: ${volume.type}, ${volume.bricks.length} bricks, volume-id ${volume.id}, ${volume.status}\n`;
    return {
      text,
      xml: [el('volAdopt', el('volume', el('name', volume.name), el('id', volume.id)))],
      json: {
        message: text.trimEnd().split('\n').pop(),
        volume: {
          name: volume.name,
          id: volume.id,
          type: volume.type,
          status: volume.status,
          bricks: volume.bricks.map((b) => ({ name: `${b.host}:${b.path}`, host: b.host, path: b.path, brickId: b.brickId, isArbiter: b.arbiter })),
          options: volume.options.map(([key, value]) => ({ key, value })),
        },
        peersAdded,
        from: req.from,
      },
    };
  });
}
