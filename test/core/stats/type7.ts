/**
 * R type 7 (Hyndman & Fan, The American Statistician 50(4), 1996, definition 7) read off an
 * ascending array, clamped between the two order statistics as the library clamps (against
 * rounding): the reference the exact quantile tests compare with, written apart from the
 * library's selection and histograms. `null` for no values.
 */
export function type7(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const xlo = sorted[lo] as number;
  if (lo + 1 >= n || h === lo) return xlo;
  const xhi = sorted[lo + 1] as number;
  return Math.min(Math.max(xlo + (h - lo) * (xhi - xlo), xlo), xhi);
}
