// The corpus harness: every management case captured from real GlusterFS 10.3 (fixtures/corpus) is
// replayed against tgluster after rebuilding the state it was captured in; stdout, stderr and the
// exit code must match byte for byte once the run-to-run fields (UUIDs, ports, pids) are blanked.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCase } from './corpus-parse.js';
import { normalise } from './corpus-normalise.js';
import { setupFor, NO_BRICK_PARENTS } from './corpus-setups.js';
import { ALLOWLIST } from './corpus-allowlist.js';
import { limiter, runCommand, SetupGroup, TMPFS_STEP } from './corpus-run.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures');
/** corpus: the reference captures; corpus-extra: shell-level cases captured the same way (corpus-extra-capture.sh). */
const cases = ['corpus', 'corpus-extra']
  .flatMap((d) =>
    fs
      .readdirSync(path.join(FIXTURES, d))
      .filter((f) => f.endsWith('.txt'))
      .map((f) => parseCase(path.join(FIXTURES, d, f), f.replace(/\.txt$/, ''))),
  )
  .sort((a, b) => a.name.localeCompare(b.name));

const slot = limiter(2);
const groups = new Map<string, SetupGroup>();
function groupFor(steps: string[]): SetupGroup {
  const key = JSON.stringify(steps);
  let g = groups.get(key);
  if (!g) groups.set(key, (g = new SetupGroup(steps, slot)));
  return g;
}
// The cases run bin/tgluster, i.e. dist/: make sure it is built from the current sources.
beforeAll(() => {
  execFileSync(process.execPath, [path.join(FIXTURES, '../scripts/build.mjs')], { cwd: path.join(FIXTURES, '..') });
});
afterAll(() => {
  for (const g of groups.values()) g.remove();
});

describe.concurrent('gluster 10.3 corpus', () => {
  test('every allow-listed case exists and has a reason', () => {
    const names = new Set(cases.map((c) => c.name));
    for (const [name, reason] of Object.entries(ALLOWLIST)) {
      expect(names.has(name), name).toBe(true);
      expect(reason.length, name).toBeGreaterThan(10);
    }
  });

  for (const c of cases) {
    // TGLUSTER_CORPUS_ALL=1 runs the allow-listed cases too (to see which ones pass by now)
    const steps = setupFor(c.name, c.command);
    // A tmpfs mount (the capture's loop-mounted ext4) needs root.
    const cannotMount = steps.some((s) => s.startsWith(TMPFS_STEP)) && process.getuid?.() !== 0;
    const t = (ALLOWLIST[c.name] && !process.env.TGLUSTER_CORPUS_ALL) || cannotMount ? test.skip : test;
    t(`${c.name}: ${c.command.slice(0, 100)}`, { timeout: 300_000 }, () =>
      groupFor(steps).run((w) =>
        slot(async () => {
          const r = await runCommand(w, c.command, c.stdin, !NO_BRICK_PARENTS.has(c.name.replace(/\.xml$/, '')));
          const actual = { exit: r.exit, stdout: normalise(r.stdout, w.root, c.command), stderr: normalise(r.stderr, w.root, c.command) };
          const expected = { exit: c.exit, stdout: normalise(c.stdout, undefined, c.command), stderr: normalise(c.stderr, undefined, c.command) };
          expect(actual).toEqual(expected);
        }),
      ),
    );
  }
});
