// `volume profile VOL info`: each brick's cumulative and interval statistics as gluster 10.3's
// CLI prints them (cmd_profile_volume_brick_out) and as its --xml gives them
// (cli_xml_output_vol_profile_stats).
import type { StatsSet } from '../../xlators/io-stats/stats-file.js';
import { el, type XmlElement } from './xml.js';
import { cFixed } from '../../libglusterfs/printf.js';

/** What one brick answered: its sets, or (`info clear`) that it cleared them. */
export interface BrickProfile {
  /** HOST:PATH */
  brick: string;
  cumulative?: StatsSet;
  interval?: StatsSet;
  cleared?: boolean;
}

const r = (w: number, s: string | number): string => String(s).padStart(w);

/** The block-size table: three sizes a row, a blank line after each full row. */
function blockRows(s: StatsSet): string {
  let out = '';
  let row: [string, string, string] = [r(14, 'Block Size:'), r(14, 'No. of Reads:'), r(14, 'No. of Writes:')];
  let perLine = 0;
  const flush = () => {
    out += `${row.join('\n')}\n`;
    row = [r(14, 'Block Size:'), r(14, 'No. of Reads:'), r(14, 'No. of Writes:')];
  };
  for (let i = 0; i < 32; i++) {
    if (s.readBlocks[i] === 0 && s.writeBlocks[i] === 0) continue;
    row[0] += `${r(19, 2 ** i)}b+ `;
    row[1] += `${r(21, s.readBlocks[i])} `;
    row[2] += `${r(21, s.writeBlocks[i])} `;
    if (++perLine === 3) {
      flush();
      out += ' \n';
      perLine = 0;
    }
  }
  if (perLine !== 0) flush();
  return out;
}

/** The fop table, least share of the latency first (fops never timed first, in fop order). */
function fopRows(s: StatsSet): string {
  if (s.fops.length === 0) return '';
  const total = s.fops.reduce((t, f) => t + f.hits * f.avg, 0);
  const pct = (f: StatsSet['fops'][number]) => (total ? (100 * (f.avg * f.hits)) / total : 0);
  const rows = total ? [...s.fops].sort((a, b) => pct(a) - pct(b)) : s.fops;
  const ns = (x: number) => `${r(10, cFixed(x, 2))} ns`;
  let out = `${r(10, '%-latency')} ${r(13, 'Avg-latency')} ${r(13, 'Min-Latency')} ${r(13, 'Max-Latency')} ${r(14, 'No. of calls')} ${r(11, 'Fop')}\n`;
  out += `${r(10, '---------')} ${r(13, '-----------')} ${r(13, '-----------')} ${r(13, '-----------')} ${r(14, '------------')} ${r(11, '----')}\n`;
  for (const f of rows) out += `${r(10, cFixed(pct(f), 2))} ${ns(f.avg)} ${ns(f.min)} ${ns(f.max)} ${r(14, f.hits)} ${r(11, f.fop)}\n`;
  return out;
}

function setText(s: StatsSet): string {
  const head = s.interval < 0 ? 'Cumulative Stats:' : `Interval ${s.interval} Stats:`;
  return (
    `${head}\n${blockRows(s)}${fopRows(s)} \n` +
    `${r(12, 'Duration')}: ${s.duration} seconds\n${r(12, 'Data Read')}: ${s.dataRead} bytes\n${r(12, 'Data Written')}: ${s.dataWritten} bytes\n \n`
  );
}

/** The text of `profile info`; `nfs`: gluster labels each block as an NFS server's. */
export function profileText(bricks: readonly BrickProfile[], nfs: boolean): string {
  return bricks
    .map((b) => {
      const title = nfs ? `NFS Server : ${b.brick}` : `Brick: ${b.brick}`;
      const body = b.cleared !== undefined ? `${b.cleared ? 'Cleared stats.' : 'Failed to clear stats.'}\n` : [b.cumulative, b.interval].map((s) => (s ? setText(s) : '')).join('');
      return `${title}\n${'-'.repeat(title.length)}\n${body}`;
    })
    .join('');
}

function setXml(s: StatsSet): XmlElement {
  return el(
    s.interval < 0 ? 'cumulativeStats' : 'intervalStats',
    el('blockStats', ...s.readBlocks.map((reads, i) => el('block', el('size', 2 ** i), el('reads', reads), el('writes', s.writeBlocks[i])))),
    // a fop with hits but no latency (GlusterFS's RELEASE) is left out
    el('fopStats', ...s.fops.filter((f) => f.avg > 0).map((f) => el('fop', el('name', f.fop), el('hits', f.hits), el('avgLatency', cFixed(f.avg, 6)), el('minLatency', cFixed(f.min, 6)), el('maxLatency', cFixed(f.max, 6))))),
    el('duration', s.duration),
    el('totalRead', s.dataRead),
    el('totalWrite', s.dataWritten),
  );
}

/** The <volProfile> body of `profile info --xml`. */
export function profileXml(volume: string, bricks: readonly BrickProfile[]): XmlElement {
  return el(
    'volProfile',
    el('volname', volume),
    el('profileOp', 3),
    el('brickCount', bricks.length),
    ...bricks.map((b) =>
      el(
        'brick',
        el('brickName', b.brick),
        b.cleared !== undefined ? el('clearStats', b.cleared ? 'Cleared stats.' : 'Failed to clear stats.') : [b.cumulative && setXml(b.cumulative), b.interval && setXml(b.interval)],
      ),
    ),
  );
}
