// debug/delay-gen on a brick (`volume set VOL delay-gen posix`, delay-gen.delay-percentage,
// delay-gen.delay-duration, delay-gen.enable): holds back a share of the chosen fops for a while
// before they reach posix, as GlusterFS's regression tests slow a migration or a lock down. The
// fop names are GlusterFS's, case-insensitive; no names means every fop. The wait is a sleep of
// the calling process: its other fops wait too (a tgluster client runs one fop at a time).
import type { Xlator } from '../types.js';
import { aroundFops, GF_FOP_INDEX, GF_NAMES, gfFopName, UNTOLD_FD_TWIN, type Fop, type GfFop } from '../fop-names.js';

export interface DelayGenOptions {
  options: Record<string, string>;
  /** How to wait `ms` (tests record it instead); default: the process sleeps. */
  sleep?: (ms: number) => void;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleepMs = (ms: number): void => void Atomics.wait(sleeper, 0, 0, ms);

/** delay-percentage: "10%", "10" or "0.5%" (GlusterFS's percent type). */
function percent(v: string | undefined): number {
  const n = Number((v ?? '10%').replace(/%$/, ''));
  return Number.isFinite(n) ? Math.min(100, Math.max(0, n)) : 10;
}

export interface DelayGen extends Omit<Xlator, 'name' | 'children'> {}
export class DelayGen implements Xlator {
  readonly children: readonly Xlator[];
  private readonly enabled: ReadonlySet<GfFop>;
  private readonly percent: number;
  private readonly micros: number;
  private readonly sleep: (ms: number) => void;

  constructor(
    readonly name: string,
    children: readonly Xlator[],
    o: DelayGenOptions,
  ) {
    this.children = children;
    const names = (o.options.enable ?? '').split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
    this.enabled = new Set(names.length ? names.filter((n): n is GfFop => GF_FOP_INDEX.has(n as GfFop)) : GF_FOP_INDEX.keys());
    this.percent = percent(o.options['delay-percentage']);
    const us = Number(o.options['delay-duration'] ?? 100000);
    this.micros = Number.isFinite(us) && us > 0 ? us : 0;
    this.sleep = o.sleep ?? sleepMs;
  }

  maybeDelay(fop: GfFop): void {
    const twin = UNTOLD_FD_TWIN[fop];
    if (this.micros === 0 || !(this.enabled.has(fop) || (twin && this.enabled.has(twin))) || Math.random() * 100 >= this.percent) return;
    this.sleep(this.micros / 1000);
  }
}

aroundFops(DelayGen, Object.keys(GF_NAMES) as Fop[], (self, fop, args, wind) => {
  self.maybeDelay(gfFopName(fop, args));
  return wind();
});
