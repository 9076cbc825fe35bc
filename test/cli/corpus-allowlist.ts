// Corpus cases the harness does not hold tgluster to yet, each with the reason. A case listed here
// is skipped; everything else in fixtures/corpus must match real gluster byte for byte.

const BRICK_OPS =
  'the whole cluster after add-brick, remove-brick and replace-brick (cliDR 3 x 2, cliDist, cliRep2, cliRep3, diskDist3); not built yet';
const ADD_BRICK = 'state reached with add-brick (not built yet)';
const REMOVE_BRICK = 'state reached with remove-brick (not built yet)';
const RESET_BRICK = 'volume reset-brick is not built yet';
const REBALANCE = 'state reached with rebalance (not built yet)';
const REPLACED = 'cliRep3 after replace-brick (brick b3new2); replace-brick is not built yet';
const PREP_AT_CREATE =
  'tgluster prepares brick roots at create as well as at start (volume-prep.ts), so the root trusted.gfid is there after create; 10.3 sets it when the brick process starts';
const CLIENTS = 'lists FUSE clients connected to the bricks; tgluster has no client connections';

const LOGDIR =
  "deliberate (README): tgluster's logs live in its state dir (<TGLUSTER_HOME>/log), and --print-logdir names that; /var/log/glusterfs belongs to a real GlusterFS";

const LIST: Record<string, string> = {
  'global-print-logdir': LOGDIR,
  'hard-global-add-brick-root-partition-no-force': 'volume add-brick is not built yet',
  'hard-global-wignore-add-brick': 'volume add-brick is not built yet',
  'hard-global-wignore-partition-add-brick': 'volume add-brick is not built yet',
  'hard-global-print-logdir': LOGDIR,
  'hard-global-print-logdir-extra': LOGDIR,
  'hard-global-print-logdir-then-version': LOGDIR,
  // Deliberate difference (README): tgluster keeps GlusterFS 3.x's `stripe N`; 10.3 rejects it.
  'volume-create-error-stripe': 'tgluster accepts stripe on purpose (GlusterFS 3.x grammar)',
  'volume-create-error-stripe.xml': 'tgluster accepts stripe on purpose (GlusterFS 3.x grammar)',
  'extra-thin-arbiter-ondisk-created': PREP_AT_CREATE,
  'volume-info-all-keyword': BRICK_OPS,
  'volume-info-all-keyword.xml': BRICK_OPS,
  'volume-info-after-add-brick': ADD_BRICK,
  'volume-info-after-add-brick.xml': ADD_BRICK,
  'volume-info-after-replica-increase': ADD_BRICK,
  'volume-info-after-replica-increase.xml': ADD_BRICK,
  'volume-info-distributed-replicate-after-add-brick': ADD_BRICK,
  'volume-info-distributed-replicate-after-add-brick.xml': ADD_BRICK,
  'volume-info-after-remove-brick-commit': REMOVE_BRICK,
  'volume-info-after-remove-brick-commit.xml': REMOVE_BRICK,
  'volume-info-after-replica-reduce': REMOVE_BRICK,
  'volume-info-after-replica-reduce.xml': REMOVE_BRICK,
  'volume-info-after-replace-brick': 'state reached with replace-brick (not built yet)',
  'volume-info-after-replace-brick.xml': 'state reached with replace-brick (not built yet)',
  'volume-status-after-remove-brick-completed': REMOVE_BRICK,
  'volume-status-after-remove-brick-completed.xml': REMOVE_BRICK,
  'volume-status-during-remove-brick': REMOVE_BRICK,
  'volume-status-during-remove-brick.xml': REMOVE_BRICK,
  'volume-status-after-rebalance-completed': REBALANCE,
  'volume-status-after-rebalance-completed.xml': REBALANCE,
  'volume-status-after-rebalance-stop': REBALANCE,
  'volume-status-during-rebalance': REBALANCE,
  'volume-status-during-rebalance.xml': REBALANCE,
  'volume-status-after-reset-brick-commit': RESET_BRICK,
  'volume-status-after-reset-brick-start': RESET_BRICK,
  'volume-status-clients': CLIENTS,
  'volume-status-clients.xml': CLIENTS,
  'volume-status-client-list': CLIENTS,
  'volume-status-client-list.xml': CLIENTS,
  'volume-status-brick-down-rep3': REPLACED,
  'volume-status-brick-down-rep3.xml': REPLACED,
  'volume-status-shd-after-heal-disable': REPLACED,
  'volume-status-shd-after-heal-disable.xml': REPLACED,
};

for (const n of [
  'commit-force', 'commit-no-force', 'error-brick-not-in-volume', 'error-commit-without-start',
  'error-different-dest', 'error-nonexistent-volume', 'start-again-succeeds', 'start-distribute', 'start',
]) {
  LIST[`volume-reset-brick-${n}`] = RESET_BRICK;
  LIST[`volume-reset-brick-${n}.xml`] = RESET_BRICK;
}

export const ALLOWLIST: Readonly<Record<string, string>> = LIST;
