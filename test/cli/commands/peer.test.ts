// peer probe / detach / status and pool list: the capture's single-node answers, and emulated
// peers (any other name) joining and leaving the pool.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import { argvOf, byName, captureHome, CAPTURE_NODE, expected, install, tg, volumesFromInfoXml } from './m1a-helpers.js';
import { listPeers } from '../../../src/mgmt/store.js';
import { resolveBrickHost, isLocalHost, isLoopbackBrickHost } from '../../../src/mgmt/hosts.js';
import { MgmtError } from '../../../src/mgmt/errors.js';

let home: string;
beforeEach(() => {
  home = captureHome();
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

describe('single node (the capture)', () => {
  it.each([
    'peer-probe-localhost', 'peer-probe-localhost.xml', 'peer-probe-local-alias', 'peer-probe-local-alias.xml',
    'peer-probe-loopback-ip', 'peer-probe-loopback-ip.xml', 'peer-probe-error-nonexistent-host',
    'peer-probe-error-nonexistent-host.xml', 'peer-probe-error-no-arg', 'peer-probe-error-no-arg.xml',
    'peer-detach-error-localhost', 'peer-detach-error-localhost.xml', 'peer-detach-error-not-in-pool',
    'peer-detach-error-not-in-pool.xml', 'peer-status', 'peer-status.xml', 'pool-list', 'pool-list.xml',
  ])('%s', async (c) => {
    expect(await tg(home, argvOf(c))).toEqual(expected(c));
    expect(listPeers(home)).toEqual([]);
  });

  it('peer-detach-prompt-answer-n', async () => {
    expect(await tg(home, argvOf('peer-detach-prompt-answer-n'), ['n'])).toEqual(expected('peer-detach-prompt-answer-n'));
  });
});

describe('emulated peers', () => {
  it('probe adds a connected peer that status, pool list and XML show', async () => {
    expect(await tg(home, ['peer', 'probe', 'node4'])).toEqual({ exit: 0, stdout: 'peer probe: success\n', stderr: '' });
    const [p] = listPeers(home);
    expect(p).toMatchObject({ hostname: 'node4', state: 'Peer in Cluster', connected: true });
    expect((await tg(home, ['peer', 'status'])).stdout).toBe(
      `Number of Peers: 1\n\nHostname: node4\nUuid: ${p.uuid}\nState: Peer in Cluster (Connected)\n`,
    );
    expect((await tg(home, ['pool', 'list'])).stdout).toBe(
      `UUID\t\t\t\t\tHostname \tState\n${p.uuid}\tnode4    \tConnected \n${CAPTURE_NODE}\tlocalhost\tConnected \n`,
    );
    const x = (await tg(home, ['peer', 'status', '--xml'])).stdout;
    expect(x).toContain(
      `<peerStatus>\n    <peer>\n      <uuid>${p.uuid}</uuid>\n      <hostname>node4</hostname>\n      <hostnames>\n        <hostname>node4</hostname>\n      </hostnames>\n      <connected>1</connected>\n      <state>3</state>\n      <stateStr>Peer in Cluster</stateStr>\n    </peer>\n  </peerStatus>`,
    );
    // a second probe is a success that says so
    expect((await tg(home, ['peer', 'probe', 'node4'])).stdout).toBe('peer probe: Host node4 port 24007 already in peer list\n');
    expect(listPeers(home)).toHaveLength(1);
  });

  it('brick hosts resolve to this node, a peer, or glusterd\'s error', async () => {
    await tg(home, ['peer', 'probe', 'node4']);
    const [p] = listPeers(home);
    expect(resolveBrickHost(home, 'server2')).toEqual({ uuid: CAPTURE_NODE, local: true });
    expect(resolveBrickHost(home, 'NODE4')).toEqual({ uuid: p.uuid, local: false });
    expect(() => resolveBrickHost(home, 'node5')).toThrow(new MgmtError("Host node5 is not in 'Peer in Cluster' state"));
    expect(isLocalHost('127.0.0.2')).toBe(true);
    expect(isLocalHost('node5')).toBe(false);
    expect(['localhost', '127.0.0.1', '0.1.2.3', 'server1'].map(isLoopbackBrickHost)).toEqual([true, true, true, false]);
  });

  it('a peer hosting bricks cannot be detached; otherwise detach (after the prompt) removes it', async () => {
    await tg(home, ['peer', 'probe', 'node4']);
    const [p] = listPeers(home);
    const v = byName(volumesFromInfoXml('volume-info-all.xml'), 'cliDist');
    install(home, [{ ...v, bricks: v.bricks.map((b, i) => (i === 0 ? { ...b, host: 'node4', nodeUuid: p.uuid } : b)) }]);
    // the peer's brick shows its uuid in volume info
    expect((await tg(home, ['volume', 'info', 'cliDist', '--xml'])).stdout).toContain(`<brick uuid="${p.uuid}">node4:`);
    const refused = await tg(home, ['--mode=script', 'peer', 'detach', 'node4']);
    expect(refused.exit).toBe(1);
    expect(refused.stderr).toMatch(/^peer detach: failed: Peer node4 hosts one or more bricks\. /);
    fs.rmSync(`${home}/vols`, { recursive: true });
    const ok = await tg(home, ['peer', 'detach', 'node4', 'force'], ['y']);
    expect(ok.exit).toBe(0);
    expect(ok.stdout).toMatch(/do you want to proceed\? \(y\/n\) peer detach: success\n$/);
    expect(listPeers(home)).toEqual([]);
  });

  it('status shows a self-heal daemon per node that holds bricks', async () => {
    await tg(home, ['peer', 'probe', 'node4']);
    const [p] = listPeers(home);
    const v = byName(volumesFromInfoXml('volume-info-all.xml'), 'cliRep3');
    install(home, [{ ...v, status: 'Started', bricks: v.bricks.map((b, i) => (i === 2 ? { ...b, host: 'node4', nodeUuid: p.uuid } : b)) }]);
    const r = await tg(home, ['volume', 'status', 'cliRep3']);
    expect(r.stdout.replace(UUID, 'U')).toContain(
      `${'Self-heal Daemon on localhost'.padEnd(44)}N/A       N/A        Y       N/A  \n${'Self-heal Daemon on node4'.padEnd(44)}N/A       N/A        Y       N/A  \n`,
    );
  });

  it.each(['foo_bar', '-x', 'a..b', 'a.', 'x'.repeat(256)])('probe %s: invalid address (stdout) + usage (stderr), exit 1', async (h) => {
    expect(await tg(home, ['peer', 'probe', h])).toEqual({
      exit: 1,
      stdout: `${h} is an invalid address\n`,
      stderr: '\nUsage:\npeer probe { <HOSTNAME> | <IP-address> }\n\n',
    });
    expect(listPeers(home)).toEqual([]);
  });

  it.each(['node-4', 'a.b.example', '10.1.2.3', 'fe80::1'])('probe %s: a valid address', async (h) => {
    expect((await tg(home, ['peer', 'probe', h])).exit).toBe(0);
  });

  it('usage errors', async () => {
    expect((await tg(home, ['peer', 'detach'])).stderr).toBe('\nUsage:\npeer detach { <HOSTNAME> | <IP-address> } [force]\n\n');
    expect((await tg(home, ['peer', 'detach', 'h', 'now'])).exit).toBe(1);
    expect((await tg(home, ['peer', 'probe', 'a', 'b'])).stderr).toBe('\nUsage:\npeer probe { <HOSTNAME> | <IP-address> }\n\n');
  });
});
