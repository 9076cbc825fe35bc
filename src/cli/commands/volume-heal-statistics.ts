// `volume heal VOL statistics` (the self-heal daemon's crawl history per brick) and `statistics
// heal-count [replica HOST:BRICK]` (each brick's xattrop index size), in gluster's words. gluster
// prints the same text under --xml.
import type { Ctx } from '../context.js';
import { jsonText } from '../output/emit.js';
import { MgmtError } from '../../mgmt/errors.js';
import { stageHeal } from '../../mgmt/heal.js';
import { healFailure } from './volume-heal.js';
import { readCrawlHistory, type CrawlEvent } from '../../mgmt/heal-history.js';
import type { Brick, Volume } from '../../mgmt/types.js';

const DASHES = '-'.repeat(48);
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** C's ctime(3) without its newline: `Sat Nov 21 19:31:27 2026`, local time, day space-padded. */
export function ctimeText(sec: number): string {
  const d = new Date(sec * 1000);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2, ' ')} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())} ${d.getFullYear()}`;
}

const brickKey = (b: Brick) => `${b.host}:${b.path}`;

export async function run(ctx: Ctx, words: string[]): Promise<number> {
  const [vol, , countWord, , replicaBrick] = words;
  const heading = countWord
    ? `Gathering count of entries to be healed${replicaBrick ? ' per replica' : ''}`
    : 'Gathering crawl statistics';
  let v: Volume;
  try {
    v = stageHeal(ctx.home, vol, countWord ? (replicaBrick ? 'heal-count-replica' : 'heal-count') : 'statistics');
  } catch (e) {
    if (!(e instanceof MgmtError)) throw e;
    return healFailure(ctx, heading, vol, e.message, e.opErrno);
  }
  return countWord ? healCount(ctx, v, heading, replicaBrick) : statistics(ctx, v, heading);
}

function statistics(ctx: Ctx, v: Volume, heading: string): number {
  const history = readCrawlHistory(ctx.home, v.name);
  if (ctx.format === 'json') {
    ctx.out(jsonText({ volume: v.name, bricks: v.bricks.map((b, i) => ({ brick: brickKey(b), number: i, crawls: history[brickKey(b)] ?? [] })) }));
    return 0;
  }
  const event = (e: CrawlEvent) =>
    `\nStarting time of crawl: ${ctimeText(e.start)}\n\nEnding time of crawl: ${ctimeText(e.end)}\n\n` +
    `Type of crawl: ${e.type}\nNo. of entries healed: ${e.healed}\nNo. of entries in split-brain: ${e.splitBrain}\n` +
    `No. of heal failed entries: ${e.failed}\n`;
  const blocks = v.bricks.map(
    (b, i) => `${DASHES}\n\nCrawl statistics for brick no ${i}\nHostname of brick ${b.host}\n${(history[brickKey(b)] ?? []).map(event).join('')}`,
  );
  ctx.out(`${heading} on volume ${v.name} has been successful \n${blocks.join('')}`);
  return 0;
}

async function healCount(ctx: Ctx, v: Volume, heading: string, replicaBrick?: string): Promise<number> {
  const { volumeHealCounts } = await import('../../api/heal.js');
  const counts = volumeHealCounts(v, { home: ctx.home });
  // With `replica H:B`: only the replica set holding a brick whose path starts with B's is asked
  // (glusterd compares the path prefix and ignores the host).
  const wanted = replicaBrick?.slice(replicaBrick.indexOf(':') + 1);
  const setOf = (i: number) => Math.floor(i / v.replicaCount);
  const hit = wanted === undefined ? -1 : counts.findIndex((c) => c.brick.path.startsWith(wanted));
  const asked = (i: number) => wanted === undefined || (hit >= 0 && setOf(i) === setOf(hit));
  if (ctx.format === 'json') {
    ctx.out(jsonText({
      volume: v.name,
      bricks: counts.map((c, i) => ({ brick: brickKey(c.brick), connected: c.count !== undefined, numberOfEntries: asked(i) ? (c.count ?? null) : null })),
    }));
    return 0;
  }
  const body = counts.map((c, i) => {
    const head = `\nBrick ${brickKey(c.brick)}\n`;
    if (!asked(i)) return `${head}No gathered input for this brick\n`;
    if (c.count === undefined) return `${head}Status: Brick is not connected\nNo gathered input for this brick\n`;
    return `${head}Number of entries: ${c.count}\n`;
  });
  ctx.out(`${heading} on volume ${v.name} has been successful \n${body.join('')}`);
  return 0;
}
