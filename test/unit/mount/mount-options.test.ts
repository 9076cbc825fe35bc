// `tgluster mount`'s words as the glusterfs client takes them: the options that mean something
// here (use-readdirp, xlator-option among them) and the errors of the ones that are malformed.
import { describe, expect, it } from 'vitest';
import { MountUsageError, parseMountWords } from '../../../src/mount/mount-options.js';

describe('tgluster mount options', () => {
  it('defaults: read-write, 1 s timeouts, readdirplus, no translator options', () => {
    expect(parseMountWords(['server1:/v', '/mnt/v'])).toEqual({
      volume: 'v', server: 'server1', mountpoint: '/mnt/v', readOnly: false, attributeTimeout: 1, entryTimeout: 1, useReaddirp: true, xlatorOptions: [], auxGfidMount: false,
    });
  });

  it('use-readdirp takes the client boolean spellings, bare meaning yes', () => {
    for (const [v, want] of [['no', false], ['off', false], ['0', false], ['yes', true], ['on', true]] as const) {
      expect(parseMountWords(['-o', `use-readdirp=${v}`, 'v', '/m']).useReaddirp).toBe(want);
    }
    expect(parseMountWords(['-o', 'use-readdirp', 'v', '/m']).useReaddirp).toBe(true);
    expect(() => parseMountWords(['-o', 'use-readdirp=maybe', 'v', '/m'])).toThrow(new MountUsageError('invalid value for use-readdirp: maybe'));
  });

  it('aux-gfid-mount turns the /.gfid directory on', () => {
    expect(parseMountWords(['-o', 'ro,aux-gfid-mount', 'v', '/m']).auxGfidMount).toBe(true);
    expect(parseMountWords(['-o', 'aux-gfid-mount=no', 'v', '/m']).auxGfidMount).toBe(false);
  });

  it('xlator-option splits at the first dot and the first equals sign, and may repeat', () => {
    const s = parseMountWords(['-o', 'xlator-option=v-dht.local-volume-name=v-client-1', '-oxlator-option=v-replicate-0.read-subvolume=a=b', 'v', '/m']);
    expect(s.xlatorOptions).toEqual([
      { xlator: 'v-dht', key: 'local-volume-name', value: 'v-client-1' },
      { xlator: 'v-replicate-0', key: 'read-subvolume', value: 'a=b' },
    ]);
    for (const bad of ['xlator-option', 'xlator-option=novalue', 'xlator-option=nodot=1', 'xlator-option=.k=v', 'xlator-option=x.k=']) {
      expect(() => parseMountWords(['-o', bad, 'v', '/m'])).toThrow(MountUsageError);
    }
  });
});

describe('a client\'s --xlator-option reaches its volfile', () => {
  it('by translator name as a pattern, as glusterfsd matches it', async () => {
    const { fnmatch } = await import('../../../src/libglusterfs/fnmatch.js');
    expect(['v-dht', 'v-client-1', 'v-replicate-0'].filter((n) => fnmatch('*dht', n))).toEqual(['v-dht']);
    expect(['v-client-0', 'v-client-1', 'v-client-12'].filter((n) => fnmatch('v-client-?', n))).toEqual(['v-client-0', 'v-client-1']);
    expect(fnmatch('v-dht', 'v-dht')).toBe(true);
  });
});
