// `pool list`: every peer, then this node as "localhost".
import type { Ctx } from '../context.js';
import { listPeers, nodeUuid } from '../../mgmt/store.js';
import { usageError } from '../usage.js';
import { runOp } from '../output/emit.js';
import { el } from '../output/xml.js';
import { peerJson, peerXml, poolListText } from './peer-output.js';

export async function run(ctx: Ctx, words: string[]): Promise<number> {
  if (words[0] !== 'list' || words.length !== 1) return usageError(ctx, 'pool list');
  return runOp(ctx, { failPrefix: 'pool list' }, () => {
    const peers = listPeers(ctx.home);
    const me = { uuid: nodeUuid(ctx.home), hostname: 'localhost', connected: true };
    return {
      text: poolListText([...peers, me]),
      xml: [el('peerStatus', peers.map(peerXml), el('peer', el('uuid', me.uuid), el('hostname', me.hostname), el('connected', 1)))],
      json: { peers: [...peers.map(peerJson), { ...me, state: 'Peer in Cluster' }] },
    };
  });
}
