// `volume info [all|<VOLNAME>]`
import type { Ctx } from '../context.js';
import { loadAllVolumes, loadVolume } from '../../mgmt/store.js';
import { MgmtError } from '../../mgmt/errors.js';
import { loadClusterOptions } from '../../mgmt/options/cluster-store.js';
import { usageError } from '../usage.js';
import { runOp, type OpSuccess } from '../output/emit.js';
import { volInfoXmlBody, volumeInfoJson, volumeInfoText } from '../output/volume-info.js';
import type { Volume } from '../../mgmt/types.js';

/** glusterd's errno for a missing volume in `volume info` (EG_NOVOL). */
const EG_NOVOL = 30806;

function infoOf(home: string, vols: Volume[]): OpSuccess {
  // glusterd lists its cluster-wide options after each volume's own, most recently added first.
  const globals = [...loadClusterOptions(home)].reverse();
  // XML and JSON are built only if printed (getters): `volume info` is what scripts run most.
  return {
    text: vols.map((v) => volumeInfoText(v, globals)).join(''),
    get xml() {
      return [volInfoXmlBody(vols, globals)];
    },
    get json() {
      return { volumes: vols.map(volumeInfoJson) };
    },
  };
}

export async function run(ctx: Ctx, words: string[]): Promise<number> {
  if (words.length > 1) return usageError(ctx, 'volume info');
  const name = words[0];
  if (name === undefined || name === 'all') {
    return runOp(ctx, { failPrefix: '' }, () => {
      const vols = loadAllVolumes(ctx.home);
      // gluster: "No volumes present" on stderr, exit 0; the XML is an empty volInfo.
      return vols.length ? infoOf(ctx.home, vols) : { ...infoOf(ctx.home, []), text: '', textErr: 'No volumes present\n' };
    });
  }
  // A missing volume: the text names it, the XML does not (and still carries an empty volInfo).
  return runOp(
    ctx,
    { failPrefix: '', failXml: () => [volInfoXmlBody([])] },
    () => {
      const vol = loadVolume(ctx.home, name);
      if (!vol) {
        const e = new MgmtError(ctx.format === 'xml' ? 'Volume does not exist' : `Volume ${name} does not exist`, EG_NOVOL);
        throw e;
      }
      return infoOf(ctx.home, [vol]);
    },
  );
}
