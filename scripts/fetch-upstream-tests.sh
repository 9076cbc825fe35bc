#!/usr/bin/env bash
# Fetch GlusterFS 10.3's upstream tarball (glusterfs_10.3.orig.tar.gz, which holds the regression
# suite under tests/) from Debian's source package, and cache it outside the repository.
#
#   scripts/fetch-upstream-tests.sh          # prints the cached tarball's path on stdout
#
# Where it is kept: $TGLUSTER_UPSTREAM_TARBALL if set, else
# ${XDG_CACHE_HOME:-~/.cache}/tgluster/glusterfs_10.3.orig.tar.gz. A tarball already there is used
# as it is (nothing is downloaded). Otherwise a deb-src twin of the system's Debian sources (same
# URIs, suites and components) is written to a private apt configuration in a scratch directory
# (the system's own apt configuration and lists are not touched), `apt-get update` fetches its
# Sources lists there, and `apt-get source --download-only glusterfs` downloads the package.
# The Debian part of the source package may be missing from the mirror, which makes apt-get exit
# non-zero: the orig tarball is taken whenever it arrived, whatever apt-get's exit code, and
# checked against the .dsc's SHA-256 when the .dsc arrived too. Fails clearly when it did not.
set -euo pipefail

VERSION=10.3
NAME="glusterfs_${VERSION}.orig.tar.gz"
DEST="${TGLUSTER_UPSTREAM_TARBALL:-${XDG_CACHE_HOME:-$HOME/.cache}/tgluster/$NAME}"

say() { printf 'fetch-upstream-tests: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

if [ -s "$DEST" ] && gzip -t "$DEST" 2>/dev/null; then
  say "using cached $DEST"
  printf '%s\n' "$DEST"
  exit 0
fi

command -v apt-get >/dev/null 2>&1 || die "apt-get not found: cannot download Debian's glusterfs source package; put $NAME at $DEST by hand (or set TGLUSTER_UPSTREAM_TARBALL)"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/tgluster-fetch.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/parts" "$scratch/lists/partial" "$scratch/archives/partial" "$scratch/dl"
: > "$scratch/sources.list"

# deb-src twins of the system's deb822 .sources files and of one-line sources.list entries.
shopt -s nullglob
n=0
for f in /etc/apt/sources.list.d/*.sources; do
  awk 'BEGIN { RS = ""; ORS = "\n\n" }
       { n = split($0, l, "\n"); keep = 0; out = ""
         for (i = 1; i <= n; i++) {
           if (l[i] ~ /^Types:/) {
             m = split(substr(l[i], 7), w, /[ \t]+/)
             for (j = 1; j <= m; j++) if (w[j] == "deb") keep = 1
             l[i] = "Types: deb-src"
           }
           out = out l[i] (i < n ? "\n" : "")
         }
         if (keep) print out }' "$f" \
    > "$scratch/parts/$(basename "$f")"
  [ -s "$scratch/parts/$(basename "$f")" ] && n=$((n + 1))
done
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
  [ -f "$f" ] || continue
  sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' "$f" >> "$scratch/sources.list"
done
[ -s "$scratch/sources.list" ] && n=$((n + 1))
[ "$n" -gt 0 ] || die "no Debian apt sources found under /etc/apt to make a deb-src twin of"

apt_opts=(
  -o "Dir::Etc::SourceList=$scratch/sources.list"
  -o "Dir::Etc::SourceParts=$scratch/parts"
  -o "Dir::State::Lists=$scratch/lists"
  -o "Dir::Cache::Archives=$scratch/archives"
  -o "APT::Sandbox::User=root"
)
say "apt-get update (deb-src lists, private to this run)"
if ! apt-get "${apt_opts[@]}" update -qq >"$scratch/update.log" 2>&1; then
  cat "$scratch/update.log" >&2
  die "apt-get update of the deb-src lists failed"
fi

say "apt-get source --download-only glusterfs"
set +e
( cd "$scratch/dl" && apt-get "${apt_opts[@]}" source --download-only glusterfs ) \
  >"$scratch/source.log" 2>&1
rc=$?
set -e
if [ "$rc" -ne 0 ]; then
  say "apt-get source exited $rc (the Debian part of the package may be missing from the mirror); looking for the orig tarball anyway"
  grep -E '^(E|W):' "$scratch/source.log" >&2 || true
fi

got="$scratch/dl/$NAME"
if [ ! -s "$got" ]; then
  cat "$scratch/source.log" >&2
  die "$NAME was not downloaded: is a glusterfs ${VERSION} source package in the configured Debian suites?"
fi
gzip -t "$got" 2>/dev/null || die "$NAME is not a valid gzip file"

dsc="$(ls "$scratch/dl"/glusterfs_"${VERSION}"-*.dsc 2>/dev/null | head -1 || true)"
if [ -n "$dsc" ]; then
  want="$(awk '/^Checksums-Sha256:/ { on = 1; next } /^[^ ]/ { on = 0 } on && $3 == "'"$NAME"'" { print $1 }' "$dsc")"
  if [ -n "$want" ]; then
    have="$(sha256sum "$got" | awk '{ print $1 }')"
    [ "$have" = "$want" ] || die "$NAME: SHA-256 $have does not match the .dsc's $want"
    say "SHA-256 matches $(basename "$dsc")"
  fi
fi
tar -tzf "$got" "glusterfs-${VERSION}/tests/include.rc" >/dev/null 2>&1 \
  || die "$NAME has no glusterfs-${VERSION}/tests/include.rc"

mkdir -p "$(dirname "$DEST")"
cp "$got" "$DEST.tmp.$$"
mv -f "$DEST.tmp.$$" "$DEST"
say "cached $DEST"
printf '%s\n' "$DEST"
