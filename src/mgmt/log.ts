// tgluster's logs, kept as glusterd keeps its own (/var/log/glusterfs/{glusterd,cli}.log) but under
// the state directory (<home>/log), since /var/log/glusterfs belongs to a real GlusterFS: one line
// per event, `[date time.usec +0000] L [where] 0-<domain>: message`. A message the CLI reports
// only as "Please check the log file" has its real reason here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureDir } from '../fsutil/ensure-dir.js';

export type LogLevel = 'E' | 'W' | 'I' | 'D';

export const logDir = (home: string): string => path.join(home, 'log');

function stamp(d = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds() * 1000, 6)} +0000`;
}

/**
 * Appends one line to <home>/log/<file> (or to `file` when it is a path); never fails the caller.
 * `msgid`: the GlusterFS message id the line carries (`[MSGID: 109028]` before `where`).
 */
export function appendLog(home: string, file: string, level: LogLevel, where: string, domain: string, message: string, msgid?: number): void {
  const target = file.includes('/') ? file : path.join(logDir(home), file);
  const id = msgid === undefined ? '' : `[MSGID: ${msgid}] `;
  try {
    ensureDir(path.dirname(target), 0o755);
    fs.appendFileSync(target, `[${stamp()}] ${level} ${id}[${where}] 0-${domain}: ${message.replace(/\n/g, ' ')}\n`, { mode: 0o600 });
  } catch {
    // A log that cannot be written must not turn a command's answer into a failure.
  }
}

/** glusterd.log: a management operation's failure with its real reason. */
export function logGlusterd(home: string, level: LogLevel, where: string, message: string): void {
  appendLog(home, 'glusterd.log', level, where, 'management', message);
}
