#!/usr/bin/env bash
# A first look at tgluster: a replica 3 and a distribute volume in a throw-away state dir.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/main.js ] || node scripts/build.mjs

work=$(mktemp -d "${TMPDIR:-/tmp}/tgluster-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT
export TGLUSTER_HOME="$work/state"
# server1..3 are names of this machine when /etc/hosts maps them to 127.0.0.1 (as for real
# gluster); otherwise use this machine's own hostname for every brick.
if getent hosts server1 >/dev/null 2>&1; then h1=server1 h2=server2 h3=server3; else h1=$(hostname) h2=$h1 h3=$h1; fi
tg() { echo "\$ tgluster $*"; ./bin/tgluster "$@"; echo; }

mkdir -p "$work/bricks"
tg volume create demoRep3 replica 3 "$h1:$work/bricks/r1" "$h2:$work/bricks/r2" "$h3:$work/bricks/r3" force
tg volume create demoDist "$h1:$work/bricks/d1" "$h2:$work/bricks/d2" force
tg volume start demoRep3
tg volume start demoDist
tg volume info
tg volume status demoRep3
tg volume status demoDist
tg --mode=script volume stop demoRep3
tg --mode=script volume stop demoDist
tg --mode=script volume delete demoRep3
tg --mode=script volume delete demoDist
echo "demo state dir $work removed"
