// Entry point of the `tgluster` binary: runs the command line against the real process streams.
import { runCli } from './run.js';

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
