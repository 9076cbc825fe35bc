// `volume profile VOL {start|info [peek|incremental [peek]|cumulative|clear]|stop} [nfs]`, with
// gluster 10.3's parse (an unambiguous prefix names the operation; words it does not know after
// `info` are ignored; `nfs` last relabels the blocks), texts, exit codes and --xml.
import type { Ctx } from '../context.js';
import { usageError } from '../usage.js';
import { runOp } from '../output/emit.js';
import { el } from '../output/xml.js';
import { setProfile, stageProfileInfo } from '../../mgmt/profile.js';
import { profileText, profileXml, type BrickProfile } from '../output/profile-info.js';
import type { ProfileInfoOp } from '../../api/profile.js';

const OPS = ['start', 'stop', 'info'] as const;
type Op = (typeof OPS)[number];
/** gf1_cli_stats_op: what <profileOp> says. */
const OP_NUMBER: Record<Op, number> = { start: 1, stop: 2, info: 3 };

/** GlusterFS's str_getunamb: the one word `w` begins, or undefined (none, or ambiguous). */
function unambiguous(w: string, words: readonly Op[]): Op | undefined {
  const hits = words.filter((x) => w.length > 0 && x.startsWith(w));
  return hits.length === 1 ? hits[0] : undefined;
}

interface Parsed {
  vol: string;
  op: Op;
  info: ProfileInfoOp;
  peek: boolean;
  nfs: boolean;
}

/** cli_cmd_volume_profile_parse; undefined: a usage error. */
function parse(words: string[]): Parsed | undefined {
  if (words.length < 2) return undefined;
  const op = unambiguous(words[1], OPS);
  if (!op || (op !== 'info' && words.length > 3) || words.length > 5) return undefined;
  let info: ProfileInfoOp = 'all';
  let peek = false;
  if (op === 'info') {
    const w = words[2];
    if (w === 'incremental') {
      info = 'incremental';
      peek = words[3] === 'peek';
    } else if (w === 'cumulative' || w === 'clear') info = w;
    else if (w === 'peek') peek = true;
  }
  return { vol: words[0], op, info, peek, nfs: words[words.length - 1] === 'nfs' };
}

export async function run(ctx: Ctx, words: string[]): Promise<number> {
  const p = parse(words);
  if (!p) return usageError(ctx, 'volume profile');
  if (p.op !== 'info') {
    const body = () => [el('volProfile', el('volname', p.vol), el('profileOp', OP_NUMBER[p.op]))];
    return runOp(ctx, { failPrefix: '', failXml: body }, async () => {
      await setProfile(ctx.home, p.vol, p.op === 'start');
      return {
        text: `${p.op === 'start' ? 'Starting' : 'Stopping'} volume profile on ${p.vol} has been successful \n`,
        xml: body(),
        json: { volume: { name: p.vol, profile: p.op === 'start' ? 'started' : 'stopped' } },
      };
    });
  }
  return info(ctx, p);
}

async function info(ctx: Ctx, p: Parsed): Promise<number> {
  const refused = () => [el('volProfile', el('volname', p.vol), el('profileOp', 3), el('brickCount', 0))];
  return runOp(ctx, { failPrefix: '', failXml: refused }, async () => {
    const v = stageProfileInfo(ctx.home, p.vol);
    const { brickProfiles } = await import('../../api/profile.js');
    const bricks: BrickProfile[] = brickProfiles(ctx.home, v, p.info, p.peek).map((b) => ({ ...b, brick: `${b.brick.host}:${b.brick.path}` }));
    return {
      // glusterd answers, but when no brick did: a message on stderr and a success's exit code
      text: bricks.length ? profileText(bricks, p.nfs) : undefined,
      textErr: bricks.length ? undefined : `All bricks of volume ${p.vol} are down.\n`,
      xml: [profileXml(p.vol, bricks)],
      json: { volume: { name: p.vol, info: p.info, peek: p.peek, bricks } },
    };
  });
}
