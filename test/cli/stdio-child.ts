// A child process for the stdio tests (bundled to CommonJS by the test, like the CLI itself).
// argv: <mode> <lines> [report]. Writes numbered lines to stdout: `fd` through fdWriter only,
// `mixed` alternating fdWriter and process.stdout, `stream` through process.stdout only. With
// `report`, says "written" on stderr once every line has been handed over (some may be queued).
import { fdWriter, quietStdStreamErrors } from '../../src/cli/stdio.js';

quietStdStreamErrors();
const [mode, count, report] = process.argv.slice(2);
const out = fdWriter(1);
const line = (i: number) => `${String(i).padStart(8, '0')} ${'x'.repeat(55)}\n`;
for (let i = 0; i < Number(count); i++) {
  const viaStream = mode === 'stream' || (mode === 'mixed' && i % 2 === 1);
  if (viaStream) process.stdout.write(line(i));
  else out(line(i));
}
if (report) fdWriter(2)('written\n');
