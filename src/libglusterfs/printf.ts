// C's printf number formats where JavaScript's differ.

/**
 * printf's %.<digits>f: the exact binary value rounded, a tie to the even digit (toFixed rounds
 * a tie such as 60359.625 up; glibc prints 60359.62).
 */
export function cFixed(x: number, digits: number): string {
  const scale = 10 ** digits;
  const scaled = x * scale;
  const floor = Math.floor(scaled);
  const frac = scaled - floor;
  const n = frac > 0.5 || (frac === 0.5 && floor % 2 !== 0) ? floor + 1 : floor;
  return (n / scale).toFixed(digits);
}
