// Usage lines and help of tgluster's own `volume` commands (handover, adopt), printed as gluster
// prints a command's usage (stderr, exit 1) and help (stdout).
import type { Ctx } from '../context.js';

export const OWN_VOLUME_USAGE = {
  handover: 'volume handover <VOLNAME> [--force]',
  adopt: 'volume adopt <VOLNAME> --from-glusterd <GLUSTERD-DIR> [--brick-map <HOSTNAME:BRICKPATH>=<LOCALPATH>]...',
} as const;

type Own = keyof typeof OWN_VOLUME_USAGE;

const HELP: Record<Own, string> = {
  handover:
    'Prints a shell script (POSIX sh, set -e) that recreates the volume on a real GlusterFS 10.3 pool\n' +
    'over the same brick directories, once they sit on the servers the bricks name: each server\'s\n' +
    'bricks prepared (tgluster\'s volume-id and the root gfid removed, nothing else), peer probe of\n' +
    'the other servers, volume create with the same type, counts and brick order (force only when\n' +
    'glusterd would refuse without it), volume set of every option create does not give, volume\n' +
    'start, then volume info, status and heal info as checks. Run it as root on the first server.\n' +
    '  --force   hand over despite pending heals (the script says what GlusterFS\'s heal will do)\n' +
    '  --json    the plan as data instead of the script\n' +
    'Refused: striped volumes, a task still running, a remove-brick not committed, pending heals.\n',
  adopt:
    'Defines a volume of a real GlusterFS node in tgluster, to rehearse on a copy of its data: the\n' +
    'definition is read from a copy of the node\'s glusterd directory (<GLUSTERD-DIR>/vols/<VOLNAME>/info\n' +
    'and bricks/), the bricks are local copies made with their xattrs (cp -a, rsync -aX). Same type,\n' +
    'brick order, brick ids, volume-id and options; started if it was started on the node.\n' +
    '  --brick-map HOSTNAME:BRICKPATH=LOCALPATH   where the copy of that brick is (default: BRICKPATH)\n' +
    'Hosts that are neither this machine nor a peer are added as emulated peers.\n',
};

export function ownUsage(ctx: Ctx, cmd: Own): number {
  ctx.err(`\nUsage:\n${OWN_VOLUME_USAGE[cmd]}\n\n`);
  return 1;
}

export function ownHelp(ctx: Ctx, cmd: Own): number {
  ctx.out(`Usage: ${OWN_VOLUME_USAGE[cmd]}\n\n${HELP[cmd]}`);
  return 0;
}
