#!/bin/bash
# Captures extra shell-level cases from the real gluster 10.3 CLI into fixtures/corpus-extra/, in the
# reference corpus format. Only commands whose output does not depend on glusterd's volumes.
# Needs gluster + a running glusterd; run by hand: bash test/cli/corpus-extra-capture.sh
set -u
out="$(dirname "$0")/../../fixtures/corpus-extra"
mkdir -p "$out"
. "$(dirname "$0")/corpus-capture-lib.sh"
cap shell-help-all '' 'gluster help all'
cap shell-help-two-words '' 'gluster help me now'
cap shell-global-help-extra '' 'gluster global help extra'
cap shell-version-then-bogus '' 'gluster --version --bogus'
cap shell-bogus-then-version '' 'gluster --bogus --version'
cap shell-timeout-not-number '' 'gluster --timeout=abc volume list'
cap shell-timeout-zero '' 'gluster --timeout=0 volume help'
cap shell-log-level-bogus '' 'gluster --log-level=bogus volume help'
cap shell-log-level-lowercase '' 'gluster --log-level=debug volume help'
cap shell-double-dash-ends-options '' 'gluster -- --version'
cap shell-prefix-words '' 'gluster vol hel'
cap shell-ambiguous-prefix '' 'gluster v s'
cap shell-ambiguous-top '' 'gluster s'
cap shell-peer-alone '' 'gluster peer'
cap shell-snapshot-alone '' 'gluster snapshot'
cap shell-system-alone '' 'gluster system::'
cap shell-uuid-get-extra '' 'gluster system:: uuid get extra'
cap shell-volume-info-two-args '' 'gluster volume info a b'
cap shell-volume-status-too-many '' 'gluster volume status a b c d'
cap shell-heal-no-volume '' 'gluster volume heal'
cap shell-add-brick-no-args '' 'gluster volume add-brick'
cap shell-remove-brick-no-args '' 'gluster volume remove-brick'
cap shell-replace-brick-no-args '' 'gluster volume replace-brick'
cap shell-rebalance-no-args '' 'gluster volume rebalance'
cap shell-quota-no-args '' 'gluster volume quota'
cap shell-bitrot-no-args '' 'gluster volume bitrot'
cap shell-geo-no-args '' 'gluster volume geo-replication'
cap shell-snapshot-create-no-args '' 'gluster snapshot create'
cap shell-profile-no-args '' 'gluster volume profile'
cap shell-empty-word '' "gluster ''"
cap shell-interactive-stops-at-error $'volume help\nfrobnicate\nvolume help\n' 'gluster'
cap shell-interactive-quit $'peer help\nquit\nvolume help\n' 'gluster'
cap shell-interactive-blank-lines $'\n   \n' 'gluster'
cap shell-mode-script-alone '' 'gluster --mode=script'
# Usage errors of the commands tgluster does not implement (the volume name does not exist, and
# every line below is refused by the CLI parser before glusterd is asked).
i=0
while read -r line; do
  i=$((i+1)); cap "$(printf 'unbuilt-usage-%02d' $i)" '' "gluster $line"
done <<'LINES'
volume heal m3nope statistics heal-count replica bad
volume heal m3nope statistics bogus
volume heal m3nope info bogus
volume heal m3nope info summary extra
volume heal m3nope split-brain source-brick bad /f
volume heal m3nope split-brain source-brick server1:/b /f extra
volume heal m3nope split-brain bigger-file /f extra
volume heal m3nope granular-entry-heal bogus
volume heal m3nope enable extra
volume rebalance m3nope start bogus
volume rebalance m3nope stop force
volume rebalance m3nope status extra
volume remove-brick m3nope bad commit
volume remove-brick m3nope server1:/b server1:/b commit
volume remove-brick m3nope commit
volume replace-brick m3nope bad server1:/b commit force
volume replace-brick m3nope server1:/a bad commit force
volume replace-brick m3nope server1:/a server1:/b commit force extra
volume reset-brick m3nope bad start
volume reset-brick m3nope server1:/a bad commit
volume reset-brick m3nope server1:/a server1:/a commit bogus
volume reset-brick m3nope server1:/a start extra
volume add-brick m3nope bad
volume add-brick m3nope replica server1:/a
volume add-brick m3nope server1:/a server1:/a
volume quota m3nope bogus
volume quota m3nope limit-usage d 10GB
volume inode-quota m3nope disable
volume bitrot m3nope bogus
volume profile m3nope bogus
volume top m3nope bogus
volume statedump m3nope bogus
volume log m3nope bogus
volume clear-locks m3nope /p kind bogus
snapshot create s1
snapshot activate s1 bogus
get-state bogus
get-state glusterd bogus
get-state glusterd odir
get-state glusterd bogus x
LINES
# Volume names at glusterd's limits: 256 characters pass the CLI but not glusterd's volname buffer;
# 255 fit the buffer but not the brick's volfile name.
cap volume-create-error-name-256 '' 'gluster volume create aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa server1:/bricks/cli/long/b1 force'
cap volume-create-error-name-255-volfile '' 'gluster volume create bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb server1:/bricks/cli/long/b1 force'
