// `volume handover VOL` as the shell script an operator runs on the first server of the real pool
// (src/mgmt/handover.ts makes the plan). POSIX sh, `set -eu`; every step can be run again: a
// volume the pool has already is not prepared or created twice, a server already in the pool is
// reported by `peer probe` as such, `volume set` is idempotent, a started volume is not restarted.
import type { HandoverPlan } from '../../mgmt/handover.js';
import { REFUSED_ROOT_XATTRS, ROOT_GFID_HEX } from '../../mgmt/handover.js';

/** A word for sh: bare when it is plainly safe, else single-quoted. */
export function shQuote(w: string): string {
  return /^[A-Za-z0-9_.,:=@%+/-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

const G = 'gluster --mode=script';
const cmd = (words: string[]) => `${G} ${words.map(shQuote).join(' ')}`;

/** Comment lines, each prefixed by `indent# `. */
const comment = (indent: string, lines: string[]) => lines.map((l) => `${indent}# ${l}`.trimEnd()).join('\n');

function header(p: HandoverPlan): string {
  const first = p.servers[0].host;
  return `#!/bin/sh
# Hands volume ${p.volume} (${p.type}) over from tgluster to a real GlusterFS 10.3 pool, over the
# same brick directories. Made by: tgluster volume handover ${p.volume}
#
# Before running it:
#   1. In tgluster: stop the volume (tgluster volume stop ${p.volume}) and unmount its clients.
#   2. Put each brick directory on the server its name gives, at the same path, with its extended
#      attributes and hard links (rsync -aHAX --numeric-ids, or cp -a as root); glusterd running
#      on every server.
#   3. Run this script as root on ${first}. Other servers are reached with ssh (root, keys).
# Running it again is safe: what is done already is skipped.
set -eu

VOL=${shQuote(p.volume)}
# tgluster's volume-id (stored on each brick root): only a brick carrying it, or none, is prepared.
TG_VOLUME_ID=0x${p.volumeId.replace(/-/g, '')}

# here HOST: true when HOST names this machine.
here() {
  for a in $(getent ahosts "$1" | awk '{print $1}' | sort -u); do
    case $a in 127.*|::1) return 0 ;; esac
    for m in $(hostname -I 2>/dev/null); do [ "$a" = "$m" ] && return 0; done
  done
  return 1
}

# prepare HOST BRICK...: runs PREPARE on HOST (here, or through ssh) for its bricks.
prepare() {
  host=$1; shift
  if here "$host"; then
    printf '%s\\n' "$PREPARE" | sh -s -- "$TG_VOLUME_ID" "$@"
  else
    printf '%s\\n' "$PREPARE" | ssh "root@$host" sh -s -- "$TG_VOLUME_ID" "$@"
  fi
}
`;
}

function prepareSnippet(): string {
  const [volumeId, gfid] = REFUSED_ROOT_XATTRS;
  return `
# What glusterd's volume create refuses in a brick root ("... is already part of a volume"):
# tgluster's volume-id and the root's gfid (the brick process sets the root gfid again when it
# starts). Only those two are removed; a brick of another volume is left alone and stops the script.
PREPARE=$(cat <<'EOF'
set -eu
want=$1; shift
xattr() { getfattr --absolute-names -e hex -n "$1" "$2" 2>/dev/null | sed -n "s/^$1=//p"; }
for b in "$@"; do
  [ -d "$b" ] || { echo "$(hostname): brick directory $b is missing" >&2; exit 1; }
  id=$(xattr ${volumeId} "$b")
  gfid=$(xattr ${gfid} "$b")
  if [ -n "$id" ] && [ "$id" != "$want" ]; then
    echo "$(hostname): $b carries volume-id $id, not tgluster's $want: not touched" >&2; exit 1
  fi
  if [ -n "$gfid" ] && [ "$gfid" != "${ROOT_GFID_HEX}" ]; then
    echo "$(hostname): $b has gfid $gfid, not a volume root's: not touched" >&2; exit 1
  fi
  [ -z "$id" ] || setfattr -x ${volumeId} "$b"
  [ -z "$gfid" ] || setfattr -x ${gfid} "$b"
  echo "$(hostname): $b prepared"
done
EOF
)
`;
}

function createBlock(p: HandoverPlan): string {
  const first = p.servers[0].host;
  const prep = p.servers.map((s) => `  prepare ${[s.host, ...s.bricks].map(shQuote).join(' ')}`);
  const probe = p.probe.length
    ? p.probe.map((h) => `  ${cmd(['peer', 'probe', h])}`).join('\n')
    : '  # (every brick is on this server: no peer to probe)';
  const force = p.forceReasons.length
    ? comment('  ', ['`force`, because glusterd would refuse otherwise:', ...p.forceReasons.map((r) => `  ${r}`)])
    : comment('  ', ['No `force`: nothing about these bricks needs it.']);
  return `
here ${shQuote(first)} || { echo "run this script on ${first}" >&2; exit 1; }

if ${G} volume info "$VOL" >/dev/null 2>&1; then
  echo "volume $VOL is in the pool already: not prepared or created again"
else
  # 1. Each server's bricks.
${prep.join('\n')}

  # 2. The other servers join the pool.
${probe}

  # 3. The volume: same type, counts and brick order as in tgluster.
${force}
  ${cmd(p.create)}
fi
`;
}

function optionsBlock(p: HandoverPlan): string {
  const lines: string[] = ['', '# 4. Options that differ from what volume create sets, oldest first (so that volume info', '#    lists them in the same order as tgluster).'];
  if (!p.options.length) lines.push('# (none)');
  for (const [k, v] of p.options) lines.push(`${G} volume set "$VOL" ${shQuote(k)} ${shQuote(v)}`);
  if (p.clusterOptions.length) {
    lines.push('# Options of the whole pool (volume set all).');
    for (const [k, v] of p.clusterOptions) lines.push(cmd(['volume', 'set', 'all', k, v]));
  }
  return `${lines.join('\n')}\n`;
}

function healNotesBlock(p: HandoverPlan): string {
  if (!p.healNotes.length) return '';
  return `\n${comment('', ['Handed over with pending heals (--force). What GlusterFS will do with them:', ...p.healNotes.map((n) => `  ${n}`)])}\n`;
}

function checksBlock(p: HandoverPlan): string {
  const replicated = p.replicated;
  // Pending heals handed over with --force are expected here: a warning then, not a failure.
  const fail = p.healNotes.length ? '' : '\n  exit 1';
  const heal = replicated
    ? `${G} volume heal "$VOL" info
# Every brick must answer and list no entry (- is a brick that did not answer).
if ${G} volume heal "$VOL" info | grep '^Number of entries:' | grep -qv '^Number of entries: 0$'; then
  echo "volume $VOL: heal info is not 0 on every brick${p.healNotes.length ? ' (pending heals were handed over: see the notes above)' : ''}" >&2${fail}
fi
`
    : '';
  return `
# 5. Start it (a volume that runs already is left running).
if ! ${G} volume info "$VOL" | grep -q '^Status: Started$'; then
  ${G} volume start "$VOL"
fi

# 6. Checks: the definition, the bricks online${replicated ? ', nothing left to heal' : ''}.
${G} volume info "$VOL"
${G} volume status "$VOL"
${heal}echo "volume $VOL: handed over"
`;
}

export function handoverScript(p: HandoverPlan): string {
  return header(p) + prepareSnippet() + createBlock(p) + optionsBlock(p) + healNotesBlock(p) + checksBlock(p);
}
