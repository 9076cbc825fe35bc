// Child of wait-readable.test.ts: reads one chunk from a FIFO opened non-blocking (as a stdin
// whose O_NONBLOCK a parent set), saying "waiting" on stdout once its first read met EAGAIN (so
// the data is sent only then), then printing what it read and how many read(2) calls it took.
import * as fs from 'node:fs';
import { readBlocking } from '../../../src/fsutil/wait-readable.js';

const fd = fs.openSync(process.argv[2], fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
let calls = 0;
const counting = (f: number, b: Buffer, o: number, l: number, p: null) => {
  calls++;
  try {
    return fs.readSync(f, b, o, l, p);
  } catch (e) {
    if (calls === 1) fs.writeSync(1, 'waiting\n');
    throw e;
  }
};
const buf = Buffer.alloc(64);
const n = readBlocking(fd, buf, 0, buf.length, counting);
process.stdout.write(`${buf.subarray(0, n).toString()} ${calls}\n`);
