// A reader of a non-blocking descriptor with no data yet waits in the kernel (poll, or a blocking
// reopen of the same pipe), never spinning on EAGAIN: two read(2) calls, whatever the delay.
import { spawn, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleChild } from '../posix/child-bundle.js';

let child: ReturnType<typeof bundleChild>;
let dir: string;
beforeAll(() => {
  child = bundleChild(path.join(__dirname, 'wait-readable-child.ts'));
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-wait-readable-'));
});
afterAll(() => {
  child.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.each([['poll (native addon)', '1'], ['blocking reopen (no addon)', '0']])('waitReadable: %s', (_what, native) => {
  it('reads what arrives after EAGAIN in two read calls', async () => {
    const fifo = path.join(dir, `f${native}`);
    execFileSync('mkfifo', [fifo]);
    // Our write end first, so the child's non-blocking open of the read end finds a writer.
    const wfd = fs.openSync(fifo, fs.constants.O_RDWR);
    const p = spawn(process.execPath, [child.file, fifo], { env: { ...process.env, TGLUSTER_NATIVE_POLL: native }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const said = new Promise<void>((resolve) => p.stdout.on('data', (b: Buffer) => ((out += b.toString()), out.includes('waiting') && resolve())));
    await said;
    fs.writeSync(wfd, 'late data');
    await new Promise((resolve) => p.on('close', resolve));
    fs.closeSync(wfd);
    expect(out).toBe('waiting\nlate data 2\n');
  });
});
