// Child for the AFR kill -9 tests: builds the replica set's graph over the given bricks and runs
// one AFR fop from JSON argv, under TGLUSTER_CRASH_AT.
import { Afr } from '../../src/xlators/afr/afr.js';
import { Client } from '../../src/xlators/client/client.js';
import { Posix } from '../../src/xlators/posix/posix.js';

interface Spec {
  name: string;
  volumeId: string;
  bricks: string[];
  down: number[];
  fop: string;
  args: unknown[];
}

const spec = JSON.parse(process.argv[2]) as Spec;
const clients = spec.bricks.map(
  (p, i) => new Client(`${spec.name}-client-${i}`, [new Posix(`${spec.name}-posix-${i}`, [], { path: p, volname: spec.name })], { down: spec.down.includes(i) }),
);
const afr = new Afr(`${spec.name}-replicate-0`, clients, { options: { 'granular-entry-heal': 'on', 'volume-id': spec.volumeId } });
const args = spec.args.map((a) => (a && typeof a === 'object' && 'base64' in a ? Buffer.from(String((a as { base64: string }).base64), 'base64') : a));
(afr as unknown as Record<string, (...a: unknown[]) => unknown>)[spec.fop](...args);
process.stdout.write('done\n');
