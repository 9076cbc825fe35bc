// Where tgluster keeps glusterd's state (TGLUSTER_HOME).
import * as os from 'node:os';
import * as path from 'node:path';

export function defaultHome(): string {
  if (process.env.TGLUSTER_HOME) return path.resolve(process.env.TGLUSTER_HOME);
  if (typeof process.getuid === 'function' && process.getuid() === 0) return '/var/lib/tgluster';
  const state = process.env.XDG_STATE_HOME || path.join(os.homedir(), '.local', 'state');
  return path.join(state, 'tgluster');
}
