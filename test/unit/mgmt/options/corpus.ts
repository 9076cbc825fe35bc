// Reads the real-gluster transcripts used as test oracles: copies of gluster-reference/cli checked
// into fixtures/ (the management corpus, plus fixtures/reference for the other captures these tests
// read and volume-options.tsv), so a clean clone tests without ../shared.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../fixtures');
const CASE_DIRS = [path.join(FIXTURES, 'corpus'), path.join(FIXTURES, 'reference')];

/** The directory holding volume-options.tsv. */
export const REFERENCE = path.join(FIXTURES, 'reference');

/** Names of every stored case (file name without `.txt`). */
export function caseNames(): string[] {
  return [...new Set(CASE_DIRS.flatMap((d) => fs.readdirSync(d).filter((f) => f.endsWith('.txt')).map((f) => f.slice(0, -4))))].sort();
}

function casePath(name: string): string {
  const found = CASE_DIRS.map((d) => path.join(d, `${name}.txt`)).find((f) => fs.existsSync(f));
  if (!found) throw new Error(`no captured case ${name} under fixtures/`);
  return found;
}

export interface CorpusCase {
  command: string;
  /** What was fed on stdin (undefined: stdin at EOF). */
  stdin?: string;
  exit: number;
  stdout: string;
  stderr: string;
}

/** Parse one case file, trusting the byte counts in the section headers. */
export function readCase(name: string): CorpusCase {
  const buf = fs.readFileSync(casePath(name));
  const text = buf.toString('latin1');
  const command = /===== command =====\n\$ (.*)\n/.exec(text)![1]!;
  const exit = Number(/===== exit code =====\n(\d+)\n/.exec(text)![1]);
  const section = (label: string): string => {
    const m = new RegExp(`===== ${label} \\((\\d+) bytes\\) =====\\n`).exec(text)!;
    const start = m.index + m[0].length;
    return buf.subarray(start, start + Number(m[1])).toString('utf8');
  };
  const stdin = /===== stdin =====\n([\s\S]*?)===== exit code/.exec(text)?.[1];
  return { command, stdin, exit, stdout: section('stdout'), stderr: section('stderr') };
}

/** Blocks of `volume info` output: volume name -> its fields and "Options Reconfigured" entries. */
export function parseVolumeInfo(stdout: string): Map<string, { fields: Map<string, string>; options: Array<[string, string]> }> {
  const vols = new Map<string, { fields: Map<string, string>; options: Array<[string, string]> }>();
  let cur: { fields: Map<string, string>; options: Array<[string, string]> } | undefined;
  let inOpts = false;
  for (const line of stdout.split('\n')) {
    const name = /^Volume Name: (.*)$/.exec(line);
    if (name) {
      cur = { fields: new Map(), options: [] };
      vols.set(name[1]!, cur);
      inOpts = false;
      continue;
    }
    if (!cur) continue;
    if (line === 'Options Reconfigured:') inOpts = true;
    else if (inOpts && line.includes(': ')) {
      const i = line.indexOf(': ');
      cur.options.push([line.slice(0, i), line.slice(i + 2)]);
    } else if (line.includes(': ')) {
      const i = line.indexOf(': ');
      cur.fields.set(line.slice(0, i), line.slice(i + 2));
    }
  }
  return vols;
}
