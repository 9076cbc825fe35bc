// `tgluster debug kill-brick` / `kill-node` as a rehearsal tool: a killed brick shows offline,
// fops through `fs` keep working on a replica 3 (quorum 2 of 3) and leave the marks AFR writes
// when a brick is down, fops needing the killed brick of a distribute volume get ENOTCONN, and
// `volume start VOL force` brings the bricks back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afrCounters, createVolume, makeEnv, type Env } from './fs-helpers.js';

describe('debug kill-brick / kill-node', () => {
  let e: Env;
  let r3: string[];
  let d2: string[];

  beforeAll(() => {
    e = makeEnv('debug');
    r3 = createVolume(e, 'dbgr3', 3, 3);
    d2 = createVolume(e, 'dbgd2', 2, 1);
  });
  afterAll(() => e.cleanup());

  const status = (v: string) => e.run(['volume', 'status', v]).stdout;
  const onlineOf = (v: string, brick: string) => {
    const line = status(v).split('\n').find((l) => l.includes(brick));
    return line?.trim().split(/\s+/).slice(-2)[0];
  };

  it('marks one brick down; replica 3 keeps serving and blames it', () => {
    const k = e.run(['debug', 'kill-brick', 'dbgr3', `server3:${r3[2]}`]);
    expect([k.code, k.stdout, k.stderr]).toEqual([0, `debug kill-brick: dbgr3: success: brick server3:${r3[2]} is down\n`, '']);
    expect(onlineOf('dbgr3', r3[2])).toBe('N');
    expect(onlineOf('dbgr3', r3[0])).toBe('Y');
    expect(e.run(['fs', 'put', '-', 'dbgr3:/while-down'], 'data\n').code).toBe(0);
    expect(e.run(['fs', 'cat', 'dbgr3:/while-down']).stdout).toBe('data\n');
    expect(fs.existsSync(path.join(r3[2], 'while-down'))).toBe(false);
    // The good bricks blame client-2 as 10.3 does for `echo > new1` with brick 3 down
    // (docs/on-disk-format.md §6.2: 0x00000002 00000001 00000000 — new-entry marks plus the write), and the root entry.
    for (const b of r3.slice(0, 2)) {
      const blame = Object.fromEntries(afrCounters(b).filter(([, key]) => key === 'trusted.afr.dbgr3-client-2').map(([rel, , c]) => [rel, c]));
      expect(blame['while-down']).toEqual([2, 1, 0]);
      expect(blame[''][2]).toBeGreaterThan(0);
    }
  });

  it('revives killed bricks with volume start force', () => {
    expect(e.run(['--mode=script', 'volume', 'start', 'dbgr3', 'force']).code).toBe(0);
    expect(onlineOf('dbgr3', r3[2])).toBe('Y');
  });

  it('kill-node downs every brick of that node; a distribute file on it gets ENOTCONN', () => {
    expect(e.run(['fs', 'put', '-', 'dbgd2:/f'], 'x').code).toBe(0);
    const k = e.run(['debug', 'kill-node', 'server1']);
    expect(k.code).toBe(0);
    expect(k.stdout).toMatch(/^debug kill-node: server1: success: \d+ bricks? down\n$/);
    // Every brick of both volumes lives on this node (server1..3 are all local names).
    for (const b of d2) expect(onlineOf('dbgd2', b)).toBe('N');
    const cat = e.run(['fs', 'cat', 'dbgd2:/f']);
    expect([cat.code, cat.stderr]).toEqual([1, 'tgluster: dbgd2:/f: Transport endpoint is not connected\n']);
    expect(e.run(['--mode=script', 'volume', 'start', 'dbgd2', 'force']).code).toBe(0);
    expect(e.run(['fs', 'cat', 'dbgd2:/f']).stdout).toBe('x');
  });

  it('refuses bad requests gluster-style, without touching the state', () => {
    const before = fs.readFileSync(path.join(e.home, 'vols', 'dbgd2', 'info'), 'utf8');
    const cases: Array<[string[], string]> = [
      [['debug', 'kill-brick', 'nope', 'server1:/x'], 'debug kill-brick: nope: failed: Volume nope does not exist\n'],
      [['debug', 'kill-brick', 'dbgd2', 'server1:/not/a/brick'], 'debug kill-brick: dbgd2: failed: Incorrect brick server1:/not/a/brick for volume dbgd2\n'],
      [['debug', 'kill-node', 'no-such-host.invalid'], "debug kill-node: no-such-host.invalid: failed: Host no-such-host.invalid is not in 'Peer in Cluster' state\n"],
    ];
    for (const [args, err] of cases) {
      const r = e.run(args);
      expect([args, r.code, r.stderr]).toEqual([args, 1, err]);
    }
    expect(e.run(['debug', 'kill-brick', 'dbgd2']).code).toBe(1);
    expect(fs.readFileSync(path.join(e.home, 'vols', 'dbgd2', 'info'), 'utf8')).toBe(before);
  });

  it('kill-node of a peer: Disconnected, its bricks down through start force, back with revive-node', () => {
    expect(e.run(['peer', 'probe', 'node4']).code).toBe(0);
    const b = [0, 1, 2].map((i) => path.join(e.dir, `pn-b${i}`));
    const hosts = ['server1', 'server2', 'node4'];
    expect(e.run(['--mode=script', 'volume', 'create', 'dbgpn', 'replica', '3', ...b.map((p, i) => `${hosts[i]}:${p}`), 'force']).code).toBe(0);
    expect(e.run(['volume', 'start', 'dbgpn']).code).toBe(0);
    const peerState = () => /State: (.*)\n/.exec(e.run(['peer', 'status']).stdout)?.[1];
    expect(peerState()).toBe('Peer in Cluster (Connected)');
    const k = e.run(['debug', 'kill-node', 'node4']);
    expect([k.code, k.stdout]).toEqual([0, 'debug kill-node: node4: success: 1 brick down\n']);
    expect(peerState()).toBe('Peer in Cluster (Disconnected)');
    expect(e.run(['pool', 'list']).stdout).toMatch(/node4\s+\tDisconnected \n/);
    expect(onlineOf('dbgpn', b[2])).toBe('N');
    const shdOn = (host: string) => status('dbgpn').split('\n').find((l) => l.startsWith(`Self-heal Daemon on ${host}`))?.trim().split(/\s+/).slice(-2)[0];
    expect([shdOn('localhost'), shdOn('node4')]).toEqual(['Y', 'N']);
    // The node's glusterd is gone: start force cannot start its bricks.
    expect(e.run(['--mode=script', 'volume', 'start', 'dbgpn', 'force']).code).toBe(0);
    expect(onlineOf('dbgpn', b[2])).toBe('N');
    expect(onlineOf('dbgpn', b[0])).toBe('Y');
    const r = e.run(['debug', 'revive-node', 'node4']);
    expect([r.code, r.stdout]).toEqual([0, 'debug revive-node: node4: success: 1 brick up\n']);
    expect(peerState()).toBe('Peer in Cluster (Connected)');
    expect(onlineOf('dbgpn', b[2])).toBe('Y');
    expect(shdOn('node4')).toBe('Y');
    const j = JSON.parse(e.run(['--json', 'debug', 'kill-node', 'node4']).stdout);
    expect(j).toEqual({ volumes: [{ name: 'dbgpn', killedBricks: [`node4:${b[2]}`] }] });
    expect(e.run(['debug', 'revive-node', 'node4']).code).toBe(0);
  });
});
