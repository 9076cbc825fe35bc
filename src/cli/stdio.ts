// Standard output and error without Node's stream objects on the common path. Creating
// process.stdout or process.stderr for a pipe loads Node's net and stream modules: ~8 ms of a
// `volume info` that otherwise costs ~15 ms over Node's own start. A synchronous write(2) is what
// those streams do for pipes, files and terminals on Linux anyway, so output order is unchanged.
import { fstatSync, statSync, writeSync } from 'node:fs';
import { lazyTty } from '../builtins.js';

/** gluster dies of SIGPIPE when its reader goes away; a shell reports that as 141. */
export const EXIT_SIGPIPE = 141;

/**
 * isatty(fd), loading node:tty only for a character device other than /dev/null (scripts often
 * send output there, and a terminal is never it).
 */
export function isTTY(fd: number): boolean {
  let st;
  try {
    st = fstatSync(fd);
  } catch {
    return false; // a closed descriptor
  }
  if (!st.isCharacterDevice()) return false;
  if (st.rdev === statSync('/dev/null', { throwIfNoEntry: false })?.rdev) return false;
  return lazyTty().isatty(fd);
}

/**
 * The descriptors whose Node stream exists (seen by quietStdStreamErrors' getters): once it does,
 * it may hold queued writes (a full non-blocking pipe), and a write(2) would overtake them.
 */
const streamMade = new Set<1 | 2>();

/**
 * A writer for fd 1 or 2. EPIPE ends the process with 141, silently. Anything else (EAGAIN from a
 * non-blocking pipe shared with the parent, a closed descriptor) hands this and every later write
 * to Node's stream, which queues and reports as it always did; so does a stream someone else
 * made for the descriptor (`fs cat` streaming), so that output keeps its order.
 */
export function fdWriter(fd: 1 | 2): (s: string) => void {
  let stream: NodeJS.WriteStream | undefined;
  return (s) => {
    if (!stream && streamMade.has(fd)) stream = fd === 1 ? process.stdout : process.stderr;
    if (stream) {
      stream.write(s);
      return;
    }
    let buf = Buffer.from(s);
    while (buf.length > 0) {
      try {
        buf = buf.subarray(writeSync(fd, buf));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EPIPE') process.exit(EXIT_SIGPIPE);
        stream = fd === 1 ? process.stdout : process.stderr;
        stream.write(buf);
        return;
      }
    }
  };
}

/**
 * Makes process.stdout and process.stderr end the process quietly on a write error (141 for
 * EPIPE, else 1), never with a stack trace, whoever creates them (a writer's fallback, `fs cat`
 * streaming to stdout) and without creating them up front: Node defines both as lazy getters,
 * which this wraps.
 */
export function quietStdStreamErrors(): void {
  const onError = (e: NodeJS.ErrnoException) => process.exit(e.code === 'EPIPE' ? EXIT_SIGPIPE : 1);
  for (const name of ['stdout', 'stderr'] as const) {
    const desc = Object.getOwnPropertyDescriptor(process, name);
    const get = desc?.get;
    if (!desc?.configurable || !get) {
      process[name].on('error', onError);
      continue;
    }
    let guarded = false;
    Object.defineProperty(process, name, {
      ...desc,
      get() {
        const stream = get.call(process) as NodeJS.WriteStream;
        streamMade.add(name === 'stdout' ? 1 : 2);
        if (!guarded) {
          guarded = true;
          stream.on('error', onError);
        }
        return stream;
      },
    });
  }
}
