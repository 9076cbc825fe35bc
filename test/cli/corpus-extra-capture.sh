#!/bin/bash
# Captures extra shell-level cases from the real gluster 10.3 CLI into fixtures/corpus-extra/, in the
# reference corpus format. Only commands whose output does not depend on glusterd's volumes.
# Needs gluster + a running glusterd; run by hand: bash test/cli/corpus-extra-capture.sh
set -u
out="$(dirname "$0")/../../fixtures/corpus-extra"
mkdir -p "$out"
cap() { # name, stdin-or-empty, command
  local name=$1 input=$2 cmd=$3 o e rc
  o=$(mktemp) e=$(mktemp)
  if [ -n "$input" ]; then printf '%s' "$input" | bash -c "$cmd" >"$o" 2>"$e"; rc=$?
  else bash -c "$cmd" >"$o" 2>"$e" </dev/null; rc=$?; fi
  {
    echo '===== command ====='; echo "\$ $cmd"
    if [ -n "$input" ]; then echo '===== stdin ====='; printf '%s' "$input"; fi
    echo '===== exit code ====='; echo "$rc"
    for s in stdout stderr; do
      f=$o; [ $s = stderr ] && f=$e
      echo "===== $s ($(wc -c <"$f") bytes) ====="
      cat "$f"
      if [ -s "$f" ] && [ "$(tail -c1 "$f" | od -An -c | tr -d ' ')" != '\n' ]; then echo; echo '[no trailing newline]'; fi
    done
    echo '===== end ====='
  } >"$out/$name.txt"
  rm -f "$o" "$e"
}
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
