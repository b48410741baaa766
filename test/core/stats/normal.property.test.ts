import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile, normalSurvival, twoSidedPValue, zForConfidence } from '../../../src/core/stats/normal.js';

// Algebraic laws of the normal distribution (accuracy against an independent high-precision
// reference is in normal.test.ts).

const anyX = fc.double({ noNaN: true });
const moderateX = fc.double({ min: -40, max: 40, noNaN: true });
const EPS = 2 ** -52;

describe('normalCdf / normalSurvival', () => {
  it('are probabilities: in [0, 1] for every number, ±Infinity included', () => {
    fc.assert(
      fc.property(anyX, (x) => {
        for (const v of [normalCdf(x), normalSurvival(x)]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('survival is the reflected CDF: S(x) = Φ(−x) exactly', () => {
    fc.assert(
      fc.property(anyX, (x) => {
        expect(normalSurvival(x)).toBe(normalCdf(-x));
      }),
    );
  });

  it('Φ(x) + Φ(−x) = 1 up to one rounding', () => {
    fc.assert(
      fc.property(moderateX, (x) => {
        expect(Math.abs(normalCdf(x) + normalCdf(-x) - 1)).toBeLessThanOrEqual(2 * EPS);
      }),
    );
  });

  it('is increasing: x < y (apart by at least 1e-9) gives Φ(x) ≤ Φ(y), strictly while not saturated', () => {
    fc.assert(
      fc.property(moderateX, fc.double({ min: 1e-9, max: 10, noNaN: true }), (x, gap) => {
        const y = x + gap;
        expect(normalCdf(x)).toBeLessThanOrEqual(normalCdf(y));
        // Strict where both values are far from 0 and 1 in relative terms.
        if (x > -30 && y < 5 && gap > 1e-6) expect(normalCdf(x)).toBeLessThan(normalCdf(y));
      }),
    );
  });
});

describe('twoSidedPValue', () => {
  it('is 2·Φ(−|z|), symmetric in z, in [0, 1]', () => {
    fc.assert(
      fc.property(anyX, (z) => {
        const p = twoSidedPValue(z);
        expect(p).toBe(2 * normalCdf(-Math.abs(z)));
        expect(twoSidedPValue(-z)).toBe(p);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('decreases as |z| grows', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 38, noNaN: true }), fc.double({ min: 1e-6, max: 5, noNaN: true }), (z, gap) => {
        expect(twoSidedPValue(z + gap)).toBeLessThan(twoSidedPValue(z));
      }),
    );
  });
});

describe('normalQuantile', () => {
  it('inverts Φ: Φ(Φ⁻¹(p)) = p, relatively, in the tail it is computed in', () => {
    // An error δ in x moves Φ by (φ/Φ)·δ ≈ |x|·δ relative; δ ≈ 1e-16·|x| gives ~x²·1e-16.
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 1, maxExcluded: true, noNaN: true }), (p) => {
        const x = normalQuantile(p);
        const tol = 1e-14 * (1 + x * x);
        if (p <= 0.5) expect(Math.abs(normalCdf(x) - p) / p).toBeLessThanOrEqual(tol);
        else expect(Math.abs(normalSurvival(x) - (1 - p)) / (1 - p)).toBeLessThanOrEqual(tol);
      }),
    );
  });

  it('recovers x from the lower tail: Φ⁻¹(Φ(x)) = x for x in [−37, −1e-3]', () => {
    fc.assert(
      fc.property(fc.double({ min: -37, max: -1e-3, noNaN: true }), (x) => {
        expect(Math.abs(normalQuantile(normalCdf(x)) - x) / -x).toBeLessThan(1e-13);
      }),
    );
  });

  it('is antisymmetric: Φ⁻¹(1 − p) = −Φ⁻¹(p) exactly when 1 − p is exact (p ≥ 1/2)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 1, maxExcluded: true, noNaN: true }), (p) => {
        // (+ 0 makes −0 and 0 equal: Φ⁻¹(1/2) = 0.)
        expect(normalQuantile(1 - p) + 0).toBe(-normalQuantile(p) + 0);
      }),
    );
  });

  it('is increasing in p', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 1, noNaN: true }), fc.double({ min: 1e-300, max: 1, noNaN: true }), (p, q) => {
        if (p < q) expect(normalQuantile(p)).toBeLessThanOrEqual(normalQuantile(q));
      }),
    );
  });
});

describe('zForConfidence', () => {
  it('matches Φ⁻¹((1 + c)/2) and gives back 1 − c as its two-sided p-value', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), (c) => {
        const z = zForConfidence(c);
        expect(z).toBeGreaterThan(0);
        expect(Math.abs(z - normalQuantile((1 + c) / 2)) / z).toBeLessThan(1e-12);
        expect(Math.abs(twoSidedPValue(z) - (1 - c)) / (1 - c)).toBeLessThan(1e-13);
      }),
    );
  });

  it('grows with the confidence level', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (c, d) => {
        if (c < d) expect(zForConfidence(c)).toBeLessThanOrEqual(zForConfidence(d));
      }),
    );
  });
});
