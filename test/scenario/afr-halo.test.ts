// cluster.halo-enabled with halo-max-replicas (upstream tests/basic/afr/halo.t; the on-disk result
// checked by hand on 10.3: a replica 2 with halo-max-replicas 1 writes the first copy only and
// blames the other, and the self-heal daemon, which ignores halo, brings it level): a client uses
// the first halo-max-replicas copies that are up; a heal uses every copy.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openVolume } from '../../src/api/index.js';
import { metaLookup, metaTree } from '../../src/api/meta.js';
import { createVolume, makeEnv, nonZeroAfr, type Env } from './fs-helpers.js';

let e: Env;
let bricks: string[];
const ok = (...args: string[]) => {
  const r = e.run(args);
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return r.stdout;
};
beforeEach(() => {
  e = makeEnv('afr-halo');
  bricks = createVolume(e, 'hv', 3, 3);
  ok('volume', 'set', 'hv', 'cluster.halo-enabled', 'yes');
  ok('volume', 'set', 'hv', 'cluster.halo-max-replicas', '2');
});
afterEach(() => e.cleanup());

const holds = (rel: string) => bricks.map((b) => fs.existsSync(path.join(b, rel)));
const killBrick = (i: number) => ok('debug', 'kill-brick', 'hv', `server${i + 1}:${bricks[i]}`);

describe('halo replication', () => {
  it('a client writes to the first halo-max-replicas copies and blames the rest; a heal brings them level', async () => {
    const vol = await openVolume('hv', { home: e.home });
    await vol.writeFile('/f', 'near copies only\n');
    expect(holds('f')).toEqual([true, true, false]);
    // what 10.3 leaves for a create and a write that reached the first copy only (measured)
    for (const b of bricks.slice(0, 2)) expect(nonZeroAfr(path.join(b, 'f'))).toEqual([`${path.join(b, 'f')} trusted.afr.hv-client-2=0x000000020000000100000000`]);
    expect(ok('volume', 'heal', 'hv', 'info')).toMatch(/Brick server1:\S+\n\/ \n\/f \nStatus: Connected\nNumber of entries: 2\n/);
    ok('volume', 'heal', 'hv');
    expect(holds('f')).toEqual([true, true, true]);
    expect(fs.readFileSync(path.join(bricks[2], 'f'), 'utf8')).toBe('near copies only\n');
    for (const b of bricks) expect(nonZeroAfr(path.join(b, 'f'))).toEqual([]);
  });

  it('a copy that goes down is replaced by the next one that is up, in a client already open', async () => {
    const vol = await openVolume('hv', { home: e.home });
    await vol.writeFile('/before', 'x');
    killBrick(0);
    await vol.writeFile('/after', 'y');
    expect(holds('after')).toEqual([false, true, true]);
    expect((await vol.readFile('/after')).toString()).toBe('y');
  });

  it("the mount's AFR private dump: child_up for the copies in use, halo_child_up and child_latency for the rest", () => {
    killBrick(1);
    const node = metaLookup(metaTree(e.home, 'hv'), 'graphs/active/hv-replicate-0/private');
    const dump = node && 'content' in node ? node.content() : '';
    const keys = dump.split('\n').filter((l) => /^(child_up|child_latency|halo_child_up)\[/.test(l));
    expect(keys).toEqual([
      'child_up[0] = 1', 'child_latency[0] = 0', 'halo_child_up[0] = 1',
      'child_up[1] = 0', 'child_latency[1] = -1', 'halo_child_up[1] = 0',
      'child_up[2] = 1', 'child_latency[2] = 0', 'halo_child_up[2] = 1',
    ]);
  });
});
