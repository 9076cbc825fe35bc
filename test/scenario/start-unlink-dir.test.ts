// `volume start` of a stopped volume empties each brick's .glusterfs/unlink, as a starting brick
// process does (where a create staged without O_TMPFILE and killed before its name would stay);
// `start force` of a started volume, whose clients may be staging creates there, does not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createVolume, makeEnv, type Env } from './fs-helpers.js';

describe('.glusterfs/unlink at volume start', () => {
  let e: Env;
  let bricks: string[];
  beforeAll(() => {
    e = makeEnv('unlinkdir');
    bricks = createVolume(e, 'ud', 3, 3);
  });
  afterAll(() => e.cleanup());

  const leftover = (b: string) => path.join(b, '.glusterfs', 'unlink', 'tgluster-create-left-by-a-crash');
  const cli = (args: string[]) => expect(e.run(['--mode=script', ...args]).code).toBe(0);

  it('a real start empties it; start force of a started volume leaves it', () => {
    for (const b of bricks) fs.writeFileSync(leftover(b), 'staged, never named');
    cli(['volume', 'start', 'ud', 'force']);
    for (const b of bricks) expect(fs.existsSync(leftover(b))).toBe(true);
    cli(['volume', 'stop', 'ud']);
    cli(['volume', 'start', 'ud']);
    for (const b of bricks) expect(fs.readdirSync(path.join(b, '.glusterfs', 'unlink'))).toEqual([]);
    // The volume works as before.
    expect(e.run(['fs', 'put', '-', 'ud:/f'], 'data').code).toBe(0);
    expect(e.run(['fs', 'cat', 'ud:/f']).stdout).toBe('data');
  });
});
