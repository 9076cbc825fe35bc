// `volume heal VOL info [summary|split-brain]` as glfsheal prints it: one block per brick (text),
// gluster's healInfo XML document, and tgluster's JSON (which always gives both the path and the
// gfid of an entry).
import type { Brick } from '../../mgmt/types.js';
import { strerror } from '../../libglusterfs/errors.js';
import { isPossiblyHealing, isSplitBrain, type BrickHealInfo, type HealInfoEntry } from '../../xlators/afr/heal-info.js';
import { el, elAttrs, renderXmlDocument, type XmlElement } from './xml.js';

export type HealInfoMode = 'info' | 'summary' | 'split-brain';

export interface BrickReport {
  brick: Brick;
  info: BrickHealInfo;
}

const brickName = (b: Brick) => `${b.host}:${b.path}`;
const entryName = (e: HealInfoEntry) => e.path ?? `<gfid:${e.gfid}>`;

/** What a mode shows of a brick's entries. */
function shown(mode: HealInfoMode, entries: HealInfoEntry[]): HealInfoEntry[] {
  return mode === 'split-brain' ? entries.filter((e) => isSplitBrain(e.status)) : entries;
}

function suffix(e: HealInfoEntry): string {
  if (isSplitBrain(e.status)) return ' - Is in split-brain';
  if (isPossiblyHealing(e.status)) return ' - Possibly undergoing heal';
  return ' ';
}

interface Counts {
  total: number;
  pending: number;
  splitBrain: number;
  healing: number;
}

function counts(entries: HealInfoEntry[]): Counts {
  const sb = entries.filter((e) => isSplitBrain(e.status)).length;
  const healing = entries.filter((e) => isPossiblyHealing(e.status)).length;
  return { total: entries.length, pending: entries.length - sb - healing, splitBrain: sb, healing };
}

export function healInfoText(mode: HealInfoMode, reports: BrickReport[]): string {
  return reports
    .map(({ brick, info }) => {
      const head = `Brick ${brickName(brick)}\n`;
      const status = info.error ? `Status: ${strerror(info.error)}\n` : 'Status: Connected\n';
      if (mode === 'summary') {
        const c = counts(info.entries);
        const n = (v: number) => (info.error ? '-' : String(v));
        return (
          `${head}${status}Total Number of entries: ${n(c.total)}\nNumber of entries in heal pending: ${n(c.pending)}\n` +
          `Number of entries in split-brain: ${n(c.splitBrain)}\nNumber of entries possibly healing: ${n(c.healing)}\n\n`
        );
      }
      const list = shown(mode, info.entries);
      const lines = list.map((e) => (mode === 'split-brain' ? `${entryName(e)}\n` : `${entryName(e)}${suffix(e)}\n`)).join('');
      const label = mode === 'split-brain' ? 'Number of entries in split-brain' : 'Number of entries';
      return `${head}${info.error ? '' : lines}${status}${label}: ${info.error ? '-' : list.length}\n\n`;
    })
    .join('');
}

export function healInfoXml(mode: HealInfoMode, reports: BrickReport[]): string {
  const bricks = reports.map(({ brick, info }): XmlElement => {
    const uuid = info.error ? '-' : brick.nodeUuid;
    const name = el('name', brickName(brick));
    if (mode === 'summary') {
      // glfsheal's summary writer for a brick it could not read (a bug kept byte for byte).
      if (info.error) return elAttrs('brick', [['hostUuid', uuid]], name, el('status', `Failed to process entries completely. (${strerror(info.error)})totalNumberOfEntries0`));
      const c = counts(info.entries);
      return elAttrs(
        'brick',
        [['hostUuid', uuid]],
        name,
        el('status', 'Connected'),
        el('totalNumberOfEntries', c.total),
        el('numberOfEntriesInHealPending', c.pending),
        el('numberOfEntriesInSplitBrain', c.splitBrain),
        el('numberOfEntriesPossiblyHealing', c.healing),
      );
    }
    const list = info.error ? [] : shown(mode, info.entries);
    return elAttrs(
      'brick',
      [['hostUuid', uuid]],
      name,
      list.map((e) => elAttrs('file', [['gfid', e.gfid]], entryName(e))),
      el('status', info.error ? strerror(info.error) : 'Connected'),
      el('numberOfEntries', info.error ? '-' : list.length),
    );
  });
  return renderXmlDocument(el('cliOutput', el('healInfo', el('bricks', bricks)), el('opRet', 0), el('opErrno', 0), el('opErrstr')));
}

export function healInfoJson(mode: HealInfoMode, volume: string, reports: BrickReport[]): unknown {
  return {
    volume,
    bricks: reports.map(({ brick, info }) => {
      const base = { brick: brickName(brick), hostUuid: brick.nodeUuid, connected: !info.error, status: info.error ? strerror(info.error) : 'Connected' };
      if (info.error) return base;
      if (mode === 'summary') return { ...base, ...counts(info.entries) };
      const list = shown(mode, info.entries);
      return {
        ...base,
        numberOfEntries: list.length,
        entries: list.map((e) => ({ gfid: e.gfid, path: e.path ?? null, name: entryName(e), status: e.status })),
      };
    }),
  };
}
