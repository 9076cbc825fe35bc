// volume set / get / reset against the real-gluster captures, byte for byte (text and --xml),
// run in-process on volumes written straight into a throw-away state dir.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/run.js';
import { saveVolume, volumeInfoFile } from '../../src/mgmt/store.js';
import type { Brick, Volume, VolumeType } from '../../src/mgmt/types.js';
import { readCase } from '../unit/mgmt/options/corpus.js';
import { freshVolume } from '../unit/mgmt/options/fresh-volume.js';

// The capture's node UUID, so XML `volume info` compares without normalising.
const NODE = 'c193c358-b5cc-4890-a582-4e92ffe45426';

function volume(name: string, type: VolumeType, dir: string, n: number, extra: Partial<Volume> = {}): Volume {
  const bricks: Brick[] = Array.from({ length: n }, (_, i) => ({
    host: `server${(i % 3) + 1}`,
    path: `/bricks/cli/${dir}/b${i + 1}`,
    brickId: i,
    nodeUuid: NODE,
    port: 49152 + i,
    arbiter: false,
  }));
  return freshVolume(type, { name, status: 'Started', bricks, ...extra });
}

let home: string;
let prevHome: string | undefined;

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'tgl-m2-'));
  prevHome = process.env.TGLUSTER_HOME;
  process.env.TGLUSTER_HOME = home;
  saveVolume(home, volume('cliRep3', 'Replicate', 'rep3', 3, { replicaCount: 3 }));
  saveVolume(home, volume('cliSB', 'Replicate', 'sb', 2, { replicaCount: 2 }));
  saveVolume(home, volume('cliDist', 'Distribute', 'dist', 2));
  saveVolume(home, volume('cliEC3', 'Disperse', 'ec3', 3, { disperseCount: 3, redundancyCount: 1 }));
});

afterEach(() => {
  if (prevHome === undefined) delete process.env.TGLUSTER_HOME;
  else process.env.TGLUSTER_HOME = prevHome;
  fs.rmSync(home, { recursive: true, force: true });
});

interface Result {
  exit: number;
  stdout: string;
  stderr: string;
}

/** Runs a captured command line (`gluster ...`) in-process; `stdin` lines answer prompts. */
async function gluster(command: string, stdin: string[] = []): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const words = command.replace(/^gluster /, '').split(' ');
  const exit = await runCli(words, {
    out: (s) => void (stdout += s),
    err: (s) => void (stderr += s),
    env: { TGLUSTER_HOME: home, NO_COLOR: '1' },
    stdinIsTTY: false,
    stdoutIsTTY: false,
    readLine: () => stdin.shift(),
  });
  return { exit, stdout, stderr };
}

/** Replays one capture and compares exit code, stdout and stderr exactly. */
async function replay(name: string): Promise<void> {
  const c = readCase(name);
  const r = await gluster(c.command, c.stdin === undefined ? [] : c.stdin.split('\n').filter(Boolean));
  expect(r).toEqual({ exit: c.exit, stdout: c.stdout, stderr: c.stderr });
}

const both = (names: string[]) => names.flatMap((n) => [n, `${n}.xml`]);

/** Captures taken on volumes in their just-created state (plus the capture's plain failures). */
const FRESH = [
  ...both([
    'volume-get-all',
    'volume-get-all-distribute',
    'volume-get-all-disperse',
    'volume-get-error-global-nonglobal-key',
    'volume-get-error-invalid-key',
    'volume-get-error-nonexistent-volume',
    'volume-get-favorite-child-policy-default',
    'volume-get-global-all',
    'volume-get-global-key',
    'volume-get-global-max-op-version',
    'volume-get-key',
    'volume-get-key-reconfigured',
    'volume-get-key-short-name',
    'volume-get-quorum-type-replica3-default',
    'volume-set-bool-on',
    'volume-set-error-favorite-child-policy-invalid',
    'volume-set-error-global-option-on-volume',
    'volume-set-error-int-out-of-range',
    'volume-set-error-invalid-key',
    'volume-set-error-invalid-value-bool',
    'volume-set-error-invalid-value-enum',
    'volume-set-error-invalid-value-size',
    'volume-set-error-missing-value',
    'volume-set-error-nonexistent-volume',
    'volume-set-error-odd-args',
    'volume-set-error-quorum-count-too-big',
    'volume-set-error-short-key-quorum-count',
    'volume-set-favorite-child-policy',
    'volume-set-group-error-nonexistent',
    'volume-set-int-out-of-range-accepted',
    'volume-set-multiple-pairs',
    'volume-set-quorum-type-auto-replica2',
    'volume-set-short-key-quorum-type',
    'volume-set-valid',
    'volume-reset-error-invalid-key',
    'volume-reset-error-nonexistent-volume',
    'volume-reset-key',
    'volume-reset-key-not-set',
  ]),
  'volume-reset-all-force',
  'volume-reset-all-keyword-mode-script',
  'volume-reset-all-keyword-no-prompt',
  'volume-reset-all-no-prompt-stdin-n-ignored',
  'volume-reset-all.xml',
  'volume-reset-key-force',
];

describe('captures on fresh volumes', () => {
  it.each(FRESH)('%s', async (name) => replay(name));
});

/** cliRep3's option history during the capture, in order. */
const REP3_SETS = [
  'gluster volume set cliRep3 performance.cache-size 128MB performance.readdir-ahead on',
  'gluster volume set cliRep3 performance.readdir-ahead off',
  'gluster volume set cliRep3 performance.cache-size 256MB',
  'gluster volume set cliRep3 cluster.background-self-heal-count 999999',
];
const REP3_BEFORE_RESET = [
  ...REP3_SETS,
  'gluster volume set cliRep3 performance.cache-size 128MB performance.readdir-ahead on',
  'gluster volume set cliRep3 quorum-type auto',
];

async function steps(lines: string[]): Promise<void> {
  for (const l of lines) expect(await gluster(l)).toMatchObject({ exit: 0, stderr: '' });
}

describe('captures after a history of sets and resets', () => {
  const cases: Array<[string, string[]]> = [
    ['volume-info-after-set', REP3_SETS],
    ['volume-get-after-set', REP3_SETS],
    ['volume-info-before-reset', REP3_BEFORE_RESET],
    ['volume-info-after-reset-all', [...REP3_BEFORE_RESET, 'gluster volume reset cliRep3']],
    ['volume-info-after-reset-force', [...REP3_BEFORE_RESET, 'gluster --mode=script volume reset cliRep3 force']],
    ['volume-get-shd-after-heal-disable', ['gluster volume set cliRep3 cluster.self-heal-daemon disable']],
  ];
  it.each(both(cases.map(([n]) => n)))('%s', async (name) => {
    await steps(cases.find(([n]) => n === name.replace(/\.xml$/, ''))![1]);
    await replay(name);
  });
});

describe('volume set semantics', () => {
  const info = () => fs.readFileSync(volumeInfoFile(home, 'cliRep3'), 'utf8');

  it('a set with one bad pair changes nothing, even when earlier pairs were valid', async () => {
    const before = info();
    const r = await gluster('gluster volume set cliRep3 performance.cache-size 64MB performance.io-thread-count 1000');
    expect(r.exit).toBe(1);
    expect(info()).toBe(before);
  });

  it('a new key goes first in Options Reconfigured, a changed key keeps its place', async () => {
    await steps([
      'gluster volume set cliDist performance.cache-size 64MB',
      'gluster volume set cliDist cluster.min-free-disk 20%',
      'gluster volume set cliDist performance.cache-size 65MB',
    ]);
    const r = await gluster('gluster volume info cliDist');
    expect(r.stdout).toContain(
      'Options Reconfigured:\ncluster.min-free-disk: 20%\nperformance.cache-size: 65MB\nstorage.fips-mode-rchecksum: on\n',
    );
  });

  it('accepts every gluster boolean spelling and stores the value as typed', async () => {
    for (const v of ['on', 'OFF', 'yes', 'No', 'true', 'FALSE', 'enable', 'disable', '1', '0']) {
      expect((await gluster(`gluster volume set cliDist performance.readdir-ahead ${v}`)).exit).toBe(0);
      expect((await gluster('gluster volume get cliDist performance.readdir-ahead')).stdout).toContain(
        `performance.readdir-ahead                ${v.padEnd(39)}\n`,
      );
    }
  });

  it('validates the translator types (size, percent, time, range) of translators in the graph', async () => {
    const fails = async (kv: string) => (await gluster(`gluster volume set cliDist ${kv}`)).stderr;
    expect(await fails('cluster.min-free-disk lots')).toBe(
      'volume set: failed: invalid number format "lots" in "option min-free-disk"\n',
    );
    // io-cache's own range applies only once io-cache is in the graph (real gluster 10.3 agrees).
    expect(await fails('performance.cache-size 1MB')).toBe('');
    await steps(['gluster volume reset cliDist performance.cache-size', 'gluster volume set cliDist performance.io-cache on']);
    expect(await fails('performance.cache-size 1MB')).toBe(
      "volume set: failed: '1048576' in 'option cache-size 1MB' is out of range [4194304 - inf]\n",
    );
    expect(await fails('network.ping-timeout soon')).toBe(
      'volume set: failed: invalid time format "soon" in "option ping-timeout"\n',
    );
  });

  it('rejects a replicate-only option on a distribute volume with glusterd\'s text', async () => {
    const r = await gluster('gluster volume set cliDist cluster.quorum-count 2');
    expect(r.stderr).toBe('volume set: failed: 2 in cluster.quorum-count 2 is out of range [1 - 1]\n');
    const h = await gluster('gluster volume set cliDist cluster.self-heal-daemon off');
    expect(h.stderr).toBe('volume set: failed: Volume cliDist is not of replicate type\n');
  });

  it('group: standard groups apply every pair; a group file in TGLUSTER_HOME wins', async () => {
    expect(await gluster('gluster volume set cliRep3 group metadata-cache')).toEqual({
      exit: 0,
      stdout: 'volume set: success\n',
      stderr: '',
    });
    const got = await gluster('gluster volume get cliRep3 network.inode-lru-limit');
    expect(got.stdout).toContain('network.inode-lru-limit                  200000 ');
    fs.mkdirSync(path.join(home, 'groups'));
    fs.writeFileSync(path.join(home, 'groups', 'mine'), '# comment\nperformance.cache-size=77MB\n');
    expect((await gluster('gluster volume set cliRep3 group mine')).exit).toBe(0);
    // Both map entries of performance.cache-size share the key, so the short key is unique.
    expect((await gluster('gluster volume get cliRep3 cache-size')).stdout).toContain(' 77MB ');
    fs.writeFileSync(path.join(home, 'groups', 'bad'), 'performance.cache-size=77MB\n\n');
    expect(await gluster('gluster volume set cliRep3 group bad')).toEqual({
      exit: 1,
      stdout: '',
      stderr: "'/var/lib/glusterd/groups/bad' file format not valid.\n",
    });
  });

  it('set all: cluster-wide keys only; get all shows the new value without (DEFAULT)', async () => {
    expect((await gluster('gluster volume set all cluster.brick-multiplex on')).exit).toBe(0);
    const g = await gluster('gluster volume get all cluster.brick-multiplex');
    expect(g.stdout.split('\n')[2]).toBe(`${'cluster.brick-multiplex'.padEnd(40)} ${'on'.padEnd(39)}`);
    expect((await gluster('gluster volume set all cluster.quorum-type auto')).stderr).toBe(
      'volume set: failed: Not a valid option for all volumes\n',
    );
    expect((await gluster('gluster volume set cliRep3 cluster.brick-multiplex on')).stderr).toBe(
      'volume set: failed: Not a valid option for single volume\n',
    );
    expect((await gluster('gluster volume set all cluster.op-version 100000')).stderr).toBe(
      'volume set: failed: Required op-version (100000) should not be equal or lower than current cluster op-version (100000).\n',
    );
  });

  it('set all commits only its first pair (the rest are checked, then dropped); a first user.* key fails at commit (real 10.3)', async () => {
    const ratio = async () => (await gluster('gluster volume get all cluster.server-quorum-ratio')).stdout.split('\n')[2];
    const logging = async () => (await gluster('gluster volume get all cluster.localtime-logging')).stdout.split('\n')[2];
    const before = await logging();
    expect(await gluster('gluster volume set all cluster.server-quorum-ratio 60 cluster.localtime-logging enable')).toEqual({
      exit: 0,
      stdout: 'volume set: success\n',
      stderr: '',
    });
    expect(await ratio()).toBe(`${'cluster.server-quorum-ratio'.padEnd(40)} ${'60'.padEnd(39)}`);
    expect(await logging()).toBe(before);
    expect((await gluster('gluster volume set all cluster.server-quorum-ratio 61 cluster.localtime-logging bogus')).exit).toBe(1);
    const commitFailed = 'volume set: failed: Commit failed on localhost. Please check the log file for more details.\n';
    for (const c of ['gluster volume set all user.x 1', 'gluster volume set all user.x=y 1', 'gluster volume set all user.x 1 cluster.server-quorum-ratio 62']) {
      expect(await gluster(c)).toEqual({ exit: 1, stdout: '', stderr: commitFailed });
    }
    expect((await gluster('gluster volume set all cluster.server-quorum-ratio 63 user.x 1')).exit).toBe(0);
    expect(await ratio()).toBe(`${'cluster.server-quorum-ratio'.padEnd(40)} ${'63'.padEnd(39)}`);
  });

  it('granular-entry-heal belongs to heal once the volume has been started; user.* keys pass untouched', async () => {
    expect((await gluster('gluster volume set cliRep3 cluster.granular-entry-heal off')).stderr).toBe(
      "volume set: failed:  'gluster volume set <VOLNAME> cluster.granular-entry-heal {enable, disable}' is not supported. Use 'gluster volume heal <VOLNAME> granular-entry-heal {enable, disable}' instead.\n",
    );
    await steps(['gluster volume set cliRep3 user.note hello']);
    expect((await gluster('gluster volume get cliRep3 user.note')).stdout).toContain(`${'user.note'.padEnd(40)} hello `);
    expect(await gluster('gluster volume get cliRep3 user.other')).toEqual({ exit: 2, stdout: '', stderr: 'volume get option: failed\n' });
  });

  it('nfs.disable off asks first; declining aborts without a change', async () => {
    const before = info();
    const r = await gluster('gluster volume set cliRep3 nfs.disable off', ['n']);
    expect(r).toEqual({
      exit: 1,
      stdout: 'Gluster NFS is being deprecated in favor of NFS-Ganesha Enter "yes" to continue using Gluster NFS (y/n) ',
      stderr: 'Aborted by user.\n',
    });
    expect(info()).toBe(before);
  });
});

describe('volume reset semantics', () => {
  it('reset of one create-time key brings glusterd\'s default back, as a new (first) entry', async () => {
    await steps(['gluster volume set cliDist nfs.disable on', 'gluster volume reset cliDist nfs.disable']);
    expect((await gluster('gluster volume info cliDist')).stdout).toContain(
      'Options Reconfigured:\nnfs.disable: on\nstorage.fips-mode-rchecksum: on\ntransport.address-family: inet\n',
    );
  });

  it('extra words are a usage error', async () => {
    const r = await gluster('gluster volume reset cliDist nfs.disable now');
    expect(r).toEqual({ exit: 1, stdout: '', stderr: '\nUsage:\nvolume reset <VOLNAME> [option] [force]\n\n' });
  });
});

describe('values checked against the whole graph', () => {
  it('a value accepted while its translator is off blocks turning the translator on', async () => {
    await steps(['gluster volume set cliRep3 features.shard-block-size 1KB']);
    const r = await gluster('gluster volume set cliRep3 features.shard on');
    expect(r).toEqual({
      exit: 1,
      stdout: '',
      stderr: "volume set: failed: '1024' in 'option shard-block-size 1KB' is out of range [4194304 - 4398046511104]\n",
    });
  });
});

describe('volume set help', () => {
  it('documents the 255 options real gluster 10.3 lists, translator ranges included', async () => {
    const r = await gluster('gluster volume set help');
    expect(r.exit).toBe(0);
    expect(r.stdout.match(/^Option: /gm)).toHaveLength(255);
    expect(r.stdout.startsWith('Option: cluster.lookup-unhashed\nDefault Value: on\nDescription: This option if set to ON,')).toBe(true);
    expect(r.stdout).toContain(
      'Option: performance.io-thread-count\nDefault Value: 16\nDescription: Number of threads in IO threads translator which perform concurrent IO operations. Minimum value is 1, maximum value is 64.\n\n',
    );
    // NFS options are undocumented here: gNFS is not part of this build.
    expect(r.stdout).not.toContain('Option: nfs.mem-factor\n');
    expect(r.stdout.endsWith('\n\n\n')).toBe(true);
  });

  it('help-xml is one line of <option> elements with libxml2 escaping', async () => {
    const r = await gluster('gluster volume set help-xml');
    expect(r.stdout.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<options><option><defaultValue>on</defaultValue>')).toBe(true);
    expect(r.stdout).toContain('&quot;open&quot;');
    expect(r.stdout.endsWith('</option></options>\n\n')).toBe(true);
  });
});

describe('--json (tgluster only)', () => {
  it('volume get gives each value without the (DEFAULT) marker, flagged instead', async () => {
    const r = await gluster('gluster volume get cliRep3 all --json');
    const opts = JSON.parse(r.stdout).options as Array<{ name: string; value: string; isDefault: boolean }>;
    expect(opts).toHaveLength(342);
    expect(opts[0]).toEqual({ name: 'cluster.lookup-unhashed', value: 'on', isDefault: true });
    expect(opts.find((o) => o.name === 'cluster.quorum-type')).toEqual({ name: 'cluster.quorum-type', value: 'auto', isDefault: false });
  });
});

describe('debug translators (measured on GlusterFS 10.3)', () => {
  const ADDED = ' translator has been added to the server volume file. Please restart the volume for enabling the translator\n';

  it('debug.trace, debug.error-gen and debug.delay-gen take any value (they name where the translator goes)', async () => {
    for (const [key, value] of [['debug.delay-gen', 'posix'], ['debug.delay-gen', 'bogus'], ['delay-gen', 'locks'], ['debug.error-gen', 'on'], ['debug.trace', 'posix,locks']]) {
      const r = await gluster(`gluster volume set cliRep3 ${key} ${value}`);
      expect({ key, value, exit: r.exit, stderr: r.stderr }).toEqual({ key, value, exit: 0, stderr: '' });
    }
    expect((await gluster('gluster volume get cliRep3 debug.delay-gen')).stdout).toMatch(/^debug\.delay-gen\s+locks\s*$/m);
  });

  it('warns that trace and error-gen reach the bricks only on restart, when typed in full and not for client', async () => {
    expect((await gluster('gluster volume set cliRep3 debug.trace posix')).stdout).toBe(`volume set: success\ndebug.trace${ADDED}`);
    expect((await gluster('gluster volume set cliRep3 debug.error-gen on')).stdout).toBe(`volume set: success\ndebug.error-gen${ADDED}`);
    expect((await gluster('gluster volume set cliRep3 debug.trace client')).stdout).toBe('volume set: success\n');
    expect((await gluster('gluster volume set cliRep3 error-gen posix')).stdout).toBe('volume set: success\n');
    expect((await gluster('gluster volume set cliRep3 debug.delay-gen posix')).stdout).toBe('volume set: success\n');
    // --xml carries no warning
    expect((await gluster('gluster volume set cliRep3 debug.trace posix --xml')).stdout).toContain('<output>Set volume successful</output>');
  });
});
