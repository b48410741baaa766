import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KpiInputError } from '../../../src/core/errors.js';
import { zForConfidence } from '../../../src/core/stats/normal.js';
import { type ProportionCounts, newcombeInterval, proportionInterval, twoProportionZTest, wilsonInterval } from '../../../src/core/stats/proportion.js';

/** successes ≤ total, total ≥ 1; totals up to 2^40 so that huge samples are covered too. */
const counts: fc.Arbitrary<ProportionCounts> = fc
  .oneof(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 2 ** 40 }))
  .chain((total) => fc.oneof(fc.integer({ min: 0, max: total }), fc.constantFrom(0, total)).map((successes) => ({ successes, total })));

const confidence = fc.double({ min: 0.5, max: 0.9999, noNaN: true });
const zOf = (c: number): number => zForConfidence(c);

describe('wilsonInterval', () => {
  it('lies within [0, 1] and contains the share', () => {
    fc.assert(
      fc.property(counts, confidence, ({ successes, total }, c) => {
        const w = wilsonInterval(successes, total, zOf(c))!;
        const share = successes / total;
        expect(w.lower).toBeGreaterThanOrEqual(0);
        expect(w.upper).toBeLessThanOrEqual(1);
        expect(w.lower).toBeLessThanOrEqual(share);
        expect(w.upper).toBeGreaterThanOrEqual(share);
      }),
    );
  });

  it('contains the share even for a vanishing z (confidence → 0)', () => {
    fc.assert(
      fc.property(counts, fc.double({ min: 0, max: 1e-6, noNaN: true }), ({ successes, total }, z) => {
        const w = wilsonInterval(successes, total, z)!;
        const share = successes / total;
        expect(w.lower).toBeLessThanOrEqual(share);
        expect(w.upper).toBeGreaterThanOrEqual(share);
      }),
    );
  });

  it('is symmetric under swapping successes and failures: [l, u](x) = [1 − u, 1 − l](n − x)', () => {
    fc.assert(
      fc.property(counts, confidence, ({ successes, total }, c) => {
        const z = zOf(c);
        const w = wilsonInterval(successes, total, z)!;
        const m = wilsonInterval(total - successes, total, z)!;
        expect(Math.abs(w.lower - (1 - m.upper))).toBeLessThan(1e-12);
        expect(Math.abs(w.upper - (1 - m.lower))).toBeLessThan(1e-12);
      }),
    );
  });

  it('narrows with a larger sample at the same share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 2, max: 1000 }),
        confidence,
        (total, share, k, c) => {
          const successes = Math.round(share * total);
          const z = zOf(c);
          const small = wilsonInterval(successes, total, z)!;
          const large = wilsonInterval(successes * k, total * k, z)!;
          expect(large.upper - large.lower).toBeLessThan(small.upper - small.lower);
        },
      ),
    );
  });

  it('widens with the confidence level (nested intervals)', () => {
    fc.assert(
      fc.property(counts, confidence, confidence, ({ successes, total }, c1, c2) => {
        const [lo, hi] = c1 < c2 ? [c1, c2] : [c2, c1];
        const narrow = wilsonInterval(successes, total, zOf(lo))!;
        const wide = wilsonInterval(successes, total, zOf(hi))!;
        expect(wide.lower).toBeLessThanOrEqual(narrow.lower + 1e-15);
        expect(wide.upper).toBeGreaterThanOrEqual(narrow.upper - 1e-15);
      }),
    );
  });
});

describe('newcombeInterval', () => {
  it('lies within [−1, 1] and contains the difference share(b) − share(a)', () => {
    fc.assert(
      fc.property(counts, counts, confidence, (a, b, c) => {
        const r = newcombeInterval(a, b, zOf(c))!;
        const d = b.successes / b.total - a.successes / a.total;
        expect(r.lower).toBeGreaterThanOrEqual(-1);
        expect(r.upper).toBeLessThanOrEqual(1);
        expect(r.lower).toBeLessThanOrEqual(d);
        expect(r.upper).toBeGreaterThanOrEqual(d);
      }),
    );
  });

  it('mirrors when a and b are swapped: newcombe(b, a) = [−upper, −lower] of newcombe(a, b)', () => {
    fc.assert(
      fc.property(counts, counts, confidence, (a, b, c) => {
        const z = zOf(c);
        const r = newcombeInterval(a, b, z)!;
        const s = newcombeInterval(b, a, z)!;
        expect(s.lower).toBe(-r.upper);
        expect(s.upper).toBe(-r.lower);
      }),
    );
  });

  it('combines the Wilson intervals: never narrower than either single interval on its side', () => {
    // lower = d − √(δ_b² + ε_a²) ≤ d − δ_b where δ_b = p̂_b − l_b (and likewise for the others).
    fc.assert(
      fc.property(counts, counts, confidence, (a, b, c) => {
        const z = zOf(c);
        const r = newcombeInterval(a, b, z)!;
        const wb = wilsonInterval(b.successes, b.total, z)!;
        const pa = a.successes / a.total;
        const pb = b.successes / b.total;
        const d = pb - pa;
        expect(r.lower).toBeLessThanOrEqual(d - (pb - wb.lower) + 1e-15);
        expect(r.upper).toBeGreaterThanOrEqual(Math.min(1, d + (wb.upper - pb)) - 1e-15);
      }),
    );
  });
});

describe('twoProportionZTest', () => {
  it('z has the sign of share(b) − share(a); p in [0, 1]; swapping a and b negates z only', () => {
    fc.assert(
      fc.property(counts, counts, (a, b) => {
        const t = twoProportionZTest(a, b);
        const d = b.successes / b.total - a.successes / a.total;
        const pooledAllOrNone = a.successes + b.successes === 0 || a.successes + b.successes === a.total + b.total;
        if (pooledAllOrNone) {
          expect(t).toEqual({ z: null, pValue: null, standardError: null });
          return;
        }
        expect(Math.sign(t.z!)).toBe(Math.sign(d) + 0);
        expect(t.pValue).toBeGreaterThanOrEqual(0);
        expect(t.pValue).toBeLessThanOrEqual(1);
        expect(t.standardError).toBeGreaterThan(0);
        const s = twoProportionZTest(b, a);
        expect(s.z! + 0).toBe(-t.z! + 0); // (+ 0: z = 0 and −0 count as equal)
        expect(s.pValue).toBe(t.pValue);
        expect(s.standardError).toBe(t.standardError);
      }),
    );
  });

  it('a larger difference at the same totals gives a smaller p-value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, share) => {
        const xa = Math.min(n - 2, Math.floor(share * n));
        const a = { successes: xa, total: n };
        const near = twoProportionZTest(a, { successes: xa + 1, total: n });
        const far = twoProportionZTest(a, { successes: xa + 2, total: n });
        expect(far.pValue!).toBeLessThan(near.pValue!);
      }),
    );
  });
});

describe('proportionInterval', () => {
  it('agrees with the internal Wilson interval and the share', () => {
    fc.assert(
      fc.property(counts, fc.double({ min: 0.01, max: 0.999, noNaN: true }), ({ successes, total }, c) => {
        const r = proportionInterval({ successes, total }, { confidence: c });
        expect(r.value).toBe(successes / total);
        expect(r.interval).toEqual(wilsonInterval(successes, total, zForConfidence(c)));
        expect(r.confidence).toBe(c);
      }),
    );
  });

  it('bad input always throws KpiInputError, never returns NaN', () => {
    const bad = fc.oneof(
      fc.constantFrom(Number.NaN, Infinity, -1, 0.5, 2 ** 60, '3', null, undefined, {}),
      fc.double().filter((v) => !Number.isInteger(v) || v < 0),
    );
    fc.assert(
      fc.property(bad, fc.boolean(), (v, inSuccesses) => {
        const input = inSuccesses ? { successes: v, total: 10 } : { successes: 0, total: v };
        expect(() => proportionInterval(input as unknown as ProportionCounts)).toThrow(KpiInputError);
      }),
    );
  });

  it('successes > total always throws an inconsistent KpiInputError', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 1, max: 1e9 }), (total, extra) => {
        try {
          proportionInterval({ successes: total + extra, total });
          expect.unreachable();
        } catch (error) {
          expect(error).toBeInstanceOf(KpiInputError);
          expect((error as KpiInputError).code).toBe('inconsistent');
        }
      }),
    );
  });
});
