// `volume profile VOL info` output against real GlusterFS 10.3 (fixtures/profile): each capture's
// statistics are rebuilt from its --xml twin (fops with a latency, blocks, duration, totals),
// plus what only the text shows (the interval's number; RELEASE and RELEASEDIR, hits without a
// latency, which the XML leaves out), and profileText / profileXml must give the bytes back.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { profileText, profileXml, type BrickProfile } from '../../../../src/cli/output/profile-info.js';
import { cliOutputXml } from '../../../../src/cli/output/xml.js';
import { cFixed } from '../../../../src/libglusterfs/printf.js';
import type { FopFigures, StatsSet } from '../../../../src/xlators/io-stats/stats-file.js';
import { GF_FOP_NAMES, type GfFop } from '../../../../src/xlators/fop-names.js';

const dir = fileURLToPath(new URL('../../../../fixtures/profile/', import.meta.url));
const fixture = (name: string): string => readFileSync(dir + name, 'utf8');

const tag = (block: string, name: string): string => {
  const m = new RegExp(`<${name}>([^<]*)</${name}>`).exec(block);
  if (!m) throw new Error(`no <${name}> in fixture`);
  return m[1];
};
const between = (s: string, name: string): string | undefined => new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(s)?.[1];
const fopIndex = (name: string): number => GF_FOP_NAMES.indexOf(name as GfFop);

/** Hits-only fops (avg 0.00) of each brick's sets in the text, and each brick's interval number. */
interface TextSet {
  interval: number;
  hitsOnly: Array<{ fop: GfFop; hits: number }>;
}
function textSets(text: string): TextSet[][] {
  return text
    .split(/^Brick: /m)
    .slice(1)
    .map((brick) =>
      brick
        .split(/^(?=Cumulative Stats:|Interval \d+ Stats:)/m)
        .slice(1)
        .map((set) => ({
          interval: set.startsWith('Cumulative') ? -1 : Number(/^Interval (\d+)/.exec(set)![1]),
          hitsOnly: [...set.matchAll(/^ +0\.00 +0\.00 ns +0\.00 ns +0\.00 ns +(\d+) +(\w+)$/gm)].map((m) => ({ fop: m[2] as GfFop, hits: Number(m[1]) })),
        })),
    );
}

function setFromXml(xml: string, t: TextSet): StatsSet {
  const blocks = [...xml.matchAll(/<block>([\s\S]*?)<\/block>/g)].map((m) => m[1]);
  expect(blocks).toHaveLength(32);
  blocks.forEach((b, i) => expect(Number(tag(b, 'size'))).toBe(2 ** i));
  const timed: FopFigures[] = [...(between(xml, 'fopStats') ?? '').matchAll(/<fop>([\s\S]*?)<\/fop>/g)].map((m) => ({
    fop: tag(m[1], 'name') as GfFop,
    index: fopIndex(tag(m[1], 'name')),
    hits: Number(tag(m[1], 'hits')),
    avg: Number(tag(m[1], 'avgLatency')),
    min: Number(tag(m[1], 'minLatency')),
    max: Number(tag(m[1], 'maxLatency')),
  }));
  const untimed: FopFigures[] = t.hitsOnly.map(({ fop, hits }) => ({ fop, index: fopIndex(fop), hits, avg: 0, min: 0, max: 0 }));
  return {
    interval: t.interval,
    duration: Number(tag(xml, 'duration')),
    dataRead: Number(tag(xml, 'totalRead')),
    dataWritten: Number(tag(xml, 'totalWrite')),
    readBlocks: blocks.map((b) => Number(tag(b, 'reads'))),
    writeBlocks: blocks.map((b) => Number(tag(b, 'writes'))),
    fops: [...timed, ...untimed].sort((a, b) => a.index - b.index),
  };
}

/** The capture's bricks, from its XML, with what only its text says. */
function bricksOf(xml: string, text: string): BrickProfile[] {
  const sets = textSets(text);
  return xml.split(/^ {4}<brick>$/m).slice(1).map((b, i) => {
    const cum = between(b, 'cumulativeStats');
    const int = between(b, 'intervalStats');
    const textOf = (interval: boolean) => sets[i].find((s) => (s.interval >= 0) === interval)!;
    return {
      brick: tag(b, 'brickName'),
      ...(cum !== undefined ? { cumulative: setFromXml(cum, textOf(false)) } : {}),
      ...(int !== undefined ? { interval: setFromXml(int, textOf(true)) } : {}),
    };
  });
}

const volname = (xml: string): string => tag(xml, 'volname');

describe('profile info against GlusterFS 10.3 captures', () => {
  it.each(['pair-cum', 'pair-peek'])('%s: text and --xml byte for byte', (name) => {
    const text = fixture(`${name}.txt`);
    const xml = fixture(`${name}.xml`);
    const bricks = bricksOf(xml, text);
    expect(bricks).toHaveLength(2);
    // the rebuild really carries the text-only fops, so the text cannot match by accident
    expect(bricks[0].cumulative!.fops.map((f) => f.fop)).toContain('RELEASEDIR');
    expect(profileText(bricks, false)).toBe(text);
    expect(cliOutputXml(0, 0, '', [profileXml(volname(xml), bricks)])).toBe(xml);
  });

  it('pair-cum has only the cumulative set, pair-peek both (interval 0)', () => {
    const cum = bricksOf(fixture('pair-cum.xml'), fixture('pair-cum.txt'));
    expect(cum.every((b) => b.cumulative && !b.interval)).toBe(true);
    const peek = bricksOf(fixture('pair-peek.xml'), fixture('pair-peek.txt'));
    expect(peek.map((b) => b.interval?.interval)).toEqual([0, 0]);
  });

  it('clear: "Cleared stats." per brick, text and --xml', () => {
    const bricks: BrickProfile[] = ['server1:/bricks/prof8_0', 'server1:/bricks/prof8_1'].map((brick) => ({ brick, cleared: true }));
    expect(profileText(bricks, false)).toBe(fixture('clear.txt'));
    expect(cliOutputXml(0, 0, '', [profileXml('prof8', bricks)])).toBe(fixture('clearxml.txt'));
  });

  it('an empty interval (incremental): no block or fop table', () => {
    const empty: StatsSet = { interval: 2, duration: 0, dataRead: 0, dataWritten: 0, readBlocks: Array(32).fill(0), writeBlocks: Array(32).fill(0), fops: [] };
    const bricks: BrickProfile[] = ['server1:/bricks/prof8_0', 'server1:/bricks/prof8_1'].map((brick) => ({ brick, interval: empty }));
    expect(profileText(bricks, false)).toBe(fixture('incr1.txt'));
  });

  it('nfs: each block titled "NFS Server : HOST:PATH", dashes as long as the title', () => {
    const bricks: BrickProfile[] = [{ brick: 'server1:/bricks/prof8_0', cleared: true }, { brick: 'h:/b', cleared: false }];
    expect(profileText(bricks, true)).toBe(
      `NFS Server : server1:/bricks/prof8_0\n${'-'.repeat(36)}\nCleared stats.\n` + `NFS Server : h:/b\n${'-'.repeat(17)}\nFailed to clear stats.\n`,
    );
    const text = fixture('pair-cum.txt');
    const stats = profileText(bricksOf(fixture('pair-cum.xml'), text), true);
    expect(stats).toBe(text.replace(/^Brick: (.*)\n-+\n/gm, (_m, b: string) => `NFS Server : ${b}\n${'-'.repeat(`NFS Server : ${b}`.length)}\n`));
  });
});

describe('cFixed: printf %.Nf (ties to even, on the exact binary value)', () => {
  it.each([
    [60359.625, 2, '60359.62'],
    [0.125, 2, '0.12'],
    [0.375, 2, '0.38'],
    [2.5, 0, '2'],
    [3.5, 0, '4'],
    [210390.1666666667, 6, '210390.166667'],
    [0, 2, '0.00'],
  ])('%d with %d digits -> %s', (x, digits, want) => {
    expect(cFixed(x, digits)).toBe(want);
  });
});
