// vitest's worker reports each finished test to the runner over IPC and waits up to 60 s for the
// answer; a test that then blocks the worker's event loop (spawnSync, long synchronous fop
// loops) past that on a loaded machine fails the run with "Timeout calling onTaskUpdate" although
// every test passed. Giving the loop its turns between tests lets those answers in first.
import { afterEach } from 'vitest';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

afterEach(async () => {
  await turn();
  await turn();
});
