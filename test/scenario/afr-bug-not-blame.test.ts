// A bug is not a brick failure: only an errno answer may count as a child failing. A TypeError
// thrown by one child must abort the fop before post-op, so no healthy brick is blamed on disk.
import { afterEach, describe, expect, it } from 'vitest';
import { FopError } from '../../src/libglusterfs/errors.js';
import { afrDump, loc, replicaSet, xd, type ReplicaSet } from './afr-helpers.js';

let set: ReplicaSet | undefined;
afterEach(() => set?.cleanup());

/** Makes child i throw `err` from `fop` (the rest of its fops untouched). */
function breakChild(s: ReplicaSet, i: number, fop: 'writev' | 'setattr' | 'mkdir', err: Error): void {
  const c = s.clients[i] as unknown as Record<string, unknown>;
  c[fop] = () => {
    throw err;
  };
}

describe('AFR fan-out: bugs abort, errno answers blame', () => {
  for (const fop of ['writev', 'setattr', 'mkdir'] as const) {
    it(`${fop}: a TypeError from brick 1 propagates and nobody is blamed`, () => {
      const s = (set = replicaSet(`bug${fop}`, 3));
      s.afr.create(loc('/f'), 0o644, xd());
      breakChild(s, 1, fop, new TypeError('cannot read properties of undefined'));
      const run = () =>
        fop === 'writev'
          ? s.afr.writev(loc('/f'), 0, Buffer.from('x'), xd())
          : fop === 'setattr'
            ? s.afr.setattr(loc('/f'), { mode: 0o600 }, xd())
            : s.afr.mkdir(loc('/d'), 0o755, xd());
      expect(run).toThrow(TypeError);
      for (const b of s.brickPaths) {
        const dump = { ...afrDump(b, ''), ...afrDump(b, 'f') };
        for (const [k, v] of Object.entries(dump)) if (k !== 'trusted.afr.dirty') expect(v, `${b} ${k}`).toBe('000000000000000000000000');
      }
      // The fop's locks were released: the next fop goes through on every brick.
      s.rebuild();
      s.afr.writev(loc('/f'), 0, Buffer.from('ok'), xd());
    });
  }

  it('an errno answer (EIO) from one brick is that brick failing: the others blame it', () => {
    const s = (set = replicaSet('bugeio', 3));
    s.afr.create(loc('/f'), 0o644, xd());
    breakChild(s, 1, 'writev', new FopError('EIO'));
    s.afr.writev(loc('/f'), 0, Buffer.from('x'), xd());
    expect(afrDump(s.brickPaths[0], 'f')['trusted.afr.bugeio-client-1']).toBe('000000010000000000000000');
  });
});
