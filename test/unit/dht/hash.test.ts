import { describe, expect, it } from 'vitest';
import { dhtHash, dmHash, hashInput } from '../../../src/xlators/dht/hash.js';
import { load, type HashVector } from './fixtures.js';

const { vectors } = load<{ vectors: HashVector[] }>('dm-hash-vectors.json');
const hex = (n: number) => '0x' + n.toString(16).padStart(8, '0');

describe('Davies-Meyer name hash (GlusterFS 10.3 vectors)', () => {
  it('has all 294 vectors', () => expect(vectors).toHaveLength(294));

  it.each(vectors.map((v) => [v.kind, v.name_hex, v] as const))('%s %s', (_k, _h, v) => {
    const bytes = Buffer.from(v.name_hex, 'hex');
    expect(hex(dmHash(bytes))).toBe(v.dm_hash);
    expect(hex(dhtHash(bytes))).toBe(v.dht_hash);
    if (v.rsync_munged_to !== undefined) expect(hashInput(bytes).toString('utf8')).toBe(v.rsync_munged_to);
    for (const [n, idx] of Object.entries(v.layout_start_index_mod ?? {})) expect(dhtHash(bytes) % Number(n)).toBe(idx);
  });

  it('hashes a string as its UTF-8 bytes', () => {
    expect(hex(dmHash('文件'))).toBe('0xd6c62597');
    expect(hex(dmHash(''))).toBe('0x884774a2');
  });
});

describe('hash regex options', () => {
  it('rsync-hash-regex none disables the rewrite', () => {
    expect(dhtHash('.config.json', { rsyncHashRegex: 'none' })).toBe(dmHash('.config.json'));
    expect(dhtHash('.config.json')).toBe(dmHash('config'));
  });
  it('a custom rsync-hash-regex replaces the default', () => {
    expect(dhtHash('tmp-abc-final', { rsyncHashRegex: '^tmp-[a-z]+-(.+)$' })).toBe(dmHash('final'));
    expect(dhtHash('.x.y', { rsyncHashRegex: '^tmp-(.+)$' })).toBe(dmHash('.x.y'));
  });
  it('extra-hash-regex is tried before the rsync regex', () => {
    const o = { extraHashRegex: '^(.+)\\.swp$' };
    expect(dhtHash('notes.txt.swp', o)).toBe(dmHash('notes.txt'));
    // no match: falls through to the default rsync rewrite
    expect(dhtHash('.a.b', o)).toBe(dmHash('a'));
  });
  it('understands POSIX bracket classes', () => {
    expect(dhtHash('abc123', { extraHashRegex: '^([[:alpha:]]+)[[:digit:]]+$' })).toBe(dmHash('abc'));
    expect(dhtHash('a b.x', { extraHashRegex: '^([^[:space:]]+)[[:space:]]' })).toBe(dmHash('a'));
  });
  it('an invalid regex is ignored', () => {
    expect(dhtHash('abc', { extraHashRegex: '(' })).toBe(dmHash('abc'));
  });
  it('matches bytes, not characters, in the regex (C locale)', () => {
    // "é" is two bytes: a one-byte capture group after the dot sees only the first one
    expect(hashInput('.é.x').equals(Buffer.from('é'))).toBe(true);
  });
});
