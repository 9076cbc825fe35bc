// A volfile: the translator graph as glusterd writes it (`system:: getspec VOL` prints the client
// one) and as a client or brick process reads it to build its graph. Translators are listed
// leaves first; the last one is the top. Text form: one block per translator,
//
//   volume NAME
//       type TYPE
//       option KEY VALUE
//       subvolumes A B
//   end-volume
//
// separated by blank lines, with a blank line at the end.

export interface VolfileXlator {
  name: string;
  /** e.g. protocol/client, cluster/replicate, cluster/distribute, storage/posix. */
  type: string;
  /** In the order the volfile lists them. */
  options: Array<[string, string]>;
  subvolumes: string[];
}

export type Volfile = VolfileXlator[];

export function renderVolfile(graph: Volfile): string {
  return graph
    .map(
      (x) =>
        `volume ${x.name}\n    type ${x.type}\n` +
        x.options.map(([k, v]) => `    option ${k} ${v}\n`).join('') +
        (x.subvolumes.length ? `    subvolumes ${x.subvolumes.join(' ')}\n` : '') +
        'end-volume\n\n',
    )
    .join('');
}

/** The text form read back (what a client given a volfile file would do). */
export function parseVolfile(text: string): Volfile {
  const out: Volfile = [];
  let cur: VolfileXlator | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const [word, ...rest] = line.split(/\s+/);
    if (word === 'volume') cur = { name: rest[0], type: '', options: [], subvolumes: [] };
    else if (!cur) throw new Error(`volfile: '${line}' outside a volume block`);
    else if (word === 'type') cur.type = rest[0];
    else if (word === 'option') cur.options.push([rest[0], rest.slice(1).join(' ')]);
    else if (word === 'subvolumes') cur.subvolumes = rest;
    else if (word === 'end-volume') {
      out.push(cur);
      cur = undefined;
    } else throw new Error(`volfile: unknown line '${line}'`);
  }
  if (cur) throw new Error(`volfile: volume ${cur.name} has no end-volume`);
  return out;
}

/** An xlator's options as a map (the last value of a repeated key wins, as in a dict). */
export function optionsOf(x: VolfileXlator): Record<string, string> {
  return Object.fromEntries(x.options);
}

/**
 * A translator's option table as glusterd fills it: a new key goes to the front, setting an
 * existing key keeps its place (GlusterFS's dict). So the volfile lists options newest first.
 */
export class OptionTable {
  private readonly entries: Array<[string, string]> = [];

  set(key: string, value: string): this {
    const at = this.entries.findIndex(([k]) => k === key);
    if (at >= 0) this.entries[at] = [key, value];
    else this.entries.unshift([key, value]);
    return this;
  }

  list(): Array<[string, string]> {
    return [...this.entries];
  }
}
