// `volume get <VOLNAME|all> <key|all>`: a two-column table (`%-40s %-39s`). Its failures exit 1
// even with --xml, unlike most glusterd rejections.
import type { Ctx } from '../context.js';
import { usageError } from '../usage.js';
import { asFailure, jsonText } from '../output/emit.js';
import { cliOutputXml, el } from '../output/xml.js';
import { requireVolume } from '../../mgmt/store.js';
import { loadClusterOptions } from '../../mgmt/options/cluster-store.js';
import { clusterGet, getWarnsGlobal, NoValueError, volumeGetAll, volumeGetOne, type Row } from '../../mgmt/options/values.js';

// glusterd's text, including the spaces its C line continuations put in the string.
const GLOBAL_WARNING =
  'Warning: support to get ' +
  `${' '.repeat(40)}global option value using volume get ` +
  `${' '.repeat(40)}<volname>\` will be deprecated from ` +
  `${' '.repeat(40)}next release. Consider using \`volume ` +
  `${' '.repeat(40)}get all\` instead for global options`;

const line = (a: string, b: string) => `${a.padEnd(40)} ${b.padEnd(39)}\n`;

function rowsFor(ctx: Ctx, target: string, key: string): Row[] {
  const cluster = loadClusterOptions(ctx.home);
  if (target.toLowerCase() === 'all') return clusterGet(key, cluster);
  const volume = requireVolume(ctx.home, target);
  return key === 'all' ? volumeGetAll(volume, cluster) : volumeGetOne(volume, key, cluster);
}

function printRows(ctx: Ctx, rows: Row[], warn: boolean): void {
  if (ctx.format === 'xml') {
    const opts = rows.map(([k, v]) => el('Opt', el('Option', k), el('Value', v)));
    ctx.out(cliOutputXml(0, 0, '', [el('volGetopts', el('count', rows.length), opts)]));
  } else if (ctx.format === 'json') {
    // Ours: the value without gluster's " (DEFAULT)" marker, and the marker as a flag.
    const DEFAULT = ' (DEFAULT)';
    const options = rows.map(([name, v]) =>
      v.endsWith(DEFAULT) ? { name, value: v.slice(0, -DEFAULT.length), isDefault: true } : { name, value: v, isDefault: false },
    );
    ctx.out(jsonText({ options }));
  } else {
    ctx.out(`${warn ? `${GLOBAL_WARNING}\n` : ''}${line('Option', 'Value')}${line('------', '-----')}${rows.map(([k, v]) => line(k, v)).join('')}`);
  }
}

/** What the gluster CLI prints when glusterd had no value to give (exit 2, as real gluster). */
function noValue(ctx: Ctx, e: NoValueError): number {
  if (e.kind === 'user-key') {
    const msg = 'volume get option: failed';
    if (ctx.format === 'xml') ctx.out(cliOutputXml(-2, 0, '', [el('cliOp', 'volGetopts'), el('output', msg)]));
    else if (ctx.format === 'json') ctx.out(jsonText({ error: { code: 0, message: 'no value set' } }));
    else ctx.err(`${msg}\n`);
    return 2;
  }
  // glusterd reported success without the value: the CLI prints the header, then gives up.
  if (ctx.format === 'text') {
    ctx.out(`${line('Option', 'Value')}${line('------', '-----')}volume get option failed. Check the cli/glusterd log file for more details\n`);
    return 2;
  }
  if (ctx.format === 'json') ctx.out(jsonText({ error: { code: 0, message: 'no value available' } }));
  return ctx.format === 'json' ? 2 : 0;
}

export async function run(ctx: Ctx, words: string[]): Promise<number> {
  if (words.length !== 2) return usageError(ctx, 'volume get');
  const [target, key] = words as [string, string];
  let rows: Row[];
  try {
    rows = rowsFor(ctx, target, key);
  } catch (e) {
    if (e instanceof NoValueError) return noValue(ctx, e);
    const f = asFailure(e);
    if (!f) throw e;
    const msg = f.message ? `volume get option: failed: ${f.message}` : 'volume get option: failed';
    if (ctx.format === 'xml') ctx.out(cliOutputXml(-1, 0, f.message, [el('cliOp', 'volGetopts'), el('output', msg)]));
    else if (ctx.format === 'json') ctx.out(jsonText({ error: { code: f.opErrno, message: f.message } }));
    else ctx.err(`${msg}\n`);
    return 1;
  }
  printRows(ctx, rows, target.toLowerCase() !== 'all' && key !== 'all' && getWarnsGlobal(key));
  return 0;
}
