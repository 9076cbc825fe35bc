// Moving bytes and trees between the local filesystem and a volume, and within a volume.
import * as fs from 'node:fs';
import { readBlocking } from '../../fsutil/wait-readable.js';
import * as path from 'node:path';
import { NAMES_AND_TYPES, type VolumeClient } from '../../api/client.js';
import { joinPath } from '../../api/path.js';
import { FopError } from '../../libglusterfs/errors.js';
import type { Timespec } from '../../xlators/types.js';
import { getXattr, listXattrs, setXattr } from '../../xattr/index.js';
import { ensureDir } from '../../fsutil/ensure-dir.js';
import { AtError } from './report.js';

const CHUNK = 1024 * 1024;

/** Copies a local stream (fd) into an open volume file from `offset` on; returns bytes copied. */
export async function copyFdToVolume(
  fd: number,
  client: VolumeClient,
  volPath: string,
  offset: number,
  flags: 'w' | 'r+',
  mode = 0o666,
): Promise<number> {
  const buf = Buffer.allocUnsafe(CHUNK);
  // The first chunk is read before the open: a new file is created with it (see client.open).
  let n = await readChunk(fd, buf);
  const first = Buffer.from(buf.subarray(0, n));
  const fh = await client.open(volPath, flags, mode, { initialData: first });
  let done = 0;
  if (fh.initialWritten) {
    done = n;
    n = await readChunk(fd, buf);
  }
  while (n > 0) {
    await fh.write(Buffer.from(buf.subarray(0, n)), offset + done);
    done += n;
    n = await readChunk(fd, buf);
  }
  await fh.close();
  return done;
}

/** One read of a local stream: bytes read, 0 at its end (waiting, not spinning, on EAGAIN). */
async function readChunk(fd: number, buf: Buffer): Promise<number> {
  try {
    return readBlocking(fd, buf, 0, buf.length);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EOF') return 0;
    throw e;
  }
}

/** Streams a volume file to a writable (stdout, a local file), honouring back-pressure. */
export async function copyVolumeToStream(client: VolumeClient, volPath: string, out: NodeJS.WritableStream): Promise<void> {
  const fh = await client.open(volPath, 'r');
  for (let off = 0; ; off += CHUNK) {
    const b = await fh.read(off, CHUNK);
    if (b.length === 0) break;
    if (!out.write(b)) await new Promise((r) => out.once('drain', r));
    if (b.length < CHUNK) break;
  }
  await fh.close();
}

/** Runs a local-filesystem step; its failure is reported against the local path (as cp does). */
function onLocal<T>(local: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw new AtError(local, e);
  }
}

async function copyVolumeToLocalFile(client: VolumeClient, volPath: string, local: string, mode: number): Promise<void> {
  const fd = onLocal(local, () => fs.openSync(local, 'w', mode));
  try {
    const fh = await client.open(volPath, 'r');
    for (let off = 0; ; off += CHUNK) {
      const b = await fh.read(off, CHUNK);
      if (b.length) fs.writeSync(fd, b);
      if (b.length < CHUNK) break;
    }
  } finally {
    fs.closeSync(fd);
  }
}

// ---- trees ---------------------------------------------------------------------------------

/** One object of a tree walk, parents before children. */
interface Item {
  rel: string;
  type: 'dir' | 'file' | 'symlink';
}

export interface Progress {
  start(total: number): void;
  tick(): void;
  stop(): void;
}

export const noProgress: Progress = { start() {}, tick() {}, stop() {} };

/** A cli-progress bar on stderr when it is a TTY; loaded only then. */
export async function ttyProgress(label: string): Promise<Progress> {
  if (!process.stderr.isTTY) return noProgress;
  // A CommonJS package: the bundle exposes it as the default export only.
  const mod = await import('cli-progress');
  const { SingleBar, Presets } = (mod as unknown as { default?: typeof mod }).default ?? mod;
  const bar = new SingleBar({ format: `${label} [{bar}] {value}/{total} entries`, stream: process.stderr, hideCursor: true }, Presets.shades_classic);
  return { start: (t) => bar.start(t, 0), tick: () => bar.increment(), stop: () => bar.stop() };
}

function walkLocal(root: string): Item[] {
  const out: Item[] = [];
  const visit = (rel: string) => {
    for (const d of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) {
        out.push({ rel: r, type: 'dir' });
        visit(r);
      } else if (d.isSymbolicLink()) out.push({ rel: r, type: 'symlink' });
      else if (d.isFile()) out.push({ rel: r, type: 'file' });
    }
  };
  visit('');
  return out;
}

async function walkVolume(client: VolumeClient, root: string): Promise<Item[]> {
  const out: Item[] = [];
  const visit = async (rel: string) => {
    // only the names and types are needed: no gfid, no xattrs per entry
    for (const d of await client.readdirp(rel ? joinPath(root, rel) : root, NAMES_AND_TYPES)) {
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (d.iatt.type === 'dir') {
        out.push({ rel: r, type: 'dir' });
        await visit(r);
      } else if (d.iatt.type === 'symlink' || d.iatt.type === 'file') out.push({ rel: r, type: d.iatt.type });
    }
  };
  await visit('');
  return out;
}

/** user.* xattrs of a local object (symlinks cannot carry them on Linux). */
function localUserXattrs(p: string): Array<[string, Buffer]> {
  return listXattrs(p)
    .filter((n) => n.startsWith('user.'))
    .map((n) => [n, getXattr(p, n)] as [string, Buffer]);
}

/** import LOCALDIR VOL:/dir — dirs, files, symlinks, modes, mtimes, user xattrs. */
export async function importTree(client: VolumeClient, localRoot: string, volRoot: string, progress: Progress): Promise<number> {
  if (!fs.statSync(localRoot).isDirectory()) throw new FopError('ENOTDIR', localRoot);
  await client.mkdirp(volRoot);
  const items = walkLocal(localRoot);
  progress.start(items.length);
  const dirs: Array<[string, fs.Stats]> = [[localRoot, fs.statSync(localRoot)]];
  for (const it of items) {
    const local = path.join(localRoot, it.rel);
    const remote = joinPath(volRoot === '/' ? '' : volRoot, it.rel);
    const st = fs.lstatSync(local);
    if (it.type === 'dir') {
      try {
        await client.mkdir(remote, 0o700);
      } catch (e) {
        if (!(e instanceof FopError && e.code === 'EEXIST')) throw e;
      }
      dirs.push([local, st]);
    } else if (it.type === 'symlink') {
      await client.symlink(fs.readlinkSync(local), remote);
    } else {
      const fd = fs.openSync(local, 'r');
      try {
        await copyFdToVolume(fd, client, remote, 0, 'w');
      } finally {
        fs.closeSync(fd);
      }
      await client.chmod(remote, st.mode);
      await client.utimes(remote, st.atime, st.mtime);
    }
    if (it.type !== 'symlink') for (const [n, v] of localUserXattrs(local)) await client.setxattr(remote, n, v);
    progress.tick();
  }
  // Directory modes and times last: restrictive modes and new entries would disturb them.
  for (const [local, st] of dirs.reverse()) {
    const rel = path.relative(localRoot, local);
    const remote = rel ? joinPath(volRoot === '/' ? '' : volRoot, rel) : volRoot;
    await client.chmod(remote, st.mode);
    await client.utimes(remote, st.atime, st.mtime);
  }
  progress.stop();
  return items.length;
}

/** export VOL:/dir LOCALDIR — the reverse of importTree. */
export async function exportTree(client: VolumeClient, volRoot: string, localRoot: string, progress: Progress): Promise<number> {
  const top = await client.stat(volRoot);
  if (top.type !== 'dir') throw new FopError('ENOTDIR', volRoot);
  onLocal(localRoot, () => {
    ensureDir(localRoot);
    if (!fs.statSync(localRoot).isDirectory()) throw new FopError('ENOTDIR', localRoot);
  });
  const items = await walkVolume(client, volRoot);
  progress.start(items.length);
  const dirs: Array<[string, string]> = [[volRoot, localRoot]];
  for (const it of items) {
    const local = path.join(localRoot, it.rel);
    const remote = joinPath(volRoot === '/' ? '' : volRoot, it.rel);
    if (it.type === 'dir') {
      onLocal(local, () => ensureDir(local, 0o700));
      dirs.push([remote, local]);
    } else if (it.type === 'symlink') {
      const target = await client.readlink(remote);
      onLocal(local, () => {
        fs.rmSync(local, { force: true });
        fs.symlinkSync(target, local);
      });
    } else {
      const st = await client.stat(remote);
      await copyVolumeToLocalFile(client, remote, local, 0o600);
      setLocalModeTimes(local, st);
    }
    if (it.type !== 'symlink') {
      for (const n of await client.listxattr(remote)) {
        if (!n.startsWith('user.')) continue;
        const v = await client.getxattr(remote, n);
        onLocal(local, () => setXattr(local, n, v));
      }
    }
    progress.tick();
  }
  for (const [remote, local] of dirs.reverse()) {
    setLocalModeTimes(local, await client.stat(remote));
  }
  progress.stop();
  return items.length;
}

/** A volume object's mode and times onto its local copy. */
function setLocalModeTimes(local: string, st: { mode: number; atime: Timespec; mtime: Timespec }): void {
  onLocal(local, () => {
    fs.chmodSync(local, st.mode & 0o7777);
    fs.utimesSync(local, st.atime.sec + st.atime.nsec / 1e9, st.mtime.sec + st.mtime.nsec / 1e9);
  });
}

/** rm -r: children first. */
export async function removeTree(client: VolumeClient, p: string): Promise<void> {
  const st = await client.lstat(p);
  if (st.type !== 'dir') return client.unlink(p);
  for (const name of await client.readdir(p)) await removeTree(client, joinPath(p, name));
  await client.rmdir(p);
}

/** cp within a volume (recursive for directories): contents, modes and user xattrs. */
export async function copyWithin(client: VolumeClient, from: string, to: string): Promise<void> {
  const st = await client.lstat(from);
  if (st.type === 'symlink') {
    await client.symlink(await client.readlink(from), to);
    return;
  }
  if (st.type === 'dir') {
    try {
      await client.mkdir(to, 0o700);
    } catch (e) {
      if (!(e instanceof FopError && e.code === 'EEXIST')) throw e;
    }
    for (const name of await client.readdir(from)) await copyWithin(client, joinPath(from, name), joinPath(to, name));
  } else {
    // A new copy is created with its first chunk (see client.open); over an existing file the
    // chunk is written as the rest is.
    const first = st.size > 0 ? await client.read(from, 0, CHUNK) : Buffer.alloc(0);
    const fh = await client.open(to, 'w', st.mode & 0o777, { initialData: first });
    if (!fh.initialWritten && first.length) await fh.write(first, 0);
    for (let off = first.length; off < st.size; off += CHUNK) await fh.write(await client.read(from, off, CHUNK), off);
    await fh.close();
  }
  await client.chmod(to, st.mode);
  for (const n of await client.listxattr(from)) {
    if (n.startsWith('user.')) await client.setxattr(to, n, await client.getxattr(from, n));
  }
}
