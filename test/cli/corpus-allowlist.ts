import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const CAPTURED = new Set(
  ['corpus', 'corpus-extra'].flatMap((d) =>
    fs.readdirSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures', d)).map((f) => f.replace(/\.txt$/, '')),
  ),
);

// Corpus cases the harness does not hold tgluster to yet, each with the reason. A case listed here
// is skipped; everything else in fixtures/corpus must match real gluster byte for byte.

const BRICK_OPS =
  'the whole cluster after add-brick, remove-brick and replace-brick (cliDR 3 x 2, cliDist, cliRep2, cliRep3, diskDist3); not built yet';
const REBALANCE_RUNNING =
  'a rebalance or remove-brick in progress (a worker mid-run is no state the harness can copy): test/scenario/rebalance-cli.test.ts and remove-brick-cli.test.ts replay these captures against a worker held still after a checkpoint';
const PREP_AT_CREATE =
  'tgluster prepares brick roots at create as well as at start (volume-prep.ts), so the root trusted.gfid is there after create; 10.3 sets it when the brick process starts';
const CLIENTS = 'lists FUSE clients connected to the bricks; tgluster has no client connections';

const LOGDIR =
  "deliberate (README): tgluster's logs live in its state dir (<TGLUSTER_HOME>/log), and --print-logdir names that; /var/log/glusterfs belongs to a real GlusterFS";

const DISPERSE = 'disperse volumes have no data path in tgluster yet: their heal is refused as not supported';
const SB_SERIES =
  "state of the capture's cliSB split-brain series (files split by writes on alternately killed bricks, then resolved one after another); test/scenario/heal-split-brain-cli.test.ts replays the same steps and checks every message and exit code";
const REP3_HISTORY =
  "cliRep3's heal history in the capture (files written on the bricks behind GlusterFS's back, bricks restarted); test/scenario/heal-info.test.ts checks the same kinds of entries and names";
const CRAWL_TIMES = 'the self-heal daemon crawls on its own timers, so the number and times of crawls differ in every run; test/scenario/heal-cli.test.ts checks the format';

const LIST: Record<string, string> = {
  'global-print-logdir': LOGDIR,
  'hard-global-print-logdir': LOGDIR,
  'hard-global-print-logdir-extra': LOGDIR,
  'hard-global-print-logdir-then-version': LOGDIR,
  // Deliberate difference (README): tgluster keeps GlusterFS 3.x's `stripe N`; 10.3 rejects it.
  'volume-create-error-stripe': 'tgluster accepts stripe on purpose (GlusterFS 3.x grammar)',
  'volume-create-error-stripe.xml': 'tgluster accepts stripe on purpose (GlusterFS 3.x grammar)',
  'extra-thin-arbiter-ondisk-created': PREP_AT_CREATE,
  'volume-info-all-keyword': BRICK_OPS,
  'volume-info-all-keyword.xml': BRICK_OPS,
  'volume-status-clients': CLIENTS,
  'volume-status-clients.xml': CLIENTS,
  'volume-status-client-list': CLIENTS,
  'volume-status-client-list.xml': CLIENTS,
};

for (const n of ['volume-remove-brick-status-running', 'volume-remove-brick-status-running.xml', 'volume-status-during-remove-brick', 'volume-status-during-remove-brick.xml', 'volume-remove-brick-error-commit-before-complete', 'volume-remove-brick-error-commit-before-complete.xml', 'volume-remove-brick-stop', 'volume-remove-brick-stop.xml']) {
  LIST[n] = REBALANCE_RUNNING;
}
for (const n of ['volume-rebalance-status-running', 'volume-rebalance-status-running-2', 'volume-rebalance-status-running.xml', 'volume-status-during-rebalance', 'volume-status-during-rebalance.xml', 'volume-rebalance-error-already-started', 'volume-rebalance-error-already-started.xml', 'volume-rebalance-stop']) {
  LIST[n] = REBALANCE_RUNNING;
}
for (const n of ['disperse-index', 'disperse-info', 'disperse-info-summary']) {
  LIST[`heal-${n}`] = DISPERSE;
  LIST[`heal-${n}.xml`] = DISPERSE;
}
for (const n of ['info-pending-paths-after-lookup', 'info-summary-pending-all-bricks-up', 'info-pending-gfid-entries-after-brick-restart']) {
  LIST[`heal-${n}`] = REP3_HISTORY;
  LIST[`heal-${n}.xml`] = REP3_HISTORY;
}
LIST['heal-statistics'] = CRAWL_TIMES;
LIST['heal-statistics.xml'] = CRAWL_TIMES;
for (const n of [
  'info-after-gfid-resolution-and-index-heal', 'info-after-gfid-resolution', 'info-after-source-brick-all', 'info-split-brain-before-source-brick-all',
  'info-split-brain-entries', 'info-split-brain', 'info-summary-split-brain', 'split-brain-bigger-file-error-equal-size',
  'split-brain-bigger-file-metadata-split-brain', 'split-brain-bigger-file', 'split-brain-gfid-mismatch-bigger-file-equal-size',
  'split-brain-gfid-mismatch-error-gfid-form', 'split-brain-gfid-mismatch-latest-mtime', 'split-brain-gfid-mismatch-latest-mtime-rerun-after-resolved',
  'split-brain-gfid-mismatch-source-brick-path', 'split-brain-latest-mtime-ctime-off', 'split-brain-latest-mtime-error-no-difference-2',
  'split-brain-latest-mtime-error-no-difference-after-bigger-file-attempt', 'split-brain-latest-mtime-error-no-difference-ctime-on',
  'split-brain-latest-mtime-metadata-split-brain', 'split-brain-source-brick-all-files', 'split-brain-source-brick-file', 'split-brain-source-brick-gfid-form',
]) {
  LIST[`heal-${n}`] = SB_SERIES;
  LIST[`heal-${n}.xml`] = SB_SERIES;
}
// Only the cases that exist (not every one was captured in both formats).
for (const k of Object.keys(LIST)) if (!CAPTURED.has(k)) delete LIST[k];

export const ALLOWLIST: Readonly<Record<string, string>> = LIST;
