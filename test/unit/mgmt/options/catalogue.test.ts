import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lookupKey, MAP, SHOWN } from '../../../../src/mgmt/options/catalogue.js';
import { getOption, volumeGetAll } from '../../../../src/mgmt/options/values.js';
import { keyHint } from '../../../../src/mgmt/options/hint.js';
import { REFERENCE } from './corpus.js';
import { freshVolume } from './fresh-volume.js';

const tsv = fs
  .readFileSync(path.join(REFERENCE, 'volume-options.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split('\t'));

const fresh = freshVolume;

describe('the catalogue against volume-options.tsv', () => {
  it('lists all 342 keys volume get shows, in order, with the same defaults and (DEFAULT) marks', () => {
    expect(tsv).toHaveLength(342);
    expect(SHOWN).toEqual(tsv.map(([k, d, marked]) => [k, d, marked === 'yes']));
  });

  it.each([
    ['replica 3', fresh('Replicate', { replicaCount: 3 }), 3],
    ['disperse', fresh('Disperse', { disperseCount: 3, redundancyCount: 1 }), 4],
  ] as const)('volume get all on a fresh %s volume shows the captured values', (_n, vol, col) => {
    expect(volumeGetAll(vol, new Map())).toEqual(tsv.map((r) => [r[0], r[col]]));
  });

  it('volume get all on a fresh distribute volume marks exactly the tsv defaults', () => {
    const rows = volumeGetAll(fresh('Distribute'), new Map());
    expect(rows).toEqual(tsv.map(([k, d, marked]) => [k, marked === 'yes' ? `${d} (DEFAULT)` : d]));
  });

  it('every map entry names its translator; every checked value names its option', () => {
    for (const e of MAP) {
      expect(e.key).toMatch(/^[a-z0-9-]+\.[A-Za-z0-9_.-]+$/);
      if (e.check) expect(e.check.name.length, e.key).toBeGreaterThan(0);
    }
  });
});

describe('key lookup and hints (glusterd_check_option_exists)', () => {
  it('completes a unique short key and refuses an ambiguous one with a hint', () => {
    expect(lookupKey('quorum-type')).toEqual({ key: 'cluster.quorum-type' });
    expect(lookupKey('quorum-count')).toEqual({ hint: 'quorum-count' });
    expect(lookupKey('cluster.quorum-type')).toEqual({ key: 'cluster.quorum-type' });
  });

  it('hints the nearest domain, then the two nearest names in it', () => {
    expect(lookupKey('no.such.option')).toEqual({ hint: 'nfs.drc-size or ...mem-factor' });
    expect(lookupKey('cluster.quorum-typo')).toEqual({ hint: 'cluster.quorum-type' });
  });

  it('breaks ties by byte order of the candidates', () => {
    expect(keyHint(['a.bb', 'a.ab', 'a.cb'], 'a.xb')).toBe('a.ab or ...bb');
  });
});

describe('getOption (for the data path)', () => {
  it('gives the per-type default, the set value, and the catalogue default', () => {
    const rep3 = fresh('Replicate', { replicaCount: 3 });
    const rep2 = fresh('Replicate', { replicaCount: 2 });
    expect(getOption(rep3, 'cluster.quorum-type')).toBe('auto');
    expect(getOption(rep2, 'cluster.quorum-type')).toBe('none');
    expect(getOption(rep3, 'performance.client-io-threads')).toBe('off');
    expect(getOption(fresh('Distribute'), 'performance.client-io-threads')).toBe('on');
    expect(getOption(rep3, 'cluster.min-free-disk')).toBe('10%');
    expect(getOption(rep3, 'favorite-child-policy')).toBe('none');
    expect(getOption(rep3, 'cluster.quorum-count')).toBe('');
    rep2.options.unshift(['cluster.quorum-type', 'fixed']);
    expect(getOption(rep2, 'quorum-type')).toBe('fixed');
    expect(() => getOption(rep2, 'no.such.option')).toThrow('option no.such.option does not exist');
  });
});
