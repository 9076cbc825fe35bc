// Shared by the management command tests: run the CLI in-process against a temp state dir, and
// rebuild the capture's volumes from real gluster's own --xml output so text and XML can be
// compared byte for byte.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/run.js';
import { readCase } from '../../unit/mgmt/options/corpus.js';
import type { Brick, Volume, VolumeType } from '../../../src/mgmt/types.js';
import { saveVolume } from '../../../src/mgmt/store.js';
import { setXattr } from '../../../src/xattr/index.js';
import { gfidToBytes } from '../../../src/libglusterfs/uuid.js';

export { readCase };

export interface Run {
  exit: number;
  stdout: string;
  stderr: string;
}

/** Runs one tgluster command line in-process; `answers` feed the y/n prompts (then EOF). */
export async function tg(home: string, argv: string[], answers: string[] = []): Promise<Run> {
  const saved = process.env.TGLUSTER_HOME;
  process.env.TGLUSTER_HOME = home;
  let stdout = '';
  let stderr = '';
  const lines = [...answers];
  try {
    const exit = await runCli(argv, {
      out: (s) => void (stdout += s),
      err: (s) => void (stderr += s),
      env: { ...process.env, NO_COLOR: '1' },
      stdinIsTTY: false,
      stdoutIsTTY: false,
      readLine: () => lines.shift(),
    });
    return { exit, stdout, stderr };
  } finally {
    if (saved === undefined) delete process.env.TGLUSTER_HOME;
    else process.env.TGLUSTER_HOME = saved;
  }
}

/** The command words of a corpus case (`gluster ... --xml` -> argv), quotes not supported. */
export function argvOf(caseName: string): string[] {
  return readCase(caseName).command.split(' ').slice(1);
}

/** Expected result of a corpus case. */
export function expected(caseName: string): Run {
  const c = readCase(caseName);
  return { exit: c.exit, stdout: c.stdout, stderr: c.stderr };
}

export function tempDir(tag: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `tg-m1a-${tag}-`));
}

const TYPES: Record<string, VolumeType> = {
  '0': 'Distribute',
  '2': 'Replicate',
  '4': 'Disperse',
  '7': 'Distributed-Replicate',
  '9': 'Distributed-Disperse',
};

const tag = (block: string, name: string): string => {
  const m = new RegExp(`<${name}>([^<]*)</${name}>`).exec(block);
  if (!m) throw new Error(`no <${name}> in fixture`);
  return m[1];
};

/** Every volume of a `volume info --xml` capture, as tgluster's model (ports from 49152 on). */
export function volumesFromInfoXml(caseName: string): Volume[] {
  const xml = readCase(caseName).stdout;
  const blocks = xml.split('<volume>').slice(1);
  let port = 49152;
  return blocks.map((b) => {
    const bricks: Brick[] = [...b.matchAll(/<brick uuid="([^"]+)">([^<]+)<name>.*?<isArbiter>(\d)<\/isArbiter><\/brick>/g)].map(
      (m, i) => {
        const i2 = m[2].indexOf(':');
        return { host: m[2].slice(0, i2), path: m[2].slice(i2 + 1), brickId: i, nodeUuid: m[1], port: port++, arbiter: m[3] === '1' };
      },
    );
    const options = [...b.matchAll(/<option>\s*<name>([^<]*)<\/name>\s*<value>([^<]*)<\/value>/g)].map((m): [string, string] => [m[1], m[2]]);
    const transport = (['tcp', 'rdma', 'tcp,rdma'] as const)[Number(tag(b, 'transport'))];
    return {
      name: tag(b, 'name'),
      id: tag(b, 'id'),
      type: TYPES[tag(b, 'type')],
      status: tag(b, 'statusStr') as Volume['status'],
      replicaCount: Number(tag(b, 'replicaCount')),
      arbiterCount: Number(tag(b, 'arbiterCount')),
      disperseCount: Number(tag(b, 'disperseCount')),
      redundancyCount: Number(tag(b, 'redundancyCount')),
      stripeCount: 1,
      transport,
      bricks,
      options,
    };
  });
}

/** The capture's node uuid (every brick is on the one node). */
export const CAPTURE_NODE = 'c193c358-b5cc-4890-a582-4e92ffe45426';

/** A state dir whose glusterd.info holds the capture's node uuid. */
export function captureHome(): string {
  const home = tempDir('home');
  fs.writeFileSync(path.join(home, 'glusterd.info'), `UUID=${CAPTURE_NODE}\noperating-version=100000\n`);
  return home;
}

/** Per test: a fresh state dir with the capture's node uuid, and the capture's volumes (not installed). */
export function freshCapture(): { home: string; all: Volume[] } {
  return { home: captureHome(), all: volumesFromInfoXml('volume-info-all.xml') };
}

/**
 * Applies a `volume status --xml` capture to the volume: its bricks (and their ports, online
 * state) become the captured ones, and its task too.
 */
export function applyStatusXml(vol: Volume, caseName: string): Volume {
  const xml = readCase(caseName).stdout;
  const nodes = [...xml.matchAll(/<node>([\s\S]*?)<\/node>/g)].map((m) => m[1]).filter((n) => !n.includes('<hostname>Self-heal Daemon'));
  const bricks: Brick[] = nodes.map((n, i) => {
    const old = vol.bricks.find((b) => b.host === tag(n, 'hostname') && b.path === tag(n, 'path'));
    const online = tag(n, 'status') === '1';
    return {
      host: tag(n, 'hostname'),
      path: tag(n, 'path'),
      brickId: i,
      nodeUuid: tag(n, 'peerid'),
      port: online ? Number(tag(n, 'port')) : (old?.port ?? 60000 + i),
      arbiter: old?.arbiter ?? false,
      ...(online ? {} : { down: true }),
    };
  });
  const task = /<task>([\s\S]*?)<\/task>/.exec(xml)?.[1];
  const out: Volume = { ...vol, bricks, status: 'Started' };
  if (task) {
    const kind = tag(task, 'type') === 'Rebalance' ? 'rebalance' : 'remove-brick';
    out.task = {
      kind,
      id: tag(task, 'id'),
      status: tag(task, 'statusStr') as NonNullable<Volume['task']>['status'],
      ...(kind === 'remove-brick' ? { removedBricks: [...task.matchAll(/<brick>([^<]*)<\/brick>/g)].map((m) => m[1]) } : {}),
    };
  }
  return out;
}

/** Pid is never a number in tgluster (no brick process): blank gluster's pids the same way. */
export function pidsAsNA(s: string): string {
  return s
    .replace(/^((?:Brick |Self-heal Daemon on ).*\s+Y {7})\d+ *$/gm, '$1N/A  ')
    .replace(/<pid>\d+<\/pid>/g, '<pid>N/A</pid>')
    .replace(/^(Pid {18}: )\d+ *$/gm, `$1${'N/A'.padEnd(20)}`);
}

/** Saves the volumes; with `bricksUnder`, maps brick paths there, creates them and stamps the volume-id. */
export function install(home: string, vols: Volume[], bricksUnder?: string): Volume[] {
  return vols.map((v) => {
    const vol: Volume = bricksUnder ? { ...v, bricks: v.bricks.map((b) => ({ ...b, path: path.join(bricksUnder, b.path) })) } : v;
    if (bricksUnder) {
      for (const b of vol.bricks) {
        fs.mkdirSync(b.path, { recursive: true });
        setXattr(b.path, 'trusted.glusterfs.volume-id', gfidToBytes(vol.id));
      }
    }
    saveVolume(home, vol);
    return vol;
  });
}

export const byName = (vols: Volume[], name: string): Volume => {
  const v = vols.find((x) => x.name === name);
  if (!v) throw new Error(`no fixture volume ${name}`);
  return v;
};
