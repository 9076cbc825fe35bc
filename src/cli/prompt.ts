// gluster's y/n prompt. The question goes to stdout followed by " (y/n) "; the answer is one
// line read from stdin (even when stdin is not a TTY). --mode=script answers yes silently.
import { readBlocking } from '../fsutil/wait-readable.js';

/** Reads one line (without its newline) from stdin; undefined at EOF before any byte. */
export type LineReader = () => string | undefined;

/** Reads one line from fd 0 synchronously, a byte at a time so nothing past the line is consumed. */
export const readStdinLine: LineReader = () => {
  const buf = Buffer.alloc(1);
  const bytes: number[] = [];
  for (;;) {
    let n: number;
    try {
      n = readBlocking(0, buf, 0, 1);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EOF' || code === 'EBADF' || code === 'ENXIO' || code === 'EINVAL' || code === 'EISDIR') n = 0;
      else throw e;
    }
    if (n === 0) return bytes.length ? Buffer.from(bytes).toString() : undefined;
    if (buf[0] === 0x0a) return Buffer.from(bytes).toString();
    bytes.push(buf[0]);
  }
};

/**
 * gluster reads the answer with fgets() into a 4-byte buffer: only the first 3 characters count,
 * nothing is trimmed, and y/yes/n/no match in any case. EOF prints "gluster cli read error".
 * Anything but yes counts as no, after "Invalid input, please enter y/n" unless it was n/no.
 */
export function makeConfirm(script: boolean, out: (s: string) => void, readLine: LineReader = readStdinLine) {
  return async (question: string): Promise<boolean> => {
    if (script) return true;
    out(`${question} (y/n) `);
    const line = readLine();
    if (line === undefined) {
      out('gluster cli read error\nInvalid input, please enter y/n\n');
      return false;
    }
    const a = line.slice(0, 3).toLowerCase();
    if (a === 'y' || a === 'yes') return true;
    if (a === 'n' || a === 'no') return false;
    out('Invalid input, please enter y/n\n');
    return false;
  };
}
