// `volume heal VOL [full]` in the foreground: the heal runs to completion in this process, with a
// progress line on a TTY (stderr) counting the inodes looked at. The loop is synchronous, so the
// line is redrawn from inside it (at most ten times a second); Ctrl-C ends the process, which a
// heal survives as it survives a kill -9 (every step is under its locks, the indices stay).
import * as fs from 'node:fs';
import type { Volume } from '../mgmt/types.js';
import { healNow } from '../tasks/kinds/heal.js';
import type { SweepStats } from '../xlators/afr/self-heald.js';

const REDRAW_MS = 100;

export async function runHeal(home: string, volume: Volume, full: boolean, tty: boolean): Promise<SweepStats[]> {
  let last = 0;
  const label = `${full ? 'full' : 'index'} heal of ${volume.name}`;
  const draw = (done: number) => {
    const now = Date.now();
    if (now - last < REDRAW_MS) return;
    last = now;
    fs.writeSync(2, `\r\x1b[K${label}: ${done} inodes`);
  };
  const { stats } = healNow(home, volume, full, tty ? draw : undefined);
  if (tty && last) fs.writeSync(2, '\r\x1b[K');
  return stats;
}
