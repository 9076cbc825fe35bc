// The self-heal daemon's crawl history, kept in the state dir because tgluster's daemon lives only
// as long as a command: per brick, its last 50 crawls (INDEX or FULL, start and end, what each
// healed, found in split-brain, failed to heal), as `volume heal VOL statistics` prints them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from './atomic.js';
import { runDir } from './run-state.js';

export interface CrawlEvent {
  type: 'INDEX' | 'FULL';
  /** Unix seconds. */
  start: number;
  end: number;
  healed: number;
  splitBrain: number;
  failed: number;
}

/** AFR's history size per brick. */
const HISTORY = 50;

const file = (home: string, volume: string) => path.join(runDir(home, volume), 'crawl-history.json');

/** Every brick's events (by "host:path"), oldest first. */
export function readCrawlHistory(home: string, volume: string): Record<string, CrawlEvent[]> {
  try {
    return JSON.parse(fs.readFileSync(file(home, volume), 'utf8')) as Record<string, CrawlEvent[]>;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || e instanceof SyntaxError) return {};
    throw e;
  }
}

/** Appends one crawl per brick (bricks not crawled are left out). */
export function recordCrawls(home: string, volume: string, events: Record<string, CrawlEvent>): void {
  const all = readCrawlHistory(home, volume);
  for (const [brick, ev] of Object.entries(events)) all[brick] = [...(all[brick] ?? []), ev].slice(-HISTORY);
  fs.mkdirSync(path.dirname(file(home, volume)), { recursive: true });
  writeFileAtomic(file(home, volume), JSON.stringify(all));
}
