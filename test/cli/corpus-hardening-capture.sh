#!/bin/bash
# Captures "hardening" cases from the real gluster 10.3 CLI into fixtures/corpus-extra/hard-*.txt, in
# the reference corpus format: trailing words after complete commands, malformed option values,
# global options, system:: getspec, and heal/brick commands on volumes that do not exist.
# Needs gluster + a running glusterd (root). Run by hand: bash test/cli/corpus-hardening-capture.sh
# Re-runnable: it removes its own volumes (cliRep3 cliDist cliRep2 cliArb cliDR cliW cliW2 cliW3) and
# /bricks/cli first and at the end. It never touches other volumes (another agent's ha*), but the
# cases whose output lists ALL volumes wait until `volume list` shows exactly the expected set.
# Setups each case needs (when not "every cli* volume named in the command, created and started")
# are listed in /work/research/cli-findings.md.
set -u
out="$(dirname "$0")/../../fixtures/corpus-extra"
mkdir -p "$out"
. "$(dirname "$0")/corpus-capture-lib.sh"

MINE='cliRep3 cliDist cliRep2 cliArb cliDR cliW cliW2 cliW3'
declare -A CREATE=(
  [cliRep3]='volume create cliRep3 replica 3 server1:/bricks/cli/rep3/b1 server2:/bricks/cli/rep3/b2 server3:/bricks/cli/rep3/b3 force'
  [cliDist]='volume create cliDist server1:/bricks/cli/dist/b1 server2:/bricks/cli/dist/b2 force'
  [cliRep2]='volume create cliRep2 replica 2 server1:/bricks/cli/rep2/b1 server2:/bricks/cli/rep2/b2 force'
  [cliArb]='volume create cliArb replica 3 arbiter 1 server1:/bricks/cli/arb/b1 server2:/bricks/cli/arb/b2 server3:/bricks/cli/arb/b3 force'
  [cliDR]='volume create cliDR replica 3 server1:/bricks/cli/dr/b1 server2:/bricks/cli/dr/b2 server3:/bricks/cli/dr/b3 server1:/bricks/cli/dr/b4 server2:/bricks/cli/dr/b5 server3:/bricks/cli/dr/b6 force'
)
MAIN='cliRep3 cliDist cliRep2 cliArb cliDR'

g() { gluster --mode=script "$@" >/dev/null 2>&1; }
pgrep -x glusterd >/dev/null || { glusterd; sleep 3; }

cleanup() {
  local v
  for v in $MINE; do
    if gluster volume info "$v" >/dev/null 2>&1; then g volume stop "$v" force; g volume delete "$v"; fi
  done
  rm -rf /bricks/cli
}
mkvol() { # NAME: create it with the replay harness's command (brick parents first)
  local v=$1 b
  for b in ${CREATE[$v]}; do case $b in server*:/*) mkdir -p "$(dirname "${b#*:}")" ;; esac; done
  g ${CREATE[$v]}
}
# Wait (up to 15 min; WAIT_TRIES polls of 2 s) until `gluster volume list` is exactly the given
# names; 1 if it never is (the cases are then skipped, earlier captures kept).
wait_only() {
  local want got i
  want=$(printf '%s\n' "$@" | sed '/^$/d' | sort | tr '\n' ' ')
  for i in $(seq "${WAIT_TRIES:-450}"); do
    got=$(gluster volume list 2>/dev/null | grep -vx 'No volumes present in cluster' | sort | tr '\n' ' ')
    [ "$got" = "$want" ] && return 0
    [ $((i % 30)) = 1 ] && echo "waiting for volume list to be [$want] (is [$got])" >&2
    sleep 2
  done
  echo "SKIPPED: volume list never was [$want]" >&2; return 1
}
freshvol() { # NAME: delete and re-create + start it (drops every option the cases left behind)
  g volume stop "$1" force; g volume delete "$1"
  for b in ${CREATE[$1]}; do case $b in server*:/*) rm -rf "${b#*:}" ;; esac; done
  mkvol "$1"; g volume start "$1"
}
# capset NAME KEY VALUE: `volume set cliRep3 KEY VALUE` on a fresh cliRep3 (the replay starts
# every case from one).
capset() {
  cap "$1" '' "gluster volume set cliRep3 $2 $3"
  # `volume reset KEY` is not enough: it would also drop what create set (nfs.disable on,
  # performance.client-io-threads off, ...), so a volume that took the value is re-created.
  [ "$(sed -n '/^===== exit code/{n;p}' "$out/$1.txt")" = 0 ] && freshvol cliRep3
  return 0
}

cleanup

############################################################################################
# Phase 0: no cli volumes at all (the replay's default setup for commands naming none).
############################################################################################
if wait_only; then
  cap hard-trailing-volume-list-empty '' 'gluster volume list extra'
  cap hard-trailing-volume-list-empty-two '' 'gluster volume list extra extra2'
  cap hard-trailing-volume-list-empty.xml '' 'gluster volume list extra --xml'
  cap hard-trailing-volume-info-all-empty '' 'gluster volume info all extra'
  cap hard-global-remote-host-server1-empty '' 'gluster --remote-host=server1 volume list'
  cap hard-global-timeout-5-empty '' 'gluster --timeout=5 volume list'
fi

# --wignore / --wignore-partition / replica warnings (each creates its own volume; deleted after).
wcase() { # NAME CMD VOL: capture CMD (a create), then delete VOL and its bricks
  mkdir -p /bricks/cli/w /bricks/cli/w2 /bricks/cli/w3
  cap "$1" '' "$2"
  g volume delete "$3"; rm -rf /bricks/cli/w /bricks/cli/w2 /bricks/cli/w3
}
wcase hard-global-create-root-partition-no-force 'gluster --mode=script volume create cliW server1:/bricks/cli/w/b1' cliW
wcase hard-global-wignore-create-root-partition 'gluster --mode=script --wignore volume create cliW server1:/bricks/cli/w/b1' cliW
wcase hard-global-wignore-create-root-partition-interactive 'gluster --wignore volume create cliW server1:/bricks/cli/w/b1' cliW
wcase hard-global-wignore-create-root-partition.xml 'gluster --mode=script --wignore volume create cliW server1:/bricks/cli/w/b1 --xml' cliW
wcase hard-global-wignore-partition-create-root-partition 'gluster --mode=script --wignore-partition volume create cliW server1:/bricks/cli/w/b1' cliW
wcase hard-global-wignore-after-command 'gluster --mode=script volume create cliW server1:/bricks/cli/w/b1 --wignore' cliW
wcase hard-global-replica3-one-host-no-force 'gluster --mode=script volume create cliW2 replica 3 server1:/bricks/cli/w2/b1 server1:/bricks/cli/w2/b2 server1:/bricks/cli/w2/b3' cliW2
wcase hard-global-replica3-one-host-wignore 'gluster --mode=script --wignore volume create cliW2 replica 3 server1:/bricks/cli/w2/b1 server1:/bricks/cli/w2/b2 server1:/bricks/cli/w2/b3' cliW2
wcase hard-global-replica3-one-host-wignore-partition 'gluster --mode=script --wignore-partition volume create cliW2 replica 3 server1:/bricks/cli/w2/b1 server1:/bricks/cli/w2/b2 server1:/bricks/cli/w2/b3' cliW2
wcase hard-global-replica3-one-host-interactive 'gluster volume create cliW2 replica 3 server1:/bricks/cli/w2/b1 server1:/bricks/cli/w2/b2 server1:/bricks/cli/w2/b3' cliW2
wcase hard-global-replica3-one-host-wignore-interactive 'gluster --wignore volume create cliW2 replica 3 server1:/bricks/cli/w2/b1 server1:/bricks/cli/w2/b2 server1:/bricks/cli/w2/b3' cliW2
wcase hard-global-replica3-three-hosts-no-force 'gluster --mode=script volume create cliW2 replica 3 server1:/bricks/cli/w2/b1 server2:/bricks/cli/w2/b2 server3:/bricks/cli/w2/b3' cliW2
wcase hard-global-replica2-prompt-eof 'gluster volume create cliW3 replica 2 server1:/bricks/cli/w3/b1 server2:/bricks/cli/w3/b2' cliW3
wcase hard-global-replica2-prompt-eof-wignore 'gluster --wignore volume create cliW3 replica 2 server1:/bricks/cli/w3/b1 server2:/bricks/cli/w3/b2' cliW3
wcase hard-global-replica2-script 'gluster --mode=script volume create cliW3 replica 2 server1:/bricks/cli/w3/b1 server2:/bricks/cli/w3/b2' cliW3
wcase hard-global-replica2-script-wignore 'gluster --mode=script --wignore volume create cliW3 replica 2 server1:/bricks/cli/w3/b1 server2:/bricks/cli/w3/b2' cliW3
wcase hard-global-replica2-script-force 'gluster --mode=script volume create cliW3 replica 2 server1:/bricks/cli/w3/b1 server2:/bricks/cli/w3/b2 force' cliW3
mkdir -p /bricks/cli/w3
cap hard-global-replica2-prompt-answer-y $'y\n' 'gluster --wignore volume create cliW3 replica 2 server1:/bricks/cli/w3/b1 server2:/bricks/cli/w3/b2'
g volume delete cliW3; rm -rf /bricks/cli/w3; mkdir -p /bricks/cli/w3
cap hard-global-replica2-prompt-answer-n $'n\n' 'gluster --wignore volume create cliW3 replica 2 server1:/bricks/cli/w3/b1 server2:/bricks/cli/w3/b2'
g volume delete cliW3; rm -rf /bricks/cli/w3

# Global options that need no volume.
cap hard-global-print-logdir '' 'gluster --print-logdir'
cap hard-global-print-logdir-extra '' 'gluster --print-logdir extra'
cap hard-global-print-statedumpdir '' 'gluster --print-statedumpdir'
cap hard-global-print-logdir-then-version '' 'gluster --print-logdir --version'
cap hard-global-version-extra '' 'gluster --version extra'
cap hard-global-version-extra-two '' 'gluster --version extra extra2'
cap hard-global-help '' 'gluster --help'
cap hard-global-help-extra '' 'gluster --help extra'
cap hard-global-mode-interactive '' 'gluster --mode=interactive volume help'
cap hard-global-mode-bogus '' 'gluster --mode=bogus volume help'
cap hard-global-mode-no-value '' 'gluster --mode volume help'
cap hard-global-secure-mgmt-no '' 'gluster --secure-mgmt=no system:: uuid get'
cap hard-global-secure-mgmt-bogus '' 'gluster --secure-mgmt=maybe system:: uuid get'
cap hard-global-secure-mgmt-no-value '' 'gluster --secure-mgmt volume help'
cap hard-global-inet6 '' 'gluster --inet6 system:: uuid get'
cap hard-global-wignore-uuid '' 'gluster --wignore system:: uuid get'
cap hard-global-wignore-partition-uuid '' 'gluster --wignore-partition system:: uuid get'
cap hard-global-log-level-debug-uuid '' 'gluster --log-level=DEBUG system:: uuid get'
cap hard-global-log-level-empty '' 'gluster --log-level= volume help'
cap hard-global-log-file '' 'gluster --log-file=/tmp/hard-cli-log.log system:: uuid get'
rm -f /tmp/hard-cli-log.log
# gluster creates the log file's missing parent directories (mkdir -p); removed again after.
rm -rf /tmp/hard-nosuch
cap hard-global-log-file-creates-dirs '' 'gluster --log-file=/tmp/hard-nosuch/a/b/x.log system:: uuid get'
rm -rf /tmp/hard-nosuch
cap hard-global-nolog '' 'gluster --nolog system:: uuid get'
cap hard-global-nolog-value '' 'gluster --nolog=1 volume help'
cap hard-global-inet6-prefix '' 'gluster --inet6x system:: uuid get'
cap hard-global-remote-host-empty '' 'gluster --remote-host= system:: uuid get'
cap hard-global-glusterd-sock-empty '' 'gluster --glusterd-sock= system:: uuid get'
cap hard-global-xml-volume-help '' 'gluster --xml volume help'
cap hard-global-log-level-mixed-case '' 'gluster --log-level=Debug system:: uuid get'
cap hard-global-timeout-5 '' 'gluster --timeout=5 system:: uuid get'
cap hard-global-timeout-negative '' 'gluster --timeout=-1 volume help'
cap hard-global-timeout-empty '' 'gluster --timeout= volume help'
cap hard-global-remote-host-server1 '' 'gluster --remote-host=server1 system:: uuid get'
cap hard-global-remote-host-invalid '' 'gluster --remote-host=nosuchhost.invalid volume list'
cap hard-global-remote-host-invalid-help '' 'gluster --remote-host=nosuchhost.invalid volume help'
cap hard-global-glusterd-sock-missing '' 'gluster --glusterd-sock=/nonexistent/glusterd.socket volume list'
cap hard-global-glusterd-sock-default '' 'gluster --glusterd-sock=/var/run/glusterd.socket system:: uuid get'
cap hard-global-xml-uuid '' 'gluster --xml system:: uuid get'
cap hard-global-xml-twice '' 'gluster --xml --xml system:: uuid get'
cap hard-global-unknown-option '' 'gluster --frobnicate volume help'
cap hard-global-single-dash '' 'gluster -h'
cap hard-global-mode-script-after '' 'gluster volume help --mode=script'

# Nonexistent volume (class 5): no volume needed.
for c in 'volume heal nosuchvol info' 'volume heal nosuchvol' 'volume rebalance nosuchvol status' \
  'volume add-brick nosuchvol server1:/bricks/x' 'volume remove-brick nosuchvol server1:/bricks/x start' \
  'volume replace-brick nosuchvol server1:/a server1:/b commit force' 'volume reset-brick nosuchvol server1:/a start' \
  'system:: getspec nosuchvol'; do
  n=$(echo "$c" | sed 's/^volume //; s/system:: //; s/server1://g; s/[^A-Za-z0-9]\+/-/g; s/-$//')
  cap "hard-nosuchvol-$n" '' "gluster --mode=script $c"
  cap "hard-nosuchvol-$n.xml" '' "gluster --mode=script $c --xml"
done

############################################################################################
# Phase 1: cliRep3 and cliRep2 created, not started.
############################################################################################
mkvol cliRep3; mkvol cliRep2
cap hard-created-heal-info '' 'gluster volume heal cliRep3 info'
cap hard-created-heal-info.xml '' 'gluster volume heal cliRep3 info --xml'
cap hard-created-heal '' 'gluster volume heal cliRep3'
cap hard-created-getspec '' 'gluster system:: getspec cliRep2'
cap hard-created-getspec-rep3 '' 'gluster system:: getspec cliRep3'

############################################################################################
# Phase 2: cliRep3 cliDist cliRep2 cliArb cliDR created and started.
############################################################################################
for v in $MAIN; do gluster volume info "$v" >/dev/null 2>&1 || mkvol "$v"; g volume start "$v"; done

# --- 1. trailing words -------------------------------------------------------------------
if wait_only $MAIN; then
  cap hard-trailing-volume-list '' 'gluster volume list extra'
  cap hard-trailing-volume-list-two '' 'gluster volume list extra extra2'
  cap hard-trailing-volume-list.xml '' 'gluster volume list extra --xml'
  cap hard-global-remote-host-server1-list '' 'gluster --remote-host=server1 volume list'
  cap hard-global-log-file-list '' 'gluster --log-file=/tmp/hard-cli-log.log volume list'
  cap hard-global-timeout-5-list '' 'gluster --timeout=5 volume list'
  cap hard-global-wignore-list '' 'gluster --wignore volume list'
  rm -f /tmp/hard-cli-log.log
fi
T() { # NAME 'COMMAND-WITHOUT-gluster' [xml]: captures NAME, and NAME.xml when a 3rd arg is given
  cap "$1" '' "gluster $2"
  [ $# -ge 3 ] && cap "$1.xml" '' "gluster $2 --xml"
  return 0
}
T hard-trailing-volume-info-one 'volume info cliRep3 extra' x
T hard-trailing-volume-info-two 'volume info cliRep3 extra extra2' x
T hard-trailing-volume-info-all-one 'volume info all extra' x
T hard-trailing-volume-info-name-two 'volume info nosuchvol extra' x
T hard-trailing-volume-status-one 'volume status cliRep3 extra' x
T hard-trailing-volume-status-two 'volume status cliRep3 extra extra2' x
T hard-trailing-volume-status-detail-one 'volume status cliRep3 detail extra' x
T hard-trailing-volume-status-detail-two 'volume status cliRep3 detail extra extra2'
T hard-trailing-volume-status-all-one 'volume status all extra' x
T hard-trailing-volume-status-all-detail-one 'volume status all detail extra' x
T hard-trailing-volume-status-shd-one 'volume status cliRep3 shd extra'
T hard-trailing-volume-status-tasks-one 'volume status cliRep3 tasks extra'
T hard-trailing-volume-status-brick-one 'volume status cliRep3 server1:/bricks/cli/rep3/b1 extra'
T hard-trailing-volume-status-brick-detail-one 'volume status cliRep3 server1:/bricks/cli/rep3/b1 detail extra'
T hard-trailing-volume-start-one 'volume start cliRep3 extra' x
T hard-trailing-volume-start-two 'volume start cliRep3 extra extra2'
T hard-trailing-volume-start-force-one 'volume start cliRep3 force extra' x
T hard-trailing-volume-stop-one '--mode=script volume stop cliRep3 extra' x
T hard-trailing-volume-stop-two '--mode=script volume stop cliRep3 extra extra2'
T hard-trailing-volume-stop-force-one '--mode=script volume stop cliRep3 force extra' x
T hard-trailing-volume-delete-one '--mode=script volume delete cliRep3 extra' x
T hard-trailing-volume-delete-two '--mode=script volume delete cliRep3 extra extra2'
mkdir -p /bricks/cli/x
T hard-trailing-volume-create-one '--mode=script volume create cliX server1:/bricks/cli/x/b1 force extra' x
T hard-trailing-volume-create-two '--mode=script volume create cliX server1:/bricks/cli/x/b1 force extra extra2'
T hard-trailing-volume-create-brick-one '--mode=script volume create cliX server1:/bricks/cli/x/b1 extra'
rm -rf /bricks/cli/x
T hard-trailing-volume-set-one 'volume set cliRep3 performance.cache-size 256MB extra' x
T hard-trailing-volume-set-two 'volume set cliRep3 performance.cache-size 256MB extra extra2' x
T hard-trailing-volume-get-all-one 'volume get cliRep3 all extra' x
T hard-trailing-volume-get-all-two 'volume get cliRep3 all extra extra2'
T hard-trailing-volume-get-key-one 'volume get cliRep3 cluster.quorum-type extra' x
T hard-trailing-volume-get-allall-one 'volume get all all extra'
T hard-trailing-volume-reset-key-one 'volume reset cliRep3 performance.cache-size extra' x
T hard-trailing-volume-reset-key-force-one 'volume reset cliRep3 performance.cache-size force extra'
T hard-trailing-volume-reset-force-one 'volume reset cliRep3 force extra'
T hard-trailing-volume-reset-two 'volume reset cliRep3 extra extra2'
T hard-trailing-heal-one 'volume heal cliRep3 extra' x
T hard-trailing-heal-two 'volume heal cliRep3 extra extra2'
T hard-trailing-heal-info-one 'volume heal cliRep3 info extra' x
T hard-trailing-heal-info-two 'volume heal cliRep3 info extra extra2'
T hard-trailing-heal-info-summary-one 'volume heal cliRep3 info summary extra' x
T hard-trailing-heal-info-split-brain-one 'volume heal cliRep3 info split-brain extra'
T hard-trailing-heal-statistics-one 'volume heal cliRep3 statistics extra'
T hard-trailing-heal-statistics-heal-count-one 'volume heal cliRep3 statistics heal-count extra'
T hard-trailing-heal-enable-one 'volume heal cliRep3 enable extra'
T hard-trailing-heal-disable-one 'volume heal cliRep3 disable extra'
T hard-trailing-heal-full-one 'volume heal cliRep3 full extra'
T hard-trailing-heal-granular-enable-one 'volume heal cliRep3 granular-entry-heal enable extra'
T hard-trailing-heal-split-brain-bigger-file-one 'volume heal cliRep3 split-brain bigger-file /f extra'
T hard-trailing-heal-split-brain-source-brick-two 'volume heal cliRep3 split-brain source-brick server1:/bricks/cli/rep3/b1 /f extra'
T hard-trailing-rebalance-start-one 'volume rebalance cliDist start extra' x
T hard-trailing-rebalance-start-force-one 'volume rebalance cliDist start force extra'
T hard-trailing-rebalance-stop-one 'volume rebalance cliDist stop extra'
T hard-trailing-rebalance-status-one 'volume rebalance cliDist status extra' x
T hard-trailing-rebalance-status-two 'volume rebalance cliDist status extra extra2'
T hard-trailing-rebalance-fix-layout-one 'volume rebalance cliDist fix-layout start extra'
T hard-trailing-add-brick-one 'volume add-brick cliDist server1:/bricks/cli/dist/b3 extra' x
T hard-trailing-add-brick-force-one 'volume add-brick cliDist server1:/bricks/cli/dist/b3 force extra'
T hard-trailing-remove-brick-start-one 'volume remove-brick cliDist server2:/bricks/cli/dist/b2 start extra' x
T hard-trailing-remove-brick-status-one 'volume remove-brick cliDist server2:/bricks/cli/dist/b2 status extra'
T hard-trailing-remove-brick-commit-one '--mode=script volume remove-brick cliDist server2:/bricks/cli/dist/b2 commit extra'
T hard-trailing-remove-brick-force-two '--mode=script volume remove-brick cliDist server2:/bricks/cli/dist/b2 force extra extra2'
T hard-trailing-replace-brick-one 'volume replace-brick cliRep3 server3:/bricks/cli/rep3/b3 server3:/bricks/cli/rep3/b3new commit force extra' x
T hard-trailing-reset-brick-start-one 'volume reset-brick cliRep3 server3:/bricks/cli/rep3/b3 start extra' x
T hard-trailing-reset-brick-commit-one 'volume reset-brick cliRep3 server3:/bricks/cli/rep3/b3 server3:/bricks/cli/rep3/b3 commit extra'
T hard-trailing-reset-brick-commit-force-one 'volume reset-brick cliRep3 server3:/bricks/cli/rep3/b3 server3:/bricks/cli/rep3/b3 commit force extra'
T hard-trailing-profile-info-one 'volume profile cliRep3 info extra' x
T hard-trailing-profile-info-two 'volume profile cliRep3 info extra extra2'
T hard-trailing-profile-stop-one 'volume profile cliRep3 stop extra'
T hard-trailing-profile-start-one 'volume profile cliRep3 start extra'
g volume profile cliRep3 stop
T hard-trailing-profile-start-two 'volume profile cliRep3 start extra extra2'
g volume profile cliRep3 stop
T hard-trailing-profile-bogus-one 'volume profile cliRep3 bogus extra'
T hard-trailing-top-read-one 'volume top cliRep3 read extra' x
T hard-trailing-top-open-two 'volume top cliRep3 open extra extra2'
T hard-trailing-top-read-perf-one 'volume top cliRep3 read-perf extra'
T hard-trailing-quota-enable-one 'volume quota cliRep3 enable extra' x
T hard-trailing-quota-disable-one 'volume quota cliRep3 disable extra'
T hard-trailing-quota-list-one 'volume quota cliRep3 list extra'
T hard-trailing-quota-list-path-one 'volume quota cliRep3 list /d extra'
T hard-trailing-inode-quota-enable-one 'volume inode-quota cliRep3 enable extra'
T hard-trailing-quota-help-one 'volume quota help extra'
T hard-trailing-barrier-enable-one 'volume barrier cliRep3 enable extra' x
T hard-trailing-barrier-disable-two 'volume barrier cliRep3 disable extra extra2'
T hard-trailing-log-rotate-one 'volume log cliRep3 rotate extra' x
T hard-trailing-log-rotate-brick-one 'volume log cliRep3 rotate server1:/bricks/cli/rep3/b1 extra'
T hard-trailing-sync-one '--mode=script volume sync server1 extra' x
T hard-trailing-sync-all-one '--mode=script volume sync server1 all extra'
T hard-trailing-sync-vol-one '--mode=script volume sync server1 cliRep3 extra'
T hard-trailing-sync-prompt-eof 'volume sync server1 extra'
T hard-trailing-clear-locks-inode-one 'volume clear-locks cliRep3 / kind all inode extra' x
T hard-trailing-clear-locks-inode-range-one 'volume clear-locks cliRep3 / kind all inode 0,0-0 extra'
T hard-trailing-clear-locks-entry-two 'volume clear-locks cliRep3 / kind all entry extra extra2'
T hard-trailing-clear-locks-kind-one 'volume clear-locks cliRep3 / kind all extra'
T hard-trailing-statedump-one 'volume statedump cliRep3 extra' x
T hard-trailing-statedump-mem-one 'volume statedump cliRep3 mem extra'
T hard-trailing-tier-status-one 'volume tier cliRep3 status extra'
T hard-trailing-bitrot-enable-one 'volume bitrot cliRep3 enable extra'
T hard-trailing-bitrot-help-one 'volume bitrot help extra'
T hard-trailing-peer-status-one 'peer status extra' x
T hard-trailing-peer-status-two 'peer status extra extra2' x
T hard-trailing-peer-probe-one 'peer probe server1 extra' x
T hard-trailing-peer-detach-one '--mode=script peer detach server1 extra' x
T hard-trailing-peer-detach-force-one '--mode=script peer detach server1 force extra'
T hard-trailing-peer-help-one 'peer help extra'
T hard-trailing-pool-list-one 'pool list extra' x
T hard-trailing-pool-list-two 'pool list extra extra2' x
T hard-trailing-uuid-get-two 'system:: uuid get extra extra2' x
T hard-trailing-uuid-reset-one '--mode=script system:: uuid reset extra'
T hard-trailing-getspec-one 'system:: getspec cliRep3 extra'
T hard-trailing-getspec-two 'system:: getspec cliRep3 extra extra2'
T hard-trailing-getwd-one 'system:: getwd extra'
T hard-trailing-fsm-log-one 'system:: fsm log extra'
T hard-trailing-system-help-one 'system:: help extra'
T hard-trailing-get-state-one 'get-state extra' x
T hard-trailing-get-state-glusterd-one 'get-state glusterd extra'
T hard-trailing-get-state-detail-one 'get-state glusterd detail extra'
T hard-trailing-volume-help-one 'volume help extra'
T hard-trailing-volume-help-two 'volume help extra extra2'
T hard-trailing-global-help-two 'global help extra extra2'
T hard-trailing-snapshot-help-one 'snapshot help extra'
T hard-trailing-nfs-ganesha-one 'nfs-ganesha enable extra'

# --- 2. option validators on malformed values ---------------------------------------------
freshvol cliRep3   # profile start/stop above left diagnostics.* options behind
i=0
while IFS='|' read -r key val; do
  [ -z "$key" ] && continue
  i=$((i+1))
  capset "$(printf 'hard-validate-%02d-%s' $i "$(echo "$key" | tr . -)")" "$key" "$val"
done <<'CASES'
auth.allow|example..org
auth.allow|1.2.3.4.5
auth.allow|300.1.1.1
auth.allow|'*..com'
auth.allow|'a b'
auth.allow|' '
auth.allow|''
auth.allow|1.2.3.4/33
auth.allow|1.2.3.4/24
auth.allow|-host
auth.allow|host-
auth.allow|ho_st
auth.allow|'10.0.0.*'
auth.allow|fe80::1
auth.allow|a,
auth.allow|,a
auth.allow|a,,b
auth.allow|'*'
auth.reject|example..org
auth.reject|1.2.3.4/33
auth.reject|-host
auth.reject|a,,b
auth.reject|300.1.1.1
nfs.rpc-auth-allow|example..org
nfs.rpc-auth-allow|1.2.3.4/33
nfs.rpc-auth-reject|-host
performance.cache-size|12XB
performance.cache-size|-1
performance.cache-size|99999999999999999999
performance.cache-size|1.5GB
performance.cache-size|0x10
performance.cache-size|1kb
performance.cache-size|'1 KB'
performance.cache-size|1K
performance.cache-size|1k
performance.cache-size|1PB
performance.cache-size|' 32MB'
cluster.min-free-disk|101%
cluster.min-free-disk|-5%
cluster.min-free-disk|abc
cluster.min-free-disk|5.5
cluster.min-free-disk|5.5%
cluster.min-free-disk|10GB
cluster.min-free-inodes|101%
performance.readdir-ahead|yes
performance.readdir-ahead|Y
performance.readdir-ahead|tru
performance.readdir-ahead|2
performance.readdir-ahead|ON
features.read-only|Y
features.read-only|tru
cluster.self-heal-daemon|tru
performance.client-io-threads|tru
nfs.disable|tru
cluster.granular-entry-heal|on
cluster.quorum-type|AUTO
cluster.quorum-type|autox
cluster.favorite-child-policy|SIZE
cluster.favorite-child-policy|bogus
cluster.favorite-child-policy|majority
diagnostics.brick-log-level|debug
diagnostics.brick-log-level|INFOX
network.ping-timeout|10s
network.ping-timeout|1m
network.ping-timeout|1h
network.ping-timeout|-1
network.ping-timeout|abc
network.ping-timeout|1.5
performance.io-thread-count|0
performance.io-thread-count|65
performance.io-thread-count|abc
performance.io-thread-count|1.5
performance.io-thread-count|0x10
performance.md-cache-timeout|601
performance.md-cache-timeout|10s
client.event-threads|33
storage.owner-uid|-2
cluster.read-hash-mode|6
cluster.quorum-count|0
cluster.quorum-count|4
cluster.quorum-count|abc
performance.write-behind-window-size|1KB
performance.write-behind-window-size|2GB
features.shard-block-size|abc
performance.cache-priority|'*.jpg:x'
server.statedump-path|relative
server.statedump-path|/nonexistent-hard/dir
cluster.rebal-throttle|LAZY
cluster.rebal-throttle|bogus
transport.address-family|bogus
storage.linux-aio|tru
cluster.server-quorum-ratio|51
cluster.op-version|100000
cluster.brick-multiplex|on
nosuch.key|on
nosuchkey|on
cache-size|64MB
user.foo|anything
CASES
freshvol cliRep3
# Global options (`volume set all`): only values glusterd refuses (an accepted one would change
# the cluster for everyone).
i=0
while IFS='|' read -r key val; do
  i=$((i+1))
  cap "$(printf 'hard-validate-all-%02d-%s' $i "$(echo "$key" | tr . -)")" '' "gluster volume set all $key $val"
done <<'CASES'
cluster.server-quorum-ratio|101
cluster.server-quorum-ratio|abc
cluster.server-quorum-ratio|-5
cluster.op-version|abc
cluster.brick-multiplex|tru
cluster.max-bricks-per-process|abc
cluster.daemon-log-level|debug
cluster.localtime-logging|tru
performance.cache-size|64MB
nosuch.key|on
CASES
cap hard-validate-xml-cache-size.xml '' 'gluster volume set cliRep3 performance.cache-size 12XB --xml'
cap hard-validate-xml-quorum-type.xml '' 'gluster volume set cliRep3 cluster.quorum-type autox --xml'
cap hard-validate-xml-auth-allow.xml '' 'gluster volume set cliRep3 auth.allow example..org --xml'
# What a value glusterd keeps looks like afterwards (setup: started cliRep3 + the set).
g volume set cliRep3 auth.allow 'a b'
cap hard-validate-get-after-auth-allow-space '' 'gluster volume get cliRep3 auth.allow'
freshvol cliRep3
g volume set cliRep3 performance.cache-size ' 32MB'
cap hard-validate-get-after-cache-size-space '' 'gluster volume get cliRep3 performance.cache-size'
freshvol cliRep3

freshvol cliRep3
# --- 4. system:: getspec -------------------------------------------------------------------
for v in $MAIN; do
  cap "hard-getspec-$v" '' "gluster system:: getspec $v"
done
cap hard-getspec-cliRep3.xml '' 'gluster system:: getspec cliRep3 --xml'
cap hard-getspec-nosuchvol.xml '' 'gluster system:: getspec nosuchvol --xml'
cap hard-getspec-no-volume '' 'gluster system:: getspec'
getspec_after() { # NAME 'KEY VALUE': getspec cliRep3 after one set, then a fresh cliRep3 again
  g volume set cliRep3 $2
  cap "$1" '' 'gluster system:: getspec cliRep3'
  freshvol cliRep3
}
getspec_after hard-getspec-after-readdir-ahead-off 'performance.readdir-ahead off'
getspec_after hard-getspec-after-readdir-ahead-on 'performance.readdir-ahead on'
getspec_after hard-getspec-after-io-cache-on 'performance.io-cache on'
getspec_after hard-getspec-after-client-io-threads-on 'performance.client-io-threads on'
getspec_after hard-getspec-after-nl-cache-on 'performance.nl-cache on'
getspec_after hard-getspec-after-ping-timeout 'network.ping-timeout 10'
getspec_after hard-getspec-after-quorum-type 'cluster.quorum-type fixed'
getspec_after hard-getspec-after-quick-read-off 'performance.quick-read off'
getspec_after hard-getspec-after-latency-measurement 'diagnostics.latency-measurement on'
getspec_after hard-getspec-after-cache-size 'performance.cache-size 256MB'
g volume stop cliRep2
cap hard-getspec-stopped '' 'gluster system:: getspec cliRep2'
g volume start cliRep2

# --- 5. heal on a distribute volume ----------------------------------------------------------
T hard-heal-distribute-info 'volume heal cliDist info' x
T hard-heal-distribute 'volume heal cliDist' x
T hard-heal-distribute-info-summary 'volume heal cliDist info summary' x
T hard-heal-distribute-statistics 'volume heal cliDist statistics heal-count'

# --wignore / --wignore-partition on add-brick (a brick on the root partition, no force). Setup:
# started cliDist; the successful add changes it, so cliDist is re-created afterwards.
cap hard-global-add-brick-root-partition-no-force '' 'gluster volume add-brick cliDist server1:/bricks/cli/dist/b3'
cap hard-global-wignore-partition-add-brick '' 'gluster --wignore-partition volume add-brick cliDist server1:/bricks/cli/dist/b3'
cap hard-global-wignore-add-brick '' 'gluster --wignore volume add-brick cliDist server1:/bricks/cli/dist/b3'
freshvol cliDist

cleanup
echo "done: $(ls "$out"/hard-*.txt | wc -l) hard-* captures in $out" >&2
