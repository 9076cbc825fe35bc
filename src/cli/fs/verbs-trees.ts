// fs verbs that copy whole trees between the local filesystem and a volume: import, export.
import * as fs from 'node:fs';
import type { Command } from 'commander';
import { exportTree, importTree, ttyProgress } from './transfer.js';
import { at } from './report.js';
import type { VerbEnv } from './env.js';

export function registerTreeVerbs(p: Command, v: VerbEnv): void {
  const { ctx, json, vol, each } = v;
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
}
