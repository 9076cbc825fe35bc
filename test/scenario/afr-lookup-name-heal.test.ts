// What a client's lookups do to the bricks, as real 10.3's did on its FUSE mount
// (fixtures/reference/afr-fop-states.json, lookup_name_heal): replica 3, the self-heal daemon off,
// brick 2 dead while /d/new is created, /d/nd made, /d/f removed, /d/g rewritten and /d/h
// chmod'ed; brick 2 back. Then one probe after another, the bricks compared after each: only the
// lookup of /d/f changes anything (the name only the stale brick still has is removed there: name
// heal); names the good copies have are not healed by a lookup with quorum on, and no data or
// metadata heal happens on access with the client's heal options off.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor } from '../../src/api/index.js';
import type { VolumeClient } from '../../src/api/client.js';
import { createTimeOptions, putOption } from '../../src/mgmt/options/create-time.js';
import { getAllXattrs } from '../../src/xattr/index.js';
import { makeVolume, type TestVolume } from '../unit/api/helpers.js';

interface BrickObject {
  exists: boolean;
  xattrs: Record<string, string> | null;
  content: string | null;
}
type State = Record<string, Record<string, BrickObject>>;
const ORACLE = JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/reference/afr-fop-states.json'), 'utf8')).lookup_name_heal as {
  volume: string;
  brick_state_before_probes: State;
  probes: Array<{ title: string; results: Array<{ command: string; rc: number; stdout: string }>; brick_state_after: State }>;
};

/**
 * What can be compared across two implementations: whether each copy exists, its content, its
 * AFR keys (client numbers only: the volume names differ), and whether its gfid is the same on
 * every copy that has one (the gfids themselves differ).
 */
function comparable(state: State): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [p, bricks] of Object.entries(state)) {
    if (p === 'indices') continue; // index file names are each run's own
    const gfids = new Set(Object.values(bricks).flatMap((b) => (b.xattrs?.['trusted.gfid'] ? [b.xattrs['trusted.gfid']] : [])));
    out[p] = {
      sameGfid: gfids.size <= 1,
      bricks: Object.fromEntries(
        Object.entries(bricks).map(([b, o]) => [
          b,
          {
            exists: o.exists,
            content: o.content,
            afr: Object.fromEntries(Object.entries(o.xattrs ?? {}).flatMap(([k, v]) => (k.startsWith('trusted.afr.') ? [[k.replace(/^trusted\.afr\.[^.]*-client-/, 'client-'), v]] : []))),
          },
        ]),
      ),
    };
  }
  return out;
}

let tv: TestVolume;
const down = (i: number | undefined) => tv.volume.bricks.forEach((b, k) => (b.down = k === i));

/** The same objects on tgluster's bricks, in the fixture's shape. */
function snapshot(): State {
  const out: State = {};
  for (const p of Object.keys(ORACLE.brick_state_before_probes)) {
    if (p === 'indices') continue;
    out[p] = {};
    tv.brickPaths.forEach((b, i) => {
      const real = path.join(b, p);
      const st = fs.lstatSync(real, { throwIfNoEntry: false });
      if (!st) {
        out[p][`brick${i}`] = { exists: false, xattrs: null, content: null };
        return;
      }
      const xattrs = Object.fromEntries(
        Object.entries(getAllXattrs(real))
          .filter(([k]) => k.startsWith('trusted.afr.') || k === 'trusted.gfid')
          .map(([k, v]) => [k, `0x${v.toString('hex')}`]),
      );
      out[p][`brick${i}`] = { exists: true, xattrs, content: st.isFile() ? fs.readFileSync(real, 'utf8') : null };
    });
  }
  return out;
}

/**
 * Each probe's command through the api, answered as the shell command would (stdout undefined:
 * `ls -l`, whose dates are the run's own, is compared by its exit code only).
 */
async function probe(c: VolumeClient, command: string): Promise<{ rc: number; stdout?: string }> {
  const run = async (fn: () => Promise<string | undefined>) => {
    try {
      return { rc: 0, stdout: await fn() };
    } catch {
      return { rc: 1, stdout: '' };
    }
  };
  const file = command.split(' ').pop()!;
  if (command.startsWith('ls -l')) return run(async () => void (await c.readdirp(file)));
  if (command.startsWith('ls')) return run(async () => (await c.readdirp(file)).map((e) => e.name).sort().join('\n'));
  if (command.includes('%a')) return run(async () => ((await c.stat(file)).mode & 0o7777).toString(8));
  if (command.startsWith('cat')) return run(async () => (await c.readFile(file)).toString().trimEnd());
  if (command.includes('%F')) return run(async () => ((await c.stat(file)).type === 'dir' ? 'directory' : 'regular file'));
  return run(async () => String((await c.stat(file)).size));
}

beforeAll(async () => {
  tv = makeVolume(ORACLE.volume, { bricks: 3, replica: 3 });
  tv.volume.options = putOption(createTimeOptions(tv.volume), 'cluster.self-heal-daemon', 'off');
  let c = clientFor(tv.volume);
  await c.mkdir('/d', 0o755);
  for (const f of ['f', 'g', 'h']) await c.writeFile(`/d/${f}`, 'hello\n');
  down(2);
  c = clientFor(tv.volume);
  // touch: a create, then utimensat (a metadata transaction of its own)
  await c.create('/d/new', 0o644);
  await c.utimes('/d/new', new Date(), new Date());
  await c.mkdir('/d/nd', 0o755);
  await c.unlink('/d/f');
  await c.writeFile('/d/g', 'changed\n');
  await c.chmod('/d/h', 0o600);
  down(undefined);
});
afterAll(() => tv.cleanup());

describe('lookups on a set whose third brick missed changes, as 10.3 answered them', () => {
  it('the bricks before any probe', () => {
    expect(comparable(snapshot())).toEqual(comparable(ORACLE.brick_state_before_probes));
  });
  for (const p of ORACLE.probes) {
    it(p.title, async () => {
      const c = clientFor(tv.volume);
      for (const r of p.results) {
        const got = await probe(c, r.command);
        expect(got.rc, r.command).toBe(r.rc);
        if (r.rc === 0 && got.stdout !== undefined) expect(got.stdout, r.command).toBe(r.stdout.replace(/\n$/, ''));
      }
      expect(comparable(snapshot())).toEqual(comparable(p.brick_state_after));
    });
  }
});
