// `tgluster mount`: a 2 x 2 volume mounted through FUSE and used by ordinary tools (tar, cp -a,
// rsync, diff, find, mv, ln, chmod, flock), a random read/write/truncate run checked against a
// local file, and what the bricks hold afterwards: every file once per replica set, with the same
// gfid on both copies, readable by the api exactly as the mount wrote it. Then failures as a
// glusterfs mount shows them: a dead brick, a stopped volume, a split-brain file; and the refusals
// of the mount command itself.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fuseNative } from '../../src/mount/fuse-native.js';
import { isMounted } from '../../src/mount/mounts.js';
import { openVolume } from '../../src/api/index.js';
import { setXattr } from '../../src/xattr/index.js';
import { createVolume, gfidOn, makeEnv, nonZeroAfr, type Env } from './fs-helpers.js';

const canMount = typeof fuseNative() !== 'string' && process.getuid?.() === 0 && fs.existsSync('/dev/fuse');
const SRC = path.resolve(__dirname, '../../src');
const LONG = 300_000;

/** Runs a shell command line; its status and output. */
function sh(cmd: string, cwd?: string): { code: number; out: string } {
  const r = spawnSync('sh', ['-c', cmd], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status ?? 128, out: (r.stdout ?? '') + (r.stderr ?? '') };
}

/** Files (not directories) below `root`, relative, sorted. */
function filesUnder(root: string, rel = ''): string[] {
  const out: string[] = [];
  for (const d of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
    if (rel === '' && d.name === '.glusterfs') continue;
    const r = rel ? `${rel}/${d.name}` : d.name;
    if (d.isDirectory()) out.push(...filesUnder(root, r));
    else out.push(r);
  }
  return out.sort();
}

/** A deterministic PRNG (mulberry32), so that a failing random run can be replayed. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.skipIf(!canMount)('tgluster mount', () => {
  let e: Env;
  let bricks: string[];
  let mp: string;

  beforeAll(() => {
    e = makeEnv('mount');
    bricks = createVolume(e, 'mv', 4, 2);
    mp = path.join(e.dir, 'mnt');
    fs.mkdirSync(mp);
    // Timeouts 0: every check below sees the bricks' present state, not the kernel's cache.
    const r = e.run(['mount', '-o', 'attribute-timeout=0,entry-timeout=0', 'server1:/mv', mp]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  afterAll(() => {
    if (mp && isMounted(mp)) sh(`umount -l ${mp}`);
    e?.cleanup();
  });

  test('lseek SEEK_DATA / SEEK_HOLE on a sparse file answer where its data is (cp --sparse skips the holes)', () => {
    const f = path.join(mp, 'sparse');
    const fd = fs.openSync(f, 'w');
    const at = 2 ** 33; // 4 bytes 8 GiB in
    fs.writeSync(fd, Buffer.from('data'), 0, 4, at);
    fs.closeSync(fd);
    const seek = (p: string) =>
      sh(`/usr/bin/python3 -c 'import os,sys;fd=os.open(sys.argv[1],os.O_RDONLY);print(os.lseek(fd,0,os.SEEK_DATA),os.lseek(fd,0,os.SEEK_HOLE))' ${p}`).out.trim();
    const [data, hole] = seek(f).split(' ').map(Number);
    // the data block holds the 4 bytes; without the fop the kernel would answer "0 <size>"
    expect(data).toBe(at);
    expect(hole).toBe(0);
    expect(sh(`cp --sparse=always ${f} ${f}.copy`).code).toBe(0);
    const copy = fs.openSync(`${f}.copy`, 'r');
    const got = Buffer.alloc(4);
    fs.readSync(copy, got, 0, 4, at);
    fs.closeSync(copy);
    expect([fs.statSync(`${f}.copy`).size, got.toString()]).toEqual([at + 4, 'data']);
    fs.rmSync(f);
    fs.rmSync(`${f}.copy`);
  });

  test('the mount is in the kernel table as a glusterfs mount of server1:/mv', () => {
    const line = fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n').find((l) => l.split(' ')[4] === mp);
    expect(line).toMatch(/ - fuse\.glusterfs server1:\/mv /);
    expect(line).toMatch(/default_permissions,allow_other/);
  });

  test(
    'tar extracts a source tree that diff -r finds identical; each file lives on one replica set, same gfid on both copies, read back alike by the api',
    async () => {
      const t = sh(`mkdir ${mp}/t && tar -C ${SRC} -cf - . | tar -C ${mp}/t -xf - && diff -r ${SRC} ${mp}/t`);
      expect(t.out).toBe('');
      expect(t.code).toBe(0);
      const want = filesUnder(SRC);
      expect(sh(`find ${mp}/t -type f | wc -l`).out.trim()).toBe(String(want.length));
      const vol = await openVolume('mv', { home: e.home });
      for (const rel of want) {
        // A copy is the file itself, not a DHT link file (mode ---------T).
        const isData = (p: string) => fs.existsSync(p) && (fs.statSync(p).mode & 0o7777) !== 0o1000;
        const onSets = [0, 2].filter((i) => isData(path.join(bricks[i], 't', rel)));
        expect(onSets, rel).toHaveLength(1);
        const [a, b] = [bricks[onSets[0]], bricks[onSets[0] + 1]].map((br) => path.join(br, 't', rel));
        expect(gfidOn(a)).toBeDefined();
        expect(gfidOn(b)).toBe(gfidOn(a));
        expect(fs.readFileSync(b).equals(fs.readFileSync(a))).toBe(true);
        expect(nonZeroAfr(a).concat(nonZeroAfr(b))).toEqual([]);
        expect(Buffer.compare(await vol.readFile(`/t/${rel}`), fs.readFileSync(path.join(SRC, rel)))).toBe(0);
        // The mount's virtual key names the gfid the bricks hold.
        if (rel === want[0]) expect(sh(`getfattr --absolute-names --only-values -n glusterfs.gfid.string ${mp}/t/${rel}`).out).toBe(gfidOn(a));
      }
    },
    LONG,
  );

  test(
    'cp -a and rsync -a keep modes, times and symlinks; ls -l shows them alike',
    () => {
      const local = path.join(e.dir, 'local');
      fs.mkdirSync(path.join(local, 'd/e'), { recursive: true });
      fs.writeFileSync(path.join(local, 'd/e/f'), 'x'.repeat(5000));
      fs.chmodSync(path.join(local, 'd/e/f'), 0o640);
      fs.symlinkSync('e/f', path.join(local, 'd/link'));
      fs.utimesSync(path.join(local, 'd/e/f'), 1_000_000, 1_000_000);
      expect(sh(`cp -a ${local}/d ${mp}/cp && diff -r ${local}/d ${mp}/cp`).code).toBe(0);
      expect(sh(`rsync -a ${local}/d/ ${mp}/rs/ && diff -r ${local}/d ${mp}/rs`).code).toBe(0);
      const ls = (dir: string) => sh(`cd ${dir} && ls -lR --time-style=+%s . | grep -v '^total' | awk '{print $1, $5, $6, $7, $8, $9}'`).out;
      expect(ls(`${mp}/cp`)).toBe(ls(`${local}/d`));
      expect(ls(`${mp}/rs`)).toBe(ls(`${local}/d`));
      expect(fs.readlinkSync(`${mp}/cp/link`)).toBe('e/f');
      expect(fs.statSync(`${mp}/rs/e/f`).mtimeMs).toBe(1_000_000_000);
    },
    LONG,
  );

  test('mv across directories, hard and symbolic links, chmod -R, user xattrs', () => {
    fs.mkdirSync(`${mp}/m/a`, { recursive: true });
    fs.mkdirSync(`${mp}/m/b`);
    fs.writeFileSync(`${mp}/m/a/f`, 'moved');
    expect(sh(`mv ${mp}/m/a/f ${mp}/m/b/g && mv ${mp}/m/a ${mp}/m/b/`).code).toBe(0);
    expect(fs.readFileSync(`${mp}/m/b/g`, 'utf8')).toBe('moved');
    expect(fs.readdirSync(`${mp}/m/b`).sort()).toEqual(['a', 'g']);
    expect(fs.existsSync(`${mp}/m/a`)).toBe(false);
    expect(sh(`ln ${mp}/m/b/g ${mp}/m/h && ln -s b/g ${mp}/m/s`).code).toBe(0);
    expect(fs.statSync(`${mp}/m/h`).ino).toBe(fs.statSync(`${mp}/m/b/g`).ino);
    expect(fs.statSync(`${mp}/m/h`).nlink).toBe(2);
    expect(fs.readFileSync(`${mp}/m/s`, 'utf8')).toBe('moved');
    expect(sh(`chmod -R go-rwx ${mp}/m`).code).toBe(0);
    expect(fs.statSync(`${mp}/m/b/g`).mode & 0o777).toBe(0o600);
    expect(fs.statSync(`${mp}/m/b`).mode & 0o777).toBe(0o700);
    expect(sh(`setfattr -n user.k -v v1 ${mp}/m/b/g && getfattr --absolute-names --only-values -n user.k ${mp}/m/b/g`).out).toBe('v1');
    // Both copies of the file carry the key, and GlusterFS's own keys stay hidden from the mount.
    const copies = bricks.map((b) => path.join(b, 'm/b/g')).filter((p) => fs.existsSync(p) && fs.statSync(p).size > 0);
    expect(copies).toHaveLength(2);
    for (const c of copies) expect(sh(`getfattr --absolute-names --only-values -n user.k ${c}`).out).toBe('v1');
    expect(sh(`getfattr --absolute-names -d -m - ${mp}/m/b/g`).out).not.toContain('trusted.');
    // Keys GlusterFS's fuse-bridge answers itself: no capabilities, no SELinux label, no ACLs.
    expect(sh(`getfattr --absolute-names -n security.capability ${mp}/m/b/g`).out).toContain('No such attribute');
    expect(sh(`setfattr -n security.selinux -v x ${mp}/m/b/g`).out).toContain('Operation not supported');
    expect(sh(`getfattr --absolute-names -n system.posix_acl_access ${mp}/m/b/g`).out).toContain('Operation not supported');
  });

  test('flock: a second exclusive lock on the same file is refused while the first is held', () => {
    fs.writeFileSync(`${mp}/lockme`, '');
    const r = sh(`flock -x ${mp}/lockme -c 'flock -xn ${mp}/lockme -c true; echo second=$?'`);
    expect(r.out.trim()).toBe('second=1');
  });

  test(
    'random writes, reads and truncates through the mount match the same run on a local file',
    () => {
      const rnd = prng(20261207);
      const local = path.join(e.dir, 'fsx.local');
      const remote = `${mp}/fsx`;
      let fl = fs.openSync(local, 'w+');
      let fr = fs.openSync(remote, 'w+');
      for (let op = 0; op < 400; op++) {
        const kind = rnd();
        if (kind < 0.45) {
          const off = Math.floor(rnd() * 300_000);
          const buf = Buffer.alloc(1 + Math.floor(rnd() * 70_000), Math.floor(rnd() * 256));
          fs.writeSync(fl, buf, 0, buf.length, off);
          fs.writeSync(fr, buf, 0, buf.length, off);
        } else if (kind < 0.8) {
          const off = Math.floor(rnd() * 350_000);
          const len = 1 + Math.floor(rnd() * 140_000);
          const a = Buffer.alloc(len);
          const b = Buffer.alloc(len);
          const na = fs.readSync(fl, a, 0, len, off);
          const nb = fs.readSync(fr, b, 0, len, off);
          expect(nb, `op ${op}: read at ${off}`).toBe(na);
          expect(b.subarray(0, nb).equals(a.subarray(0, na)), `op ${op}: read at ${off}`).toBe(true);
        } else if (kind < 0.93) {
          const size = Math.floor(rnd() * 320_000);
          fs.ftruncateSync(fl, size);
          fs.ftruncateSync(fr, size);
        } else {
          // Close and open again: the kernel drops its cached pages, the bricks answer.
          fs.closeSync(fl);
          fs.closeSync(fr);
          fl = fs.openSync(local, 'r+');
          fr = fs.openSync(remote, 'r+');
        }
      }
      fs.closeSync(fl);
      fs.closeSync(fr);
      expect(fs.statSync(remote).size).toBe(fs.statSync(local).size);
      expect(fs.readFileSync(remote).equals(fs.readFileSync(local))).toBe(true);
    },
    LONG,
  );

  test('/.meta shows the active graph as GlusterFS\'s meta translator does: options, AFR\'s private state, read-only', () => {
    const active = `${mp}/.meta/graphs/active`;
    expect(fs.readdirSync(mp)).not.toContain('.meta');
    expect(fs.readdirSync(active)).toEqual(expect.arrayContaining(['mv-client-0', 'mv-replicate-0', 'mv-replicate-1', 'mv-dht', 'volfile']));
    expect(fs.readFileSync(`${active}/mv-client-1/options/remote-subvolume`, 'utf8')).toBe(`${bricks[1]}\n`);
    expect(fs.readFileSync(`${active}/mv-replicate-0/type`, 'utf8')).toBe('cluster/replicate\n');
    const priv = () => fs.readFileSync(`${active}/mv-replicate-0/private`, 'utf8');
    expect(priv()).toMatch(/^\[cluster\/replicate\.mv-replicate-0\]\nchild_count = 2\nchild_up\[0\] = 1\n/);
    expect(priv()).toMatch(/^child_up\[1\] = 1$/m);
    expect(e.run(['debug', 'kill-brick', 'mv', `server2:${bricks[1]}`]).code).toBe(0);
    expect(priv()).toMatch(/^child_up\[1\] = 0$/m);
    expect(e.run(['--mode=script', 'volume', 'start', 'mv', 'force']).code).toBe(0);
    expect(priv()).toMatch(/^child_up\[1\] = 1$/m);
    expect(sh(`touch ${active}/x`).out).toContain('Operation not permitted');
    // read_child (bug-1480525.t): a local copy while choose-local is on, -1 once it is off, the
    // copy read-subvolume-index names when set.
    expect(priv()).toMatch(/^read_child = 0$/m);
    const set = (k: string, v: string) => expect(e.run(['--mode=script', 'volume', 'set', 'mv', k, v]).code).toBe(0);
    set('cluster.choose-local', 'off');
    expect(priv()).toMatch(/^read_child = -1$/m);
    set('cluster.read-subvolume-index', '1');
    expect(priv()).toMatch(/^read_child = 1$/m);
    for (const k of ['cluster.choose-local', 'cluster.read-subvolume-index']) expect(e.run(['--mode=script', 'volume', 'reset', 'mv', k]).code).toBe(0);
  });

  test('a killed brick: the mount goes on writing, heal info counts the changes, heal levels the copies', () => {
    expect(e.run(['debug', 'kill-brick', 'mv', `server2:${bricks[1]}`]).code).toBe(0);
    fs.writeFileSync(`${mp}/while-down`, 'written while a brick was down');
    fs.mkdirSync(`${mp}/dir-while-down`);
    expect(fs.readFileSync(`${mp}/while-down`, 'utf8')).toBe('written while a brick was down');
    const info = e.run(['volume', 'heal', 'mv', 'info']).stdout;
    expect(info).toContain('Status: Transport endpoint is not connected');
    expect(e.run(['--mode=script', 'volume', 'start', 'mv', 'force']).code).toBe(0);
    expect(e.run(['volume', 'heal', 'mv']).code).toBe(0);
    const counts = e.run(['volume', 'heal', 'mv', 'info']).stdout.match(/Number of entries: \d+/g);
    expect(counts).toEqual(['Number of entries: 0', 'Number of entries: 0', 'Number of entries: 0', 'Number of entries: 0']);
    const set = fs.existsSync(path.join(bricks[0], 'while-down')) ? 0 : 2;
    expect(fs.readFileSync(path.join(bricks[set + 1], 'while-down'), 'utf8')).toBe('written while a brick was down');
  });

  test('a data split-brain file reads as EIO through the mount; the others read on', () => {
    fs.writeFileSync(`${mp}/sb`, 'same');
    const set = fs.existsSync(path.join(bricks[0], 'sb')) ? 0 : 2;
    const [a, b] = [bricks[set], bricks[set + 1]].map((br) => path.join(br, 'sb'));
    fs.writeFileSync(a, 'brick a');
    fs.writeFileSync(b, 'brick bb');
    const blame = Buffer.from('000000010000000000000000', 'hex');
    setXattr(a, `trusted.afr.mv-client-${set + 1}`, blame);
    setXattr(b, `trusted.afr.mv-client-${set}`, blame);
    const r = sh(`cat ${mp}/sb`);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Input/output error');
    expect(fs.readFileSync(`${mp}/while-down`, 'utf8')).toBe('written while a brick was down');
    expect(sh(`getfattr --absolute-names --only-values -n replica.split-brain-status ${mp}/sb`).out).toContain('data-split-brain:yes');
  });

  test('a stopped volume answers ENOTCONN through the mount, which stays; started again, it serves again', () => {
    expect(e.run(['--mode=script', 'volume', 'stop', 'mv']).code).toBe(0);
    const r = sh(`ls ${mp}/t`);
    expect(r.code).toBe(2);
    expect(r.out).toContain('Transport endpoint is not connected');
    expect(isMounted(mp)).toBe(true);
    expect(e.run(['--mode=script', 'volume', 'start', 'mv']).code).toBe(0);
    expect(fs.readFileSync(`${mp}/while-down`, 'utf8')).toBe('written while a brick was down');
  });

  test('the mount command refuses a missing mount point, an unknown volume and a second mount, as mount.glusterfs', () => {
    const none = e.run(['mount', 'mv', path.join(e.dir, 'nowhere')]);
    expect([none.code, none.stderr]).toEqual([1, 'ERROR: Mount point does not exist\n']);
    const again = e.run(['mount', 'mv', mp]);
    expect([again.code, again.stderr]).toEqual([32, `tgluster mount: according to mtab, GlusterFS is already mounted on ${mp}\n`]);
    fs.mkdirSync(path.join(e.dir, 'other'));
    const nosuch = e.run(['mount', 'nosuch', path.join(e.dir, 'other')]);
    expect([nosuch.code, nosuch.stderr]).toEqual([1, `Mounting glusterfs on ${path.join(e.dir, 'other')} failed.\n`]);
    expect(fs.readFileSync(path.join(e.home, 'log', `${path.join(e.dir, 'other').slice(1).replace(/\//g, '-')}.log`), 'utf8')).toContain('volume nosuch does not exist');
    const json = e.run(['mount', '--json', 'nosuch', path.join(e.dir, 'other')]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({ error: { code: 1, message: `Mounting glusterfs on ${path.join(e.dir, 'other')} failed.`, detail: 'Volume nosuch does not exist' } });
    const bad = e.run(['mount', '-o', 'bogus', 'mv', mp]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('mount: unknown option bogus');
    expect(isMounted(path.join(e.dir, 'other'))).toBe(false);
  });

  test('umount ends the mount and its process', () => {
    const pids = () => sh(`pgrep -f '__mount-worke[r] .*${mp}'`).out.trim();
    const pid = pids();
    expect(pid).toMatch(/^\d+$/);
    expect(sh(`umount ${mp}`).code).toBe(0);
    expect(isMounted(mp)).toBe(false);
    // The process ends once libfuse's loop sees the unmount; wait for that, not for a time.
    const r = sh(`while kill -0 ${pid} 2>/dev/null; do sleep 0.05; done; echo gone`);
    expect(r.out.trim()).toBe('gone');
  });
});
