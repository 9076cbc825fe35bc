// Oracle (features/gfid-access): a 2x2 distribute-replicate volume mounted with aux-gfid-mount
// by GlusterFS 10.3 and by tgluster, the same tree made through each, then every operation of a
// shell user on every kind of name under `/.gfid`: the virtual directory itself, a directory, a
// file and a symlink by gfid (also in upper case), a name below a directory found by gfid, the
// root by gfid, a gfid the volume lacks, a name that is no gfid. Each step's exit code and
// message (gfids and mount points made alike) and, for reads, its output must be the same; at
// the end every brick must hold the same tree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeEnv, type Env } from '../scenario/fs-helpers.js';
import { ensureGlusterd, GlusterSandbox, sh, walk } from './helpers.js';

const VOL = `gfa${process.pid % 10000}`;
const GFID_RE = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/g;

/** The tree each side makes through its mount before the steps. */
function makeTree(m: string): void {
  fs.mkdirSync(path.join(m, 'd/sub/inner'), { recursive: true });
  fs.writeFileSync(path.join(m, 'd/sub/s'), 'open me\n');
  fs.writeFileSync(path.join(m, 'd/sub/f'), 'below\n');
  fs.writeFileSync(path.join(m, 'f'), 'file data\n');
  fs.symlinkSync('f', path.join(m, 'l'));
  fs.writeFileSync(path.join(m, 'victim'), 'x\n');
}

const gfidOf = (m: string, rel: string) => sh('getfattr', ['-h', '--only-values', '-n', 'glusterfs.gfid.string', path.join(m, rel)]).stdout.trim();

/** Every target under `.gfid`, by a short name. */
function targets(m: string): Record<string, string> {
  const g = (rel: string) => `.gfid/${gfidOf(m, rel)}`;
  return {
    gfiddir: '.gfid',
    dir: g('d'),
    file: g('f'),
    FILE: `.gfid/${gfidOf(m, 'f').toUpperCase()}`,
    symlink: g('l'),
    below: `${g('d')}/sub/f`,
    belowdir: `${g('d')}/sub`,
    root: '.gfid/00000000-0000-0000-0000-000000000001',
    missing: '.gfid/0a0b0c0d-1111-2222-3333-444455556666',
    notgfid: '.gfid/not-a-gfid',
  };
}

/** Shell steps on one target; $T is its path, $M the mount. Reads first, then changes. */
const STEPS = [
  'stat -c "%a %F %s %h" "$T"',
  'ls "$T" | sort',
  'cat "$T"',
  'readlink "$T"',
  'getfattr -h --only-values -n glusterfs.gfid.string "$T" | tr -d "\\n" | wc -c',
  'getfattr -h --only-values -n trusted.glusterfs.pathinfo "$T"',
  'setfattr -h -n user.ga -v one "$T" && getfattr -h --only-values -n user.ga "$T"',
  'setfattr -h -x user.ga "$T"',
  'chmod 0700 "$T" && stat -c %a "$T"',
  'touch "$T/new"',
  'mkdir "$T/newdir"',
  'ln -s x "$T/newlink"',
  'mkfifo "$T/fifo"',
  'echo more >> "$T" && cat "$T"',
  'truncate -s 3 "$T" && stat -c %s "$T"',
  'ln "$M/victim" "$T/hard"',
  'mv "$T" "$M/moved" && mv "$M/moved" "$T"',
  'touch "$T"',
  'mkdir "$T"',
  'ln "$T" "$M/linked" && stat -c %h "$M/linked" && rm "$M/linked"',
  'rm -f "$T"',
  'rmdir "$T"',
];

/**
 * One inode held under both of its names, then changed through the other: an open file renamed,
 * a working directory renamed, a hard link removed while open. $G is `.gfid/<gfid of d>`.
 */
const CROSS = [
  'exec 3<>"$M/d/sub/s" && mv "$G/sub/s" "$G/sub/s2" && echo more >&3 && stat -L -c %s /proc/self/fd/3 && cat "$M/d/sub/s2"',
  'cd "$M/d/sub/inner" && mv "$G/sub" "$G/sub2" && touch ./i2 && ls . && cd / && mv "$M/d/sub2" "$M/d/sub" && ls "$M/d/sub"',
  'ln "$M/f" "$M/d/hl" && exec 3<"$M/d/hl" && rm "$M/d/hl" && cat <&3 && stat -L -c %h /proc/self/fd/3',
  'exec 3<"$G/sub/f" && mv "$M/d" "$M/d2" && cat <&3 && cat "$G/sub/f" && mv "$M/d2" "$M/d"',
];

/**
 * A pathinfo value as the set of what it names (each brick copy, each layout range) and its
 * depth: 10.3 lists the copies in the order their replies arrived, which varies from call to call.
 */
function pathinfoParts(v: string): string {
  const parts = [...v.matchAll(/<[^>]+>|\([\w-]+ \d+ \d+\)/g)].map((m) => m[0]).sort();
  return `pathinfo[${v.split('(').length - 1} groups; ${parts.join(' ')}]${v.endsWith('\0') ? ' NUL' : ''}`;
}

/**
 * A step's output with what differs between the two sides made alike: the mount point, the
 * directory that holds the bricks, the host name in pathinfo, gfids.
 */
function run(m: string, root: string, target: string, step: string, g = ''): string {
  const out = sh('bash', ['-c', `M=${JSON.stringify(m)}; T=${JSON.stringify(path.join(m, target))}; G=${JSON.stringify(g)}; ${step}`]);
  const norm = (s: string) =>
    s
      .split(m)
      .join('$M')
      .split(root)
      .join('$R')
      .replace(/(<POSIX\([^)]*\)):[^:>]+:/g, '$1:HOST:')
      .replace(/^\(.*<POSIX\(.*$/m, pathinfoParts)
      .replace(GFID_RE, 'GFID')
      // tgluster has no opendir fop: a directory that cannot be listed fails at its first readdir
      // (README: a directory reached through /.gfid is refused at its first read, not at opendir)
      .replace(/ls: reading directory '([^']*)'/g, "ls: cannot open directory '$1'")
      .replace(/^cat: (.*): Is a directory$/m, 'cat: $1: Operation not supported');
  return `${out.code} ${norm(out.stdout)}${norm(out.stderr)}`;
}

describe('the /.gfid directory of an aux-gfid-mount, on GlusterFS 10.3 and on tgluster', () => {
  let sb: GlusterSandbox;
  let env: Env;
  let gm: string;
  let tm: string;
  let gb: string[];
  let tb: string[];

  beforeAll(() => {
    ensureGlusterd();
    sb = new GlusterSandbox('gfid-access');
    env = makeEnv('oracle-gfid-access');
    gb = [0, 1, 2, 3].map((i) => path.join(sb.dir, `b${i}`));
    tb = [0, 1, 2, 3].map((i) => path.join(env.dir, `b${i}`));
    for (const b of [...gb, ...tb]) fs.mkdirSync(b);
    sb.create(VOL, gb, 2);
    sb.start(VOL);
    const ok = (...a: string[]) => {
      const r = env.run(['--mode=script', ...a]);
      if (r.code !== 0) throw new Error(`${a.join(' ')}: ${r.stderr}`);
    };
    ok('volume', 'create', VOL, 'replica', '2', ...tb.map((b, i) => `server${(i % 3) + 1}:${b}`), 'force');
    ok('volume', 'start', VOL);
    gm = sb.mountVolume(VOL, undefined, ['-o', 'aux-gfid-mount']);
    tm = path.join(env.dir, 'mnt');
    fs.mkdirSync(tm);
    expect(env.run(['mount', '-o', 'aux-gfid-mount', `server1:/${VOL}`, tm]).code).toBe(0);
    makeTree(gm);
    makeTree(tm);
  });

  afterAll(() => {
    if (tm) sh('umount', [tm]);
    sb?.cleanup();
    env?.run(['--mode=script', 'volume', 'stop', VOL, 'force']);
    env?.cleanup();
  });

  it('keeps an inode usable when it changes under its other name', () => {
    const gG = path.join(gm, targets(gm).dir);
    const tG = path.join(tm, targets(tm).dir);
    for (const step of CROSS) expect(run(tm, env.dir, '', step, tG), step).toBe(run(gm, sb.dir, '', step, gG));
  });

  it('answers every step on every kind of name alike', () => {
    const gt = targets(gm);
    const tt = targets(tm);
    const diffs: string[] = [];
    for (const kind of Object.keys(gt)) {
      for (const step of STEPS) {
        const g = run(gm, sb.dir, gt[kind], step);
        const t = run(tm, env.dir, tt[kind], step);
        if (g !== t) diffs.push(`${kind}: ${step}\n  GlusterFS: ${g}\n  tgluster:  ${t}`);
      }
    }
    expect(diffs).toEqual([]);
  });

  it('leaves the same tree on the bricks', () => {
    const view = (b: string) => walk(b).filter((p) => !p.startsWith('.glusterfs'));
    expect(tb.map(view)).toEqual(gb.map(view));
  });
});
