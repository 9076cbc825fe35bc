// The binary's own behaviour around the streams it writes to.
import { expect, test } from 'vitest';
import { spawn } from 'node:child_process';
import { TGLUSTER } from './corpus-run.js';

test('a reader that goes away gets no stack trace: exit 141 like a SIGPIPE death', async () => {
  const child = spawn(TGLUSTER, ['help', 'all'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy(); // close the read end before tgluster has started writing
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect({ code, stderr }).toEqual({ code: 141, stderr: '' });
});
