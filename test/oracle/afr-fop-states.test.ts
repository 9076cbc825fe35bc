// Oracle: every modifying fop with a replica brick down, captured from real GlusterFS 10.3 in this
// run (test/oracle/capture-afr-fop-states.sh: a FUSE mount, the brick's glusterfsd killed with
// kill -9, the bricks read directly), then replayed through tgluster: the same trusted.afr.* keys,
// copies and index entries on every brick. Replica 3 with its third brick down, and replica 2 with
// its second; prints the fop × brick-state table. (The fixture's scenario test covers arbiter too.)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fopTable, groupCases, replayGroup, type Case, type Diff } from '../helpers/afr-fop-replay.js';
import type { TestVolume } from '../unit/api/helpers.js';
import { ensureGlusterd } from './helpers.js';

const SCRIPT = path.join(__dirname, 'capture-afr-fop-states.sh');
let out: string;
let cases: Case[] = [];

beforeAll(() => {
  ensureGlusterd();
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-oracle-afr-'));
  const r = spawnSync('bash', [SCRIPT, 'fops', 'r3:2', 'r2:1'], { env: { ...process.env, AFR_OUT_DIR: out }, encoding: 'utf8', timeout: 900_000 });
  if (r.status !== 0) throw new Error(`capture failed (${r.status}): ${r.stderr.slice(-2000)}`);
  cases = (JSON.parse(fs.readFileSync(path.join(out, 'afr-fop-states.json'), 'utf8')) as { cases: Case[] }).cases;
});

describe('every modifying fop with one brick down: tgluster leaves what real 10.3 left in this run', () => {
  const vols: TestVolume[] = [];
  const results: Diff[] = [];
  afterAll(() => {
    for (const v of vols) v.cleanup();
    fs.rmSync(out, { recursive: true, force: true });
    process.stdout.write(fopTable(results));
  });

  it('captured both layouts, every fop, with and without the brick', () => {
    const layouts = new Set(cases.map((c) => `${c.layout}|${c.down_brick_index}`));
    expect([...layouts].sort()).toEqual(['replica 2|1', 'replica 2|null', 'replica 3|2', 'replica 3|null']);
    expect(cases.filter((c) => c.down_brick_index !== null).length).toBe(42);
  });

  it('every case leaves the same bricks on tgluster', async () => {
    for (const [key, group] of groupCases(cases)) results.push(...(await replayGroup(key, group, vols)));
    expect(results.filter((d) => d.diffs.length).map((d) => `${d.layout} ${d.down} ${d.fop}: ${d.diffs.join('; ')}`)).toEqual([]);
  });
});
