// What a client can still do with an inode in split-brain, kind by kind, as real 10.3 answered the
// same probes on its FUSE mount (fixtures/reference/afr-fop-states.json, split_brain_reads: replica
// 2, shd off, the steps below). A data split-brain file: stat and the parent's listing work (the
// first brick's attributes), data reads, getxattr and listxattr fail with EIO. A metadata
// split-brain file: the same. A directory in entry split-brain: listed (from one copy) and stat'ed;
// a named lookup still finds a name only the other copy has.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor } from '../../src/api/index.js';
import type { VolumeClient } from '../../src/api/client.js';
import { createTimeOptions, putOption } from '../../src/mgmt/options/create-time.js';
import { makeVolume, type TestVolume } from '../unit/api/helpers.js';

const ORACLE = JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/reference/afr-fop-states.json'), 'utf8')).split_brain_reads as {
  probes: Array<{ title: string; results: Array<{ command: string; rc: number; stdout: string }> }>;
};
const oracle = (title: string, command: string) => ORACLE.probes.find((p) => p.title.startsWith(title))!.results.find((r) => r.command === command)!;

let tv: TestVolume;
let c: VolumeClient;
/** A client over the volume as it is now (bricks down as marked). */
const client = () => clientFor(tv.volume);
const down = (i: number | undefined) => tv.volume.bricks.forEach((b, k) => (b.down = k === i));
const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code);

beforeAll(async () => {
  // The capture's steps, through tgluster: all up, brick 0 down, brick 1 down, all up again.
  tv = makeVolume('hasb', { bricks: 2, replica: 2 });
  tv.volume.options = putOption(createTimeOptions(tv.volume), 'cluster.self-heal-daemon', 'off');
  let w = client();
  for (const d of ['/d1', '/d2', '/e']) await w.mkdir(d, 0o755);
  await w.writeFile('/d1/f', 'hello\n');
  await w.writeFile('/d2/m', 'hello\n');
  for (const f of ['/d1/f', '/d2/m']) await w.setxattr(f, 'user.k', Buffer.from('v'));
  await w.writeFile('/e/k', 'keep\n');
  await w.chmod('/d2/m', 0o644);
  for (const [i, data, mode, name] of [[0, 'AAAA\n', 0o600, 'a'], [1, 'BBBBBB\n', 0o640, 'b']] as const) {
    down(i);
    w = client();
    const fh = await w.open('/d1/f', 'w');
    await fh.write(Buffer.from(data), 0);
    await w.chmod('/d2/m', mode);
    await w.create(`/e/${name}`, 0o644);
  }
  down(undefined);
  c = client();
});
afterAll(() => tv.cleanup());

describe('reads of an inode in split-brain, kind by kind, as 10.3 answers them', () => {
  it('data split-brain: stat and the listing work (the first brick\'s size), data and xattr reads EIO', async () => {
    const st = await c.stat('/d1/f');
    expect(`${st.size} ${(st.mode & 0o777).toString(8)}`).toBe(oracle('data split-brain', "stat -c '%s %a' /d1/f").stdout);
    expect((await c.readdirp('/d1')).map((e) => [e.name, e.iatt.size])).toEqual([['f', 7]]);
    expect(await code(c.getxattr('/d1/f', 'user.k'))).toBe('EIO');
    expect(await code(c.listxattr('/d1/f'))).toBe('EIO');
    expect(await code(c.read('/d1/f', 0, 1))).toBe('EIO');
    const status = (await c.getxattr('/d1/f', 'replica.split-brain-status')).toString().replace(/\0$/, '');
    expect(`replica.split-brain-status="${status}"`).toBe(oracle('data split-brain', 'getfattr -n replica.split-brain-status /d1/f').stdout.split('\n')[1]);
  });

  it('metadata split-brain: stat works (the first brick\'s mode), reads and xattr reads EIO', async () => {
    const st = await c.stat('/d2/m');
    expect(`${st.size} ${(st.mode & 0o777).toString(8)}`).toBe(oracle('metadata split-brain', "stat -c '%s %a' /d2/m").stdout);
    expect(await code(c.read('/d2/m', 0, 1))).toBe('EIO');
    expect(await code(c.getxattr('/d2/m', 'user.k'))).toBe('EIO');
    expect(await code(c.listxattr('/d2/m'))).toBe('EIO');
    const status = (await c.getxattr('/d2/m', 'replica.split-brain-status')).toString().replace(/\0$/, '');
    expect(`replica.split-brain-status="${status}"`).toBe(oracle('metadata split-brain', 'getfattr -n replica.split-brain-status /d2/m').stdout.split('\n')[1]);
  });

  it('entry split-brain: the directory is listed from the first copy and stat\'ed; each name is still found by name', async () => {
    expect((await c.readdir('/e')).sort().join('\n')).toBe(oracle('entry split-brain dir /e (readdir', 'ls -1 /e').stdout);
    expect((await c.stat('/e')).type).toBe('dir');
    const status = (await c.getxattr('/e', 'replica.split-brain-status')).toString().replace(/\0$/, '');
    expect(`replica.split-brain-status="${status}"`).toBe(oracle('entry split-brain dir /e (readdir', 'getfattr -n replica.split-brain-status /e').stdout.split('\n')[1]);
    expect((await c.stat('/e/a')).size).toBe(0);
    expect((await c.stat('/e/b')).size).toBe(0);
    expect((await c.readFile('/e/k')).toString()).toBe('keep\n');
  });
});
