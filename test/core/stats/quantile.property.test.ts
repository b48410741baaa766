import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KpiInputError } from '../../../src/core/errors.js';
import { quantile, quantiles, quantilesUnchecked, readPercentileList } from '../../../src/core/stats/quantile.js';

/**
 * Reference written independently of the implementation: copy, full sort with a comparator, then
 * R type 7 (Hyndman & Fan 1996, definition 7) read off the sorted array.
 */
function reference(values: ArrayLike<number>, p: number): number | null {
  const s = Array.from(values).sort((x, y) => x - y);
  if (s.length === 0) return null;
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  if (lo >= s.length - 1) return s[s.length - 1] as number;
  const a = s[lo] as number;
  const b = s[lo + 1] as number;
  return a + (h - lo) * (b - a);
}

/** |got − ref| within a few roundings of the values involved (−0 and 0 count as equal). */
function close(got: number | null, ref: number | null, scale: number): boolean {
  if (got === null || ref === null) return got === ref;
  return Math.abs(got - ref) <= 4 * Number.EPSILON * scale;
}

function scaleOf(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i] as number));
  return m;
}

/** Finite numbers with many duplicates, negatives and −0; sizes across the 600-element switch. */
const value = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom(-0, 0, 1e-300, -1e-300), fc.double({ min: -1e12, max: 1e12, noNaN: true }));
const values = fc.oneof(
  fc.array(value, { maxLength: 40 }),
  fc.array(value, { minLength: 500, maxLength: 3000 }),
  fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 601, maxLength: 2500 }),
);
const prob = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 0.5, 0.9, 0.99, 1));
const probList = fc.array(prob, { maxLength: 20 });

describe('quantiles vs a full-sort reference', () => {
  it('agree on random data and random probabilities (few and many, in any order)', () => {
    fc.assert(
      fc.property(values, probList, (v, ps) => {
        const got = quantiles(v, ps);
        const scale = scaleOf(v);
        expect(got.length).toBe(ps.length);
        ps.forEach((p, j) => {
          expect(close(got[j] ?? null, reference(v, p), scale), `p = ${p}: ${got[j]} vs ${reference(v, p)}`).toBe(true);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('quantile(v, p) is quantiles(v, [p])[0], and quantiles of a list equals each one alone', () => {
    fc.assert(
      fc.property(values, probList, (v, ps) => {
        const together = quantiles(v, ps);
        ps.forEach((p, j) => {
          const alone = quantile(v, p);
          expect(alone).toBe(quantiles(v, [p])[0]);
          expect(close(together[j] ?? null, alone, scaleOf(v))).toBe(true);
        });
      }),
      { numRuns: 60 },
    );
  });

  it('quantilesUnchecked (copy or in place) gives the same as the validated function', () => {
    fc.assert(
      fc.property(values, probList, (v, ps) => {
        const checked = quantiles(v, ps);
        expect(quantilesUnchecked(v, ps)).toEqual(checked);
        const work = Float64Array.from(v);
        expect(quantilesUnchecked(work, ps, { inPlace: true })).toEqual(checked);
        // In place only reorders: the multiset is unchanged (typed-array sort puts −0 before 0).
        expect(Float64Array.from(work).sort()).toEqual(Float64Array.from(v).sort());
      }),
      { numRuns: 60 },
    );
  });
});

describe('invariants', () => {
  it('order of the values does not matter', () => {
    fc.assert(
      fc.property(
        values.chain((v) => fc.tuple(fc.constant(v), fc.shuffledSubarray(v, { minLength: v.length, maxLength: v.length }))),
        probList,
        ([v, shuffled], ps) => {
          // (+ 0 so that −0 and 0, which sort as equal, compare equal.)
          const a = quantiles(v, ps).map((x) => (x === null ? x : x + 0));
          const b = quantiles(shuffled, ps).map((x) => (x === null ? x : x + 0));
          expect(b).toEqual(a);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('the input is not mutated (arrays and typed arrays)', () => {
    fc.assert(
      fc.property(values, probList, fc.boolean(), (v, ps, typed) => {
        const input = typed ? Float64Array.from(v) : [...v];
        const before = Array.from(input);
        quantiles(input, ps);
        quantile(input, 0.5);
        expect(Array.from(input)).toEqual(before);
      }),
      { numRuns: 60 },
    );
  });

  it('monotone in p, between the minimum and the maximum, exact at p = 0 and 1', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 2000 }), probList, (v, ps) => {
        const sorted = [...ps].sort((x, y) => x - y);
        const q = quantiles(v, sorted) as number[];
        const min = Math.min(...v);
        const max = Math.max(...v);
        for (let j = 0; j < q.length; j++) {
          expect(q[j]).toBeGreaterThanOrEqual(min);
          expect(q[j]).toBeLessThanOrEqual(max);
          if (j > 0) expect(q[j]).toBeGreaterThanOrEqual(q[j - 1] as number);
        }
        const [q0, q1] = quantiles(v, [0, 1]) as [number, number];
        expect(q0 === min).toBe(true);
        expect(q1 === max).toBe(true);
      }),
      { numRuns: 80 },
    );
  });

  it('shift and scale equivariance: quantile(a + b·v) = a + b·quantile(v) for b > 0 (integers, exact)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 800 }),
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: 1, max: 16 }),
        fc.constantFrom(0, 0.25, 0.5, 0.75, 1),
        (v, a, b, p) => {
          // With n − 1 ≤ 799 and p a multiple of 1/4, h has at most 2 fractional bits: exact.
          const q = quantile(v, p) as number;
          expect(
            quantile(
              v.map((x) => a + b * x),
              p,
            ),
          ).toBe(a + b * q);
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('validation', () => {
  it('any non-finite or non-number element throws KpiInputError naming its index, never NaN', () => {
    const bad = fc.constantFrom(Number.NaN, Infinity, -Infinity, '1', null, undefined, {}, 1n);
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 30 }), bad, fc.nat(), (v, b, at) => {
        const input: unknown[] = [...v];
        const index = at % (v.length + 1);
        input.splice(index, 0, b);
        try {
          quantile(input as number[], 0.5);
          expect.unreachable();
        } catch (error) {
          expect(error).toBeInstanceOf(KpiInputError);
          expect((error as KpiInputError).path).toEqual(['values', index]);
        }
      }),
    );
  });

  it('probabilities outside [0, 1] throw KpiInputError', () => {
    const outside = fc.oneof(
      fc.double({ noNaN: false }).filter((p) => !(p >= 0 && p <= 1)),
      fc.constantFrom(Number.NaN, -Infinity, Infinity),
    );
    fc.assert(
      fc.property(outside, (p) => {
        expect(() => quantile([1, 2, 3], p)).toThrow(KpiInputError);
        expect(() => quantiles([1, 2, 3], [0.5, p])).toThrow(KpiInputError);
      }),
    );
  });
});

describe('readPercentileList (percentiles 0–100, numpy.percentile scale)', () => {
  const path = ['options', 'percentiles'] as const;
  const percent = fc.double({ min: 0, max: 100, noNaN: true, minExcluded: true, maxExcluded: true });

  it('a dense list of percents reads as itself without duplicates; p-th percentile = quantile at p/100', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(percent, fc.constantFrom(50, 90, 99.9)), { maxLength: 100 }),
        fc.array(value, { minLength: 1, maxLength: 50 }),
        (ps, xs) => {
          const list = readPercentileList('f', ps, path);
          expect(list).toEqual([...new Set(ps)]);
          const got = quantiles(
            xs,
            list.map((p) => p / 100),
          );
          list.forEach((p, i) => expect(close(got[i]!, reference(xs, p / 100), scaleOf(xs))).toBe(true));
        },
      ),
    );
  });

  it('any hole is refused with code missing at its index, never read as a shorter list', () => {
    fc.assert(
      fc.property(fc.sparseArray(percent, { minNumElements: 0, maxLength: 100 }), (ps) => {
        const firstHole = Array.from({ length: ps.length }, (_, i) => i).find((i) => !(i in ps));
        if (firstHole === undefined) {
          expect(readPercentileList('f', ps, path)).toEqual([...new Set(ps)]);
          return;
        }
        let error: unknown;
        try {
          readPercentileList('f', ps, path);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(KpiInputError);
        const e = error as KpiInputError;
        expect(e.code).toBe('missing');
        expect(e.path).toEqual(['options', 'percentiles', firstHole]);
        expect(e.issues.length).toBe(ps.length - Object.keys(ps).length);
      }),
    );
  });
});
