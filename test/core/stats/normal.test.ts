import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile, normalSurvival, twoSidedPValue, zForConfidence } from '../../../src/core/stats/normal.js';

// ---------------------------------------------------------------------------------------------
// Independent reference: Φ(x) = (1 + erf(x/√2))/2 with erf summed from its alternating Taylor
// series erf(z) = 2/√π · Σ (−1)ⁿ z^(2n+1) / (n!·(2n+1)) in decimal.js at a precision chosen per x.
// The largest term is about e^(z²) = e^(x²/2) and the lower tail Φ(−|x|) about e^(−x²/2), so
// x²/ln 10 digits are lost to cancellation; 40 more digits are kept. This is a different method
// from the implementation (Kummer series for small |x|, Laplace continued fraction in the tails),
// and x is converted to decimal EXACTLY (the double's binary value, not its shortest string:
// at x = 20 the difference would already shift Φ by ~4e-14 relative).
// ---------------------------------------------------------------------------------------------

/** The exact value of a double as a Decimal of the given class. */
function exactDecimal(D: typeof Decimal, x: number): Decimal {
  if (x === 0) return new D(0);
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const exponentBits = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = exponentBits === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (exponentBits === 0 ? 1 : exponentBits) - 1075;
  const value = new D(mantissa.toString()).times(new D(2).pow(exponent));
  return negative ? value.neg() : value;
}

/** Reference Φ(x·(1 + relShift)), with x taken exactly. */
function referenceCdf(x: number, relShift = 0): Decimal {
  const digits = 40 + Math.ceil((x * x) / Math.LN10);
  const D = Decimal.clone({ precision: digits });
  const xd = exactDecimal(D, x).times(new D(1).plus(relShift));
  const z = xd.abs().div(new D(2).sqrt());
  const z2 = z.times(z);
  const z2n = z2.toNumber();
  const tiny = new D(10).pow(-digits);
  let power = z; // (−1)ⁿ z^(2n+1) / n!
  let sum = z;
  for (let n = 1; ; n++) {
    power = power.times(z2).div(n).neg();
    const term = power.div(2 * n + 1);
    sum = sum.plus(term);
    if (n > z2n && term.abs().lt(tiny)) break;
  }
  const erf = sum.times(2).div(D.acos(-1).sqrt());
  return (xd.isNegative() ? new D(1).minus(erf) : new D(1).plus(erf)).div(2);
}

function relativeError(got: number, reference: Decimal): number {
  const D = reference.constructor as typeof Decimal;
  return exactDecimal(D, got).minus(reference).abs().div(reference).toNumber();
}

/** Grid x = −20, −19.75, …, 20. */
const GRID = Array.from({ length: 161 }, (_, i) => -20 + i / 4);

describe('normalCdf against a high-precision reference (decimal.js, erf Taylor series)', () => {
  it('relative error < 1e-13 on x = −20, −19.75, …, 20 (the documented bound is 1e-12)', () => {
    let worst = 0;
    for (const x of GRID) {
      const ref = referenceCdf(x);
      worst = Math.max(worst, relativeError(normalCdf(x), ref));
      worst = Math.max(worst, relativeError(normalSurvival(-x), ref));
    }
    expect(worst).toBeLessThan(1e-13);
  });

  it('relative error < 1e-13 at random x in [−20, 20] (fast-check)', () => {
    fc.assert(
      fc.property(fc.double({ min: -20, max: 20, noNaN: true }), (x) => {
        // Φ is flat near 0: tiny |x| (and −0) still go through the same code, exactly converted.
        expect(relativeError(normalCdf(x), referenceCdf(x))).toBeLessThan(1e-13);
        expect(relativeError(normalSurvival(x), referenceCdf(-x))).toBeLessThan(1e-13);
      }),
      { numRuns: 60 },
    );
  });

  it('stays accurate deep in the lower tail, down to the last normal doubles (x = −37)', () => {
    for (const x of [-25.3, -30, -33.7, -37]) {
      expect(relativeError(normalCdf(x), referenceCdf(x))).toBeLessThan(1e-13);
    }
  }, 60_000);

  it('twoSidedPValue(z) = 2·Φ(−|z|) to 1e-13 relative, including z = 20 and z = −8.5', () => {
    for (const z of [0.5, -1.3, 1.959963984540054, -3.3, 8.5, -8.5, 12, 20]) {
      expect(relativeError(twoSidedPValue(z) / 2, referenceCdf(-Math.abs(z)))).toBeLessThan(1e-13);
    }
  });
});

describe('normalQuantile against the reference', () => {
  it('the true quantile lies within ±2e-15 relative of the result (Φ_ref brackets p)', () => {
    const ps = [
      1e-300,
      1e-100,
      1e-20,
      1e-8,
      0.001,
      0.025,
      0.05,
      0.1,
      0.25,
      0.3,
      0.4,
      0.49,
      0.4999999,
      0.5000001,
      0.6,
      0.75,
      0.9,
      0.975,
      0.995,
      0.999999,
      1 - 1e-15,
    ];
    for (const p of ps) {
      const x = normalQuantile(p);
      const D = Decimal.clone({ precision: 80 });
      const exactP = exactDecimal(D, p);
      // Φ is increasing: Φ(x − δ) ≤ p ≤ Φ(x + δ), with δ = 2e-15·|x| on the side of |x|.
      const low = referenceCdf(x, x < 0 ? 2e-15 : -2e-15);
      const high = referenceCdf(x, x < 0 ? -2e-15 : 2e-15);
      expect(low.lte(exactP), `p = ${p}`).toBe(true);
      expect(high.gte(exactP), `p = ${p}`).toBe(true);
    }
  }, 60_000);
});

describe('goldens', () => {
  it('Φ(1.959963984540054) = 0.975 (standard normal tables; R: pnorm(1.959963984540054))', () => {
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 15);
    expect(normalSurvival(1.959963984540054)).toBeCloseTo(0.025, 15);
    expect(twoSidedPValue(1.959963984540054)).toBeCloseTo(0.05, 15);
  });

  it('tabulated values (A&S Table 26.1; R pnorm with digits = 16)', () => {
    // A&S Table 26.1: P(1) = 0.84134 47460 68543; R: pnorm(-3) = 0.001349898031630095,
    // pnorm(-5) = 2.866515718791939e-07, pnorm(-10) = 7.619853024160527e-24.
    expect(normalCdf(1)).toBeCloseTo(0.8413447460685429, 15);
    expect(normalCdf(-3) / 0.001349898031630095).toBeCloseTo(1, 14);
    expect(normalSurvival(5) / 2.866515718791939e-7).toBeCloseTo(1, 14);
    expect(normalCdf(-10) / 7.619853024160527e-24).toBeCloseTo(1, 14);
  });

  it('z for 95 % = 1.959963984540054 (R: qnorm(0.975)), for 99 % = 2.5758293035489 (R: qnorm(0.995))', () => {
    expect(zForConfidence(0.95) / 1.959963984540054).toBeCloseTo(1, 15);
    expect(zForConfidence(0.99) / 2.5758293035489).toBeCloseTo(1, 14);
    expect(normalQuantile(0.975) / 1.959963984540054).toBeCloseTo(1, 15);
    expect(normalQuantile(0.025) / -1.959963984540054).toBeCloseTo(1, 15);
    expect(normalQuantile(0.995) / 2.5758293035489).toBeCloseTo(1, 14);
  });

  it('two-sided p of z = 20 is ≈ 5.507248e-89, not 0 (R: 2 * pnorm(-20))', () => {
    expect(twoSidedPValue(20) / 5.507248e-89).toBeCloseTo(1, 6);
    expect(twoSidedPValue(-20)).toBe(twoSidedPValue(20));
  });
});

describe('special values', () => {
  it('centre and infinities', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalSurvival(0)).toBe(0.5);
    expect(twoSidedPValue(0)).toBe(1);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalSurvival(Infinity)).toBe(0);
    expect(twoSidedPValue(Infinity)).toBe(0);
    expect(twoSidedPValue(-Infinity)).toBe(0);
    // Beyond x ≈ −38.5 the lower tail is below the smallest subnormal double.
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(-1000)).toBe(0);
    expect(normalCdf(1000)).toBe(1);
  });

  it('NaN in gives NaN out', () => {
    expect(normalCdf(Number.NaN)).toBeNaN();
    expect(normalSurvival(Number.NaN)).toBeNaN();
    expect(twoSidedPValue(Number.NaN)).toBeNaN();
    expect(normalQuantile(Number.NaN)).toBeNaN();
    expect(zForConfidence(Number.NaN)).toBeNaN();
  });

  it('quantile ends and out-of-range probabilities', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(1.1)).toBeNaN();
    expect(zForConfidence(0)).toBe(0);
    expect(zForConfidence(1)).toBe(Infinity);
    expect(zForConfidence(1.5)).toBeNaN();
  });

  it('subnormal tail: Φ⁻¹(5e-324) is about −38.47 (Φ(−38.4677) ≈ 5e-324, the smallest double)', () => {
    // Hand calculation with Φ(−a) ≈ φ(a)/a (A&S 26.2.12, first term; relative error ~1/a² ≈ 7e-4):
    // a = 38.4677 → a²/2 = 739.88, e^−739.88 ≈ 4.7e-322, /√(2π) ≈ 1.86e-322, /a ≈ 4.9e-324.
    // Only a few bits are left at the smallest subnormal, so only the first digits are meaningful.
    expect(normalQuantile(5e-324)).toBeCloseTo(-38.4677, 2);
  });
});
