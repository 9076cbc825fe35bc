// The capture's cliSB series replayed through tgluster's CLI: a replica 2 volume with its
// self-heal daemon off, files split by changes made on each side while the other brick was
// dead, then `heal info split-brain` and each `heal VOL split-brain ...` resolution, with the
// messages and exit codes of fixtures/corpus/heal-split-brain-* (gfids are tgluster's own).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cli } from '../cli/cli-io.js';
import { snapshotObject } from '../helpers/brick-snapshot.js';

let root: string;
let home: string;
let b1: string;
let b2: string;
const run = (...argv: string[]) => cli(home, ['--mode=script', ...argv]);
const ok = async (...argv: string[]) => {
  const r = await run(...argv);
  if (r.exit !== 0) throw new Error(`${argv.join(' ')}: ${r.stdout}${r.stderr}`);
  return r;
};
/** A command's whole answer: glfsheal's lines on stdout, "Volume heal failed." after a failure. */
const answers = async (argv: string[], exit: number, lines: string) =>
  expect(await run(...argv)).toEqual({ exit, stdout: exit === 0 ? lines : `${lines}Volume heal failed.\n`, stderr: '' });
const sbHeal = (...rest: string[]) => ['volume', 'heal', 'sb', 'split-brain', ...rest];
const gfidOf = (brick: string, p: string) => snapshotObject(path.join(brick, p)).xattrs['trusted.gfid'].replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');

/** One side's changes (the other brick dead): content, size, mode and a file of its own. */
async function side(brick: 'b1' | 'b2', data: string, mode: string, size: number): Promise<void> {
  const other = brick === 'b1' ? `server2:${b2}` : `server1:${b1}`;
  await ok('debug', 'kill-brick', 'sb', other);
  for (const f of ['data-sb', 'src-sb', 'choice-sb']) await ok('fs', 'truncate', '-s', String(data.length), `sb:/${f}`);
  await ok('fs', 'truncate', '-s', String(size), 'sb:/big-sb');
  await ok('fs', 'truncate', '-s', '7', 'sb:/mtime-sb');
  await ok('fs', 'chmod', mode, 'sb:/meta-sb');
  await ok('fs', 'truncate', '-s', String(size), 'sb:/gfid-sb');
  await ok('volume', 'start', 'sb', 'force');
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-sbcli-'));
  home = path.join(root, 'home');
  b1 = path.join(root, 'b1');
  b2 = path.join(root, 'b2');
  await ok('volume', 'create', 'sb', 'replica', '2', `server1:${b1}`, `server2:${b2}`, 'force');
  await ok('volume', 'start', 'sb');
  await ok('volume', 'heal', 'sb', 'disable');
  await ok('fs', 'touch', 'sb:/notsb', 'sb:/data-sb', 'sb:/src-sb', 'sb:/choice-sb', 'sb:/big-sb', 'sb:/mtime-sb', 'sb:/meta-sb');
  await side('b1', 'first side', '600', 31);
  await side('b2', 'second', '640', 2);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('split-brain seen and resolved through the CLI, as in the capture', () => {
  test('info split-brain lists the split files on both bricks; the gfid split-brain is pending only', async () => {
    const r = await run('volume', 'heal', 'sb', 'info', 'split-brain');
    expect(r.exit).toBe(0);
    const blocks = r.stdout.split('\n\n').filter(Boolean);
    expect(blocks).toHaveLength(2);
    for (const b of blocks) {
      expect(b).toMatch(/Status: Connected\nNumber of entries in split-brain: 7$/);
      expect(b).not.toContain('gfid-sb');
    }
    const info = await run('volume', 'heal', 'sb', 'info');
    expect(info.stdout).toContain('/data-sb - Is in split-brain\n');
    expect(info.stdout).toMatch(/\n\/gfid-sb \n/);
  });

  test('bigger-file heals the larger copy; equal sizes and metadata split-brain are refused', async () => {
    await answers(sbHeal('bigger-file', '/big-sb'), 0, 'Healed /big-sb.\n');
    expect(snapshotObject(path.join(b2, 'big-sb')).size).toBe(31);
    await answers(sbHeal('bigger-file', '/mtime-sb'), 1, 'Healing /mtime-sb failed: No bigger file.\n');
    await answers(sbHeal('bigger-file', '/meta-sb'), 1, 'Healing /meta-sb failed: Use source-brick option to heal metadata split-brain.\n');
    // --xml: the same lines, without the CLI's "Volume heal failed."
    expect(await run('--xml', ...sbHeal('bigger-file', '/big-sb'))).toEqual({ exit: 1, stdout: 'Healing /big-sb failed: File not in split-brain.\n', stderr: '' });
  });

  test('latest-mtime takes the newest copy (10.3 would answer "No difference in mtime" with features.ctime on)', async () => {
    await answers(sbHeal('latest-mtime', '/mtime-sb'), 0, 'Healed /mtime-sb.\n');
    await answers(sbHeal('latest-mtime', '/meta-sb'), 1, 'Healing /meta-sb failed: Use source-brick option to heal metadata split-brain.\n');
  });

  test('source-brick heals by path and by gfid, metadata included; errors as glfsheal prints them', async () => {
    await answers(sbHeal('source-brick', `server1:${b1}`, '/meta-sb'), 0, 'Healed /meta-sb.\n');
    expect(snapshotObject(path.join(b2, 'meta-sb')).mode).toBe('600');
    const g = gfidOf(b2, 'src-sb');
    await answers(sbHeal('source-brick', `server2:${b2}`, `gfid:${g}`), 0, `Healed gfid:${g}.\n`);
    expect(fs.readFileSync(path.join(b1, 'src-sb'))).toEqual(fs.readFileSync(path.join(b2, 'src-sb')));
    await answers(sbHeal('bigger-file', '/notsb'), 1, 'Healing /notsb failed: File not in split-brain.\n');
    await answers(sbHeal('bigger-file', '/nosuchfile'), 22, 'Lookup failed on /nosuchfile:No such file or directory.\n');
    await answers(sbHeal('source-brick', `server1:${root}/zz`, '/data-sb'), 1, `"server1:${root}/zz"- No such brick available in the volume.\n`);
    await answers(sbHeal('bigger-file', 'data-sb'), 1, "<FILE> must be absolute path w.r.t. the volume, starting with '/'\n");
  });

  test('gfid split-brain: the path form resolves it (equal sizes refused), the gfid form cannot', async () => {
    const g = gfidOf(b1, 'gfid-sb');
    await answers(sbHeal('source-brick', `server1:${b1}`, `gfid:${g}`), 107, `Healing gfid:${g} failed:Transport endpoint is not connected.\n`);
    await answers(sbHeal('bigger-file', '/gfid-sb'), 0, 'GFID split-brain resolved for file /gfid-sb\n');
    expect(gfidOf(b2, 'gfid-sb')).toBe(g);
  });

  test('source-brick alone resolves every indexed entry of the brick, then an index heal levels the rest', async () => {
    const r = await run(...sbHeal('source-brick', `server1:${b1}`));
    expect(r.exit).toBe(0);
    expect(r.stdout).toMatch(/Status: Connected\nNumber of healed entries: \d+\n\n$/);
    expect(r.stdout).toContain(`Healed gfid:${gfidOf(b1, 'data-sb')}.`);
    await ok('volume', 'heal', 'sb', 'enable');
    await ok('volume', 'heal', 'sb');
    const info = await run('volume', 'heal', 'sb', 'info');
    expect(info.stdout.match(/Number of entries: \d+/g)).toEqual(['Number of entries: 0', 'Number of entries: 0']);
    for (const f of ['data-sb', 'gfid-sb', 'choice-sb']) expect(fs.readFileSync(path.join(b2, f)), f).toEqual(fs.readFileSync(path.join(b1, f)));
  });
});
