// fs verbs about names: ls, mkdir, rm, mv, cp, ln.
import { type Command, Option } from 'commander';
import { FopError } from '../../xlators/errors.js';
import { NAMES_AND_TYPES, type VolumeClient } from '../../api/client.js';
import { basename, dirname, joinPath } from '../../api/path.js';
import { FsUsageError, parseAddress, sameVolume, type Address } from './address.js';
import { applyChmod, byName, formatLong, statJson, type LsRow } from './format.js';
import { copyWithin, removeTree } from './transfer.js';
import { at } from './report.js';
import type { VerbEnv } from './env.js';

export function registerNameVerbs(p: Command, v: VerbEnv): void {
  const { ctx, json, vol, each, intoDir } = v;
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
        // Names and types need no gfid, no xattrs and no iatt per entry; -l and --json show full attributes.
        const want = o.l || json ? { xattrs: [] } : NAMES_AND_TYPES;
        const entries = await c.readdirp(dir, want);
        // The entries themselves are the rows (no copy per entry).
        const rows: LsRow[] = o.a ? entries : entries.filter((d) => !d.name.startsWith('.'));
        if (o.a) {
          rows.push({ name: '.', iatt: await c.stat(dir) });
          rows.push({ name: '..', iatt: await c.stat(dirname(dir)) });
        }
        if (o.l || json) {
          for (const r of rows) if (r.iatt.type === 'symlink') r.target = await c.readlink(joinPath(dir, r.name));
        }
        return rows.sort(byName);
      };
      const print = (rows: LsRow[]) => (o.l ? formatLong(rows) : rows.length ? `${rows.map((r) => r.name).join('\n')}\n` : '');
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
}
