import { describe, expect, it } from 'vitest';
import { gfid2pathEntry } from '../../../src/xlators/posix/gfid2path.js';

// docs/on-disk-format.md §1.8: computed by GlusterFS's own helper and matching real bricks.
const VECTORS: Array<[string, string, string]> = [
  ['8408b896-9952-44ab-9cac-564b244f1c95', 'file0000', '8fe4daf68402a653'],
  ['8408b896-9952-44ab-9cac-564b244f1c95', '文件1.txt', '30592e35c74060fb'],
  ['00000000-0000-0000-0000-000000000001', 'big', 'fd913bbfc43e6a69'],
  ['c32bfb1b-540d-4740-9ed4-f36f0e18c686', 'f1', '03f0bd426ad4517f'],
  ['00000000-0000-0000-0000-000000000001', 'a', '5a60200abdac90d9'],
];

describe('gfid2path', () => {
  it.each(VECTORS)('%s/%s -> %s', (parent, name, key) => {
    const [k, v] = gfid2pathEntry(parent, name);
    expect(k).toBe(`trusted.gfid2path.${key}`);
    expect(v.equals(Buffer.from(`${parent}/${name}`, 'utf8'))).toBe(true);
    expect(v.includes(0)).toBe(false);
  });

  it('value bytes match the real brick dump (file0000)', () => {
    const [, v] = gfid2pathEntry('8408b896-9952-44ab-9cac-564b244f1c95', 'file0000');
    expect(v.toString('hex')).toBe(
      '38343038623839362d393935322d343461622d396361632d3536346232343466316339352f66696c6530303030',
    );
  });
});
