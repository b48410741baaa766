/**
 * The correctly rounded sum of many doubles, independent of their order: Shewchuk's exact
 * partial sums (the algorithm of Python's `math.fsum`). Used where a mean must not depend on how
 * records were split into shards and merged.
 *
 * @module
 */

/**
 * The sum of `values[0..n)`, correctly rounded from the exact real sum, so any permutation or
 * split gives the same double. Expects finite numbers whose sum is finite. Cost O(n) with a small
 * list of partials (usually 1–3).
 *
 * @see J. R. Shewchuk, "Adaptive precision floating-point arithmetic and fast robust geometric
 *   predicates", Discrete & Computational Geometry 18, 1997, 305–363.
 * @internal
 */
export function exactFloatSum(values: ArrayLike<number>, n = values.length): number {
  const partials: number[] = [];
  for (let i = 0; i < n; i++) {
    let x = values[i] as number;
    let k = 0;
    for (let j = 0; j < partials.length; j++) {
      let y = partials[j] as number;
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[k++] = lo;
      x = hi;
    }
    partials.length = k;
    partials.push(x);
  }
  // Round the partials (non-overlapping, increasing magnitude) to the nearest double, half-even.
  let top = partials.length - 1;
  if (top < 0) return 0;
  let hi = partials[top] as number;
  let lo = 0;
  while (top > 0) {
    const x = hi;
    const y = partials[--top] as number;
    hi = x + y;
    const yr = hi - x;
    lo = y - yr;
    if (lo !== 0) break;
  }
  if (top > 0 && ((lo < 0 && (partials[top - 1] as number) < 0) || (lo > 0 && (partials[top - 1] as number) > 0))) {
    const y = lo * 2;
    const x = hi + y;
    if (y === x - hi) hi = x;
  }
  return hi;
}
