// Oracle (shard): the same steps through a GlusterFS 10.3 FUSE mount and a `tgluster mount` of a
// replica 3 volume with features.shard on (4 MB blocks): writes across blocks, holes, truncates,
// appends, fallocate modes, seek, rm and mv over, hard links, shard's refusals, and after each
// the sizes and data the client sees and what the first brick holds (each shard by its file's
// name and block, with its size; each base file's shard keys). Then real GlusterFS takes
// tgluster's bricks as a volume of its own and reads every file back.
//
// Left out on purpose (README): a truncate to a multiple of the block size (10.3 empties the last
// kept block), and the block count a 10.3 client shows right after a fallocate (its cached value:
// the count on disk is compared, and agrees).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeEnv, type Env } from '../scenario/fs-helpers.js';
import { ensureGlusterd, gluster, GlusterSandbox, sh, tearDownSides } from './helpers.js';

const RUN = `p${process.pid}`;
const ROOT = `/bricks/shard/${RUN}`;
const VOL = 'osh';
const OPTIONS = [['features.shard', 'on'], ['features.shard-block-size', '4MB']] as const;

/** What brick $B holds: each shard as FILE.N SIZE (FILE: the base file of that gfid), each base file's keys. */
const BRICK = `
brick() {
  echo "-- brick"
  for f in $(cd "$B" && ls); do
    [ -f "$B/$f" ] || continue
    g=$(getfattr --absolute-names -n trusted.gfid -e hex "$B/$f" 2>/dev/null | sed -n 's/^trusted.gfid=0x\\(........\\)\\(....\\)\\(....\\)\\(....\\)/\\1-\\2-\\3-\\4-/p')
    [ -n "$g" ] || continue
    getfattr --absolute-names -d -m trusted.glusterfs.shard -e hex "$B/$f" 2>/dev/null | grep = | sed "s|^|$f |"
    for s in $(ls "$B/.shard" 2>/dev/null | grep "^$g\\."); do echo "$f.\${s##*.} $(stat -c %s "$B/.shard/$s")"; done
  done
  echo "remove_me: $(ls -A "$B/.shard/.remove_me" 2>/dev/null | wc -l)"
}
`;

/** Each step prints a header, then what it showed; $M is the mount, $B its first brick, $D the data. */
const STEPS: Array<[string, string]> = [
  ['write', 'cp "$D" f && echo abc > small && mkdir d && stat -c "%s %b" f small && md5sum < f'],
  ['ls', 'ls -a | tr "\\n" " "; echo; ls -l | awk \'{print $5, $9}\''],
  ['refusals', 'stat -c %n .shard; mkdir .shard/x; getfattr -n trusted.glusterfs.shard.block-size f; getfattr -d -m . f 2>&1 | grep -c shard; setfattr -n trusted.glusterfs.shard.block-size -v 0x01 f; echo "set file $?"; setfattr -n trusted.glusterfs.shard.block-size -v 0x01 d; echo "set dir $?"'],
  ['truncate-grow', 'truncate -s 20M f && stat -c "%s %b" f && md5sum < f'],
  ['truncate-shrink', 'truncate -s 6M f && stat -c "%s %b" f && md5sum < f'],
  ['write-far', 'dd if="$D" of=g bs=1M count=1 seek=13 2>/dev/null && stat -c "%s %b" g && md5sum < g'],
  ['overwrite', 'dd if="$D" of=g bs=100k count=3 seek=10 conv=notrunc 2>/dev/null && stat -c "%s %b" g && md5sum < g'],
  ['append', 'head -c 5000000 "$D" >> g && stat -c "%s %b" g && md5sum < g'],
  ['fallocate', 'fallocate -l 9M h; echo "rc $?"; stat -c %s h; fallocate -n -l 9M h2; echo "keep-size rc $?"'],
  ['punch', 'fallocate -p -o 1M -l 5M g; echo "rc $?"; stat -c "%s" g; md5sum < g'],
  ['seek', 'python3 -c "import os; fd=os.open(\'g\', os.O_RDONLY); print(os.lseek(fd, 0, os.SEEK_DATA))"  2>&1 | tail -1'],
  ['bricks', 'brick'],
  ['rm', 'rm g && gone'],
  ['mv-over', 'cp "$D" x1 && cp "$D" x2 && mv x1 x2 && gone && md5sum < x2'],
  ['link-then-rm', 'ln x2 x3 && rm x2 && gone && md5sum < x3 && stat -c "%s %b %h" x3'],
  ['chmod', 'chmod 600 x3 && stat -c "%a %s" x3 && (cd "$B/.shard" && stat -c "%a %U" $(ls) | sort | uniq -c)'],
  ['bricks-end', 'brick'],
];

/** Waits (bounded) for 10.3's background deletion to empty .remove_me; tgluster's is done already. */
const GONE = 'gone() { for i in $(seq 150); do [ -z "$(ls -A "$B/.shard/.remove_me" 2>/dev/null)" ] && return 0; sleep 0.2; done; echo "remove_me never emptied"; }';

function script(): string {
  return [BRICK, GONE, 'cd "$M" || exit 1', ...STEPS.map(([name, cmd]) => `echo "## ${name}"; ( ${cmd} ) 2>&1`)].join('\n') + '\n';
}

function run(mnt: string, brick: string, data: string): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [], { env: { ...process.env, M: mnt, B: brick, D: data }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => out.push(b));
    child.on('error', reject);
    child.on('close', () => {
      const text = Buffer.concat(out).toString().replaceAll(mnt, '<M>').replaceAll(brick, '<B>');
      const steps = new Map<string, string>();
      for (const part of text.split(/^## /m).slice(1)) {
        const nl = part.indexOf('\n');
        steps.set(part.slice(0, nl), part.slice(nl + 1));
      }
      resolve(steps);
    });
    child.stdin.end(script());
  });
}

describe('features.shard through a GlusterFS mount and a tgluster mount', () => {
  let sb: GlusterSandbox;
  let env: Env;
  let tm: string;
  let g: Map<string, string>;
  let t: Map<string, string>;
  const gBricks = [0, 1, 2].map((i) => path.join(ROOT, 'g', `b${i}`));
  const tBricks = [0, 1, 2].map((i) => path.join(ROOT, 't', `b${i}`));
  const data = path.join(ROOT, 'data');

  beforeAll(async () => {
    ensureGlusterd();
    sb = new GlusterSandbox('shard');
    env = makeEnv('oracle-shard');
    for (const b of [...gBricks, ...tBricks]) fs.mkdirSync(b, { recursive: true });
    fs.writeFileSync(data, randomBytes(10 * 1024 * 1024));
    sb.create(VOL, gBricks, 3);
    for (const [k, v] of OPTIONS) gluster('volume', 'set', VOL, k, v);
    sb.start(VOL);
    const gm = sb.mountVolume(VOL);
    expect(env.run(['--mode=script', 'volume', 'create', VOL, 'replica', '3', ...tBricks.map((b, i) => `server${i + 1}:${b}`), 'force']).code).toBe(0);
    for (const [k, v] of OPTIONS) expect(env.run(['--mode=script', 'volume', 'set', VOL, k, v]).code).toBe(0);
    expect(env.run(['volume', 'start', VOL]).code).toBe(0);
    tm = path.join(env.dir, 'mnt');
    fs.mkdirSync(tm);
    expect(env.run(['mount', VOL, tm]).code).toBe(0);
    g = await run(gm, gBricks[0], data);
    t = await run(tm, tBricks[0], data);
  });

  afterAll(() => {
    if (tm) sh('umount', [tm]);
    tearDownSides(sb, env, [VOL], ROOT, path.dirname(ROOT));
  });

  for (const [name] of STEPS) {
    it(`${name}: the client and the brick show the same`, () => {
      expect(t.get(name)).toBe(g.get(name));
    });
  }

  it("real GlusterFS takes tgluster's sharded bricks as its own and reads every file back", () => {
    const files = ['f', 'small', 'h', 'x3'];
    const seen = (m: string) => files.map((f) => `${f} ${sh('stat', ['-c', '%s', path.join(m, f)]).stdout.trim()} ${sh('md5sum', [path.join(m, f)]).stdout.split(' ')[0]}`);
    const before = seen(tm);
    sh('umount', [tm]);
    expect(env.run(['--mode=script', 'volume', 'stop', VOL]).code).toBe(0);
    sb.create('osh2', tBricks, 3);
    for (const [k, v] of OPTIONS) gluster('volume', 'set', 'osh2', k, v);
    sb.start('osh2');
    expect(sb.healInfoCounts('osh2')).toEqual([0, 0, 0]);
    const m2 = sb.mountVolume('osh2');
    expect(seen(m2)).toEqual(before);
    expect(sb.healInfoCounts('osh2')).toEqual([0, 0, 0]);
  });
});
