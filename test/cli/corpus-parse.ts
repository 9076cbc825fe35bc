// Reads one capture of the real gluster CLI (fixtures/corpus/NAME.txt, the format described in
// the reference INDEX.md): command, optional stdin, exit code, exact stdout and stderr bytes.
import * as fs from 'node:fs';

export interface CorpusCase {
  name: string;
  /** The command line without the leading "$ ". */
  command: string;
  /** Bytes fed to stdin; undefined means stdin at EOF. */
  stdin?: string;
  exit: number;
  stdout: string;
  stderr: string;
}

const SECTION = /^===== (command|stdin|exit code|stdout \((\d+) bytes\)|stderr \((\d+) bytes\)|end) =====$/;
const NO_NEWLINE = '[no trailing newline]\n';

/** A stream section: the byte count says where it ends; the capture tool's marker is dropped. */
function stream(lines: string[], bytes: number, file: string): string {
  let text = lines.join('\n') + (lines.length ? '\n' : '');
  if (text.endsWith(NO_NEWLINE)) text = text.slice(0, -NO_NEWLINE.length - 1);
  if (Buffer.byteLength(text) !== bytes) {
    throw new Error(`${file}: section holds ${Buffer.byteLength(text)} bytes, header says ${bytes}`);
  }
  return text;
}

export function parseCase(file: string, name: string): CorpusCase {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const sections = new Map<string, { lines: string[]; bytes: number }>();
  let current: { lines: string[]; bytes: number } | undefined;
  for (const line of lines) {
    const m = SECTION.exec(line);
    if (m) {
      const key = m[1].replace(/ \(.*/, '');
      current = { lines: [], bytes: Number(m[2] ?? m[3] ?? -1) };
      sections.set(key, current);
      if (key === 'end') current = undefined;
      continue;
    }
    current?.lines.push(line);
  }
  const get = (k: string) => {
    const s = sections.get(k);
    if (!s) throw new Error(`${file}: no "${k}" section`);
    return s;
  };
  const command = get('command').lines.join('\n').replace(/^\$ /, '');
  const stdinSec = sections.get('stdin');
  const out = get('stdout');
  const err = get('stderr');
  return {
    name,
    command,
    stdin: stdinSec ? stdinSec.lines.join('\n') + '\n' : undefined,
    exit: Number(get('exit code').lines[0]),
    stdout: stream(out.lines, out.bytes, file),
    stderr: stream(err.lines, err.bytes, file),
  };
}
