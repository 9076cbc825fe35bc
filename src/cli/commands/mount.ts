// `tgluster mount [-o OPTS] VOL|HOST:/VOL MOUNTPOINT` (ours; `mount -t tgluster` through the
// mount.tgluster helper): starts the volume's FUSE client in the background and returns once the
// mount is in place, as mount.glusterfs does. Its failures read as mount.glusterfs's: the line,
// exit 1 (32 when already mounted), the reason in the mount's log file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Ctx } from '../context.js';
import { spawnDetached } from '../../fsutil/detached.js';
import { appendLog, logDir } from '../../mgmt/log.js';
import { loadVolume } from '../../mgmt/store.js';
import { MountUsageError, defaultLogName, parseMountWords, type MountSpec } from '../../mount/mount-options.js';
import { isMounted } from '../../mount/mounts.js';
import { fuseNative } from '../../mount/fuse-native.js';

export const MOUNT_USAGE = 'mount [-o ro,attribute-timeout=SECS,entry-timeout=SECS,use-readdirp=yes|no,xlator-option=XL.KEY=VALUE,log-file=FILE] <VOLNAME|HOSTNAME:/VOLNAME> <MOUNTPOINT>';

const MOUNT_HELP =
  `Usage: tgluster ${MOUNT_USAGE}\n` +
  'Mounts a started volume through FUSE, served by a background client process, as\n' +
  '`mount -t glusterfs HOSTNAME:/VOLNAME MOUNTPOINT` does (also: `mount -t tgluster ...` with\n' +
  'bin/mount.tgluster linked as /sbin/mount.tgluster). `umount MOUNTPOINT` or `fusermount3 -u\n' +
  'MOUNTPOINT` ends it. Brick kills and restarts by other commands are seen by the mount; a stopped\n' +
  'volume answers "Transport endpoint is not connected" until it is started again. File locks\n' +
  '(fcntl, flock) are the volume\'s: every mount of it sees them, and client quorum applies.\n' +
  'Options (-o, comma-separated):\n' +
  '  ro                     read-only mount\n' +
  '  attribute-timeout=SECS how long the kernel keeps attributes (default 1)\n' +
  '  entry-timeout=SECS     how long the kernel keeps names (default 1)\n' +
  '  use-readdirp=yes|no    no: the kernel lists directories with READDIR, never READDIRPLUS\n' +
  '  xlator-option=XL.KEY=VALUE  a translator option of this client (glusterfs --xlator-option),\n' +
  '                         e.g. VOL-dht.local-volume-name=VOL-client-1 for cluster.nufa\n' +
  '  aux-gfid-mount         every file and directory is also found as MOUNTPOINT/.gfid/<gfid>\n' +
  '                         (glusterfs --aux-gfid-mount; gfids as heal info prints them)\n' +
  '  log-file=FILE          the client log (default $TGLUSTER_HOME/log/<mountpoint with - for />.log)\n' +
  "Other glusterfs client options (acl, log-level, backup-volfile-servers, ...) are accepted and ignored.\n" +
  'Exit codes: 0 mounted, 1 failed (the reason is in the log file), 32 already mounted. Needs root and /dev/fuse.\n';

function failWith(ctx: Ctx, json: boolean, message: string, code: number, detail?: string): number {
  if (json) ctx.out(JSON.stringify({ error: { code, message, ...(detail ? { detail } : {}) } }, null, 2) + '\n');
  else ctx.err(message + '\n');
  return code;
}

/** Starts the worker; resolves with its first word ("ready" or "error <why>"). */
async function startWorker(ctx: Ctx, spec: MountSpec, logFile: string): Promise<string> {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, 'a', 0o600);
  try {
    const said = await spawnDetached(ctx.home, ['__mount-worker', ctx.home, JSON.stringify(spec), logFile], log);
    return said || 'error the mount process ended before the mount was made';
  } catch (e) {
    return `error ${e instanceof Error ? e.message : String(e)}`;
  } finally {
    fs.closeSync(log);
  }
}

export async function run(ctx: Ctx, words: string[]): Promise<number> {
  // --json is tgluster's global option; after `mount` it reaches us, anywhere on the line.
  const json = ctx.format === 'json' || words.includes('--json');
  const fail = (message: string, code: number, detail?: string) => failWith(ctx, json, message, code, detail);
  if (words.length === 1 && (words[0] === '--help' || words[0] === 'help' || words[0] === '-h')) {
    ctx.out(MOUNT_HELP);
    return 0;
  }
  const native = fuseNative();
  if (typeof native === 'string') return fail(`tgluster mount: FUSE is not available: ${native}`, 1);
  let spec: MountSpec;
  try {
    spec = parseMountWords(words.filter((w) => w !== '--json'));
  } catch (e) {
    if (!(e instanceof MountUsageError)) throw e;
    return fail(`mount: ${e.message}\nUsage: tgluster ${MOUNT_USAGE}`, 1);
  }
  const mp = spec.mountpoint;
  if (!fs.statSync(mp, { throwIfNoEntry: false })?.isDirectory()) return fail('ERROR: Mount point does not exist', 1);
  if (isMounted(mp)) return fail(`tgluster mount: according to mtab, GlusterFS is already mounted on ${mp}`, 32);
  const logFile = spec.logFile ?? path.join(logDir(ctx.home), defaultLogName(mp));
  const failed = `Mounting glusterfs on ${mp} failed.`;
  if (!loadVolume(ctx.home, spec.volume)) {
    appendLog(ctx.home, logFile, 'E', 'mount', 'fuse', `volume ${spec.volume} does not exist`);
    return fail(failed, 1, `Volume ${spec.volume} does not exist`);
  }
  const word = await startWorker(ctx, spec, logFile);
  if (word !== 'ready') {
    const why = word.replace(/^error /, '');
    appendLog(ctx.home, logFile, 'E', 'mount', 'fuse', why);
    return fail(failed, 1, why);
  }
  if (json) ctx.out(JSON.stringify({ mount: { volume: spec.volume, mountpoint: mp, logFile } }, null, 2) + '\n');
  return 0;
}
