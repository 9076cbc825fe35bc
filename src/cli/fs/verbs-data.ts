// fs verbs that move file contents: put, cat, write, truncate, touch.
import * as fs from 'node:fs';
import type { Command } from 'commander';
import { FopError } from '../../libglusterfs/errors.js';
import { basename } from '../../api/path.js';
import { FsUsageError } from './address.js';
import { parseSize } from './format.js';
import { copyFdToVolume, copyVolumeToStream } from './transfer.js';
import { AtError, at } from './report.js';
import type { VerbEnv } from './env.js';

export function registerDataVerbs(p: Command, v: VerbEnv): void {
  const { vol, each, intoDir } = v;
  p.command('put')
    .description('copy a local file (or stdin with "-") into the volume')
    .argument('<src>', 'local file, or - for stdin')
    .argument('<dest>', 'VOL:/path (a directory receives the source basename)')
    .option('-p, --preserve', 'keep the source mode, owner and times')
    .addHelpText('after', '\nA new file is created with its first MiB in one operation: it never appears empty or half written.')
    .action(async (src: string, dest: string, o: { preserve?: boolean }) => {
      await each([dest], async (a) => {
        const c = await vol(a);
        const st = src === '-' ? undefined : await at(src, async () => fs.statSync(src));
        if (st?.isDirectory()) throw new AtError(src, new FopError('EISDIR'));
        const target = await intoDir(c, a.path, src === '-' ? 'stdin' : basename(src));
        const fd = src === '-' ? 0 : await at(src, async () => fs.openSync(src, 'r'));
        try {
          // Like cp: a new file gets the source's permission bits (less the umask), an existing one keeps its own.
          await copyFdToVolume(fd, c, target, 0, 'w', st ? st.mode & 0o777 : 0o666);
          if (st && o.preserve) {
            await c.chmod(target, st.mode);
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

  p.command('fallocate')
    .description('reserve space for a file, as util-linux fallocate (created if missing)')
    .requiredOption('-l, --length <length>', 'bytes, or with a K/M/G/T suffix')
    .option('-o, --offset <offset>', 'where the range starts', '0')
    .option('-n, --keep-size', 'do not change the file size')
    .argument('<paths...>', 'VOL:/path')
    .action(async (paths: string[], o: { length: string; offset: string; keepSize?: boolean }) => {
      const length = parseSize(o.length);
      const offset = parseSize(o.offset);
      if (!length) throw new FsUsageError(`fallocate: invalid length value specified`);
      if (offset === undefined) throw new FsUsageError(`fallocate: invalid offset value specified`);
      await each(paths, async (a) => {
        const c = await vol(a);
        // O_RDWR|O_CREAT, as util-linux opens it: an existing file is not truncated
        const fh = await c.open(a.path, (await c.exists(a.path)) ? 'r+' : 'wx');
        await fh.fallocate(offset, length, o.keepSize);
        await fh.sync();
        await fh.close();
      });
    });

  p.command('mkfifo')
    .description('make named pipes (FIFOs)')
    .option('-m, --mode <mode>', 'permission bits (octal)', '0666')
    .argument('<paths...>', 'VOL:/path')
    .action(async (paths: string[], o: { mode: string }) => {
      const mode = /^[0-7]{1,4}$/.test(o.mode) ? Number.parseInt(o.mode, 8) : undefined;
      if (mode === undefined) throw new FsUsageError(`mkfifo: invalid mode '${o.mode}'`);
      await each(paths, async (a) => void (await (await vol(a)).mkfifo(a.path, mode)));
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
}
