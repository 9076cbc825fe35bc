// Standard output without Node's stream objects: every byte arrives in order whatever the
// descriptor is (pipe, full non-blocking pipe, file), a reader that goes away ends the process with 141
// and nothing on stderr, and terminal detection tells terminals from everything else.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildSync } from 'esbuild';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isTTY } from '../../src/cli/stdio.js';

let dir: string;
let child: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-stdio-'));
  child = path.join(dir, 'child.cjs');
  buildSync({
    entryPoints: [path.join(__dirname, 'stdio-child.ts')],
    outfile: child,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
  });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const LINE = 65; // bytes per line the child writes
const expected = (n: number) =>
  Array.from({ length: n }, (_, i) => `${String(i).padStart(8, '0')} ${'x'.repeat(55)}\n`).join('');

describe('fdWriter', () => {
  test.each(['fd', 'mixed'])('%s: 1 MiB through a pipe arrives whole and in order', (mode) => {
    const n = 16_384;
    const r = spawnSync(process.execPath, [child, mode, String(n)], { maxBuffer: 4 * n * LINE });
    expect(r.status).toBe(0);
    expect(r.stderr.toString()).toBe('');
    expect(r.stdout.toString() === expected(n)).toBe(true);
  });

  test('a regular file gets every byte', () => {
    const file = path.join(dir, 'out.txt');
    const fd = fs.openSync(file, 'w');
    const r = spawnSync(process.execPath, [child, 'fd', '1000'], { stdio: ['ignore', fd, 'pipe'] });
    fs.closeSync(fd);
    expect(r.status).toBe(0);
    expect(fs.readFileSync(file, 'utf8') === expected(1000)).toBe(true);
  });

  test('a full non-blocking pipe (EAGAIN): the rest goes through the stream, nothing lost', async () => {
    // Once process.stdout exists, libuv has made the pipe non-blocking: with nobody reading, the
    // writer's write(2) fails with EAGAIN as soon as the pipe is full (64 KiB, far below this).
    const n = 8192;
    const p = spawn(process.execPath, [child, 'mixed', String(n), 'report'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => p.on('close', resolve));
    // stdout is not consumed until the child has handed over every line.
    const stderr = await new Promise<string>((resolve) => {
      let s = '';
      p.stderr!.on('data', (b: Buffer) => {
        s += b.toString();
        if (s.endsWith('\n')) resolve(s);
      });
    });
    expect(stderr).toBe('written\n');
    const chunks: Buffer[] = [];
    p.stdout!.on('data', (b: Buffer) => chunks.push(b));
    expect(await exited).toBe(0);
    expect(Buffer.concat(chunks).toString() === expected(n)).toBe(true);
  });

  test.each(['fd', 'stream'])('%s: the reader goes away: exit 141, no stack trace', async (mode) => {
    const p = spawn(process.execPath, [child, mode, '100000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    p.stdout!.destroy();
    let stderr = '';
    p.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    const code = await new Promise<number | null>((resolve) => p.on('close', resolve));
    expect({ code, stderr }).toEqual({ code: 141, stderr: '' });
  });
});

describe('isTTY', () => {
  const withFd = (open: () => number, check: (fd: number) => void) => {
    const fd = open();
    try {
      check(fd);
    } finally {
      fs.closeSync(fd);
    }
  };

  test('a pseudo-terminal is a terminal', () => {
    withFd(() => fs.openSync('/dev/ptmx', 'r+'), (fd) => expect(isTTY(fd)).toBe(true));
  });

  test('/dev/null, a regular file, a FIFO and a closed descriptor are not', () => {
    withFd(() => fs.openSync('/dev/null', 'w'), (fd) => expect(isTTY(fd)).toBe(false));
    withFd(() => fs.openSync(path.join(dir, 'plain'), 'w'), (fd) => expect(isTTY(fd)).toBe(false));
    const fifo = path.join(dir, 'fifo2');
    execFileSync('mkfifo', [fifo]);
    withFd(() => fs.openSync(fifo, fs.constants.O_RDWR), (fd) => expect(isTTY(fd)).toBe(false));
    const fd = fs.openSync('/dev/null', 'r');
    fs.closeSync(fd);
    expect(isTTY(fd)).toBe(false);
  });
});
