// `tgluster __mount-worker HOME SPEC LOGFILE`: the background FUSE client a `tgluster mount`
// starts (src/mount/serve.ts), never by hand. It tells its starter on fd 3 whether the mount is
// in place ("ready") or why not ("error ..."), then serves until the mount goes.
import * as fs from 'node:fs';
import type { Ctx } from '../context.js';
import type { MountSpec } from '../../mount/mount-options.js';

export async function run(ctx: Ctx, words: string[]): Promise<number> {
  if (words.length !== 3) {
    ctx.err('__mount-worker: internal command (started by tgluster mount)\n');
    return 1;
  }
  const [home, specJson, logFile] = words;
  const spec = JSON.parse(specJson) as MountSpec;
  const { serveMount } = await import('../../mount/serve.js');
  let ok = false;
  await serveMount(home, spec, logFile, (err) => {
    ok = err === undefined;
    try {
      fs.writeSync(3, ok ? 'ready\n' : `error ${err}\n`);
      fs.closeSync(3);
    } catch {
      // the starter is gone: serve anyway
    }
  });
  return ok ? 0 : 1;
}
