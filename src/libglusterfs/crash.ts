// Injected crash points for kill -9 tests. TGLUSTER_CRASH_AT="<point>[#<n>]" makes the process
// SIGKILL itself the n-th time (default 1st) it passes that point, so a test can stop a fop at an
// exact step (after pre-op, between two bricks, ...) without timing.
const spec = process.env.TGLUSTER_CRASH_AT;
const [target, nth] = spec ? spec.split('#') : [undefined, undefined];
let seen = 0;

export function crashPoint(name: string): void {
  if (target === undefined || name !== target) return;
  seen += 1;
  if (seen === Number(nth ?? 1)) process.kill(process.pid, 'SIGKILL');
}
