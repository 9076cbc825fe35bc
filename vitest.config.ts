import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Lets the runner's IPC answers in between tests (see the file).
    setupFiles: ['test/helpers/yield-to-runner.ts'],
  },
});
