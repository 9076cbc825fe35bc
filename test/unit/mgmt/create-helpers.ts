// Setup shared by the glusterd-side `volume create` tests: a state dir and a brick root of their
// own for each test, and creation as the CLI does it (parse, answer yes, create).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { parseCreate } from '../../../src/mgmt/create-parse.js';
import { brickProcesses } from '../../../src/glusterfsd/brick-processes.js';
import { createVolume } from '../../../src/mgmt/volume-create.js';
import { MgmtError } from '../../../src/mgmt/errors.js';

export interface CreateDirs {
  /** TGLUSTER_HOME of the current test. */
  home: string;
  /** Where the current test's bricks go. */
  root: string;
}

/** Fresh `home` and `root` temp dirs (tg-<tag>-home-*, tg-<tag>-bricks-*) before each test, removed
 * after it; `beforeRemove` runs first (e.g. to unmount what the test mounted under them). */
export function useCreateDirs(tag: string, beforeRemove?: () => void): CreateDirs {
  const dirs: CreateDirs = { home: '', root: '' };
  beforeEach(() => {
    dirs.home = fs.mkdtempSync(path.join(os.tmpdir(), `tg-${tag}-home-`));
    dirs.root = fs.mkdtempSync(path.join(os.tmpdir(), `tg-${tag}-bricks-`));
  });
  afterEach(() => {
    beforeRemove?.();
    fs.rmSync(dirs.home, { recursive: true, force: true });
    fs.rmSync(dirs.root, { recursive: true, force: true });
  });
  return dirs;
}

/** Parses `args` like the CLI (answering yes) and creates the volume in `home`. */
export async function parseAndCreate(home: string, args: string) {
  const parsed = await parseCreate(args.split(' '), async () => true);
  if (!parsed.ok) throw new Error(`parse failed: ${parsed.lines.join(' | ')}`);
  return createVolume(home, parsed.request, brickProcesses);
}

/** The message of the MgmtError that creating `args` in `home` fails with (throws if it succeeds). */
export async function createRejection(home: string, args: string): Promise<string> {
  try {
    await parseAndCreate(home, args);
  } catch (e) {
    if (e instanceof MgmtError) return e.message;
    throw e;
  }
  throw new Error('expected the create to fail');
}
