// What the GlusterFS regression harness (tests/include.rc, volume.rc, afr.rc) gives a .t, for the
// ports in this directory: a throw-away glusterd state dir and brick root, `$CLI` (gluster
// --mode=script --wignore, run in-process), a "mount" `$M0` made of `tgluster fs` commands (and
// the api client where a shell redirection has no fs verb: `>>`), and the brick-side helpers the
// .t files call (kill_brick, get_pending_heal_count, gf_get_gfid_xattr, create_brick_xattrop_entry,
// heal_status, arequal-checksum, ...), re-written here in TypeScript.
//
// Differences forced by tgluster having no daemons and no FUSE mount, applied in every port:
// * EXPECT_WITHIN on the self-heal daemon (glustershd_up_status, afr_child_up_status_in_shd) has
//   nothing to wait for: `volume heal VOL` heals to completion in the command.
// * afr_child_up_status on the mount has nothing to wait for either: every `tgluster fs` command
//   is a fresh client that sees the bricks as `volume status` shows them.
// * No sleeps: what a .t waits for has either happened when the command returns, or is marked.
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'vitest';
import { cli } from '../../cli/cli-io.js';
import { openVolume } from '../../../src/api/index.js';
import { getXattrOpt, listXattrs, removeXattr, setXattr } from '../../../src/xattr/index.js';
import { decodeMdata, MDATA_KEY } from '../../../src/xlators/posix/mdata.js';

export interface Result {
  exit: number;
  stdout: string;
  stderr: string;
}

const ZERO = '000000000000000000000000';

/** The changelog keys the .t files set by hand on $V0's bricks: trusted.afr.$V0-client-{0,1}, trusted.afr.dirty. */
export const CLIENT0 = 'trusted.afr.patchy-client-0';
export const CLIENT1 = 'trusted.afr.patchy-client-1';
export const DIRTY = 'trusted.afr.dirty';


export class Harness {
  /** $V0 */
  readonly V0 = 'patchy';
  /** $H0: a name of this machine (the scenario tests' /etc/hosts has server1). */
  readonly H0 = 'server1';
  readonly root: string;
  /** $B0 */
  readonly B0: string;
  readonly home: string;

  constructor(tag: string) {
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), `tg-upafr-${tag}-`));
    this.B0 = path.join(this.root, 'backends');
    this.home = path.join(this.root, 'glusterd');
    fs.mkdirSync(this.B0);
  }

  /** Stops and deletes every volume (so their lock files go too), then removes the temp dir. */
  async cleanup(): Promise<void> {
    if (!fs.existsSync(this.root)) return;
    const list = await this.CLI('volume', 'list');
    for (const vol of list.exit === 0 ? list.stdout.split('\n').filter((v) => v && v !== 'No volumes present in cluster') : []) {
      await this.CLI('volume', 'stop', vol, 'force');
      await this.CLI('volume', 'delete', vol);
    }
    fs.rmSync(this.root, { recursive: true, force: true });
  }

  /** `$B0/<name>` */
  b(name: string): string {
    return path.join(this.B0, name);
  }

  /** `$H0:$B0/<name>` */
  brick(name: string): string {
    return `${this.H0}:${this.b(name)}`;
  }

  // ---- $CLI ---------------------------------------------------------------------------------

  /** `$CLI ...`: gluster --mode=script --wignore (include.rc's CLI). */
  CLI(...argv: string[]): Promise<Result> {
    return cli(this.home, ['--mode=script', '--wignore', ...argv]);
  }

  /** `TEST $CLI ...`: exit status 0. */
  async TEST(...argv: string[]): Promise<Result> {
    const r = await this.CLI(...argv);
    expect(r.exit, `TEST gluster ${argv.join(' ')}\n${r.stdout}${r.stderr}`).toBe(0);
    return r;
  }

  /** `TEST ! $CLI ...`: a non-zero exit status. */
  async TEST_NOT(...argv: string[]): Promise<Result> {
    const r = await this.CLI(...argv);
    expect(r.exit, `TEST ! gluster ${argv.join(' ')}\n${r.stdout}${r.stderr}`).not.toBe(0);
    return r;
  }

  /** `TEST $CLI volume set VOL KEY VALUE` for each option, in the order given. */
  async volume_set(vol: string, options: Record<string, string>): Promise<void> {
    for (const [key, value] of Object.entries(options)) await this.TEST('volume', 'set', vol, key, value);
  }

  /** `TEST $CLI volume start VOL force`, then EXPECT_WITHIN "1" brick_up_status for each brick named. */
  async volume_start_force(vol: string, ...up: string[]): Promise<void> {
    await this.TEST('volume', 'start', vol, 'force');
    for (const brickPath of up) expect(await this.brick_up_status(vol, brickPath), `brick_up_status ${brickPath}`).toBe('1');
  }

  /** kill_brick VOL H0 BRICK → `tgluster debug kill-brick`. */
  async kill_brick(vol: string, brickPath: string): Promise<void> {
    const r = await this.CLI('debug', 'kill-brick', vol, `${this.H0}:${brickPath}`);
    expect(r.exit, `kill_brick ${brickPath}: ${r.stdout}${r.stderr}`).toBe(0);
    expect(await this.brick_up_status(vol, brickPath)).toBe('0');
  }

  /** kill_brick each of BRICKS, then `echo TEXT > $M0/p` through the bricks left up. */
  async echo_while_down(vol: string, bricks: string[], p: string, text: string): Promise<void> {
    for (const brickPath of bricks) await this.kill_brick(vol, brickPath);
    await this.echo(p, text, vol);
  }

  /** brick_up_status: `<status>` of `volume status VOL H:B --xml`. */
  async brick_up_status(vol: string, brickPath: string): Promise<string> {
    const r = await this.CLI('volume', 'status', vol, `${this.H0}:${brickPath}`, '--xml');
    return /<status>([01])<\/status>/.exec(r.stdout)?.[1] ?? '';
  }

  /** volinfo_field VOL FIELD */
  async volinfo_field(vol: string, field: string): Promise<string> {
    const r = await this.CLI('volume', 'info', vol);
    const line = r.stdout.split('\n').find((l) => l.startsWith(`${field}: `));
    return line ? line.replace(/.*: /, '') : '';
  }

  /** volume_option VOL KEY: the value `volume info` shows under Options Reconfigured. */
  async volume_option(vol: string, key: string): Promise<string> {
    const r = await this.CLI('volume', 'info', vol);
    const line = r.stdout.split('\n').find((l) => l.startsWith(`${key}: `));
    return line ? line.split(' ')[1] : '';
  }

  /** get_pending_heal_count: the sum of `Number of entries` over `heal info` (awk sums '-' as 0). */
  async get_pending_heal_count(vol: string): Promise<number> {
    const r = await this.CLI('volume', 'heal', vol, 'info');
    return sumField(r.stdout, /^Number of entries: (.*)$/);
  }

  /** afr_get_split_brain_count: the sum of `Number of entries in split-brain`. */
  async afr_get_split_brain_count(vol: string): Promise<number> {
    const r = await this.CLI('volume', 'heal', vol, 'info', 'split-brain');
    return sumField(r.stdout, /^Number of entries in split-brain: (.*)$/);
  }

  // ---- the mount --------------------------------------------------------------------------

  /** `VOL:/path`, how tgluster fs addresses what the .t reaches as $M0/path. */
  M0(p: string, vol = this.V0): string {
    return `${vol}:${p.startsWith('/') ? p : `/${p}`}`;
  }

  /** `tgluster fs ...` in-process (verbs that need no stdin and print no file contents). */
  fs(...argv: string[]): Promise<Result> {
    return cli(this.home, ['fs', ...argv]);
  }

  /** `TEST <fs verb>` through the mount: exit status 0. */
  async fsOk(...argv: string[]): Promise<Result> {
    const r = await this.fs(...argv);
    expect(r.exit, `TEST fs ${argv.join(' ')}\n${r.stdout}${r.stderr}`).toBe(0);
    return r;
  }

  /** `cat $M0/p` → `tgluster fs cat VOL:/p`, its stdout captured. */
  async cat(p: string, vol = this.V0): Promise<Result> {
    const chunks: Buffer[] = [];
    const real = process.stdout.write;
    process.stdout.write = ((b: string | Uint8Array) => {
      chunks.push(Buffer.from(b));
      return true;
    }) as typeof process.stdout.write;
    let r: Result;
    try {
      r = await this.fs('cat', this.M0(p, vol));
    } finally {
      process.stdout.write = real;
    }
    return { ...r, stdout: Buffer.concat(chunks).toString() + r.stdout };
  }

  /** `echo TEXT > $M0/p` (or `dd of=$M0/p`): `tgluster fs put` of a local file holding the bytes. */
  async put(p: string, data: string | Buffer, vol = this.V0): Promise<Result> {
    const local = path.join(this.root, `put-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
    fs.writeFileSync(local, data);
    try {
      return await this.fs('put', local, this.M0(p, vol));
    } finally {
      fs.rmSync(local, { force: true });
    }
  }

  /** `echo TEXT > $M0/p`: exit status 0. */
  async echo(p: string, text: string, vol = this.V0): Promise<void> {
    const r = await this.put(p, `${text}\n`, vol);
    expect(r.exit, `echo ${text} > ${p}\n${r.stderr}`).toBe(0);
  }

  /** `dd if=/dev/urandom of=$M0/p bs=1024k count=N`: N MiB of random bytes (the file truncated first). */
  async dd(p: string, bytes: number, vol = this.V0): Promise<Result> {
    return this.put(p, randomBytes(bytes), vol);
  }

  /**
   * `echo TEXT >> $M0/p`: tgluster fs has no append verb that reads a local file, so this is the
   * api client (openVolume, as a mount's open(O_APPEND|O_CREAT) + write).
   * Resolves to the errno code on failure, 'ok' on success.
   */
  async append(p: string, text: string, vol = this.V0): Promise<string> {
    try {
      const c = await openVolume(vol, { home: this.home });
      const fh = await c.open(p, 'a');
      await fh.write(Buffer.from(`${text}\n`));
      await fh.close();
      return 'ok';
    } catch (e) {
      return String((e as { code?: string }).code ?? e);
    }
  }

  /** lstat(2) through the mount (api client): the iatt, its mode with the type bits. Throws the FopError. */
  async mlstat(p: string, vol = this.V0) {
    const c = await openVolume(vol, { home: this.home });
    return c.lstat(p);
  }

  /** mknod(2) through the mount (api client; tgluster fs has mkfifo but no mknod). */
  async mknod(p: string, type: 'b' | 'c', major: number, minor: number, vol = this.V0): Promise<void> {
    const c = await openVolume(vol, { home: this.home });
    await c.mknod(p, (type === 'b' ? 0o060000 : 0o020000) | 0o666, makedev(major, minor));
  }

  /**
   * `getfattr -n NAME -e ENC $M0/p` → `tgluster fs getfattr`: the value as printed (0x... in hex,
   * "..." in text, quotes removed), undefined when the command fails.
   */
  async getfattr(p: string, name: string, enc: 'hex' | 'text' = 'hex', vol = this.V0): Promise<Result & { value?: string }> {
    const r = await this.fs('getfattr', '-n', name, '-e', enc, this.M0(p, vol));
    const line = r.stdout.split('\n').find((l) => l.startsWith(`${name}=`));
    const value = r.exit === 0 && line !== undefined ? line.slice(name.length + 1).replace(/^"(.*)"$/, '$1') : undefined;
    return { ...r, value };
  }

  /**
   * `stat $M0/p` → `tgluster --json fs stat VOL:/p`: the parsed answer (exit 0), or the failure
   * (exit and stderr, `stat` undefined).
   */
  async stat(p: string, vol = this.V0): Promise<Result & { stat?: FsStat }> {
    const r = await cli(this.home, ['--json', 'fs', 'stat', this.M0(p, vol)]);
    return { ...r, stat: r.exit === 0 ? (JSON.parse(r.stdout) as FsStat) : undefined };
  }
}

/** What `tgluster --json fs stat` prints for one path. */
export interface FsStat {
  path: string;
  type: string;
  size: number;
  mode: string;
  uid: number;
  gid: number;
  mtime: string;
  ctime: string;
  gfid: string;
}

/** glibc's makedev. */
export function makedev(major: number, minor: number): number {
  return ((major & 0xfff) << 8) | (minor & 0xff) | ((minor & ~0xff) << 12);
}

/** `stat -c %F` of a mode. */
export function typeWords(mode: number, size = 1): string {
  switch (mode & 0o170000) {
    case 0o100000:
      return size === 0 ? 'regular empty file' : 'regular file';
    case 0o040000:
      return 'directory';
    case 0o120000:
      return 'symbolic link';
    case 0o010000:
      return 'fifo';
    case 0o060000:
      return 'block special file';
    case 0o020000:
      return 'character special file';
    default:
      return 'socket';
  }
}

function sumField(out: string, re: RegExp): number {
  let sum = 0;
  for (const line of out.split('\n')) {
    const m = re.exec(line);
    if (m) sum += Number.isFinite(Number(m[1])) ? Number(m[1]) : 0;
  }
  return sum;
}

// ---- brick-side helpers (volume.rc / afr.rc) ------------------------------------------------

/** gf_get_gfid_xattr: `0x<32 hex>`, or '' when the object has no gfid (or does not exist). */
export function gf_get_gfid_xattr(p: string): string {
  try {
    const v = getXattrOpt(p, 'trusted.gfid');
    return v ? `0x${v.toString('hex')}` : '';
  } catch {
    return '';
  }
}

/** gf_gfid_xattr_to_str: 0x... → the canonical uuid string. */
export function gf_gfid_xattr_to_str(x: string): string {
  return `${x.slice(2, 10)}-${x.slice(10, 14)}-${x.slice(14, 18)}-${x.slice(18, 22)}-${x.slice(22, 34)}`;
}

/** get_hex_xattr KEY PATH: the value in hex without 0x, '' when absent. */
export function get_hex_xattr(key: string, p: string): string {
  try {
    return getXattrOpt(p, key)?.toString('hex') ?? '';
  } catch {
    return '';
  }
}

/** get_text_xattr KEY PATH */
export function get_text_xattr(key: string, p: string): string {
  return getXattrOpt(p, key)?.toString() ?? '';
}

/** afr_get_changelog_xattr with afr_get_specific_changelog_xattr's slicing: data|metadata|entry. */
export function afr_get_specific_changelog_xattr(p: string, key: string, type: 'data' | 'metadata' | 'entry'): string {
  const v = get_hex_xattr(key, p) || ZERO;
  return v.slice({ data: 0, metadata: 8, entry: 16 }[type], { data: 8, metadata: 16, entry: 24 }[type]);
}

/** `setfattr -n KEY -v 0xHEX PATH` on a brick. */
export function setfattr(p: string, key: string, hex: string): void {
  setXattr(p, key, Buffer.from(hex.replace(/^0x/, ''), 'hex'));
}

/** `setfattr -x KEY PATH` on a brick. */
export function setfattrRemove(p: string, key: string): void {
  removeXattr(p, key);
}

/** Whether the object has the xattr (`getfattr -n KEY PATH` succeeding). */
export function hasXattr(p: string, key: string): boolean {
  return listXattrs(p).includes(key);
}

/** `stat PATH` succeeding (the object exists, not followed). */
export function exists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** afr_get_index_path */
export function afr_get_index_path(brick: string): string {
  return path.join(brick, '.glusterfs', 'indices', 'xattrop');
}

/** count_sh_entries / afr_get_index_count: gfid entries of indices/xattrop (the base file left out). */
export function count_sh_entries(brick: string): number {
  return fs.readdirSync(afr_get_index_path(brick)).filter((n) => !n.startsWith('xattrop-')).length;
}

/**
 * create_brick_xattrop_entry BRICK FILE...: hard-links each file's gfid into the brick's
 * xattrop index (to the base file when there is one, else an empty file), so the index heal
 * picks it up.
 */
export function create_brick_xattrop_entry(brick: string, ...files: string[]): void {
  const dir = afr_get_index_path(brick);
  const base = fs.readdirSync(dir).find((n) => n.startsWith('xattrop'));
  for (const f of files) {
    const gfid = gf_gfid_xattr_to_str(gf_get_gfid_xattr(path.join(brick, f)));
    const entry = path.join(dir, gfid);
    if (base) fs.linkSync(path.join(dir, base), entry);
    else fs.writeFileSync(entry, '');
  }
}

/** afr.rc heal_status (directories): Y|N for equal listings, then six changelog values. */
export function heal_status(vol: string, b1: string, b2: string, rel: string): string {
  const p1 = path.join(b1, rel);
  const p2 = path.join(b2, rel);
  const ls = (p: string) => {
    try {
      return fs.readdirSync(p).sort().join('\n');
    } catch {
      return undefined;
    }
  };
  const l1 = ls(p1);
  const insync = l1 !== undefined && l1 === ls(p2) ? 'Y' : 'N';
  const x = (k: string, p: string) => get_hex_xattr(k, p) || ZERO;
  return (
    insync +
    x(`trusted.afr.${vol}-client-0`, p1) +
    x(`trusted.afr.${vol}-client-1`, p1) +
    x(`trusted.afr.${vol}-client-0`, p2) +
    x(`trusted.afr.${vol}-client-1`, p2) +
    x('trusted.afr.dirty', p1) +
    x('trusted.afr.dirty', p2)
  );
}

export const HEALED_DIR_STATUS = `Y${ZERO.repeat(6)}`;

/** afr.rc is_dir_heal_done */
export function is_dir_heal_done(vol: string, b1: string, b2: string, rel: string): 'Y' | 'N' {
  return heal_status(vol, b1, b2, rel) === HEALED_DIR_STATUS ? 'Y' : 'N';
}

/** afr.rc is_file_heal_done (data-self-heal.t's is_heal_done): equal sizes, all changelogs zero. */
export function is_file_heal_done(vol: string, b1: string, b2: string, rel: string): 'Y' | 'N' {
  const p1 = path.join(b1, rel);
  const p2 = path.join(b2, rel);
  const size = (p: string) => fs.statSync(p).size;
  const x = (k: string, p: string) => get_hex_xattr(k, p) || ZERO;
  const all = [
    x(`trusted.afr.${vol}-client-0`, p1),
    x(`trusted.afr.${vol}-client-1`, p1),
    x(`trusted.afr.${vol}-client-0`, p2),
    x(`trusted.afr.${vol}-client-1`, p2),
    x('trusted.afr.dirty', p1),
    x('trusted.afr.dirty', p2),
  ];
  return size(p1) - size(p2) === 0 && all.every((v) => v === ZERO) ? 'Y' : 'N';
}

/**
 * print_pending_heals: the names (of `names`) whose heal is not done, as ':' + ':name'...,
 * or '~' when every one is healed (what EXPECT_WITHIN ... "~" waits for).
 */
export function print_pending_heals(done: (rel: string) => 'Y' | 'N', names: string[]): string {
  const left = names.filter((n) => done(n) === 'N');
  return left.length ? `:${left.map((n) => `:${n}`).join('')}` : '~';
}

/**
 * tests/utils/arequal-checksum -p BRICK -i .glusterfs, as a comparable listing: every object
 * (entries named .glusterfs skipped at any depth) with its type, mode, owner, size, content
 * digest, symlink target and device number. Two bricks "diff" equal when these are equal.
 */
export function arequal(brick: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const p = path.join(brick, rel);
    const st = fs.lstatSync(p);
    const type = st.isFile() ? 'f' : st.isDirectory() ? 'd' : st.isSymbolicLink() ? 'l' : 'o';
    let what = '';
    if (type === 'f') what = createHash('sha1').update(fs.readFileSync(p)).digest('hex');
    if (type === 'l') what = fs.readlinkSync(p);
    if (type === 'o') what = `rdev=${st.rdev}`;
    out.push(`${rel || '/'} ${type} ${(st.mode & 0o7777).toString(8)} ${st.uid}:${st.gid} ${type === 'f' ? st.size : ''} ${what}`);
    if (type !== 'd') return;
    for (const n of fs.readdirSync(p).sort()) if (n !== '.glusterfs') walk(rel ? `${rel}/${n}` : n);
  };
  walk('');
  return out;
}

/**
 * get_mtime / get_ctime (volume.rc, through tests/utils/get-mdata-xattr): seconds from the
 * brick's trusted.glusterfs.mdata when it has one, else from stat.
 */
export function get_mtime(p: string): number {
  return decodeMdata(getXattrOpt(p, MDATA_KEY))?.mtime.sec ?? Math.floor(fs.lstatSync(p).mtimeMs / 1000);
}
export function get_ctime(p: string): number {
  return decodeMdata(getXattrOpt(p, MDATA_KEY))?.ctime.sec ?? Math.floor(fs.lstatSync(p).ctimeMs / 1000);
}

/** Whole seconds of a time `tgluster --json fs stat` prints (stat -c %Y / %Z). */
export function seconds(iso: string): number {
  return Math.floor(Date.parse(iso.replace(/\.\d+Z$/, 'Z')) / 1000);
}

/** md5sum of a file (on a brick). */
export function md5sum(p: string): string {
  return createHash('md5').update(fs.readFileSync(p)).digest('hex');
}

/** `stat -c "%g:%u:%A"`-like owner and permission string of an object on a brick. */
export function ownerMode(p: string): string {
  const st = fs.lstatSync(p);
  return `${st.gid}:${st.uid}:${(st.mode & 0o7777).toString(8)}`;
}
