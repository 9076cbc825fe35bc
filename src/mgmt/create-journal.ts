// Undo log for a volume create that fails part-way: brick directories the command made are
// removed, and bricks that existed before get their root xattrs and top-level GlusterFS entries
// back as they were. Rollback is best effort and never throws (it must not hide the real error).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getAllXattrs, removeXattr, setXattr } from '../xattr/index.js';

interface Snapshot {
  xattrs: Record<string, Buffer>;
  entries: Set<string>;
}

/** Only names that brick preparation creates are ever removed from a pre-existing brick. */
const isGlusterEntry = (name: string) => name.startsWith('.glusterfs');

function quietly(fn: () => void): void {
  try {
    fn();
  } catch {
    /* best effort: see the header */
  }
}

export class BrickJournal {
  private readonly made: string[] = [];
  private readonly snaps = new Map<string, Snapshot>();

  /** The command created this (empty) directory. */
  created(p: string): void {
    this.made.push(p);
  }

  /** Remember a pre-existing brick's state before the first write to it. */
  snapshot(p: string): void {
    if (this.made.includes(p) || this.snaps.has(p)) return;
    this.snaps.set(p, { xattrs: getAllXattrs(p), entries: new Set(fs.readdirSync(p)) });
  }

  rollback(): void {
    for (const [p, snap] of this.snaps) {
      quietly(() => {
        for (const name of fs.readdirSync(p)) {
          if (!snap.entries.has(name) && isGlusterEntry(name)) {
            quietly(() => fs.rmSync(path.join(p, name), { recursive: true, force: true }));
          }
        }
      });
      quietly(() => {
        const now = getAllXattrs(p);
        for (const name of Object.keys(now)) {
          if (!(name in snap.xattrs)) quietly(() => removeXattr(p, name));
        }
        for (const [name, value] of Object.entries(snap.xattrs)) {
          if (!now[name]?.equals(value)) quietly(() => setXattr(p, name, value));
        }
      });
    }
    for (const p of [...this.made].reverse()) quietly(() => fs.rmSync(p, { recursive: true, force: true }));
  }
}
