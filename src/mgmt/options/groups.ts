// `volume set VOL group NAME`: a file of key=value lines, read the way the gluster CLI reads it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MgmtError } from '../errors.js';
import { STANDARD_GROUPS } from './groups-data.js';

/** The path gluster names in its messages (the CLI always looks there). */
const shownPath = (name: string) => `/var/lib/glusterd/groups/${name}`;

function readGroupText(home: string, name: string): string | undefined {
  // A name that is not a plain file name cannot be a group here (nothing outside the groups dir).
  if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\0')) return undefined;
  try {
    return fs.readFileSync(path.join(home, 'groups', name), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new MgmtError(`Unable to open file '${shownPath(name)}'. Error: ${(e as Error).message}`);
  }
  return Object.hasOwn(STANDARD_GROUPS, name) ? STANDARD_GROUPS[name] : undefined;
}

/**
 * The group's key/value pairs in file order. Lines starting with '#' are comments; every other
 * line (blank ones included) must be `key=value`, as in gluster.
 */
export function readGroup(home: string, name: string): Array<[string, string]> {
  const text = readGroupText(home, name);
  if (text === undefined) throw new MgmtError(`Unable to open file '${shownPath(name)}'. Error: No such file or directory`);
  const invalid = () => new MgmtError(`'${shownPath(name)}' file format not valid.`);
  const pairs: Array<[string, string]> = [];
  const lines = text.split(/(?<=\n)/);
  for (const line of lines) {
    if (line.startsWith('#')) continue;
    // strtok(line, "=") then strtok(NULL, "\r\n"): leading '=' are skipped, the value runs to the line end.
    const m = /^=*([^=]+)=([^\r\n]*)/.exec(line);
    const value = m?.[2]?.replace(/^[\r\n]+/, '');
    if (!m || !value) throw invalid();
    pairs.push([m[1]!, value]);
  }
  if (!pairs.length) throw invalid();
  return pairs;
}
