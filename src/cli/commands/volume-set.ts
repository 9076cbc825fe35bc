// `volume set <VOLNAME|all> <KEY> <VALUE> [<KEY> <VALUE>]...` and `volume set <VOLNAME> group <GROUP>`
import type { Ctx } from '../context.js';
import { usageError } from '../usage.js';
import { runOp } from '../output/emit.js';
import { el } from '../output/xml.js';
import { MgmtError } from '../../mgmt/errors.js';
import { readGroup } from '../../mgmt/options/groups.js';
import { setOptions } from '../../mgmt/options/set.js';
import { setHelpText, setHelpXml } from '../../mgmt/options/help.js';

const USAGE = 'volume set';

/** Questions the gluster CLI asks before sending some values. */
const PROMPTS: Array<[string, string, string]> = [
  [
    'cluster.enable-shared-storage',
    'disable',
    'Disabling cluster.enable-shared-storage will delete the shared storage volume(gluster_shared_storage), which is used by snapshot scheduler, geo-replication and NFS-Ganesha. Do you still want to continue?',
  ],
  ['nfs.disable', 'off', 'Gluster NFS is being deprecated in favor of NFS-Ganesha Enter "yes" to continue using Gluster NFS'],
];

/** gf_strip_whitespace: every whitespace character goes, not just the ends. */
const stripWhitespace = (s: string) => s.replace(/[ \t\n\v\f\r]/g, '');

type Parsed = { pairs: Array<[string, string]> } | { group: string } | { usage: true } | { aborted: true };

async function parse(ctx: Ctx, rest: string[]): Promise<Parsed> {
  if (rest.length < 2) return { usage: true };
  if (rest.length === 2 && rest[0] === 'group') {
    const name = stripWhitespace(rest[1]!);
    return name ? { group: name } : { usage: true };
  }
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < rest.length; i += 2) {
    const key = rest[i]!;
    let value = rest[i + 1];
    if (value === undefined) return { usage: true };
    if (!key.startsWith('user.')) value = stripWhitespace(value);
    if (value === '' || key === 'group') return { usage: true };
    pairs.push([key, value]);
    const prompt = PROMPTS.find(([k, v]) => k === key && v === value);
    if (prompt && !(await ctx.confirm(prompt[2]))) return { aborted: true };
  }
  return { pairs };
}

export async function run(ctx: Ctx, words: string[]): Promise<number> {
  const [volName, ...rest] = words;
  if (volName === undefined) return usageError(ctx, USAGE);
  // `volume set help|help-xml`: glusterd's option documentation (plain text even under --xml).
  if (rest.length === 0 && (volName === 'help' || volName === 'help-xml')) {
    ctx.out(`${volName === 'help' ? setHelpText() : setHelpXml()}\n`);
    return 0;
  }
  const parsed = await parse(ctx, rest);
  if ('usage' in parsed) return usageError(ctx, USAGE);
  if ('aborted' in parsed) {
    ctx.err('Aborted by user.\n');
    return 1;
  }
  let pairs: Array<[string, string]>;
  if ('group' in parsed) {
    // The CLI reads the group file itself: a missing file never reaches glusterd.
    try {
      pairs = readGroup(ctx.home, parsed.group);
    } catch (e) {
      if (!(e instanceof MgmtError)) throw e;
      ctx.err(`${e.message}\n`);
      return 1;
    }
  } else {
    pairs = parsed.pairs;
  }
  return runOp(
    ctx,
    { failPrefix: 'volume set', failXml: () => [el('cliOp', 'volSet'), el('output', 'Set volume unsuccessful')] },
    async () => {
      await setOptions(ctx.home, { volName, pairs });
      const added = addedServerXlator(['volume', 'set', ...words]);
      return {
        text: `volume set: success${added ? `\n${added} translator has been added to the server volume file. Please restart the volume for enabling the translator` : ''}\n`,
        xml: [el('cliOp', 'volSet'), el('output', 'Set volume successful')],
        json: { volume: { name: volName, options: Object.fromEntries(pairs) } },
      };
    },
  );
}

/**
 * The CLI's warning after a set that puts debug/trace or debug/error-gen into the bricks' graph
 * (which a brick takes only when it restarts): gluster looks at every two adjacent words of the
 * line, as typed, for `debug.trace` or `debug.error-gen` followed by anything but `client`.
 */
function addedServerXlator(line: readonly string[]): string | undefined {
  for (let i = 0; i + 1 < line.length; i++) {
    if ((line[i] === 'debug.trace' || line[i] === 'debug.error-gen') && line[i + 1] !== 'client') return line[i];
  }
  return undefined;
}
