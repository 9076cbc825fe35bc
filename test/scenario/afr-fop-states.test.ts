// Every modifying fop × one brick down, on replica 2, replica 3 and arbiter, against what real
// GlusterFS 10.3 left on its bricks for the same steps (fixtures/reference/afr-fop-states.json,
// made by test/oracle/capture-afr-fop-states.sh on a FUSE mount; test/oracle/afr-fop-states.test.ts
// makes a fresh capture and compares the same way). Prints the fop × brick-state table.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fopTable, groupCases, replayGroup, type Case, type Diff } from '../helpers/afr-fop-replay.js';
import type { TestVolume } from '../unit/api/helpers.js';

const DATA = JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/reference/afr-fop-states.json'), 'utf8')) as { cases: Case[] };

describe('every modifying fop with one brick down, as GlusterFS 10.3 leaves the bricks', () => {
  const vols: TestVolume[] = [];
  const results: Diff[] = [];
  afterAll(() => {
    for (const v of vols) v.cleanup();
    process.stdout.write(fopTable(results));
  });
  for (const [key, cases] of groupCases(DATA.cases)) {
    const [layout, down] = key.split('|');
    it(`${layout}, ${down === 'null' ? 'all bricks up' : `brick ${down} down`}`, async () => {
      const r = await replayGroup(key, cases, vols);
      results.push(...r);
      expect(r.filter((d) => d.diffs.length).map((d) => `${d.fop}: ${d.diffs.join('; ')}`)).toEqual([]);
    });
  }
});
