// Child for the crash tests: runs one posix fop given as JSON argv, under TGLUSTER_CRASH_AT.
import { Posix } from '../../../src/xlators/posix/posix.js';

const [brick, fop, json] = process.argv.slice(2);
const posix = new Posix('child-posix', [], { path: brick });
const args = JSON.parse(json) as unknown[];
(posix as unknown as Record<string, (...a: unknown[]) => unknown>)[fop](...args);
process.stdout.write('done\n');
