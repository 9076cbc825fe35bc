// The harness of the DHT / rebalance / remove-brick ports in this directory: the AFR ports'
// harness (../upstream-afr/harness.ts: $CLI in-process with --mode=script --wignore, a "mount"
// made of `tgluster fs` commands, kill_brick, brick xattr helpers), plus what volume.rc and
// dht.rc give the distribute tests: the rebalance / remove-brick status fields, brick_count,
// dht_first_filename_with_hashsubvol, and a long-lived client for the tests where the mount's
// memory matters.
//
// Differences forced by tgluster having no daemons and no FUSE mount:
// * EXPECT_WITHIN on a rebalance or remove-brick status waits for the volume's task worker to
//   end (its lock, as `start --wait` does), then compares the field once: nothing is timed. See
//   wait_task for why not merely until the status says completed.
// * `mount`: the api client (openVolume). Like a FUSE mount it lives across brick kills and
//   revivals and keeps its in-memory layouts; `tgluster fs` commands are fresh clients each time.
// * glusterd "restarts" are a fresh tgluster process (dist/cli/tgluster.cjs) reading the state
//   directory: there is no daemon whose memory could differ from what is stored.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'vitest';
import { Harness as AfrHarness, type Result } from '../upstream-afr/harness.js';
import { openVolume, type VolumeClient } from '../../../src/api/index.js';
import { packageRoot } from '../../../src/fsutil/package-root.js';
import { waitWorkerGone } from '../fs-helpers.js';
import { getXattrOpt } from '../../../src/xattr/index.js';
import { compareNames, decodeLayout, DHT_XATTR, hashedSubvol, type DirLayout } from '../../../src/xlators/dht/layout.js';

export type { Result };
export { exists, get_text_xattr, md5sum } from '../upstream-afr/harness.js';

/** `sed -n 3p | awk '{print $N}'`: field N (1-based, leading blanks skipped) of the third line. */
function field3(out: string, n: number): string {
  const line = out.split('\n')[2] ?? '';
  return line.trim().split(/\s+/)[n - 1] ?? '';
}

export class Harness extends AfrHarness {
  constructor(tag: string) {
    super(`dht-${tag}`);
  }

  // ---- volume.rc ------------------------------------------------------------------------

  /** brick_count VOL: the `BrickN:` lines of volume info. */
  async brick_count(vol: string): Promise<number> {
    const r = await this.CLI('volume', 'info', vol);
    return r.stdout.split('\n').filter((l) => /^Brick[0-9]+: /.test(l)).length;
  }

  /** The bricks of VOL in volume info order (brick N+1 is VOL-client-N). */
  async brick_paths(vol: string): Promise<string[]> {
    const r = await this.CLI('volume', 'info', vol);
    return r.stdout
      .split('\n')
      .map((l) => /^Brick[0-9]+: [^:]+:(.*)$/.exec(l)?.[1])
      .filter((p): p is string => p !== undefined);
  }

  /** rebalance_status_field VOL: $7 of the third line of `rebalance VOL status`. */
  async rebalance_status_field(vol: string): Promise<string> {
    return field3((await this.CLI('volume', 'rebalance', vol, 'status')).stdout, 7);
  }

  /** rebalanced_files_field VOL: $2 of the third line of `rebalance VOL status`. */
  async rebalanced_files_field(vol: string): Promise<string> {
    return field3((await this.CLI('volume', 'rebalance', vol, 'status')).stdout, 2);
  }

  /**
   * fix-layout_status_field VOL: $2..$4 of the third line, with `tr -d '[^0-9+\.]'` (which deletes
   * those characters: digits, '+', '.', '[', ']', '^', '\') and trailing blanks trimmed.
   */
  async fix_layout_status_field(vol: string): Promise<string> {
    const out = (await this.CLI('volume', 'rebalance', vol, 'status')).stdout;
    const f = [2, 3, 4].map((n) => field3(out, n)).join(' ');
    return f.replace(/[\[\]^0-9+\\.]/g, '').replace(/ *$/, '');
  }

  /** remove_brick_status_completed_field VOL "BRICK...": $7 of the third line of remove-brick status. */
  async remove_brick_status_completed_field(vol: string, ...bricks: string[]): Promise<string> {
    return field3((await this.CLI('volume', 'remove-brick', vol, ...bricks, 'status')).stdout, 7);
  }

  /** dht.rc rebalance_completed: "0" once a `localhost` line of rebalance status says completed. */
  async rebalance_completed(vol: string): Promise<string> {
    const r = await this.CLI('volume', 'rebalance', vol, 'status');
    return r.stdout.split('\n').some((l) => l.includes('localhost') && l.includes('completed')) ? '0' : '1';
  }

  /**
   * EXPECT_WITHIN $REBALANCE_TIMEOUT REGEX CHECK, for a rebalance / remove-brick run on VOL: waits
   * until the volume's task worker has ended, then CHECK's answer must match.
   */
  async EXPECT_WITHIN(vol: string, re: RegExp, check: () => Promise<string>): Promise<void> {
    await this.wait_task(vol);
    expect(await check()).toMatch(re);
  }

  /** Until VOL's task worker has ended, as `start --wait` waits: its lock free once it has exited. */
  async wait_task(vol: string): Promise<void> {
    waitWorkerGone(this.home, vol);
  }

  // ---- a "glusterd restart" ----------------------------------------------------------------

  /** `$CLI ...` from a new tgluster process (what a restarted glusterd knows: the stored state). */
  CLI_fresh(...argv: string[]): Result {
    const entry = path.join(packageRoot(), 'dist', 'cli', 'tgluster.cjs');
    const r = spawnSync(process.execPath, [entry, '--mode=script', '--wignore', ...argv], {
      env: { ...process.env, TGLUSTER_HOME: this.home },
      encoding: 'utf8',
    });
    return { exit: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  // ---- the mount ---------------------------------------------------------------------------

  /** `glusterfs -s $H0 --volfile-id VOL $M0`: a client that lives until dropped (umount). */
  mount(vol = this.V0): Promise<VolumeClient> {
    return openVolume(vol, { home: this.home });
  }

  /** `ls -l $M0/p` → `tgluster fs ls -l VOL:/p` (exit 0 asserted). */
  async ls_l(p: string, vol = this.V0): Promise<string> {
    return (await this.fsOk('ls', '-l', this.M0(p, vol))).stdout;
  }

  /** md5sum of a file read through a mount. */
  async md5_mount(m: VolumeClient, p: string): Promise<string> {
    return createHash('md5').update(await m.readFile(p)).digest('hex');
  }

  // ---- dht.rc --------------------------------------------------------------------------------

  /**
   * dht_first_filename_with_hashsubvol SUBVOL DIR PREFIX: the first PREFIX1..PREFIX50 whose hashed
   * subvolume in directory DIR is SUBVOL (VOL-client-N), or undefined. The .t asks the virtual
   * xattr dht.file.hashed-subvol.<name>, which tgluster does not serve; the answer is the same
   * computation: DIR's layout as the bricks store it (trusted.glusterfs.dht) searched with the
   * name's DHT hash.
   */
  async dht_first_filename_with_hashsubvol(vol: string, subvol: string, dir: string, prefix: string): Promise<string | undefined> {
    const bricks = await this.brick_paths(vol);
    const layout: DirLayout = {
      entries: bricks
        .map((b, i) => {
          const raw = getXattrOpt(path.join(b, dir), DHT_XATTR);
          return raw ? { name: `${vol}-client-${i}`, range: decodeLayout(raw) } : undefined;
        })
        .filter((e): e is DirLayout['entries'][number] => e !== undefined)
        .sort((a, b) => compareNames(a.name, b.name)),
    };
    for (let i = 1; i <= 50; i++) if (hashedSubvol(layout, `${prefix}${i}`) === subvol) return `${prefix}${i}`;
    return undefined;
  }
}

/** `getfattr -n trusted.glusterfs.dht -e hex PATH | cut -d = -f2` on a brick: 0x... or '' when absent. */
export function get_layout_hex(p: string): string {
  try {
    const v = getXattrOpt(p, DHT_XATTR);
    return v ? `0x${v.toString('hex')}` : '';
  } catch {
    return '';
  }
}

/** `stat -c %a PATH` on a brick. */
export function perms(p: string): string {
  return (fs.lstatSync(p).mode & 0o7777).toString(8);
}

/** `ls PATH` succeeding on a brick. */
export function ls(p: string): boolean {
  try {
    fs.readdirSync(p);
    return true;
  } catch {
    return false;
  }
}
