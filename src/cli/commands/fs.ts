// `tgluster fs <verb>`: coreutils-like file access to a volume, files addressed as VOL:/path.
// Parsing is commander's; each verb is a small function over the api. Errors print like
// coreutils (`tgluster: VOL:/path: No such file or directory`, exit 1), never a stack trace.
import * as fs from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import type { Ctx } from '../context.js';
import { FopError } from '../../xlators/errors.js';
import { MgmtError, StateCorruptError } from '../../mgmt/errors.js';
import type { VolumeClient } from '../../api/client.js';
import { basename, dirname, joinPath } from '../../api/path.js';
import { FsUsageError, parseAddress, sameVolume, volumeCache, type Address, type Opener } from '../fs/address.js';
import {
  applyChmod,
  byName,
  decodeXattrValue,
  encodeXattr,
  formatLong,
  formatStat,
  lookupId,
  parseSize,
  statJson,
  type LsRow,
  type XattrEncoding,
} from '../fs/format.js';
import { copyFdToVolume, copyVolumeToStream, copyWithin, exportTree, importTree, removeTree, ttyProgress } from '../fs/transfer.js';

/** An error already tied to what it concerns (an address, a local path, a volume). */
class AtError extends Error {
  constructor(
    readonly where: string,
    readonly cause: unknown,
    /** Print the cause's whole message, detail included (volume-level failures). */
    readonly verbose = false,
  ) {
    super(where);
  }
}

/** Runs `fn` for one address; a failure is reported against that address. */
async function at<T>(where: string, fn: () => Promise<T>, verbose = false): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw e instanceof AtError ? e : new AtError(where, e, verbose);
  }
}

function describe(e: unknown, verbose: boolean): string | undefined {
  if (e instanceof FopError) return verbose ? e.message : e.strerror;
  if (e instanceof MgmtError || e instanceof StateCorruptError || e instanceof FsUsageError) return e.message;
  const code = (e as NodeJS.ErrnoException)?.code;
  if (typeof code === 'string' && /^E[A-Z0-9]+$/.test(code)) return new FopError(code).strerror;
  return undefined;
}

/** Prints one failure; returns false for a real bug (rethrown to main's last line of defence). */
function report(ctx: Ctx, e: unknown): boolean {
  const where = e instanceof AtError ? `${e.where}: ` : '';
  const msg = e instanceof AtError ? describe(e.cause, e.verbose) : describe(e, false);
  if (msg === undefined) return false;
  ctx.err(`tgluster: ${where}${msg}\n`);
  return true;
}

/** All verbs, bound to one command's context and volume opener. */
function program(ctx: Ctx, open: Opener, setExit: (code: number) => void, json: boolean): Command {
  const vol = (a: Address): Promise<VolumeClient> => at(a.volume, () => open(a.volume), true);
  /** Runs a verb over several operands: every failure is reported, the exit code is 1 if any failed. */
  const each = async (operands: string[], fn: (a: Address) => Promise<void>) => {
    for (const o of operands) {
      try {
        const a = parseAddress(o);
        await at(a.text, () => fn(a));
      } catch (e) {
        if (!report(ctx, e)) throw e instanceof AtError ? e.cause : e;
        setExit(1);
      }
    }
  };
  /** Resolves `dst` to dst/basename(src) when dst is an existing directory. */
  const intoDir = async (c: VolumeClient, dst: string, srcName: string): Promise<string> => {
    try {
      if ((await c.stat(dst)).type === 'dir') return joinPath(dst, srcName);
    } catch (e) {
      if (!(e instanceof FopError && e.code === 'ENOENT')) throw e;
    }
    return dst;
  };

  const p = new Command('tgluster fs')
    .description('Read and write files of a volume, addressed as VOL:/path')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.out(s),
      writeErr: (s) => ctx.err(s),
      // Parse errors read like every other tgluster error.
      outputError: (s, write) => write(`tgluster: fs: ${s.replace(/^error: /, '')}`),
    })
    .showHelpAfterError(false)
    .helpCommand(true);

  p.command('put')
    .description('copy a local file (or stdin with "-") into the volume')
    .argument('<src>', 'local file, or - for stdin')
    .argument('<dest>', 'VOL:/path (a directory receives the source basename)')
    .option('-p, --preserve', 'keep the source mode, owner and times')
    .action(async (src: string, dest: string, o: { preserve?: boolean }) => {
      await each([dest], async (a) => {
        const c = await vol(a);
        const st = src === '-' ? undefined : await at(src, async () => fs.statSync(src));
        if (st?.isDirectory()) throw new AtError(src, new FopError('EISDIR'));
        const target = await intoDir(c, a.path, src === '-' ? 'stdin' : basename(src));
        const fd = src === '-' ? 0 : await at(src, async () => fs.openSync(src, 'r'));
        try {
          const existed = await c.exists(target);
          await copyFdToVolume(fd, c, target, 0, 'w');
          if (st && (!existed || o.preserve)) await c.chmod(target, o.preserve ? st.mode : st.mode & ~process.umask() & 0o777);
          if (st && o.preserve) {
            if (c.uid === 0) await c.chown(target, st.uid, st.gid);
            await c.utimes(target, st.atime, st.mtime);
          }
        } finally {
          if (fd !== 0) fs.closeSync(fd);
        }
      });
    });

  p.command('cat')
    .description('print files to stdout')
    .argument('<files...>', 'VOL:/path')
    .action(async (files: string[]) => {
      await each(files, async (a) => copyVolumeToStream(await vol(a), a.path, process.stdout));
    });

  p.command('ls')
    .description('list directory contents')
    .argument('[paths...]', 'VOL:/path')
    .option('-l', 'long listing')
    .option('-a', 'include entries starting with "."')
    .option('-R', 'list subdirectories recursively')
    .action(async (paths: string[], o: { l?: boolean; a?: boolean; R?: boolean }) => {
      if (paths.length === 0) throw new FsUsageError('ls: missing operand (VOL:/path)');
      const multi = paths.length > 1 || !!o.R;
      let first = true;
      const rowsOf = async (c: VolumeClient, dir: string): Promise<LsRow[]> => {
        const entries = (await c.readdirp(dir)).filter((d) => o.a || !d.name.startsWith('.'));
        const rows: LsRow[] = entries.map((d) => ({ name: d.name, iatt: d.iatt }));
        if (o.a) {
          rows.push({ name: '.', iatt: await c.stat(dir) });
          rows.push({ name: '..', iatt: await c.stat(dirname(dir)) });
        }
        if (o.l || json) {
          for (const r of rows) if (r.iatt.type === 'symlink') r.target = await c.readlink(joinPath(dir, r.name));
        }
        return rows.sort(byName);
      };
      const print = (rows: LsRow[]) => (o.l ? formatLong(rows) : rows.map((r) => `${r.name}\n`).join(''));
      // --json: one object per listed directory (or file), keyed by its address.
      const listing: Record<string, unknown> = {};
      const listDir = async (c: VolumeClient, a: Address, dir: string): Promise<void> => {
        const rows = await rowsOf(c, dir);
        if (json) {
          listing[`${a.volume}:${dir}`] = rows.map((r) => {
            const { path: _, ...rest } = statJson(r.name, r.iatt, r.target);
            return { name: r.name, ...rest };
          });
          if (o.R) for (const r of rows) if (r.iatt.type === 'dir' && r.name !== '.' && r.name !== '..') await listDir(c, a, joinPath(dir, r.name));
          return;
        }
        const header = multi ? `${first ? '' : '\n'}${a.volume}:${dir}:\n` : '';
        first = false;
        ctx.out(header + (o.l ? `total ${rows.reduce((s, r) => s + Math.ceil(r.iatt.blocks / 2), 0)}\n` : '') + print(rows));
        if (o.R) {
          for (const r of rows) if (r.iatt.type === 'dir' && r.name !== '.' && r.name !== '..') await listDir(c, a, joinPath(dir, r.name));
        }
      };
      await each(paths, async (a) => {
        const c = await vol(a);
        const st = await c.lstat(a.path);
        if (st.type !== 'dir' && !(st.type === 'symlink' && (await c.stat(a.path)).type === 'dir')) {
          const target = st.type === 'symlink' && (o.l || json) ? await c.readlink(a.path) : undefined;
          if (json) listing[a.text] = statJson(a.text, st, target);
          else ctx.out(print([{ name: a.text, iatt: st, target }]));
          return;
        }
        await listDir(c, a, a.path);
      });
      if (json) ctx.out(`${JSON.stringify(listing, null, 2)}\n`);
    });

  p.command('mkdir')
    .description('create directories')
    .argument('<dirs...>', 'VOL:/path')
    .option('-p, --parents', 'create missing parents; no error if existing')
    .option('-m, --mode <mode>', 'permission bits (octal)')
    .action(async (dirs: string[], o: { parents?: boolean; mode?: string }) => {
      const mode = o.mode === undefined ? undefined : applyChmod(o.mode, 0o777, true);
      if (mode === undefined && o.mode !== undefined) throw new FsUsageError(`mkdir: invalid mode '${o.mode}'`);
      await each(dirs, async (a) => {
        const c = await vol(a);
        if (o.parents) await c.mkdirp(a.path);
        else await c.mkdir(a.path);
        if (mode !== undefined) await c.chmod(a.path, mode);
      });
    });

  p.command('rm')
    .description('remove files or directories')
    .argument('<paths...>', 'VOL:/path')
    .option('-r, --recursive', 'remove directories and their contents')
    .addOption(new Option('-R', 'same as -r').hideHelp())
    .option('-f, --force', 'ignore nonexistent files')
    .action(async (paths: string[], o: { recursive?: boolean; R?: boolean; force?: boolean }) => {
      if (o.R) o.recursive = true;
      await each(paths, async (a) => {
        const c = await vol(a);
        try {
          const st = await c.lstat(a.path);
          if (st.type === 'dir' && !o.recursive) throw new FopError('EISDIR');
          await removeTree(c, a.path);
        } catch (e) {
          if (o.force && e instanceof FopError && e.code === 'ENOENT') return;
          throw e;
        }
      });
    });

  p.command('mv')
    .description('rename within a volume')
    .argument('<src>', 'VOL:/path')
    .argument('<dest>', 'VOL:/path (an existing directory receives the source)')
    .action(async (src: string, dest: string) => {
      await each([src], async (s) => {
        const d = parseAddress(dest);
        sameVolume(s, d);
        const c = await vol(s);
        await c.lstat(s.path);
        await at(d.text, async () => c.rename(s.path, await intoDir(c, d.path, basename(s.path))));
      });
    });

  p.command('cp')
    .description('copy within a volume')
    .argument('<src>', 'VOL:/path')
    .argument('<dest>', 'VOL:/path (an existing directory receives the source)')
    .option('-r, --recursive', 'copy directories recursively')
    .addOption(new Option('-R', 'same as -r').hideHelp())
    .action(async (src: string, dest: string, o: { recursive?: boolean; R?: boolean }) => {
      if (o.R) o.recursive = true;
      await each([src], async (s) => {
        const d = parseAddress(dest);
        sameVolume(s, d);
        const c = await vol(s);
        const st = await c.stat(s.path);
        if (st.type === 'dir' && !o.recursive) throw new FopError('EISDIR', 'use -r to copy a directory');
        await at(d.text, async () => copyWithin(c, s.path, await intoDir(c, d.path, basename(s.path))));
      });
    });

  p.command('ln')
    .description('make links (hard by default)')
    .argument('<target>', 'VOL:/path (with -s: the link text)')
    .argument('<link>', 'VOL:/path')
    .option('-s, --symbolic', 'make a symbolic link')
    .action(async (target: string, link: string, o: { symbolic?: boolean }) => {
      await each([link], async (l) => {
        const c = await vol(l);
        if (o.symbolic) {
          // A same-volume address names the in-volume path; anything else is the link text.
          let text = target;
          try {
            const t = parseAddress(target);
            if (t.volume === l.volume) text = t.path;
          } catch {
            /* plain link text */
          }
          await c.symlink(text, await intoDir(c, l.path, basename(text)));
          return;
        }
        const t = parseAddress(target);
        sameVolume(t, l);
        await at(t.text, () => c.lstat(t.path));
        await c.link(t.path, await intoDir(c, l.path, basename(t.path)));
      });
    });

  p.command('stat')
    .description('show attributes (global --json for machine output)')
    .argument('<paths...>', 'VOL:/path')
    .option('-L, --dereference', 'follow symlinks')
    .action(async (paths: string[], o: { dereference?: boolean }) => {
      const out: Record<string, unknown>[] = [];
      await each(paths, async (a) => {
        const c = await vol(a);
        const st = o.dereference ? await c.stat(a.path) : await c.lstat(a.path);
        const target = st.type === 'symlink' ? await c.readlink(a.path) : undefined;
        if (json) out.push(statJson(a.text, st, target));
        else ctx.out(formatStat(a.text, st, target));
      });
      if (json && out.length) ctx.out(`${JSON.stringify(paths.length === 1 ? out[0] : out, null, 2)}\n`);
    });

  p.command('chmod')
    .description('change permission bits (octal or symbolic, e.g. 0644, u+x,go-w)')
    .argument('<mode>')
    .argument('<paths...>', 'VOL:/path')
    .action(async (mode: string, paths: string[]) => {
      if (applyChmod(mode, 0, false) === undefined) throw new FsUsageError(`chmod: invalid mode: '${mode}'`);
      await each(paths, async (a) => {
        const c = await vol(a);
        const st = await c.stat(a.path);
        await c.chmod(a.path, applyChmod(mode, st.mode, st.type === 'dir')!);
      });
    });

  p.command('chown')
    .description('change owner and/or group (USER[:GROUP], names or numbers)')
    .argument('<owner>')
    .argument('<paths...>', 'VOL:/path')
    .option('-h, --no-dereference', 'change a symlink itself')
    .action(async (owner: string, paths: string[], o: { dereference?: boolean }) => {
      const [u, g] = owner.split(':');
      const uid = u ? lookupId(u, 'user') : undefined;
      const gid = g ? lookupId(g, 'group') : undefined;
      if ((u && uid === undefined) || (g && gid === undefined)) throw new FsUsageError(`chown: invalid user: '${owner}'`);
      await each(paths, async (a) => {
        await (await vol(a)).chown(a.path, uid, gid, o.dereference !== false);
      });
    });

  p.command('touch')
    .description('create empty files or update their times to now')
    .argument('<paths...>', 'VOL:/path')
    .action(async (paths: string[]) => {
      await each(paths, async (a) => {
        const c = await vol(a);
        if (await c.exists(a.path)) {
          const now = new Date();
          await c.utimes(a.path, now, now);
        } else {
          await c.create(a.path);
        }
      });
    });

  p.command('truncate')
    .description('shrink or extend files to a size (created if missing)')
    .requiredOption('-s, --size <size>', 'bytes, or with a K/M/G/T suffix (powers of 1024)')
    .argument('<paths...>', 'VOL:/path')
    .action(async (paths: string[], o: { size: string }) => {
      const size = parseSize(o.size);
      if (size === undefined) throw new FsUsageError(`truncate: invalid number: '${o.size}'`);
      await each(paths, async (a) => {
        const c = await vol(a);
        if (!(await c.exists(a.path))) await c.create(a.path);
        await c.truncate(a.path, size);
      });
    });

  p.command('write')
    .description('write stdin into a file at an offset (no truncation; created if missing)')
    .requiredOption('--offset <n>', 'byte offset')
    .argument('<path>', 'VOL:/path')
    .action(async (path: string, o: { offset: string }) => {
      const offset = parseSize(o.offset);
      if (offset === undefined) throw new FsUsageError(`write: invalid offset: '${o.offset}'`);
      await each([path], async (a) => {
        const c = await vol(a);
        if (!(await c.exists(a.path))) await c.create(a.path);
        await copyFdToVolume(0, c, a.path, offset, 'r+');
      });
    });

  p.command('getfattr')
    .description('print extended attributes')
    .argument('<paths...>', 'VOL:/path')
    .option('-n, --name <name>', 'one attribute')
    .option('-d, --dump', 'all user.* attributes')
    .option('-m, --match <regex>', 'with -d: names matching this pattern (default ^user\\.)')
    .addOption(new Option('-e, --encoding <enc>', 'value encoding').choices(['text', 'hex', 'base64']))
    .option('-h, --no-dereference', 'do not follow a final symlink')
    .action(async (paths: string[], o: { name?: string; dump?: boolean; match?: string; encoding?: XattrEncoding; dereference?: boolean }) => {
      if (!o.name && !o.dump) throw new FsUsageError('getfattr: give -n NAME or -d');
      const follow = o.dereference !== false;
      const pattern = new RegExp(o.match === '-' ? '' : (o.match ?? '^user\\.'));
      await each(paths, async (a) => {
        const c = await vol(a);
        let lines = '';
        if (o.name) {
          const v = await c.getxattr(a.path, o.name, follow).catch((e: unknown) => {
            if (e instanceof FopError && e.code === 'ENODATA') throw new AtError(`${a.text}: ${o.name}`, new FsUsageError('No such attribute'));
            throw e;
          });
          lines = `${o.name}=${encodeXattr(v, o.encoding ?? 'text')}\n`;
        } else {
          for (const n of (await c.listxattr(a.path, follow)).filter((n) => pattern.test(n)).sort()) {
            lines += `${n}=${encodeXattr(await c.getxattr(a.path, n, follow), o.encoding ?? 'text')}\n`;
          }
        }
        if (lines) ctx.out(`# file: ${a.text}\n${lines}\n`);
      });
    });

  p.command('setfattr')
    .description('set (-n NAME -v VALUE) or remove (-x NAME) an extended attribute')
    .argument('<paths...>', 'VOL:/path')
    .option('-n, --name <name>', 'attribute to set')
    .option('-v, --value <value>', 'value: text, "quoted", 0x hex or 0s base64')
    .option('-x, --remove <name>', 'attribute to remove')
    .option('-h, --no-dereference', 'do not follow a final symlink')
    .action(async (paths: string[], o: { name?: string; value?: string; remove?: string; dereference?: boolean }) => {
      if (!!o.name === !!o.remove) throw new FsUsageError('setfattr: give either -n NAME [-v VALUE] or -x NAME');
      const value = o.name ? decodeXattrValue(o.value ?? '') : undefined;
      if (o.name && !value) throw new FsUsageError(`setfattr: bad value: '${o.value}'`);
      const follow = o.dereference !== false;
      await each(paths, async (a) => {
        const c = await vol(a);
        if (o.name) await c.setxattr(a.path, o.name, value!, 0, follow);
        else await c.removexattr(a.path, o.remove!, follow);
      });
    });

  p.command('import')
    .description('copy a local directory tree into the volume (dirs, files, symlinks, modes, user xattrs)')
    .argument('<localdir>')
    .argument('<dest>', 'VOL:/dir')
    .action(async (localdir: string, dest: string) => {
      await each([dest], async (a) => {
        await at(localdir, async () => fs.statSync(localdir));
        const n = await importTree(await vol(a), localdir, a.path, await ttyProgress('import'));
        if (json) ctx.out(`${JSON.stringify({ imported: n }, null, 2)}\n`);
      });
    });

  p.command('export')
    .description('copy a volume directory tree to a local directory')
    .argument('<src>', 'VOL:/dir')
    .argument('<localdir>')
    .action(async (src: string, localdir: string) => {
      await each([src], async (a) => {
        const n = await exportTree(await vol(a), a.path, localdir, await ttyProgress('export'));
        if (json) ctx.out(`${JSON.stringify({ exported: n }, null, 2)}\n`);
      });
    });

  return p;
}

/** The api opener, loaded on first use so that `fs --help` stays cheap. */
async function openByName(ctx: Ctx, name: string): Promise<VolumeClient> {
  const { openVolume } = await import('../../api/index.js');
  return openVolume(name, { home: ctx.home });
}

export async function run(ctx: Ctx, words: string[]): Promise<number> {
  let code = 0;
  const open = volumeCache((name) => openByName(ctx, name));
  // --json is tgluster's global option; after `fs` it reaches us, anywhere on the line.
  const json = ctx.format === 'json' || words.includes('--json');
  try {
    await program(ctx, open, (c) => (code = c), json).parseAsync(
      words.filter((w) => w !== '--json'),
      { from: 'user' },
    );
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 || e.code === 'commander.helpDisplayed' ? 0 : 1;
    if (!report(ctx, e)) throw e instanceof AtError ? e.cause : e;
    return 1;
  }
  return code;
}
