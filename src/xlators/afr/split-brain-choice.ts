// The mount's split-brain choice (replica.split-brain-choice): for a file in data or metadata
// split-brain, reads are served from the copy the administrator picked, until the choice times
// out (replica.split-brain-choice-timeout minutes, 5 by default). GlusterFS keeps it in one
// client's memory; tgluster's clients live for one command, so the choices are kept in a file
// of the state dir (or in memory when the graph has none), each with its expiry time.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Gfid } from '../types.js';

interface Saved {
  timeoutMin: number;
  choices: Record<Gfid, { child: number; until: number }>;
}

const DEFAULT_TIMEOUT_MIN = 5;

export class SplitBrainChoices {
  private mem: Saved = { timeoutMin: DEFAULT_TIMEOUT_MIN, choices: {} };

  constructor(private readonly file?: string) {}

  private load(): Saved {
    if (!this.file) return this.mem;
    try {
      return JSON.parse(fs.readFileSync(this.file, 'utf8')) as Saved;
    } catch {
      return { timeoutMin: DEFAULT_TIMEOUT_MIN, choices: {} };
    }
  }

  private save(s: Saved): void {
    if (!this.file) {
      this.mem = s;
      return;
    }
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(s));
    fs.renameSync(tmp, this.file);
  }

  /** The chosen child for an inode, while the choice holds. */
  get(gfid: Gfid, now = Date.now()): number | undefined {
    const c = this.load().choices[gfid];
    return c && c.until > now ? c.child : undefined;
  }

  /** Sets (child) or clears (undefined) the choice; a new choice restarts the timeout. */
  set(gfid: Gfid, child: number | undefined, now = Date.now()): void {
    const s = this.load();
    if (child === undefined) delete s.choices[gfid];
    else s.choices[gfid] = { child, until: now + s.timeoutMin * 60_000 };
    for (const [g, c] of Object.entries(s.choices)) if (c.until <= now) delete s.choices[g];
    this.save(s);
  }

  setTimeoutMinutes(minutes: number): void {
    this.save({ ...this.load(), timeoutMin: minutes });
  }
}
