// The mount's background process: opens the volume as any client does (following brick kills,
// restarts and topology changes made by other tgluster commands), mounts it with FUSE and serves
// the kernel's requests until the mount goes away (umount, fusermount -u, or SIGTERM). A stopped
// or deleted volume leaves the mount in place answering ENOTCONN, as a glusterfs client does.
import { appendLog } from '../mgmt/log.js';
import { followState, openVolume } from '../api/index.js';
import { Handles } from '../api/handles.js';
import { FuseBridge } from './fuse-bridge.js';
import { fuseNative, type FuseRequest } from './fuse-native.js';
import type { MountSpec } from './mount-options.js';

/** libfuse's -o string for the spec: the same options a glusterfs mount shows in /proc/mounts. */
function fuseOptions(spec: MountSpec): string {
  const source = `${spec.server ?? 'localhost'}:/${spec.volume}`;
  const o = [`fsname=${source}`, 'subtype=glusterfs', 'allow_other', 'default_permissions'];
  if (spec.readOnly) o.push('ro');
  return o.join(',');
}

/**
 * Mounts and serves. `ready(err)` is called once: with undefined when the mount is in place, or
 * with the reason it could not be made. Resolves when the mount has gone.
 */
export async function serveMount(home: string, spec: MountSpec, logFile: string, ready: (err?: string) => void): Promise<void> {
  const log = (level: 'E' | 'W' | 'I', line: string) => appendLog(home, logFile, level, 'fuse-bridge', `${spec.volume}-fuse`, line);
  const native = fuseNative();
  if (typeof native === 'string') return ready(native);
  let client;
  try {
    client = await openVolume(spec.volume, { home, xlatorOptions: spec.xlatorOptions, auxGfidMount: spec.auxGfidMount });
  } catch (e) {
    return ready(e instanceof Error ? e.message : String(e));
  }
  const bridge = new FuseBridge(new Handles(client), native, {
    attributeTimeout: spec.attributeTimeout,
    entryTimeout: spec.entryTimeout,
    log: (line) => log('E', line),
    home,
  });
  const unfollow = followState(home, spec.volume, client.top);
  let done!: () => void;
  const gone = new Promise<void>((resolve) => (done = resolve));
  let session: object;
  // The mount is usable once the kernel's INIT is answered: ready then, or failed if the
  // session ends first.
  let initialised = false;
  const handler = (r: FuseRequest) => {
    if (r.op === 'init') {
      initialised = true;
      log('I', `mounted ${spec.volume} on ${spec.mountpoint}`);
      return ready();
    }
    if (r.op !== 'exit') return bridge.handle(r);
    bridge.locks.close();
    unfollow();
    native.fuseFinish(session);
    if (initialised) log('I', `unmounted ${spec.mountpoint}`);
    else ready(`the kernel did not take the mount of ${spec.mountpoint} (see the log)`);
    done();
  };
  try {
    session = native.fuseMount(spec.mountpoint, fuseOptions(spec), handler, spec.useReaddirp);
  } catch (e) {
    return ready(e instanceof Error ? e.message : String(e));
  }
  const stop = () => {
    try {
      native.fuseUnmount(session);
    } catch (e) {
      log('W', `unmount: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  await gone;
}
