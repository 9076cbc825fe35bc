// fs verbs about attributes: stat, chmod, chown, getfattr, setfattr.
import { type Command, Option } from 'commander';
import { FopError } from '../../libglusterfs/errors.js';
import { FsUsageError } from './address.js';
import { applyChmod, decodeXattrValue, encodeXattr, formatStat, lookupId, statJson, type XattrEncoding } from './format.js';
import { AtError } from './report.js';
import type { VerbEnv } from './env.js';

export function registerAttrVerbs(p: Command, v: VerbEnv): void {
  const { ctx, json, vol, each } = v;
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
}
