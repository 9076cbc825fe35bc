// Entry point of the `tgluster` binary: runs the command line against the real process streams.
import { runCli } from './run.js';
import { quietStdStreamErrors } from './stdio.js';

// A reader that goes away (`tgluster volume help | head -1`) must not produce a stack trace:
// gluster dies of SIGPIPE there, which the shell reports as 141.
quietStdStreamErrors();

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
