import { describe, expect, it } from 'vitest';
import { applyDefaultOptions, createTimeOptions, putOption } from '../../../../src/mgmt/options/create-time.js';
import type { VolumeType } from '../../../../src/mgmt/types.js';
import { parseVolumeInfo, readCase } from './corpus.js';

const fresh = [
  ...parseVolumeInfo(readCase('volume-info-all').stdout),
  ...parseVolumeInfo(readCase('volume-info-transport-rdma').stdout),
];

describe('createTimeOptions', () => {
  it.each(fresh.map(([name, v]) => [name, v] as const))('matches real gluster for fresh volume %s', (_name, v) => {
    const type = v.fields.get('Type') as VolumeType;
    const transport = v.fields.get('Transport-type') as 'tcp' | 'rdma';
    expect(createTimeOptions({ type, transport })).toEqual(v.options);
  });

  it('covers replicate, distribute, disperse and rdma', () => {
    const types = new Set(fresh.map(([, v]) => `${v.fields.get('Type')}/${v.fields.get('Transport-type')}`));
    expect(types).toEqual(new Set(['Replicate/tcp', 'Distributed-Replicate/tcp', 'Distribute/tcp', 'Disperse/tcp', 'Distribute/rdma']));
  });
});

describe('applyDefaultOptions (after reset)', () => {
  it('reset all on a started replica volume keeps only nfs/af/fips, in gluster order', () => {
    const after = parseVolumeInfo(readCase('volume-info-after-reset-all').stdout).get('cliRep3')!;
    expect(applyDefaultOptions({ type: 'Replicate', status: 'Started', transport: 'tcp' }, [])).toEqual(after.options);
  });

  it('re-adds granular-entry-heal only while the volume was never started', () => {
    const created = applyDefaultOptions({ type: 'Replicate', status: 'Created', transport: 'tcp' }, []);
    expect(created[0]).toEqual(['cluster.granular-entry-heal', 'on']);
  });

  it('resetting one key brings back only that default (and fips)', () => {
    const opts = applyDefaultOptions({ type: 'Distribute', status: 'Started', transport: 'tcp' }, [], 'nfs.disable');
    expect(opts).toEqual([['storage.fips-mode-rchecksum', 'on'], ['nfs.disable', 'on']]);
  });
});

describe('putOption', () => {
  it('puts a new key first and updates an existing key in place', () => {
    const a = putOption([['x', '1'], ['y', '2']], 'z', '3');
    expect(a).toEqual([['z', '3'], ['x', '1'], ['y', '2']]);
    expect(putOption(a, 'y', '9')).toEqual([['z', '3'], ['x', '1'], ['y', '9']]);
  });
});
