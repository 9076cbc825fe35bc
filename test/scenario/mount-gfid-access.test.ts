// `tgluster mount -o aux-gfid-mount`: the `/.gfid` directory through FUSE, and an inode the kernel
// holds under one name staying usable when it is renamed or unlinked under another (its path
// through `/.gfid`, or a hard link). Compared with GlusterFS 10.3 by test/oracle/gfid-access.test.ts.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fuseNative } from '../../src/mount/fuse-native.js';
import { createVolume, gfidOn, makeEnv, type Env } from './fs-helpers.js';

const canMount = typeof fuseNative() !== 'string' && process.getuid?.() === 0 && fs.existsSync('/dev/fuse');

/** Runs a bash command line with $M (the mount) and $G (`/.gfid/<gfid of /d>`) set. */
function bash(cmd: string, vars: Record<string, string>): { code: number; out: string } {
  const set = Object.entries(vars).map(([k, v]) => `${k}=${JSON.stringify(v)}; `).join('');
  const r = spawnSync('bash', ['-c', set + cmd], { encoding: 'utf8' });
  return { code: r.status ?? 128, out: (r.stdout ?? '') + (r.stderr ?? '') };
}

describe.skipIf(!canMount)('tgluster mount -o aux-gfid-mount', () => {
  let e: Env;
  let bricks: string[];
  let mp: string;
  let vars: Record<string, string>;

  const gfidOf = (rel: string) => gfidOn(path.join(bricks.find((b) => fs.existsSync(path.join(b, rel)))!, rel))!;

  beforeAll(() => {
    e = makeEnv('mount-gfid');
    bricks = createVolume(e, 'mg', 4, 2);
    mp = path.join(e.dir, 'mnt');
    fs.mkdirSync(mp);
    expect(e.run(['mount', '-o', 'aux-gfid-mount', 'mg', mp]).code).toBe(0);
    fs.mkdirSync(path.join(mp, 'd/sub/inner'), { recursive: true });
    fs.writeFileSync(path.join(mp, 'd/sub/s'), 'open me\n');
    fs.writeFileSync(path.join(mp, 'f'), 'file data\n');
    vars = { M: mp, G: path.join(mp, '.gfid', gfidOf('d')) };
  });

  afterAll(() => {
    if (mp) spawnSync('umount', [mp]);
    e?.cleanup();
  });

  test('reaches a file by gfid; refuses to list /.gfid', () => {
    expect(fs.readFileSync(path.join(mp, '.gfid', gfidOf('f')), 'utf8')).toBe('file data\n');
    expect(bash('ls "$M/.gfid"', vars)).toEqual({ code: 2, out: `ls: reading directory '${mp}/.gfid': Operation not supported\n` });
  });

  test('an open file renamed through /.gfid stays writable through its descriptor', () => {
    const r = bash('exec 3<>"$M/d/sub/s" && mv "$G/sub/s" "$G/sub/s2" && echo more >&3 && stat -L -c %s /proc/self/fd/3', vars);
    expect(r).toEqual({ code: 0, out: '8\n' });
    expect(fs.readFileSync(path.join(mp, 'd/sub/s2'), 'utf8')).toBe('more\nme\n');
  });

  test('a working directory renamed through /.gfid stays usable', () => {
    const r = bash('cd "$M/d/sub/inner" && mv "$G/sub" "$G/sub2" && touch ./i2 && ls .', vars);
    expect(r).toEqual({ code: 0, out: 'i2\n' });
    expect(fs.readdirSync(path.join(mp, 'd/sub2/inner'))).toEqual(['i2']);
  });

  test('a file open under a hard link that is then removed is still read through the descriptor', () => {
    const r = bash('ln "$M/f" "$M/d/hl" && exec 3<"$M/d/hl" && rm "$M/d/hl" && cat <&3 && stat -L -c %h /proc/self/fd/3', vars);
    expect(r).toEqual({ code: 0, out: 'file data\n1\n' });
  });
});
