// The part of a brick process's inode table that outlives a command (see mgmt/inode-tables): the
// gfids of pending inodes the brick has met by name since it started. One gfid per line, appended
// (O_APPEND keeps concurrent writers' lines whole); read once per process.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Gfid } from '../types.js';

export class InodeRecord {
  private known?: Set<Gfid>;

  constructor(private readonly file: string) {}

  private load(): Set<Gfid> {
    if (this.known) return this.known;
    let text = '';
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    this.known = new Set(text.split('\n').filter(Boolean));
    return this.known;
  }

  knows(gfid: Gfid): boolean {
    return this.load().has(gfid);
  }

  remember(gfid: Gfid): void {
    const known = this.load();
    if (known.has(gfid)) return;
    known.add(gfid);
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    fs.appendFileSync(this.file, `${gfid}\n`);
  }
}
