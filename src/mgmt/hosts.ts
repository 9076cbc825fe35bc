// Which node a host name means. glusterd treats any name that resolves to one of this machine's
// addresses as itself; every other name must be a peer in the pool. Resolution here is
// synchronous and offline: IP literals, os.hostname(), /etc/hosts (TGLUSTER_HOSTS_FILE for
// tests), and this machine's interface addresses. No DNS: a name /etc/hosts does not know is
// not local.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import { MgmtError } from './errors.js';
import { listPeers, nodeUuid } from './store.js';
import type { Peer } from './types.js';

/** The CLI's refusal of loopback brick hosts (printed by the parser, followed by usage). */
export const LOOPBACK_BRICK_HOST_MESSAGE =
  'Please provide a valid hostname/ip other than localhost, 127.0.0.1 or loopback address (0.0.0.0 to 0.255.255.255).';

/** The names gluster's CLI refuses as brick hosts (same test as its parser). */
export function isLoopbackBrickHost(host: string): boolean {
  return host === 'localhost' || host.startsWith('127.') || host.startsWith('0.');
}

function hostsFileAddresses(name: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(process.env.TGLUSTER_HOSTS_FILE || '/etc/hosts', 'utf8');
  } catch {
    return [];
  }
  const lower = name.toLowerCase();
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const [addr, ...names] = raw.replace(/#.*/, '').trim().split(/\s+/);
    if (addr && names.some((n) => n.toLowerCase() === lower)) out.push(addr);
  }
  return out;
}

function isLocalAddress(addr: string): boolean {
  const a = addr.toLowerCase().replace(/^::ffff:/, '');
  if (net.isIPv4(a) && (a.startsWith('127.') || a.startsWith('0.'))) return true;
  if (a === '::1' || a === '::') return true;
  for (const list of Object.values(os.networkInterfaces())) {
    for (const ni of list ?? []) if (ni.address.toLowerCase() === a) return true;
  }
  return false;
}

/** True when `name` (host name or IP literal) is this machine. */
export function isLocalHost(name: string): boolean {
  if (!name) return false;
  if (net.isIP(name)) return isLocalAddress(name);
  const lower = name.toLowerCase();
  const hn = os.hostname().toLowerCase();
  if (lower === 'localhost' || lower === hn || lower === hn.split('.')[0]) return true;
  return hostsFileAddresses(name).some(isLocalAddress);
}

/** The emulated peer called `name`, if any (names compare case-insensitively, like DNS). */
export function findPeerByHost(home: string, name: string): Peer | undefined {
  const lower = name.toLowerCase();
  return listPeers(home).find((p) => p.hostname.toLowerCase() === lower);
}

export interface ResolvedHost {
  /** UUID of the node owning bricks on this host. */
  uuid: string;
  /** true for this machine, false for an emulated peer. */
  local: boolean;
}

/**
 * The node a brick host belongs to: this node, or an emulated peer. Otherwise MgmtError
 * `Host X is not in 'Peer in Cluster' state` (glusterd's message). Loopback names must be
 * refused earlier, at parse time, with LOOPBACK_BRICK_HOST_MESSAGE.
 */
export function resolveBrickHost(home: string, name: string): ResolvedHost {
  if (isLocalHost(name)) return { uuid: nodeUuid(home), local: true };
  const peer = findPeerByHost(home, name);
  if (peer) return { uuid: peer.uuid, local: false };
  throw new MgmtError(`Host ${name} is not in 'Peer in Cluster' state`);
}

/** Throws the glusterd error unless every host is this node or a peer in the cluster. */
export function requireHostsInCluster(home: string, hosts: Iterable<string>): void {
  for (const h of hosts) resolveBrickHost(home, h);
}

/**
 * The CLI's check on `peer probe` addresses (valid_internet_address): an IP literal, or a host
 * name of at most 255 chars whose dot-separated labels start and end with a letter or digit and
 * hold only letters, digits and '-'.
 */
export function isValidPeerAddress(host: string): boolean {
  if (net.isIP(host)) return true;
  if (host.length < 1 || host.length > 255 || host.includes('..')) return false;
  return host
    .split('.')
    .filter((l) => l !== '')
    .every((l) => /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/.test(l)) && /[A-Za-z0-9]$/.test(host);
}
