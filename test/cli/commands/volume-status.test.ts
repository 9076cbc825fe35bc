// volume status against real gluster's bytes (pids excepted: tgluster bricks have no process, so
// Pid is always N/A; the capture's pids are blanked the same way before comparing).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import {
  applyStatusXml, argvOf, byName, freshCapture, expected, install, pidsAsNA, tg,
} from './m1a-helpers.js';
import type { Volume } from '../../../src/mgmt/types.js';
import { saveVolume } from '../../../src/mgmt/store.js';

let home: string;
let all: Volume[];
beforeEach(() => ({ home, all } = freshCapture()));
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

const expectedNA = (c: string) => {
  const e = expected(c);
  return { ...e, stdout: pidsAsNA(e.stdout) };
};

/** Installs the volume named in the case, shaped by the case's own XML capture. */
function installFromStatus(caseText: string, xmlCase = `${caseText}.xml`, name = argvOf(caseText)[2]): void {
  install(home, [applyStatusXml(byName(all, name), xmlCase)]);
}

describe('volume status <VOL>', () => {
  it.each([
    'volume-status-one-replica3',
    'volume-status-brick-offline',
    'volume-status-brick-down-rep3',
    'volume-status-distribute',
    'volume-status-distributed-replicate',
    'volume-status-disperse3',
    'volume-status-after-rebalance-completed',
    'volume-status-after-remove-brick-completed',
    // (a task in progress needs a live rebalance process, else it shows failed: the captures of a
    // running task are replayed by test/scenario/rebalance-cli and remove-brick-cli)
  ])('%s (text and XML)', async (c) => {
    installFromStatus(c);
    expect(await tg(home, argvOf(c))).toEqual(expectedNA(c));
    expect(await tg(home, argvOf(`${c}.xml`))).toEqual(expectedNA(`${c}.xml`));
  });

  it.each(['volume-status-shd', 'volume-status-one-brick', 'volume-status-tasks', 'volume-status-error-bad-brick'])(
    '%s (text and XML)',
    async (c) => {
      installFromStatus(c, 'volume-status-one-replica3.xml');
      expect(await tg(home, argvOf(c))).toEqual(expectedNA(c));
      expect(await tg(home, argvOf(`${c}.xml`))).toEqual(expectedNA(`${c}.xml`));
    },
  );

  it('a stopped rebalance is forgotten, as in gluster', async () => {
    const v = applyStatusXml(byName(all, 'cliDist'), 'volume-status-during-rebalance.xml');
    install(home, [{ ...v, task: { ...v.task!, status: 'stopped' } }]);
    expect(await tg(home, argvOf('volume-status-after-rebalance-stop'))).toEqual(expectedNA('volume-status-after-rebalance-stop'));
  });

  it('self-heal daemon disabled: no shd line', async () => {
    const v = applyStatusXml(byName(all, 'cliRep3'), 'volume-status-one-replica3.xml');
    install(home, [{ ...v, options: [['cluster.self-heal-daemon', 'disable'], ...v.options] }]);
    const r = await tg(home, ['volume', 'status', 'cliRep3']);
    expect(r.stdout).not.toContain('Self-heal');
    const shd = await tg(home, ['volume', 'status', 'cliRep3', 'shd']);
    expect(shd).toEqual({ exit: 1, stdout: '', stderr: 'Self-heal Daemon is disabled for volume cliRep3\n' });
  });

  it('detail: gluster layout with this machine\'s real figures', async () => {
    const c = 'volume-status-detail';
    const dir = fs.mkdtempSync('/tmp/tgd');
    try {
      const v = applyStatusXml(byName(all, 'cliRep3'), 'volume-status-one-replica3.xml');
      install(home, [{ ...v, bricks: v.bricks.map((b) => ({ ...b, path: `${dir}${b.path}` })) }]);
      for (const b of v.bricks) fs.mkdirSync(`${dir}${b.path}`, { recursive: true });
      const r = await tg(home, argvOf(c));
      const blank = (s: string) =>
        s.split(dir).join('').replace(/^(Pid|File System|Device|Mount Options|Inode Size|Disk Space Free|Total Disk Space|Inode Count|Free Inodes)( +): .*$/gm, '$1$2: *');
      expect(blank(r.stdout)).toBe(blank(expected(c).stdout));
      expect(r.stdout).toMatch(/^Disk Space Free {6}: \d+\.\dGB|^Disk Space Free {6}: \d+\.\d[KMGT]B/m);
      const x = await tg(home, argvOf(`${c}.xml`));
      const blankXml = (s: string) =>
        s.split(dir).join('').replace(/<(pid|sizeTotal|sizeFree|device|blockSize|mntOptions|fsName|inodesTotal|inodesFree)>[^<]*</g, '<$1>*<');
      expect(blankXml(x.stdout)).toBe(blankXml(expected(`${c}.xml`).stdout));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('clients: no brick process, so no client connections', async () => {
    const v = applyStatusXml(byName(all, 'cliRep3'), 'volume-status-brick-offline.xml');
    install(home, [v]);
    const r = await tg(home, ['volume', 'status', 'cliRep3', 'clients']);
    const sep = '----------------------------------------------\n';
    expect(r).toEqual({
      exit: 0,
      stderr: '',
      stdout:
        'Client connections for volume cliRep3\n' +
        `${sep}Brick : server1:/bricks/cli/rep3/b1\nClients connected : 0\n` +
        `${sep}Brick : server2:/bricks/cli/rep3/b2\nBrick is offline\n` +
        `${sep}Brick : server3:/bricks/cli/rep3/b3\nClients connected : 0\n${sep}\n`,
    });
  });

  it('clients --xml: an empty <clientsStatus/> per online brick (as gluster prints a brick without clients)', async () => {
    install(home, [applyStatusXml(byName(all, 'cliRep3'), 'volume-status-brick-offline.xml')]);
    const x = (await tg(home, ['volume', 'status', 'cliRep3', 'clients', '--xml'])).stdout;
    expect(x.match(/<clientsStatus\/>/g)).toHaveLength(2);
    expect(x).toContain('<pid>-1</pid>\n        </node>');
  });

  it('nfs: no NFS server here, so gluster 10.3 lists the bricks (and labels clients host : path)', async () => {
    install(home, [applyStatusXml(byName(all, 'cliDist'), 'volume-status-distribute.xml')]);
    const r = await tg(home, ['volume', 'status', 'cliDist', 'nfs']);
    expect(r.stdout).toBe(pidsAsNA(expected('volume-status-distribute').stdout).replace(/Task Status[\s\S]*$/, ''));
    const c = await tg(home, ['volume', 'status', 'cliDist', 'nfs', 'clients']);
    expect(c.stdout).toContain('----------------------------------------------\nserver1 : /bricks/cli/dist/b1\nClients connected : 0\n');
    expect((await tg(home, ['volume', 'status', 'cliDist', 'quotad'])).stderr).toBe('Volume cliDist does not have quota enabled\n');
    expect((await tg(home, ['volume', 'status', 'cliDist', 'shd'])).stderr).toBe('Volume cliDist is not Self-heal compatible\n');
  });

  it('nfs on a replicate volume: the plain table with its self-heal daemon line, no task section (real 10.3)', async () => {
    install(home, [applyStatusXml(byName(all, 'cliRep3'), 'volume-status-one-replica3.xml')]);
    const plain = pidsAsNA(expected('volume-status-one-replica3').stdout);
    expect(plain).toContain('Self-heal Daemon on localhost');
    const r = await tg(home, ['volume', 'status', 'cliRep3', 'nfs']);
    expect(r).toEqual({ exit: 0, stdout: plain.replace(/Task Status[\s\S]*$/, ''), stderr: '' });
    const x = await tg(home, ['volume', 'status', 'cliRep3', 'nfs', '--xml']);
    expect(x.stdout).toBe((await tg(home, ['volume', 'status', 'cliRep3', '--xml'])).stdout.replace(/\n *<tasks\/>/, ''));
  });

  it('wraps brick names longer than 43 characters like gluster', async () => {
    const v = applyStatusXml(byName(all, 'cliDist'), 'volume-status-distribute.xml');
    const long = '/bricks/a-rather-long-directory-name/for-the-brick';
    install(home, [{ ...v, bricks: [{ ...v.bricks[0], path: long }] }]);
    const r = await tg(home, ['volume', 'status', 'cliDist']);
    expect(r.stdout.split('\n')[3]).toBe('Brick server1:/bricks/a-rather-long-directo');
    expect(r.stdout.split('\n')[4]).toBe(`${'ry-name/for-the-brick'.padEnd(44)}52361     0          Y       N/A  `);
  });

  it.each(['volume-status-nonexistent', 'volume-status-nonexistent.xml', 'volume-status-detail-nonexistent', 'volume-status-detail-nonexistent.xml'])(
    '%s',
    async (c) => {
      expect(await tg(home, argvOf(c))).toEqual(expected(c));
    },
  );

  it.each(['volume-status-stopped-volume', 'volume-status-stopped-volume.xml'])('%s', async (c) => {
    install(home, [{ ...byName(all, 'cliRep2'), status: 'Created' }]);
    expect(await tg(home, argvOf(c))).toEqual(expected(c));
  });

  it.each([
    [['all', 'frob'], 'frob is not a valid status option\n'],
    [['v', 'b:/x', 'frob'], 'frob is not a valid status option\n'],
    [['all', 'shd', 'detail'], 'Cannot specify brick/nfs for "all"\n'],
    [['v', 'shd', 'detail'], 'Detail/FD/Clients/Tasks status not available for Self-heal Daemons\n'],
    [['v', 'h:/b', 'tasks'], 'Tasks status not available for bricks\n'],
    [['v', 'a', 'b', 'c'], ''],
  ])('parse error %j', async (words, line) => {
    const r = await tg(home, ['volume', 'status', ...words]);
    expect(r.exit).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `${line}\nUsage:\nvolume status [all | <VOLNAME> [nfs|shd|<BRICK>|quotad]] [detail|clients|mem|inode|fd|callpool|tasks|client-list]\n\n`,
    );
  });
});

describe('volume status all', () => {
  /** The capture's 10 volumes: cliEC6 and cliRep2 not started, the rest with the captured ports. */
  function installAll(): void {
    const xml = expected('volume-status-all.xml').stdout;
    for (const v of all) {
      if (v.status !== 'Started') {
        saveVolume(home, v);
        continue;
      }
      const ports = new Map([...xml.matchAll(/<path>([^<]+)<\/path>\s*<peerid>[^<]*<\/peerid>\s*<status>1<\/status>\s*<port>(\d+)</g)].map((m) => [m[1], Number(m[2])]));
      saveVolume(home, { ...v, bricks: v.bricks.map((b) => ({ ...b, port: ports.get(b.path)! })) });
    }
  }

  it.each(['volume-status-all', 'volume-status-all.xml', 'volume-status-noargs', 'volume-status-noargs.xml'])('%s', async (c) => {
    installAll();
    expect(await tg(home, argvOf(c))).toEqual(expectedNA(c));
  });

  it('no volumes', async () => {
    expect(await tg(home, ['volume', 'status'])).toEqual({ exit: 0, stdout: '', stderr: 'No volumes present\n' });
  });
});
