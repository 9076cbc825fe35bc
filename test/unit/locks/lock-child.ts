// A second process for the lock tests (bundled by the test with esbuild, run with node).
// argv: <brick dir> <what: inodelk|entrylk|raw> <path or key>
// stdin commands, one per line: "try" (non-blocking attempt: prints busy|locked), "lock"
// (blocking: prints locked), "unlock" (prints unlocked), "drop" (closes cached descriptors as
// exit does: prints dropped), "exit".
import * as readline from 'node:readline';
import { Posix } from '../../../src/xlators/posix/posix.js';
import * as locks from '../../../src/xlators/locks/index.js';

const [brick, what, target] = process.argv.slice(2);
const posix = new Posix('child-posix', [], { path: brick });

function lock(wait: boolean): boolean {
  if (what === 'raw') return locks.acquire(posix.root, target, wait);
  if (!wait) {
    // Non-blocking probe of the same key the posix fop uses.
    const gfid = posix.stat({ path: target }).gfid;
    const key = what === 'inodelk' ? locks.inodeLockKey(gfid, 'dom') : locks.entryLockKey(gfid, 'dom');
    const got = locks.acquire(posix.root, key, false);
    if (got) locks.release(posix.root, key);
    return got;
  }
  if (what === 'inodelk') posix.inodelk({ path: target }, 'dom', 'lock');
  else posix.entrylk({ path: target }, 'dom', 'name', 'lock');
  return true;
}

function unlock(): void {
  if (what === 'raw') locks.release(posix.root, target);
  else if (what === 'inodelk') posix.inodelk({ path: target }, 'dom', 'unlock');
  else posix.entrylk({ path: target }, 'dom', 'name', 'unlock');
}

const rl = readline.createInterface({ input: process.stdin });
process.stdout.write('ready\n');
rl.on('line', (cmd) => {
  if (cmd === 'try') process.stdout.write(lock(false) ? 'locked\n' : 'busy\n');
  else if (cmd === 'lock') process.stdout.write(lock(true) ? 'locked\n' : 'busy\n');
  else if (cmd === 'unlock') {
    unlock();
    process.stdout.write('unlocked\n');
  } else if (cmd === 'drop') {
    locks.dropIdle();
    process.stdout.write('dropped\n');
  } else if (cmd === 'exit') process.exit(0);
});
