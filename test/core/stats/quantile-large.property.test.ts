/**
 * Quantiles of large samples (from 2^11 values on, where non-negative samples take the histogram
 * of their high bits instead of selection, in 2^10 to 2^16 buckets by size): the same order
 * statistics as a full sort, for the
 * shapes that stress a histogram — ties, zeros, values crowded into one bucket, a far outlier,
 * tiny and subnormal values, fractions — and samples with a negative value or −0 (which go to
 * selection). The expected values are read off a sorted copy, as R type 7 defines them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketCount, bucketOrder, quantilesOfBucketOrders, quantilesOfParts, quantilesUnchecked } from '../../../src/core/stats/quantile.js';
import { seededRandom } from '../../../scripts/random.mjs';
import { type7 } from './type7.js';

/** A seeded generator (mulberry32), so that fast-check draws a seed, not thousands of numbers. */
const random = seededRandom;

const SHAPES = {
  /** Whole-ms durations, exponential around an hour (the duration metrics' usual sample). */
  exponential: (r: () => number) => Math.floor(-Math.log(1 - r()) * 3_600_000),
  /** Few distinct values: long runs of ties. */
  ties: (r: () => number) => [0, 60_000, 3_600_000, 7_200_000][Math.floor(r() * 4)] as number,
  /** Mostly zeros. */
  zeros: (r: () => number) => (r() < 0.9 ? 0 : Math.floor(r() * 1000)),
  /** Values crowded in a narrow range, beside one far outlier (drawn rarely). */
  crowded: (r: () => number) => (r() < 0.00002 ? 1e15 : 1_000_000 + Math.floor(r() * 1000)),
  /** Fractions, tiny and subnormal values. */
  tiny: (r: () => number) => (r() < 0.1 ? 5e-324 * Math.floor(r() * 100) : r() < 0.5 ? r() * 1e-300 : r()),
  /** A few negative values (and −0): selection, not the histogram. */
  signed: (r: () => number) => (r() < 0.01 ? -r() : r() < 0.01 ? -0 : r() * 1e6),
} as const;

describe('quantiles of large samples equal those of a full sort', () => {
  it('every shape, several probabilities', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...(Object.keys(SHAPES) as (keyof typeof SHAPES)[])),
        // Each size of histogram: from 2^10 buckets (2,048 values) to 2^16 (from 2^18 values on, here up to 2^16 + 30,000).
        fc.oneof(
          fc.integer({ min: 1 << 11, max: 1 << 14 }),
          fc.integer({ min: 1 << 14, max: (1 << 16) + 30_000 }),
          fc.constantFrom(1 << 11, (1 << 11) - 1, 1 << 12),
        ),
        fc.integer(),
        fc.uniqueArray(fc.oneof(fc.constantFrom(0, 0.5, 0.9, 0.99, 1, 1e-9, 0.999999), fc.double({ min: 0, max: 1, noNaN: true })), {
          minLength: 1,
          maxLength: 5,
        }),
        (shape, n, seed, probs) => {
          const r = random(seed);
          const values = Float64Array.from({ length: n }, () => SHAPES[shape](r));
          const sorted = values.slice().sort();
          const got = quantilesUnchecked(values, probs);
          // The hint a duration sample gives when all its values are whole numbers: their bounds.
          const whole = values.every((v) => Number.isInteger(v));
          const hinted = whole ? quantilesUnchecked(values, probs, { integers: { min: sorted[0] as number, max: sorted[n - 1] as number } }) : got;
          probs.forEach((p, j) => {
            const want = type7(sorted, p) as number;
            expect(Object.is(got[j], want) || got[j] === want).toBe(true);
            expect(Object.is(hinted[j], want) || hinted[j] === want).toBe(true);
          });
        },
      ),
      { numRuns: 40 },
    );
  });
  it('several arrays taken together (a grouping total, read in its parts): the quantiles of their union, or null', () => {
    let computed = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...(Object.keys(SHAPES) as (keyof typeof SHAPES)[])),
        fc.array(fc.integer({ min: 0, max: 6_000 }), { minLength: 1, maxLength: 8 }),
        fc.integer(),
        fc.uniqueArray(fc.oneof(fc.constantFrom(0, 0.5, 0.9, 1), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 5 }),
        (shape, sizes, seed, probs) => {
          const r = random(seed);
          const parts = sizes.map((size) => Float64Array.from({ length: size }, () => SHAPES[shape](r)));
          const copies = parts.map((a) => a.slice());
          const union = new Float64Array(sizes.reduce((x, y) => x + y, 0));
          let at = 0;
          for (const a of parts) {
            union.set(a, at);
            at += a.length;
          }
          const sorted = union.slice().sort();
          const whole = union.every((v) => Number.isInteger(v));
          const hints = whole && union.length > 0 ? [undefined, { min: sorted[0] as number, max: sorted[union.length - 1] as number }] : [undefined];
          for (const integers of hints) {
            const got = quantilesOfParts(parts, probs, integers);
            // The parts are read where they are: neither changed nor reordered.
            parts.forEach((a, j) => expect(a).toEqual(copies[j]));
            const negative = union.some((v) => v < 0 || Object.is(v, -0));
            if (union.length < 2048 || negative) expect(got).toBeNull();
            if (got === null) continue;
            computed++;
            probs.forEach((p, j) => expect(Object.is(got[j], type7(sorted, p) as number)).toBe(true));
          }
        },
      ),
      { numRuns: 60 },
    );
    expect(computed).toBeGreaterThan(20);
  });
  it('the full histogram (2^16 buckets, from 2^18 values on): every shape', () => {
    for (const shape of Object.keys(SHAPES) as (keyof typeof SHAPES)[]) {
      const r = random(7);
      const values = Float64Array.from({ length: 1 << 18 }, () => SHAPES[shape](r));
      const sorted = values.slice().sort();
      const probs = [0, 0.5, 0.9, 0.999, 1];
      const got = quantilesUnchecked(values, probs);
      probs.forEach((p, j) => expect(Object.is(got[j], type7(sorted, p) as number)).toBe(true));
    }
  });
  it('zeros beside subnormal values (high word 0): the zeros stay out of the smallest positive bucket', () => {
    // 70,000 values: 1,000 zeros, 7,000 subnormal multiples of 5e-324 (their high word is 0, as a
    // zero's), the rest in [0, 1). Ranks 0–999 are zeros (the 0.1 % and 0.5 % quantiles), 1000–7999
    // subnormals (the 5 % quantile, rank 3,499.95).
    const r = random(16);
    const values = Float64Array.from({ length: 70_000 }, (_, i) => (i < 1000 ? 0 : i < 8000 ? 5e-324 * (1 + Math.floor(r() * 99)) : r()));
    const sorted = values.slice().sort();
    const probs = [0.001, 0.005, 0.05, 0.5];
    const got = quantilesUnchecked(values, probs);
    probs.forEach((p, j) => expect(got[j]).toBe(type7(sorted, p) as number));
    expect([got[0], got[1]]).toEqual([0, 0]);
    expect(got[2]).toBeGreaterThan(0);
    expect(got[2]).toBeLessThan(1e-320);
  });

  it('bucket orders (the cells of a grouping): the quantiles of each part, and of parts together, are those of a full sort', () => {
    // Whole, non-negative durations only (what a duration sample orders by bucket).
    const WHOLE = { exponential: SHAPES.exponential, ties: SHAPES.ties, zeros: SHAPES.zeros, crowded: SHAPES.crowded } as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...(Object.keys(WHOLE) as (keyof typeof WHOLE)[])),
        fc.array(fc.integer({ min: 0, max: 3_000 }), { minLength: 1, maxLength: 6 }),
        fc.integer(),
        fc.uniqueArray(fc.oneof(fc.constantFrom(0, 0.5, 0.9, 1), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 5 }),
        (shape, sizes, seed, probs) => {
          const r = random(seed);
          const parts = sizes.map((size) => Float64Array.from({ length: size }, () => WHOLE[shape](r)));
          const ordered = parts.map((a) => {
            let min = Infinity;
            let max = -Infinity;
            for (const v of a) {
              if (v < min) min = v;
              if (v > max) max = v;
            }
            const o = bucketOrder(a, a.length, a.length === 0 ? 0 : min, a.length === 0 ? 0 : max);
            expect(o).not.toBeNull();
            const b = o as NonNullable<typeof o>;
            // The same values, bucket by bucket: every value of bucket k below every value of bucket k + 1.
            expect(b.values.slice().sort()).toEqual(a.slice().sort());
            expect(b.order.offsets.length).toBe(a.length === 0 ? 2 : bucketCount(min, max) + 1);
            let below = -Infinity;
            for (let k = 0; k + 1 < b.order.offsets.length; k++) {
              const bucket = b.values.subarray(b.order.offsets[k], b.order.offsets[k + 1]);
              if (bucket.length === 0) continue;
              let low = Infinity;
              let high = -Infinity;
              for (const v of bucket) {
                if (v < low) low = v;
                if (v > high) high = v;
              }
              expect(low).toBeGreaterThan(below);
              below = high;
            }
            return b;
          });
          // Each part alone, and every run of consecutive parts taken together.
          for (let from = 0; from < ordered.length; from++) {
            for (let to = from + 1; to <= ordered.length; to++) {
              const chosen = ordered.slice(from, to);
              const union = Float64Array.from(parts.slice(from, to).flatMap((a) => [...a]));
              if (union.length === 0) continue;
              const sorted = union.sort();
              const got = quantilesOfBucketOrders(chosen, sorted.length, probs);
              probs.forEach((p, j) => expect(Object.is(got[j], type7(sorted, p) as number)).toBe(true));
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a bucket order is not made of a value with its sign bit set (−0) or out of the bounds given', () => {
    expect(bucketOrder(Float64Array.from([3, -0, 5]), 3, 0, 5)).toBeNull();
    expect(bucketOrder(Float64Array.from([3, 9, 5]), 3, 3, 5)).toBeNull();
    expect(bucketOrder(Float64Array.from([3, 4, 5]), 3, -1, 5)).toBeNull();
    // By hand: 0 is bucket 0; 1 (high word 0x3FF00000) is bucket 1; 2 and 3 share the bucket of
    // high words 0x40000000 to 0x4000FFFF (16 buckets an octave: 2 to 2.125), 3 is 0x40080000.
    const o = bucketOrder(Float64Array.from([3, 0, 2, 1]), 4, 0, 3);
    expect(o?.order.offsets.length).toBe(bucketCount(0, 3) + 1);
    expect([...(o?.values ?? [])]).toEqual([0, 1, 2, 3]);
  });
});
