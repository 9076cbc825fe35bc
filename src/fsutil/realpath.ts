// The real path of a directory, or the path itself when it cannot be resolved (gone already).
import * as fs from 'node:fs';

export function realpathOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}
