// Peer lists as `peer status` and `pool list` print them (text, XML <peerStatus>, JSON).
import type { Peer } from '../../mgmt/types.js';
import { el, type XmlElement } from '../output/xml.js';

const connectedStr = (p: Peer) => (p.connected ? 'Connected' : 'Disconnected');

export function peerStatusText(peers: Peer[]): string {
  return `Number of Peers: ${peers.length}\n${peers
    .map((p) => `\nHostname: ${p.hostname}\nUuid: ${p.uuid}\nState: ${p.state} (${connectedStr(p)})\n`)
    .join('')}`;
}

/** `UUID\t\t\t\t\tHostname\tState` with the hostname column as wide as the longest name (min 8). */
export function poolListText(rows: Array<{ uuid: string; hostname: string; connected: boolean }>): string {
  const w = Math.max(8, ...rows.map((r) => r.hostname.length));
  const head = `UUID\t\t\t\t\t${'Hostname'.padEnd(w)}\tState\n`;
  return head + rows.map((r) => `${r.uuid}\t${r.hostname.padEnd(w)}\t${r.connected ? 'Connected' : 'Disconnected'} \n`).join('');
}

export function peerXml(p: Peer): XmlElement {
  return el(
    'peer',
    el('uuid', p.uuid),
    el('hostname', p.hostname),
    el('hostnames', el('hostname', p.hostname)),
    el('connected', p.connected ? 1 : 0),
    el('state', 3),
    el('stateStr', p.state),
  );
}

export function peerJson(p: Peer) {
  return { uuid: p.uuid, hostname: p.hostname, state: p.state, connected: p.connected };
}
