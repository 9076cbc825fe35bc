// `volume heal VOL split-brain bigger-file FILE | latest-mtime FILE | source-brick HOST:BRICK
// [FILE]`, as glfsheal prints each outcome (its lines go to stdout, its exit status is gluster's,
// and the CLI adds "Volume heal failed." after a failure except under --xml).
import type { Ctx } from '../context.js';
import { jsonText } from '../output/emit.js';
import { strerror, errnoNumber } from '../../libglusterfs/errors.js';
import { loadVolume } from '../../mgmt/store.js';
import type { Brick } from '../../mgmt/types.js';
import type { FileResolution } from '../../api/heal.js';
import type { HealOpKind, Resolution } from '../../xlators/afr/split-brain-resolution.js';
import { glfshealChecks } from './volume-heal.js';

interface Out {
  lines: string[];
  exit: number;
}

export async function run(ctx: Ctx, words: string[]): Promise<number> {
  const [vol, , how, third, fourth] = words;
  const kind = how as HealOpKind;
  const file = kind === 'source-brick' ? fourth : third;
  const refused = await glfshealChecks(ctx, vol, true);
  if (refused !== undefined) return refused;
  const v = loadVolume(ctx.home, vol)!;
  let brick: Brick | undefined;
  if (kind === 'source-brick') {
    brick = v.bricks.find((b) => `${b.host}:${b.path}` === third);
    if (!brick) return print(ctx, { lines: [`"${third}"- No such brick available in the volume.`], exit: 1 });
  }
  const api = await import('../../api/heal.js');
  if (file === undefined) {
    const results = api.resolveFromBrick(v, brick!, { home: ctx.home });
    if (results === undefined) return print(ctx, { lines: ['Status: Transport endpoint is not connected', 'Number of healed entries: -', ''], exit: 107 });
    const lines = results.flatMap(({ gfid, isDir, result }) => [
      ...(isDir ? [`'source-brick' option used on a directory (gfid:${gfid}). Performing conservative merge.`] : []),
      outcomeLine(`gfid:${gfid}`, result),
    ]);
    const healed = results.filter((r) => r.result.kind === 'healed').length;
    return print(ctx, { lines: [...lines, 'Status: Connected', `Number of healed entries: ${healed}`, ''], exit: 0 });
  }
  if (!file.startsWith('/') && !file.startsWith('gfid:')) {
    return print(ctx, { lines: ["<FILE> must be absolute path w.r.t. the volume, starting with '/'"], exit: 1 });
  }
  return print(ctx, render(file, kind, api.resolveFile(v, file, kind, brick, { home: ctx.home })));
}

function outcomeLine(file: string, r: Resolution): string {
  if (r.kind === 'healed') return `Healed ${file}.`;
  if (r.kind === 'failed') return `Healing ${file} failed: ${r.message}.`;
  return `Healing ${file} failed:${strerror(r.code)}.`;
}

function exitOf(r: Resolution): number {
  if (r.kind === 'healed') return 0;
  return r.kind === 'failed' ? 1 : errnoNumber(r.code);
}

function render(file: string, kind: HealOpKind, r: FileResolution): Out {
  switch (r.kind) {
    case 'gfid-resolved':
      return { lines: [`GFID split-brain resolved for file ${file}`], exit: 0 };
    case 'lookup-failed': {
      if (r.parent) return { lines: [`Lookup failed on ${file.slice(0, file.lastIndexOf('/')) || '/'}:${strerror(r.code)}`], exit: 1 };
      const head = `Lookup failed on ${file}:${strerror(r.code)}.`;
      // A gfid split-brain the rule could not settle: glfsheal reports it and exits 0.
      if (r.message) return { lines: [head, `${r.message} for file ${file}`], exit: 0 };
      // glfsheal's missing reply dict makes a plain lookup failure EINVAL; the gfid form keeps its errno.
      return { lines: [head], exit: file.startsWith('gfid:') ? errnoNumber(r.code) : 22 };
    }
    case 'directory': {
      if (kind === 'bigger-file') return { lines: ["'bigger-file' not a valid option for directories."], exit: 1 };
      const merge = kind === 'source-brick' ? [`'source-brick' option used on a directory (${file}). Performing conservative merge.`] : [];
      return { lines: [...merge, outcomeLine(file, r.then)], exit: exitOf(r.then) };
    }
    default:
      return { lines: [outcomeLine(file, r)], exit: exitOf(r) };
  }
}

function print(ctx: Ctx, o: Out): number {
  if (ctx.format === 'json') {
    const message = o.lines.filter(Boolean).join('\n');
    ctx.out(jsonText(o.exit === 0 ? { message } : { error: { code: o.exit, message } }));
    return o.exit;
  }
  ctx.out(o.lines.map((l) => `${l}\n`).join(''));
  if (o.exit !== 0 && ctx.format !== 'xml') ctx.out('Volume heal failed.\n');
  return o.exit;
}
