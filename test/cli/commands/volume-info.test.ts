// volume info / volume list against real gluster's bytes: the capture's volumes are rebuilt from
// its own `volume info --xml` and must print the same text and XML.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import { argvOf, byName, freshCapture, expected, install, tg, volumesFromInfoXml } from './m1a-helpers.js';
import type { Volume } from '../../../src/mgmt/types.js';

let home: string;
let all: Volume[];
beforeEach(() => ({ home, all } = freshCapture()));
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

describe('volume info', () => {
  it.each(['volume-info-all', 'volume-info-all.xml'])('%s: every volume, byte for byte', async (c) => {
    install(home, all);
    expect(await tg(home, argvOf(c))).toEqual(expected(c));
  });

  it('info all == info', async () => {
    install(home, all);
    expect(await tg(home, ['volume', 'info', 'all'])).toEqual(await tg(home, ['volume', 'info']));
  });

  it.each([
    ['volume-info-one-started', 'volume-info-one-started.xml'],
    ['volume-info-arbiter', 'volume-info-arbiter.xml'],
    ['volume-info-disperse6', 'volume-info-disperse6.xml'],
    ['volume-info-distributed-replicate', 'volume-info-distributed-replicate.xml'],
    ['volume-info-distribute', 'volume-info-distribute.xml'],
    ['volume-info-after-set', 'volume-info-after-set.xml'],
  ])('%s: one volume (text and XML)', async (text, xml) => {
    const [vol] = volumesFromInfoXml(xml);
    install(home, [vol]);
    expect(await tg(home, argvOf(text))).toEqual(expected(text));
    expect(await tg(home, argvOf(xml))).toEqual(expected(xml));
  });

  it.each(['volume-info-nonexistent', 'volume-info-nonexistent.xml', 'volume-info-error-extra-arg', 'volume-info-error-extra-arg.xml'])(
    '%s',
    async (c) => {
      install(home, [byName(all, 'cliRep3')]);
      expect(await tg(home, argvOf(c))).toEqual(expected(c));
    },
  );

  it('cluster-wide options follow the volume\'s own in every volume, most recently added first (as on a real 10.3)', async () => {
    const [vol] = volumesFromInfoXml('volume-info-distribute.xml');
    install(home, [vol]);
    const own = (await tg(home, ['volume', 'info', vol.name])).stdout;
    for (const [k, v] of [['cluster.server-quorum-ratio', '60'], ['cluster.localtime-logging', 'enable'], ['cluster.server-quorum-ratio', '61']]) {
      expect((await tg(home, ['volume', 'set', 'all', k, v])).exit).toBe(0);
    }
    const globals = 'cluster.localtime-logging: enable\ncluster.server-quorum-ratio: 61\n';
    expect((await tg(home, ['volume', 'info', vol.name])).stdout).toBe(own + globals);
    const xml = (await tg(home, ['volume', 'info', vol.name, '--xml'])).stdout;
    expect(xml).toContain(`<optCount>${vol.options.length + 2}</optCount>`);
    expect(xml).toMatch(/<name>cluster.localtime-logging<\/name>\s*<value>enable<\/value>\s*<\/option>\s*<option>\s*<name>cluster.server-quorum-ratio<\/name>\s*<value>61<\/value>\s*<\/option>\s*<\/options>/);
    expect((await tg(home, ['volume', 'reset', 'all'])).exit).toBe(0);
    expect((await tg(home, ['volume', 'info', vol.name])).stdout).toBe(own);
  });

  it('no volumes: stderr line, exit 0; XML an empty volInfo; JSON an empty list', async () => {
    expect(await tg(home, ['volume', 'info'])).toEqual({ exit: 0, stdout: '', stderr: 'No volumes present\n' });
    const x = await tg(home, ['volume', 'info', '--xml']);
    expect(x.exit).toBe(0);
    expect(x.stdout).toContain('<opRet>0</opRet>');
    expect(x.stdout).toContain('<volInfo>\n    <volumes>\n      <count>0</count>\n    </volumes>\n  </volInfo>');
    expect(JSON.parse((await tg(home, ['volume', 'info', '--json'])).stdout)).toEqual({ volumes: [] });
  });

  it('JSON: a stable shape, errors as {"error":{code,message}} with exit 1', async () => {
    install(home, [byName(all, 'cliArb')]);
    const r = await tg(home, ['volume', 'info', 'cliArb', '--json']);
    expect(r.exit).toBe(0);
    const v = JSON.parse(r.stdout).volumes[0];
    expect(v).toMatchObject({ name: 'cliArb', type: 'Replicate', numberOfBricks: '1 x (2 + 1) = 3', arbiterCount: 1 });
    expect(v.bricks[2]).toEqual({
      name: 'server3:/bricks/cli/arb/b3', host: 'server3', path: '/bricks/cli/arb/b3',
      hostUuid: 'c193c358-b5cc-4890-a582-4e92ffe45426', isArbiter: true,
    });
    expect(v.options[0]).toEqual({ name: 'cluster.granular-entry-heal', value: 'on' });
    const e = await tg(home, ['volume', 'info', 'nope', '--json']);
    expect(e.exit).toBe(1);
    expect(JSON.parse(e.stdout)).toEqual({ error: { code: 30806, message: 'Volume nope does not exist' } });
  });

  it('a corrupt state file is reported, not thrown', async () => {
    install(home, [byName(all, 'cliRep3')]);
    fs.writeFileSync(`${home}/vols/cliRep3/info`, 'type=Replicate\nstat');
    const r = await tg(home, ['volume', 'info', 'cliRep3']);
    expect(r.exit).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`Failed to read state file ${home}/vols/cliRep3/info: file is truncated (no final newline)\n`);
  });
});

describe('volume list', () => {
  it.each(['volume-list', 'volume-list.xml'])('%s', async (c) => {
    install(home, all.filter((v) => v.name !== 'diskRep3'));
    expect(await tg(home, argvOf(c))).toEqual(expected(c));
  });

  it.each(['global-mode-script-volume-list', 'global-mode-script-after'])('%s: empty list', async (c) => {
    expect(await tg(home, argvOf(c))).toEqual(expected(c));
  });
});
