// The state each corpus case was captured in, rebuilt with tgluster commands. A setup is a list of
// gluster command lines (run with --mode=script); named scenario helpers build the capture's volumes.
import { TMPFS_STEP } from './corpus-run.js';

/** How the capture created each volume (all on the root partition, hence `force`). */
export const VOLUMES: Record<string, string> = {
  cliRep3:
    'volume create cliRep3 replica 3 server1:/bricks/cli/rep3/b1 server2:/bricks/cli/rep3/b2 server3:/bricks/cli/rep3/b3 force',
  cliDist: 'volume create cliDist server1:/bricks/cli/dist/b1 server2:/bricks/cli/dist/b2 force',
  cliRep2: 'volume create cliRep2 replica 2 server1:/bricks/cli/rep2/b1 server2:/bricks/cli/rep2/b2 force',
  cliSB: 'volume create cliSB replica 2 server1:/bricks/cli/sb/b1 server2:/bricks/cli/sb/b2 force',
  cliArb:
    'volume create cliArb replica 3 arbiter 1 server1:/bricks/cli/arb/b1 server2:/bricks/cli/arb/b2 server3:/bricks/cli/arb/b3 force',
  cliArb2:
    'volume create cliArb2 replica 2 arbiter 1 server1:/bricks/cli/arb2/b1 server2:/bricks/cli/arb2/b2 server3:/bricks/cli/arb2/b3 force',
  cliDR:
    'volume create cliDR replica 3 server1:/bricks/cli/dr/b1 server2:/bricks/cli/dr/b2 server3:/bricks/cli/dr/b3 ' +
    'server1:/bricks/cli/dr/b4 server2:/bricks/cli/dr/b5 server3:/bricks/cli/dr/b6 force',
  cliEC3:
    'volume create cliEC3 disperse 3 redundancy 1 server1:/bricks/cli/ec3/b1 server2:/bricks/cli/ec3/b2 server3:/bricks/cli/ec3/b3 force',
  cliEC6:
    'volume create cliEC6 disperse 6 redundancy 2 server1:/bricks/cli/ec6/b1 server2:/bricks/cli/ec6/b2 server3:/bricks/cli/ec6/b3 ' +
    'server1:/bricks/cli/ec6/b4 server2:/bricks/cli/ec6/b5 server3:/bricks/cli/ec6/b6 force',
  cliRdma: 'volume create cliRdma transport rdma server1:/bricks/cli/e/r1 force',
  cliOne: 'volume create cliOne server1:/bricks/cli/one/b1 force',
  // The on-disk capture's volumes (INDEX.md: same glusterd, host "vm", bricks under /bricks/disk),
  // as `volume info` shows them before that capture's add-brick / remove-brick.
  diskDist3: 'volume create diskDist3 vm:/bricks/disk/d3b1 vm:/bricks/disk/d3b2 vm:/bricks/disk/d3b3 force',
  diskDist4:
    'volume create diskDist4 vm:/bricks/disk/d4b1 vm:/bricks/disk/d4b2 vm:/bricks/disk/d4b3 vm:/bricks/disk/d4b4 force',
  diskRep3: 'volume create diskRep3 replica 3 vm:/bricks/disk/r3b1 vm:/bricks/disk/r3b2 vm:/bricks/disk/r3b3 force',
  // Thin-arbiter volumes of corpus-ta-capture.sh (fixtures/corpus/extra-thin-arbiter-*).
  m4ta: 'volume create m4ta replica 2 thin-arbiter 1 server1:/bricks/m4/ta/b1 server2:/bricks/m4/ta/b2 server3:/bricks/m4/ta/ta force',
  m4tb:
    'volume create m4tb replica 2 thin-arbiter 1 server1:/bricks/m4/tb/b1 server2:/bricks/m4/tb/b2 ' +
    'server3:/bricks/m4/tb/b3 server1:/bricks/m4/tb/b4 server2:/bricks/m4/tb/ta force',
};

/** Scenario: the named volume exists, not started. */
export const created = (v: string): string[] => [VOLUMES[v]];
/** Scenario: the named volume exists and is started. */
export const started = (v: string): string[] => [VOLUMES[v], `volume start ${v}`];

/** The option history of cliRep3 during the capture's set cases, in order. */
const REP3_SETS = [
  'volume set cliRep3 performance.cache-size 256MB',
  'volume set cliRep3 performance.readdir-ahead off',
  'volume set cliRep3 cluster.background-self-heal-count 999999',
];
const REP3_BEFORE_RESET = [
  ...REP3_SETS,
  'volume set cliRep3 performance.cache-size 128MB performance.readdir-ahead on',
  'volume set cliRep3 quorum-type auto',
];

/**
 * The whole cluster while `volume list` / `info` / `status` (all) were captured: every cli* volume
 * of that time (cliEC6 and cliRep2 never started) and the on-disk capture's disk* volumes.
 */
const CLUSTER_VOLUMES = ['cliArb', 'cliDR', 'cliDist', 'cliEC3', 'cliEC6', 'cliRep2', 'cliRep3'];
const clusterWith = (disk: string[]): string[] => [
  ...CLUSTER_VOLUMES.flatMap((v) => (v === 'cliEC6' || v === 'cliRep2' ? created(v) : started(v))),
  ...disk.flatMap(started),
];
/** `volume list` was captured before diskRep3 existed. */
const CLUSTER_AT_LIST = clusterWith(['diskDist3', 'diskDist4']);
const CLUSTER_AT_INFO = clusterWith(['diskDist3', 'diskDist4', 'diskRep3']);

const LEFT_BEHIND = ['volume create cliLeft server1:/bricks/cli/fs/left/b1', 'volume delete cliLeft'];

const KILL_B2 = 'debug kill-brick cliRep3 server2:/bricks/cli/rep3/b2';

/** Cases whose state is not "every volume named in the command exists and is started". */
const OVERRIDES: Record<string, string[]> = {
  // creates: the volume does not exist yet; some errors need another volume's bricks
  'volume-create-error-brick-in-use': started('cliRep3'),
  'volume-create-error-brick-in-use-other-hostname': started('cliDist'),
  'volume-create-error-volume-exists': started('cliRep3'),
  // a volume exists, so the state dir has vols/ (the name's length must not break its lookup)
  'volume-create-error-name-256': started('cliDist'),
  'volume-create-error-name-255-volfile': started('cliDist'),
  // the brick still carries the volume-id of a deleted volume (volume-create-distribute-no-force-ok's)
  'volume-create-brick-was-part-of-deleted-volume-force': LEFT_BEHIND,
  'volume-create-error-brick-was-part-of-deleted-volume': LEFT_BEHIND,
  // lifecycle
  'volume-delete-error-nonexistent': [],
  'volume-delete-mode-script': created('cliDist'),
  'volume-delete-prompt-answer-n': created('cliDist'),
  'volume-delete-prompt-answer-y': created('cliDist'),
  'volume-delete-prompt-stdin-eof': created('cliDist'),
  'volume-delete.xml': created('cliDist'),
  'volume-start': created('cliRep3'),
  'volume-start.xml': created('cliRep3'),
  'volume-start-transport-rdma': created('cliRdma'),
  'volume-stop-error-already-stopped': created('cliRep3'),
  'volume-stop-force-stopped-volume': created('cliRep3'),
  'volume-status-stopped-volume': created('cliRep2'),
  // info
  'volume-info-arbiter': created('cliArb'),
  'volume-info-disperse6': created('cliEC6'),
  'volume-info-distribute': created('cliDist'),
  'volume-info-distributed-replicate': created('cliDR'),
  'volume-info-one-created': created('cliRep3'),
  'volume-info-replica2-arbiter1': created('cliArb2'),
  'volume-info-transport-rdma': created('cliRdma'),
  'volume-info-after-set': [...started('cliRep3'), ...REP3_SETS],
  'volume-info-before-reset': [...started('cliRep3'), ...REP3_BEFORE_RESET],
  'volume-info-after-reset-all': [...started('cliRep3'), ...REP3_BEFORE_RESET, 'volume reset cliRep3'],
  'volume-info-after-reset-force': [...started('cliRep3'), ...REP3_BEFORE_RESET, 'volume reset cliRep3 force'],
  // a brick process killed (tgluster's `debug kill-brick` stands in for kill -9)
  'volume-status-brick-offline': [...started('cliRep3'), KILL_B2],
  'volume-start-force-restarts-dead-brick': [...started('cliRep3'), KILL_B2],
  'volume-status-after-start-force': [...started('cliRep3'), KILL_B2, 'volume start cliRep3 force'],
  // get / set / reset
  'volume-get-after-set': [...started('cliRep3'), 'volume set cliRep3 performance.cache-size 256MB'],
  'volume-get-shd-after-heal-disable': [...started('cliRep3'), 'volume set cliRep3 cluster.self-heal-daemon disable'],
  'volume-reset-key': [...started('cliRep3'), 'volume set cliRep3 performance.cache-size 128MB'],
  'volume-set-multiple-pairs': [...started('cliRep3'), ...REP3_SETS],
  // the whole cluster
  'volume-list': CLUSTER_AT_LIST,
  'volume-info-all': CLUSTER_AT_INFO,
  'volume-status-all': CLUSTER_AT_INFO,
  'volume-status-noargs': CLUSTER_AT_INFO,
  // thin-arbiter (corpus-ta-capture.sh): captured in this order on one volume
  'extra-thin-arbiter-ondisk-created': created('m4ta'),
  'extra-thin-arbiter-info': created('m4ta'),
  'extra-thin-arbiter-get-quorum-type': created('m4ta'),
  'extra-thin-arbiter-get-quorum-count': created('m4ta'),
  'extra-thin-arbiter-get-granular-entry-heal': created('m4ta'),
  'extra-thin-arbiter-get-self-heal-daemon': created('m4ta'),
  'extra-thin-arbiter-get-client-io-threads': created('m4ta'),
  'extra-thin-arbiter-status-not-started': created('m4ta'),
  'extra-thin-arbiter-start': created('m4ta'),
  'extra-thin-arbiter-ondisk-started': started('m4ta'),
  'extra-thin-arbiter-status': started('m4ta'),
  'extra-thin-arbiter-delete': [...started('m4ta'), 'volume stop m4ta'],
  'extra-thin-arbiter-2x2-info': created('m4tb'),
  'extra-thin-arbiter-2x2-status': started('m4tb'),
  'extra-thin-arbiter-ta-path-reused-as-brick': created('m4ta'),
  'extra-thin-arbiter-brick-reused-as-ta': created('m4ta'),
};

/** The hardening captures (corpus-hardening-capture.sh) whose state is not the default. */
const HARD_ALL = ['cliArb', 'cliDR', 'cliDist', 'cliRep2', 'cliRep3'].flatMap(started);
const HARD_SETS: Record<string, string> = {
  'readdir-ahead-off': 'performance.readdir-ahead off',
  'readdir-ahead-on': 'performance.readdir-ahead on',
  'io-cache-on': 'performance.io-cache on',
  'client-io-threads-on': 'performance.client-io-threads on',
  'nl-cache-on': 'performance.nl-cache on',
  'ping-timeout': 'network.ping-timeout 10',
  'quorum-type': 'cluster.quorum-type fixed',
  'quick-read-off': 'performance.quick-read off',
  'latency-measurement': 'diagnostics.latency-measurement on',
  'cache-size': 'performance.cache-size 256MB',
};
Object.assign(OVERRIDES, {
  'hard-trailing-volume-list': HARD_ALL,
  'hard-trailing-volume-list-two': HARD_ALL,
  'hard-global-remote-host-server1-list': HARD_ALL,
  'hard-global-log-file-list': HARD_ALL,
  'hard-global-timeout-5-list': HARD_ALL,
  'hard-global-wignore-list': HARD_ALL,
  'hard-created-heal-info': created('cliRep3'),
  'hard-created-heal': created('cliRep3'),
  'hard-created-getspec-rep3': created('cliRep3'),
  'hard-created-getspec': created('cliRep2'),
  'hard-getspec-stopped': [...started('cliRep2'), 'volume stop cliRep2'],
  'hard-validate-get-after-auth-allow-space': [...started('cliRep3'), "volume set cliRep3 auth.allow ab"],
  'hard-validate-get-after-cache-size-space': [...started('cliRep3'), 'volume set cliRep3 performance.cache-size 32MB'],
  ...Object.fromEntries(Object.entries(HARD_SETS).map(([k, set]) => [`hard-getspec-after-${k}`, [...started('cliRep3'), `volume set cliRep3 ${set}`]])),
} satisfies Record<string, string[]>);

// ---- add-brick (each capture's volume as the previous captures left it) ----
const DIST_PLUS_B3 = [...started('cliDist'), 'volume add-brick cliDist server3:/bricks/cli/dist/b3 force'];
const DR_PLUS_SET = [...started('cliDR'), 'volume add-brick cliDR server1:/bricks/cli/dr/b7 server2:/bricks/cli/dr/b8 server3:/bricks/cli/dr/b9 force'];
Object.assign(OVERRIDES, {
  'volume-add-brick-distribute.xml': DIST_PLUS_B3,
  'volume-info-after-add-brick': [...DIST_PLUS_B3, 'volume add-brick cliDist server1:/bricks/cli/dist/b4 force'],
  'volume-add-brick-replica-set.xml': DR_PLUS_SET,
  'volume-info-distributed-replicate-after-add-brick': [
    ...DR_PLUS_SET,
    'volume add-brick cliDR server1:/bricks/cli/dr/b10 server2:/bricks/cli/dr/b11 server3:/bricks/cli/dr/b12 force',
  ],
  'volume-add-brick-increase-replica-2-to-3': created('cliRep2'),
  'volume-info-after-replica-increase': [...created('cliRep2'), 'volume add-brick cliRep2 replica 3 server3:/bricks/cli/rep2/b3 force'],
  'volume-add-brick-error-brick-in-use': [...started('cliDist'), ...started('cliRep3')],
} satisfies Record<string, string[]>);

// ---- rebalance (cliDist had four bricks by then; a few files give the crawl something to move) ----
const DIST4 = [...DIST_PLUS_B3, 'volume add-brick cliDist server1:/bricks/cli/dist/b4 force'];
const DIST4_DONE = [...DIST4, 'volume rebalance cliDist start --wait'];
Object.assign(OVERRIDES, {
  ...Object.fromEntries(['start', 'start-2', 'start-force', 'fix-layout-start', 'error-stop-not-running'].map((n) => [`volume-rebalance-${n}`, DIST4])),
  'volume-rebalance-status-completed': DIST4_DONE,
  'volume-rebalance-stop-after-completed': DIST4_DONE,
  'volume-status-after-rebalance-completed': DIST4_DONE,
  'volume-rebalance-status-after-stop': [...DIST4_DONE, 'volume rebalance cliDist stop'],
  'volume-status-after-rebalance-stop': [...DIST4_DONE, 'volume rebalance cliDist stop'],
  'volume-rebalance-status-fix-layout-completed': [...DIST4, 'volume rebalance cliDist fix-layout start --wait'],
  'volume-rebalance-status-fix-layout': [...DIST4, 'volume rebalance cliDist fix-layout start --wait'],
  'volume-rebalance-stop-after-completed.xml': [...DIST4_DONE, 'volume rebalance cliDist stop'],
  // cliOne had grown to two bricks and was not running by then
  'volume-rebalance-error-stopped-volume-distribute': [...created('cliOne'), 'volume add-brick cliOne server2:/bricks/cli/one/b2 force'],
  'volume-rebalance-error-stopped-replicate-volume': created('cliRep2'),
} satisfies Record<string, string[]>);

// ---- remove-brick (cliDist of four bricks, cliDR grown to 4 x 3; each capture after the one before) ----
const RB = (b: string, op: string) => `volume remove-brick cliDist server${b === 'b3' ? 3 : 1}:/bricks/cli/dist/${b} ${op}`;
const RB_DONE = [...DIST4, RB('b1', 'start --wait')];
const DR4 = [...DR_PLUS_SET, 'volume add-brick cliDR server1:/bricks/cli/dr/b10 server2:/bricks/cli/dr/b11 server3:/bricks/cli/dr/b12 force'];
const DR3 = [...DR4, 'volume remove-brick cliDR server1:/bricks/cli/dr/b10 server2:/bricks/cli/dr/b11 server3:/bricks/cli/dr/b12 force'];
Object.assign(OVERRIDES, {
  ...Object.fromEntries(
    ['start-mode-script', 'start-prompt-answer-n', 'start-prompt-answer-y', 'start-prompt-stdin-eof', 'error-commit-without-start', 'status-error-not-started', 'stop-error-not-started', 'force-prompt-answer-n', 'force-prompt-answer-y', 'force-prompt-stdin-eof', 'error-bad-syntax', 'error-brick-not-in-volume']
      .map((n) => [`volume-remove-brick-${n}`, DIST4]),
  ),
  'volume-remove-brick-start.xml': DIST4,
  ...Object.fromEntries(
    ['remove-brick-status-completed', 'remove-brick-commit-no-prompt', 'remove-brick-error-start-while-running', 'remove-brick-error-status-wrong-brick', 'status-after-remove-brick-completed', 'rebalance-status-during-remove-brick']
      .map((n) => [`volume-${n}`, RB_DONE]),
  ),
  'volume-remove-brick-commit-error-brick-not-in-volume': [...RB_DONE, RB('b1', 'commit')],
  'volume-info-after-remove-brick-commit': [...RB_DONE, RB('b1', 'commit')],
  'volume-remove-brick-status-after-stop': [...RB_DONE, RB('b1', 'stop')],
  'volume-remove-brick-commit.xml': [...DIST4, RB('b3', 'start --wait')],
  'volume-remove-brick-force.xml': [...DIST4, 'volume add-brick cliDist server1:/bricks/cli/dist/b5 force'],
  // by then cliDist had b2 and b4 only
  'volume-remove-brick-error-last-brick': [...started('cliDist'), 'volume add-brick cliDist server1:/bricks/cli/dist/b4 force', RB('b1', 'force')],
  ...Object.fromEntries(
    ['error-reduce-replica-with-start', 'error-replica-bricks-from-different-sets', 'error-replica-wrong-count', 'replica-set-force'].map((n) => [`volume-remove-brick-${n}`, DR4]),
  ),
  'volume-remove-brick-reduce-replica-3-to-2-force': DR3,
  'volume-info-after-replica-reduce': [...DR3, 'volume remove-brick cliDR replica 2 server3:/bricks/cli/dr/b3 server3:/bricks/cli/dr/b6 server3:/bricks/cli/dr/b9 force'],
} satisfies Record<string, string[]>);

// ---- replace-brick, reset-brick (cliRep3's third brick was replaced twice; reset-brick ran on b2 then) ----
const REPLACE_B3 = 'volume replace-brick cliRep3 server3:/bricks/cli/rep3/b3 server3:/bricks/cli/rep3/b3new commit force';
const REPLACE_B3NEW = 'volume replace-brick cliRep3 server3:/bricks/cli/rep3/b3new server3:/bricks/cli/rep3/b3new2 commit force';
const RESET_B2 = 'volume reset-brick cliRep3 server2:/bricks/cli/rep3/b2';
Object.assign(OVERRIDES, {
  'volume-replace-brick-commit-force.xml': [...started('cliRep3'), REPLACE_B3],
  // by then cliRep3's options had been set and reset (volume-info-after-reset-all)
  'volume-info-after-replace-brick': [...started('cliRep3'), ...REP3_BEFORE_RESET, 'volume reset cliRep3', REPLACE_B3, REPLACE_B3NEW],
  'volume-status-brick-down-rep3': [...started('cliRep3'), REPLACE_B3, REPLACE_B3NEW, 'debug kill-brick cliRep3 server3:/bricks/cli/rep3/b3new2'],
  'volume-status-shd-after-heal-disable': [...started('cliRep3'), REPLACE_B3, REPLACE_B3NEW, 'volume set cliRep3 cluster.self-heal-daemon disable'],
} satisfies Record<string, string[]>);

// ---- heal (the heal captures ran on cliRep3 after its third brick was replaced by b3new2) ----
const REP3_HEAL_VOL =
  'volume create cliRep3 replica 3 server1:/bricks/cli/rep3/b1 server2:/bricks/cli/rep3/b2 server3:/bricks/cli/rep3/b3new2 force';
const REP3_HEAL = [REP3_HEAL_VOL, 'volume start cliRep3'];
const KILL_B3 = 'debug kill-brick cliRep3 server3:/bricks/cli/rep3/b3new2';
/** Ten pending entries while b3new2 is down: two files written, five made, their directories. */
const REP3_PENDING = [
  ...REP3_HEAL,
  'fs mkdir -p cliRep3:/dirA/sub',
  'fs touch cliRep3:/file1 cliRep3:/file2',
  KILL_B3,
  'fs truncate -s 5 cliRep3:/file1 cliRep3:/file2',
  'fs touch cliRep3:/new1 cliRep3:/new2 cliRep3:/new3 cliRep3:/dirA/a1 cliRep3:/dirA/sub/s1',
];
const SB_HEAL = [...started('cliSB'), 'volume heal cliSB disable', 'fs touch cliSB:/notsb'];
Object.assign(OVERRIDES, {
  ...Object.fromEntries(
    ['disable', 'enable', 'full', 'granular-entry-heal-disable', 'granular-entry-heal-enable', 'index-no-pending', 'info-no-pending',
      'info-summary-no-pending', 'statistics-heal-count-no-pending', 'statistics-heal-count-replica', 'info-split-brain-none', 'error-bad-subcommand']
      .map((n) => [`heal-${n}`, REP3_HEAL]),
  ),
  'heal-index-when-disabled': [...REP3_HEAL, 'volume heal cliRep3 disable'],
  'heal-index-when-shd-off': [...REP3_HEAL, 'volume set cliRep3 cluster.self-heal-daemon off'],
  'heal-statistics-heal-count-error-shd-off': [...REP3_HEAL, 'volume set cliRep3 cluster.self-heal-daemon off'],
  'heal-full-brick-down': [...REP3_PENDING],
  'heal-index-brick-down': [...REP3_PENDING],
  'heal-info-pending-brick-down': [...REP3_PENDING],
  'heal-info-summary-pending-brick-down': [...REP3_PENDING],
  'heal-statistics-heal-count-pending-brick-down': [...REP3_PENDING],
  'heal-index-pending': [...REP3_PENDING, 'volume start cliRep3 force'],
  'heal-info-after-heal-completed': [...REP3_PENDING, 'volume start cliRep3 force', 'volume heal cliRep3'],
  'heal-error-stopped-volume': created('cliRep2'),
  'heal-info-error-stopped-volume': created('cliRep2'),
  ...Object.fromEntries(
    ['error-brick-not-in-volume', 'error-missing-file-arg', 'error-nonexistent-file', 'error-not-in-split-brain', 'error-relative-path', 'source-brick-angle-gfid-form-error']
      .map((n) => [`heal-split-brain-${n}`, SB_HEAL]),
  ),
  'heal-statistics-heal-count-split-brain': SB_HEAL,
} satisfies Record<string, string[]>);

// reset-brick ran on that same cliRep3 (b3new2), each capture after the one before
const RESET_STARTED = [...REP3_HEAL, `${RESET_B2} start`];
Object.assign(OVERRIDES, {
  'volume-reset-brick-error-commit-without-start': REP3_HEAL,
  'volume-reset-brick-start': REP3_HEAL,
  'volume-reset-brick-error-different-dest': REP3_HEAL,
  'volume-reset-brick-error-brick-not-in-volume': REP3_HEAL,
  'volume-reset-brick-error-bad-syntax': REP3_HEAL,
  'volume-reset-brick-start-again-succeeds': RESET_STARTED,
  'volume-status-after-reset-brick-start': RESET_STARTED,
  'volume-reset-brick-commit-no-force': RESET_STARTED,
  'volume-reset-brick-commit-force': RESET_STARTED,
  'volume-status-after-reset-brick-commit': [...RESET_STARTED, `${RESET_B2} server2:/bricks/cli/rep3/b2 commit force`],
} satisfies Record<string, string[]>);

/** Case names (without .xml) sharing their plain sibling's state. */
function baseName(name: string): string {
  return name.replace(/\.xml$/, '');
}

/** Setup for a case without the loop-mounted filesystem (see setupFor). */
function volumeSetup(name: string, command: string): string[] {
  const o = OVERRIDES[name] ?? OVERRIDES[baseName(name)];
  if (o) return o;
  if (/^gluster( --mode=script)? volume create /.test(command)) return [];
  const names = [...new Set(command.match(/\bcli[A-Z][A-Za-z0-9]*/g) ?? [])];
  return names.filter((v) => VOLUMES[v]).flatMap((v) => started(v));
}

/** The capture's loop-mounted ext4 (a filesystem of its own, so no `force` needed below it). */
const FS_MOUNT = '/bricks/cli/fs';

/**
 * Setup for a case: its override, else every capture volume named in the command, started; a
 * fresh tmpfs at /bricks/cli/fs first when the case or its setup uses that filesystem.
 */
export function setupFor(name: string, command: string): string[] {
  const steps = volumeSetup(name, command);
  const usesFs = [command, ...steps].some((l) => l.includes(FS_MOUNT));
  return usesFs ? [`${TMPFS_STEP}${FS_MOUNT}`, ...steps] : steps;
}

/** Cases whose command must run without its bricks' parent directories being created first. */
export const NO_BRICK_PARENTS = new Set(['volume-create-error-brick-parent-missing']);
