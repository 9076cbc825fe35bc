// Entry point of the `tgluster` binary: runs the command line against the real process streams.
import { runCli } from './run.js';

// A reader that goes away (`tgluster volume help | head -1`) must not produce a stack trace:
// gluster dies of SIGPIPE there, which the shell reports as 141.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => process.exit(e.code === 'EPIPE' ? 141 : 1));
}

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // Last line of defence (runCli reports command failures itself): never a stack trace.
    process.stderr.write(`gluster: failed: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
