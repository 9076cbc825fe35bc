// Options of the whole pool (glusterd's /var/lib/glusterd/options): set with `volume set all`,
// shown by `volume get all`. Kept in <home>/options as key=value lines.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../atomic.js';
import { formatKv, parseKv } from '../kv.js';

const file = (home: string) => path.join(home, 'options');

/** Cluster-wide options set explicitly, in the order they were first set. */
export function loadClusterOptions(home: string): Map<string, string> {
  let text: string;
  try {
    text = fs.readFileSync(file(home), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw e;
  }
  return new Map(parseKv(file(home), text));
}

export function saveClusterOptions(home: string, opts: Map<string, string>): void {
  writeFileAtomic(file(home), `# tgluster cluster-wide options\n${formatKv([...opts])}`);
}
