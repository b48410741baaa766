/**
 * DurationSample: its median and percentiles (R type 7) equal those read off a sorted copy — from
 * selection, from a histogram, or from its bucket order (a sample of 512 to 2^17 whole,
 * non-negative durations, ordered once and kept while nothing is added) — and so do those of
 * several samples taken together (`summaryOfParts`: a grouping's total from its cells' buckets,
 * which orders parts above 2^17 durations too).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DurationSample } from '../../src/support/durations.js';
import { seededRandom } from '../../scripts/random.mjs';
import { type7 } from '../core/stats/type7.js';

const SHAPES = {
  exponential: (r: () => number) => Math.floor(-Math.log(1 - r()) * 3_600_000),
  ties: (r: () => number) => [0, 60_000, 3_600_000][Math.floor(r() * 3)] as number,
  spread: (r: () => number) => Math.floor(Math.exp(r() * 40)),
  fractions: (r: () => number) => r() * 1000,
} as const;

function sampleOf(values: readonly number[]): DurationSample {
  const s = new DurationSample();
  for (const v of values) s.push(v);
  return s;
}

function expectFigures(
  summary: { median: number | null; percentiles: Readonly<Record<string, number | null>>; n: number },
  values: readonly number[],
  percentiles: readonly number[],
): void {
  const sorted = [...values].sort((a, b) => a - b);
  expect(summary.n).toBe(values.length);
  expect(summary.median).toBe(type7(sorted, 0.5));
  for (const p of percentiles) expect(summary.percentiles[`p${p}`]).toBe(type7(sorted, p / 100));
}

const PERCENTILES = [10, 90, 99.9];

describe('DurationSample quantiles ≡ a full sort', () => {
  it('one sample, summarised, then grown and summarised again', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...(Object.keys(SHAPES) as (keyof typeof SHAPES)[])),
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 700 }),
        fc.integer(),
        (shape, n, more, seed) => {
          const r = seededRandom(seed);
          const values = Array.from({ length: n }, () => SHAPES[shape](r));
          const s = sampleOf(values);
          expectFigures(s.summary(PERCENTILES), values, PERCENTILES);
          // Asked again: the same (a bucket order kept), and after more durations (a new order).
          expectFigures(s.summary(PERCENTILES), values, PERCENTILES);
          const added = Array.from({ length: more }, () => SHAPES[shape](r));
          for (const v of added) s.push(v);
          expectFigures(s.summary(PERCENTILES), [...values, ...added], PERCENTILES);
          // Merged into another sample: its durations, whatever their order in this one.
          const copy = new DurationSample();
          copy.merge(s);
          expectFigures(copy.summary(PERCENTILES), [...values, ...added], PERCENTILES);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('samples taken together (summaryOfParts), summarised alone first or not', () => {
    let fromBuckets = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...(Object.keys(SHAPES) as (keyof typeof SHAPES)[])),
        fc.array(fc.integer({ min: 0, max: 3_000 }), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        fc.integer(),
        (shape, sizes, alone, seed) => {
          const r = seededRandom(seed);
          const parts = sizes.map((size) => Array.from({ length: size }, () => SHAPES[shape](r)));
          const samples = parts.map(sampleOf);
          // A grouping's cells are summarised before its totals: their bucket orders are then made.
          if (alone) samples.forEach((s, j) => expectFigures(s.summary(PERCENTILES), parts[j] as number[], PERCENTILES));
          const together = DurationSample.summaryOfParts(samples, PERCENTILES);
          const union = parts.flat();
          const whole = union.every((v) => Number.isInteger(v));
          // Fractions: the caller merges (and may when the histogram is too coarse for ties). Parts
          // summarised alone, each of 512 durations or more within a few hundred buckets (an hour's
          // durations, or three values): from their buckets, never null.
          const bucketed = alone && (shape === 'exponential' || shape === 'ties') && sizes.every((size) => size === 0 || size >= 512);
          if (!whole) expect(together).toBeNull();
          if (bucketed && union.length > 0) expect(together).not.toBeNull();
          if (together === null) return;
          if (bucketed) fromBuckets++;
          expectFigures(together, union, PERCENTILES);
          expect(together.total).toBe(union.reduce((a, b) => a + b, 0));
          // The parts still hold their durations.
          samples.forEach((s, j) => expectFigures(s.summary(PERCENTILES), parts[j] as number[], PERCENTILES));
        },
      ),
      { numRuns: 80 },
    );
    expect(fromBuckets).toBeGreaterThan(5);
  });

  it('parts above 2^17 durations (summarised alone by a histogram) are ordered for their totals: the same figures', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<keyof typeof SHAPES>('exponential', 'ties', 'spread'),
        fc.array(fc.constantFrom(0, 600, 2 ** 17 + 1), { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        fc.boolean(),
        fc.integer(),
        (shape, sizes, alone, asPart, seed) => {
          const r = seededRandom(seed);
          const parts = sizes.map((size) => Array.from({ length: size }, () => SHAPES[shape](r)));
          const samples = parts.map(sampleOf);
          // Summarised alone first: as a grouping's group (ordered at once) or as a sample alone.
          if (alone) samples.forEach((s, j) => expectFigures(s.summary(PERCENTILES, asPart), parts[j] as number[], PERCENTILES));
          const union = parts.flat();
          // Two totals over the same parts (a period's and the grand total read the same cells).
          for (const together of [DurationSample.summaryOfParts(samples, PERCENTILES), DurationSample.summaryOfParts(samples, PERCENTILES)]) {
            if (together === null) continue;
            expectFigures(together, union, PERCENTILES);
          }
          // The parts still hold their durations (in bucket order now) and still summarise alone.
          samples.forEach((s, j) => {
            expect(Float64Array.from(s.toArray()).sort()).toEqual(Float64Array.from(parts[j] as number[]).sort());
            expectFigures(s.summary(PERCENTILES), parts[j] as number[], PERCENTILES);
          });
        },
      ),
      { numRuns: 6 },
    );
  });
});
