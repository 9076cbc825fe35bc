# Shared by the stand-ins in this directory (sourced, not run). Written for tgluster.
# Needs TGU_ROOT, TGU_TGLUSTER and TGLUSTER_HOME from the runner.
: "${TGU_ROOT:?run through test/upstream/run.mjs}"
TGU_STATE="$TGU_ROOT/.tgu"
TGU_GLUSTER="$TGU_ROOT/libexec/gluster"   # a symlink named gluster to tgluster

tgu_note () { mkdir -p "$TGU_STATE"; printf '%s\n' "$*" >> "$TGU_STATE/notes"; }

# The real command NAME, found on PATH without this directory.
tgu_real () {
        local name=$1 d here
        here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
        local IFS=:
        for d in $PATH; do
                [ "$d" = "$here" ] && continue
                [ -x "$d/$name" ] && { printf '%s\n' "$d/$name"; return 0; }
        done
        return 1
}

tgu_glusterd_running () { [ -e "$TGU_STATE/glusterd.running" ]; }

tgu_volumes () { "$TGU_GLUSTER" volume list 2>/dev/null | grep -v '^No volumes present'; }

# Bricks of a volume, one "STATUS HOST:PATH" per line (STATUS 1 online, 0 offline), in order.
tgu_bricks () {
        "$TGU_GLUSTER" --xml volume status "$1" 2>/dev/null | awk '
                /<node>/ { h = ""; p = ""; s = "" }
                /<hostname>/ { sub(/.*<hostname>/, ""); sub(/<\/hostname>.*/, ""); h = $0 }
                /<path>/ { sub(/.*<path>/, ""); sub(/<\/path>.*/, ""); p = $0 }
                /<status>/ { sub(/.*<status>/, ""); sub(/<\/status>.*/, ""); s = $0 }
                /<\/node>/ { if (substr(p, 1, 1) == "/") print s, h ":" p }'
}

tgu_kill_brick () {   # VOL HOST:PATH
        "$TGU_TGLUSTER" debug kill-brick "$1" "$2" >/dev/null
}

# Every brick of every volume: "VOL STATUS HOST:PATH".
tgu_all_bricks () {
        local v
        for v in $(tgu_volumes); do
                tgu_bricks "$v" | sed "s|^|$v |"
        done
}

# Mount points (fuse) under this test's root.
tgu_mounts () {
        awk -v r="$TGU_ROOT/" 'index($2, r) == 1 && $3 ~ /^fuse/ { print $2 }' /proc/self/mounts
}
