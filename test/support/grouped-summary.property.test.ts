import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quantilesUnchecked } from '../../src/core/stats/quantile.js';
import { groupedFigures } from '../../src/support/grouped-summary.js';

// The grouped figures against a direct computation per group: counts, exact sums, bounds, and the
// quantiles of quantilesUnchecked (selection), for any durations and groupings.
describe('groupedFigures', () => {
  const duration = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 5_000_000 }), fc.integer({ min: 0, max: 2 ** 40 }));
  it('equals counting, summing and selecting in each group and in the union', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(duration, fc.nat({ max: 6 })), { minLength: 1, maxLength: 400 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 }),
        (pairs, probs) => {
          const groups = 7;
          const values = Float64Array.from(pairs.map(([v]) => v));
          const codes = Uint8Array.from(pairs.map(([, c]) => c));
          const min = Math.min(...values);
          const max = Math.max(...values);
          const got = groupedFigures(values, codes, values.length, groups, probs, min, max);
          expect(got).not.toBeNull();
          const check = (subset: number[], g: { n: number; sum: number; min: number; max: number; quantiles: readonly (number | null)[] }) => {
            expect(g.n).toBe(subset.length);
            expect(g.sum).toBe(subset.reduce((a, b) => a + b, 0));
            if (subset.length > 0) {
              expect(g.min).toBe(Math.min(...subset));
              expect(g.max).toBe(Math.max(...subset));
            }
            expect(g.quantiles).toEqual(quantilesUnchecked(subset, probs));
          };
          for (let c = 0; c < groups; c++)
            check(
              pairs.filter(([, k]) => k === c).map(([v]) => v),
              got!.groups[c]!,
            );
          check(
            pairs.map(([v]) => v),
            got!.union,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('declines what it cannot do exactly: a fraction', () => {
    expect(groupedFigures(Float64Array.from([1, 2.5]), Uint8Array.from([0, 0]), 2, 1, [0.5], 1, 2.5)).toBeNull();
  });
});
