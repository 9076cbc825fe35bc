// `tgluster mount`'s words: the volume as `VOL` or `HOST:/VOL` (how mount -t glusterfs names it),
// the mount point, and `-o` options as the glusterfs client takes them where they mean something
// here. Parsed into data; the CLI prints the errors.
import * as path from 'node:path';
import { toBoolean } from '../libglusterfs/cparse.js';
import type { XlatorOption } from '../api/graph.js';

export interface MountSpec {
  volume: string;
  /** The server named before ":/", when given: the mount shows it as its source. */
  server?: string;
  mountpoint: string;
  readOnly: boolean;
  /** Seconds; GlusterFS's defaults are 1 and 1. */
  attributeTimeout: number;
  entryTimeout: number;
  /** use-readdirp (default yes): the kernel may list with READDIRPLUS; no: READDIR only. */
  useReaddirp: boolean;
  /** xlator-option=XLATOR.KEY=VALUE (glusterfs --xlator-option): the client's own translator options. */
  xlatorOptions: XlatorOption[];
  /** aux-gfid-mount (glusterfs --aux-gfid-mount): the `/.gfid` directory of inodes by gfid. */
  auxGfidMount: boolean;
  logFile?: string;
}

/** Options that only tune a real client's transport or caches: accepted and ignored. */
const IGNORED = new Set([
  'rw', 'defaults', 'noatime', 'relatime', 'atime', 'nodev', 'nosuid', 'dev', 'suid', 'exec', 'noexec', 'auto', 'noauto', '_netdev',
  'acl', 'selinux', 'direct-io-mode', 'log-level', 'backup-volfile-servers', 'backupvolfile-server',
  'fopen-keep-cache', 'negative-timeout', 'gid-timeout', 'background-qlen', 'congestion-threshold', 'volfile-max-fetch-attempts',
  'transport', 'reader-thread-count', 'lru-limit', 'invalidate-limit', 'process-name', 'user-map-root',
]);

export class MountUsageError extends Error {}

function seconds(name: string, v: string | undefined): number {
  const n = Number(v);
  if (v === undefined || v === '' || !Number.isFinite(n) || n < 0) throw new MountUsageError(`invalid value for ${name}: ${v ?? ''}`);
  return n;
}

/** A boolean as the glusterfs client takes it (yes/no, on/off, ...; bare: yes). */
function yesNo(name: string, v: string | undefined): boolean {
  const b = v === undefined ? true : toBoolean(v);
  if (b === undefined) throw new MountUsageError(`invalid value for ${name}: ${v}`);
  return b;
}

/** XLATOR.KEY=VALUE, split as glusterfsd splits it: at the first dot and the first equals sign. */
function xlatorOption(v: string | undefined): XlatorOption {
  const m = /^([^.=]+)\.([^=]+)=(.+)$/.exec(v ?? '');
  if (!m) throw new MountUsageError(`invalid xlator-option ${v ?? ''}: expected XLATOR.KEY=VALUE`);
  return { xlator: m[1], key: m[2], value: m[3] };
}

/** Parses `[-o OPTS]... SOURCE MOUNTPOINT` (options may come anywhere, as mount(8) takes them). */
export function parseMountWords(words: readonly string[]): MountSpec {
  const opts: string[] = [];
  const operands: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '-o') {
      if (i + 1 >= words.length) throw new MountUsageError('option requires an argument -- o');
      opts.push(...words[++i].split(','));
    } else if (w.startsWith('-o') && w.length > 2) opts.push(...w.slice(2).split(','));
    else if (w.startsWith('-')) throw new MountUsageError(`unknown option ${w}`);
    else operands.push(w);
  }
  if (operands.length !== 2) throw new MountUsageError(operands.length < 2 ? 'a volume and a mount point are needed' : `unexpected word ${operands[2]}`);
  const [source, mp] = operands;
  const m = /^([^:/]+):\/?(.+)$/.exec(source);
  const volume = (m ? m[2] : source).replace(/^\//, '');
  if (!volume || volume.includes('/')) throw new MountUsageError(`invalid volume ${source}`);
  const spec: MountSpec = { volume, server: m?.[1], mountpoint: path.resolve(mp), readOnly: false, attributeTimeout: 1, entryTimeout: 1, useReaddirp: true, xlatorOptions: [], auxGfidMount: false };
  for (const o of opts.filter(Boolean)) {
    const eq = o.indexOf('=');
    const key = eq < 0 ? o : o.slice(0, eq);
    const val = eq < 0 ? undefined : o.slice(eq + 1);
    if (key === 'ro') spec.readOnly = true;
    else if (key === 'attribute-timeout') spec.attributeTimeout = seconds(key, val);
    else if (key === 'entry-timeout') spec.entryTimeout = seconds(key, val);
    else if (key === 'use-readdirp') spec.useReaddirp = yesNo(key, val);
    else if (key === 'xlator-option') spec.xlatorOptions.push(xlatorOption(val));
    else if (key === 'aux-gfid-mount') spec.auxGfidMount = yesNo(key, val);
    else if (key === 'log-file') {
      if (!val) throw new MountUsageError('log-file needs a path');
      spec.logFile = path.resolve(val);
    } else if (!IGNORED.has(key)) throw new MountUsageError(`unknown option ${key}`);
  }
  return spec;
}

/** GlusterFS's client log name for a mount point: /mnt/gv0 -> mnt-gv0.log. */
export function defaultLogName(mountpoint: string): string {
  return mountpoint.replace(/^\/+/, '').replace(/\//g, '-') + '.log';
}
