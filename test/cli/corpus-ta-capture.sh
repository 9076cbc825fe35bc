#!/bin/bash
# Captures thin-arbiter volume cases (replica 2 thin-arbiter 1) from the real gluster 10.3 into
# fixtures/corpus/extra-thin-arbiter-*.txt, in the reference corpus format, plus the bricks'
# extended attributes (getfattr) after create and after start.
# Needs gluster + a running glusterd (never stopped here). It creates and deletes only the
# volumes m4ta, m4tb, m4tc and m4td, with bricks under /bricks/m4. Run by hand: bash test/cli/corpus-ta-capture.sh
set -u
out="$(dirname "$0")/../../fixtures/corpus"
. "$(dirname "$0")/corpus-capture-lib.sh"

reset_all() {
  for v in m4ta m4tb m4tc m4td; do
    if gluster volume info "$v" >/dev/null 2>&1; then
      gluster --mode=script volume stop "$v" force >/dev/null 2>&1
      gluster --mode=script volume delete "$v" >/dev/null
    fi
  done
  rm -rf /bricks/m4
  mkdir -p /bricks/m4/ta /bricks/m4/tb /bricks/m4/tc
}
TA='server1:/bricks/m4/ta/b1 server2:/bricks/m4/ta/b2 server3:/bricks/m4/ta/ta'
CREATE_TA="gluster volume create m4ta replica 2 thin-arbiter 1 $TA force"
XATTRS='getfattr --absolute-names -d -m . -e hex /bricks/m4/ta/b1 /bricks/m4/ta/b2 /bricks/m4/ta/ta'

reset_all
cap extra-thin-arbiter-create '' "$CREATE_TA"
cap extra-thin-arbiter-ondisk-created '' "$XATTRS"
cap extra-thin-arbiter-info '' 'gluster volume info m4ta'
cap extra-thin-arbiter-info.xml '' 'gluster volume info m4ta --xml'
cap extra-thin-arbiter-get-quorum-type '' 'gluster volume get m4ta cluster.quorum-type'
# The other replicate options a thin-arbiter volume's create sets or leaves at their replica 2 defaults.
for k in quorum-count granular-entry-heal self-heal-daemon; do
  cap "extra-thin-arbiter-get-$k" '' "gluster volume get m4ta cluster.$k"
done
cap extra-thin-arbiter-get-client-io-threads '' 'gluster volume get m4ta performance.client-io-threads'
cap extra-thin-arbiter-status-not-started '' 'gluster volume status m4ta'
cap extra-thin-arbiter-start '' 'gluster volume start m4ta'
cap extra-thin-arbiter-ondisk-started '' "$XATTRS"
cap extra-thin-arbiter-status '' 'gluster volume status m4ta'
cap extra-thin-arbiter-status.xml '' 'gluster volume status m4ta --xml'
gluster --mode=script volume stop m4ta >/dev/null
cap extra-thin-arbiter-delete '' 'gluster --mode=script volume delete m4ta'

reset_all
cap extra-thin-arbiter-create.xml '' "$CREATE_TA --xml"

# Distributed: one thin-arbiter brick serves every replica pair.
reset_all
gluster --mode=script volume create m4tb replica 2 thin-arbiter 1 server1:/bricks/m4/tb/b1 server2:/bricks/m4/tb/b2 \
  server3:/bricks/m4/tb/b3 server1:/bricks/m4/tb/b4 server2:/bricks/m4/tb/ta force >/dev/null
cap extra-thin-arbiter-2x2-info '' 'gluster volume info m4tb'
cap extra-thin-arbiter-2x2-info.xml '' 'gluster volume info m4tb --xml'
gluster volume start m4tb >/dev/null
cap extra-thin-arbiter-2x2-status '' 'gluster volume status m4tb'

# Refusals, and what glusterd does not check about the thin-arbiter brick.
reset_all
cap extra-thin-arbiter-error-replica3 '' "gluster volume create m4tc replica 3 thin-arbiter 1 server1:/bricks/m4/tc/b1 server2:/bricks/m4/tc/b2 server3:/bricks/m4/tc/b3 server1:/bricks/m4/tc/ta force"
cap extra-thin-arbiter-error-count2 '' "gluster volume create m4tc replica 2 thin-arbiter 2 server1:/bricks/m4/tc/b1 server2:/bricks/m4/tc/b2 server3:/bricks/m4/tc/ta force"
cap extra-thin-arbiter-error-odd-bricks '' "gluster volume create m4tc replica 2 thin-arbiter 1 server1:/bricks/m4/tc/b1 server2:/bricks/m4/tc/b2 server3:/bricks/m4/tc/b3 server1:/bricks/m4/tc/ta force"
reset_all
cap extra-thin-arbiter-no-prompt-root-partition '' "gluster volume create m4tc replica 2 thin-arbiter 1 server1:/bricks/m4/tc/b1 server2:/bricks/m4/tc/b2 server3:/bricks/m4/tc/ta"
reset_all
cap extra-thin-arbiter-error-ta-is-data-brick '' "gluster volume create m4tc replica 2 thin-arbiter 1 server1:/bricks/m4/tc/b1 server2:/bricks/m4/tc/b2 server1:/bricks/m4/tc/b1 force"
reset_all
cap extra-thin-arbiter-ta-host-not-checked '' "gluster volume create m4tc replica 2 thin-arbiter 1 server1:/bricks/m4/tc/b1 server2:/bricks/m4/tc/b2 nohost.invalid:/no/such/dir/ta force"
# The thin-arbiter brick is none of the volume's bricks: another volume may use its path as a brick,
# and a new volume's thin-arbiter may be an existing brick.
reset_all
$CREATE_TA >/dev/null
cap extra-thin-arbiter-ta-path-reused-as-brick '' 'gluster volume create m4tc server3:/bricks/m4/ta/ta force'
cap extra-thin-arbiter-brick-reused-as-ta '' 'gluster volume create m4td replica 2 thin-arbiter 1 server1:/bricks/m4/tc/x1 server2:/bricks/m4/tc/x2 server1:/bricks/m4/ta/b1 force'
reset_all
rm -rf /bricks/m4
