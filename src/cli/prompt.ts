// gluster's y/n prompt. The question goes to stdout followed by " (y/n) "; the answer is one
// line read from stdin (even when stdin is not a TTY). --mode=script answers yes silently.
import { readSync } from 'node:fs';

/** Reads one line from fd 0 synchronously; undefined at EOF. */
function readLine(): string | undefined {
  const buf = Buffer.alloc(1);
  const bytes: number[] = [];
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buf, 0, 1, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      return bytes.length ? Buffer.from(bytes).toString() : undefined;
    }
    if (n === 0) return bytes.length ? Buffer.from(bytes).toString() : undefined;
    if (buf[0] === 0x0a) return Buffer.from(bytes).toString();
    bytes.push(buf[0]);
  }
}

export function makeConfirm(script: boolean, out: (s: string) => void) {
  return async (question: string): Promise<boolean> => {
    if (script) return true;
    out(`${question} (y/n) `);
    const line = readLine();
    if (line === undefined) {
      out('gluster cli read error\nInvalid input, please enter y/n\n');
      return false;
    }
    const a = line.trim().toLowerCase();
    if (a === 'y' || a === 'yes') return true;
    if (a === 'n' || a === 'no') return false;
    out('Invalid input, please enter y/n\n');
    return false;
  };
}
