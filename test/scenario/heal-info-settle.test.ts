// heal info and writes that come and go between the copies' lookups (tests/basic/afr/heal-info.t
// runs heal info in a loop while dd writes): whole writes completed between reading copy 0 and
// copy 1 make the sizes differ with nothing blamed, no dirty and no lock held at either read.
// That is not a heal; heal info looks until two looks agree. A difference that stays is listed.
// The writes are made from inside child 1's lookup, so the interleaving is fixed, not timed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clientFor } from '../../src/api/index.js';
import type { Afr } from '../../src/xlators/afr/afr.js';
import { brickHealInfo } from '../../src/xlators/afr/heal-info.js';
import type { Xlator } from '../../src/xlators/types.js';
import { makeVolume, type TestVolume } from '../unit/api/helpers.js';
import { gfidOn } from './fs-helpers.js';

let tv: TestVolume | undefined;
afterEach(() => {
  tv?.cleanup();
  tv = undefined;
});

function findAfr(x: Xlator): Afr {
  if (typeof (x as Partial<Afr>).healContext === 'function') return x as Afr;
  for (const c of x.children) {
    try {
      return findAfr(c);
    } catch {
      /* not under this child */
    }
  }
  throw new Error('no replicate translator');
}

/** replica 2 holding /f, its gfid in brick 0's dirty index (what a write's pre-op leaves). */
async function setup() {
  tv = makeVolume('settle', { bricks: 2, replica: 2 });
  const client = clientFor(tv.volume, { home: tv.dir });
  await client.writeFile('/f', 'data\n');
  const gfid = gfidOn(path.join(tv.brickPaths[0], 'f'))!;
  fs.writeFileSync(path.join(tv.brickPaths[0], '.glusterfs/indices/dirty', gfid), '');
  const afr = findAfr(client.top);
  return { afr, gfid, brick1: tv.brickPaths[1] };
}

/**
 * A heal context whose child 1 runs `during(n)` before its n-th lookup of `gfid` (n from 1):
 * a write there lands after copy 0 was read and before copy 1 is.
 */
function interleaved(afr: Afr, gfid: string, during: (n: number) => void) {
  const ctx = afr.healContext();
  let n = 0;
  const child1 = ctx.children[1];
  const proxy = new Proxy(child1, {
    get(target, prop, recv) {
      if (prop !== 'lookup') return Reflect.get(target, prop, recv);
      return (loc: { gfid?: string }, xdata?: unknown) => {
        if (loc.gfid === gfid) during(++n);
        return target.lookup(loc as never, xdata as never);
      };
    },
  });
  return { ...ctx, children: [ctx.children[0], proxy] };
}

describe('heal info and writes between the copies’ lookups', () => {
  it('writes completed during the first two looks: not listed once two looks agree', async () => {
    const { afr, gfid } = await setup();
    let off = 5;
    const ctx = interleaved(afr, gfid, (n) => {
      if (n > 2) return;
      afr.writev({ path: '', gfid }, off, Buffer.alloc(4096, 1));
      off += 4096;
    });
    expect(brickHealInfo(ctx, 0).entries).toEqual([]);
  });

  it('a write completed during every look: in flight, not listed', async () => {
    const { afr, gfid } = await setup();
    let off = 5;
    const ctx = interleaved(afr, gfid, () => {
      afr.writev({ path: '', gfid }, off, Buffer.alloc(4096, 1));
      off += 4096;
    });
    expect(brickHealInfo(ctx, 0).entries).toEqual([]);
  });

  it('sizes that differ and stay so (a copy cut behind GlusterFS’s back): listed', async () => {
    const { afr, gfid, brick1 } = await setup();
    fs.truncateSync(path.join(brick1, 'f'), 2);
    const ctx = interleaved(afr, gfid, () => {});
    expect(brickHealInfo(ctx, 0).entries.map((e) => [e.gfid, e.status, e.index])).toEqual([[gfid, 'heal', 'dirty']]);
  });
});
