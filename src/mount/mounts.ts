// What is mounted where, from the kernel's own table (/proc/self/mountinfo).
import * as fs from 'node:fs';

/** mountinfo escapes space, tab, newline and backslash as \ooo. */
const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

export interface MountEntry {
  mountpoint: string;
  fstype: string;
  source: string;
}

export function mountTable(): MountEntry[] {
  let text = '';
  try {
    text = fs.readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const f = line.split(' ');
      const sep = f.indexOf('-');
      return { mountpoint: unescape(f[4]), fstype: f[sep + 1], source: unescape(f[sep + 2]) };
    });
}

export function isMounted(mountpoint: string): boolean {
  return mountTable().some((m) => m.mountpoint === mountpoint);
}
