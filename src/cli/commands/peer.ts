// `peer probe <HOST>`, `peer detach <HOST> [force]` (prompts), `peer status`.
import type { Ctx } from '../context.js';
import { withTransaction } from '../../mgmt/lock.js';
import { listPeers } from '../../mgmt/store.js';
import { detachPeer, probePeer } from '../../mgmt/peers.js';
import { isValidPeerAddress } from '../../mgmt/hosts.js';
import { usageError } from '../usage.js';
import { runOp } from '../output/emit.js';
import { el } from '../output/xml.js';
import { peerJson, peerStatusText, peerXml } from './peer-output.js';

export const DETACH_QUESTION =
  'All clients mounted through the peer which is getting detached need to be remounted using one of the other active peers in the trusted storage pool to ensure client gets notification on any changes done on the gluster configuration and if the same has been done do you want to proceed?';

/** The lock names a volume in its message; peer operations are cluster-wide. */
const LOCK_NAME = 'the cluster';

async function probe(ctx: Ctx, words: string[]): Promise<number> {
  if (words.length !== 1) return usageError(ctx, 'peer probe');
  const host = words[0];
  if (!isValidPeerAddress(host)) {
    // gluster prints this line on stdout, then the usage on stderr.
    ctx.out(`${host} is an invalid address\n`);
    return usageError(ctx, 'peer probe');
  }
  return runOp(ctx, { failPrefix: 'peer probe' }, async () => {
    const r = await withTransaction(ctx.home, LOCK_NAME, () => probePeer(ctx.home, host));
    return {
      text: `peer probe: ${r.message}\n`,
      xml: [el('output', r.message)],
      xmlOpErrno: r.opErrno,
      json: { message: r.message, ...(r.peer ? { peer: peerJson(r.peer) } : {}) },
    };
  });
}

async function detach(ctx: Ctx, words: string[]): Promise<number> {
  if (words.length < 1 || words.length > 2 || (words.length === 2 && words[1] !== 'force')) {
    return usageError(ctx, 'peer detach');
  }
  if (!(await ctx.confirm(DETACH_QUESTION))) return 0;
  const host = words[0];
  return runOp(ctx, { failPrefix: 'peer detach' }, async () => {
    const peer = await withTransaction(ctx.home, LOCK_NAME, () => detachPeer(ctx.home, host));
    return {
      text: 'peer detach: success\n',
      xml: [el('output', 'success')],
      json: { message: 'success', peer: peerJson(peer) },
    };
  });
}

async function status(ctx: Ctx, words: string[]): Promise<number> {
  if (words.length !== 0) return usageError(ctx, 'peer status');
  return runOp(ctx, { failPrefix: 'peer status' }, () => {
    const peers = listPeers(ctx.home);
    return {
      text: peerStatusText(peers),
      xml: [el('peerStatus', peers.map(peerXml))],
      json: { peers: peers.map(peerJson) },
    };
  });
}

export async function run(ctx: Ctx, words: string[]): Promise<number> {
  const [sub, ...rest] = words;
  if (sub === 'probe') return probe(ctx, rest);
  if (sub === 'detach') return detach(ctx, rest);
  if (sub === 'status') return status(ctx, rest);
  return usageError(ctx, 'peer status');
}
