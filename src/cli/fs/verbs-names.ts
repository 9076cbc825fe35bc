// fs verbs about names: ls (in verb-ls.ts), mkdir, rm, mv, cp, ln.
import { type Command, Option } from 'commander';
import { FopError } from '../../libglusterfs/errors.js';
import { basename } from '../../api/path.js';
import { FsUsageError, parseAddress, sameVolume } from './address.js';
import { applyChmod } from './format.js';
import { ls, type LsOptions } from './verb-ls.js';
import { copyWithin, removeTree } from './transfer.js';
import { at, Refusal } from './report.js';
import type { VerbEnv } from './env.js';

export function registerNameVerbs(p: Command, v: VerbEnv): void {
  const { vol, each, intoDir } = v;
  p.command('ls')
    .description('list directory contents')
    .argument('[paths...]', 'VOL:/path')
    .option('-l', 'long listing')
    .option('-a', 'include entries starting with "."')
    .option('-R', 'list subdirectories recursively')
    .action((paths: string[], o: LsOptions) => ls(v, paths, o));

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
          // POSIX: an operand whose last component is "." or ".." is diagnosed and left alone
          // (its lexical form names another directory: a/b/.. is a).
          if (/(^|\/)\.\.?\/*$/.test(a.path)) throw new Refusal(`refusing to remove '.' or '..' directory: skipping '${a.text}'`);
          if (st.type === 'dir' && a.path.replace(/\/+/g, '/') === '/') {
            throw new Refusal(`it is dangerous to operate recursively on '${a.text}'\ntgluster: use --no-preserve-root to override this failsafe`);
          }
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
}
