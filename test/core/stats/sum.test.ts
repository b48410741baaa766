import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactFloatSum } from '../../../src/core/stats/sum.js';

/**
 * Reference: doubles with 2^-61 ≤ |x| < 2^60 are integer multiples of 2^-113, so x · 2^113 is an
 * exact integer; the BigInt sum is then exact, and Number(sum) rounds it to the nearest double (ties
 * to even), which the power-of-two scaling back does not change.
 */
function reference(xs: readonly number[]): number {
  let s = 0n;
  for (const x of xs) s += BigInt(x * 2 ** 113);
  return Number(s) * 2 ** -113;
}

describe('exactFloatSum', () => {
  it('is exact where the float loop is not', () => {
    // 1e16 + 1 − 1e16: the float loop loses the 1 (1e16 + 1 rounds to 1e16).
    expect(1e16 + 1 - 1e16).toBe(0);
    expect(exactFloatSum([1e16, 1, -1e16])).toBe(1);
    // 0.1 + 0.2 + 0.3 as doubles sums exactly to 0.6000000000000000055511151231257827 (the three
    // binary values), whose nearest double is 0.6; the float loop gives 0.6000000000000001.
    expect(0.1 + 0.2 + 0.3).toBe(0.6000000000000001);
    expect(exactFloatSum([0.1, 0.2, 0.3])).toBe(0.6);
    expect(exactFloatSum([])).toBe(0);
    expect(exactFloatSum([5, 7, 9], 2)).toBe(12);
  });

  it('rounds half to even: 1 + 2^-53 + 2^-105 rounds up, 1 + 2^-53 rounds to 1', () => {
    expect(exactFloatSum([1, 2 ** -53])).toBe(1);
    expect(exactFloatSum([1, 2 ** -53, 2 ** -105])).toBe(1 + 2 ** -52);
    expect(exactFloatSum([1, -(2 ** -54), -(2 ** -106)])).toBe(1 - 2 ** -53);
  });

  const value = fc
    .tuple(fc.double({ min: 1, max: 2, noNaN: true, maxExcluded: true }), fc.integer({ min: -60, max: 59 }), fc.boolean())
    .map(([m, e, negative]) => (negative ? -1 : 1) * m * 2 ** e);

  it('equals the correctly rounded exact sum, in any order', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 60 }), (xs) => {
        const want = reference(xs);
        expect(exactFloatSum(xs)).toBe(want);
        expect(exactFloatSum([...xs].reverse())).toBe(want);
        expect(exactFloatSum([...xs].sort((a, b) => a - b))).toBe(want);
      }),
      { numRuns: 500 },
    );
  });
});
