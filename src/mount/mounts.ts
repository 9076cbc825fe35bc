// What is mounted where, from the kernel's own table (/proc/self/mountinfo).
import * as fs from 'node:fs';

/** mountinfo escapes space, tab, newline and backslash as \ooo. */
const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

/** The mount points of this process's mount namespace. */
function mountPoints(): string[] {
  let text = '';
  try {
    text = fs.readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => unescape(line.split(' ')[4]));
}

export function isMounted(mountpoint: string): boolean {
  return mountPoints().includes(mountpoint);
}
