import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // No per-test or per-hook time limit: on a busy two-core CI machine a slow test is still a
    // passing test. Hangs are the CI job's own limit to catch.
    testTimeout: 0,
    hookTimeout: 0,
    pool: 'forks',
    // Lets the runner's IPC answers in between tests (see the file).
    setupFiles: ['test/helpers/yield-to-runner.ts'],
  },
});
