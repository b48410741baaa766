import { describe, expect, it } from 'vitest';
import { thrown } from '../../helpers.js';
import { MAX_ISSUES } from '../../../src/core/errors.js';
import { quantile, quantiles, quantilesUnchecked, readPercentileList } from '../../../src/core/stats/quantile.js';
import { averageHandleTime, backlog, firstResponseTime } from '../../../src/support/index.js';
import { KpiInputError } from '../../../src/core/errors.js';

/** Reference: full sort, then R type 7 (Hyndman & Fan 1996, definition 7). */
function sortedType7(values: ArrayLike<number>, p: number): number {
  const s = Array.from(values).sort((x, y) => x - y);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, s.length - 1);
  return (s[lo] as number) + (h - lo) * ((s[hi] as number) - (s[lo] as number));
}

describe('quantile: goldens (R type 7 = R quantile() default = numpy default = Excel PERCENTILE.INC)', () => {
  it('[1, 2, 3, 4] at 0.9 → 3.7', () => {
    // h = (n − 1)·p = 3 × 0.9 = 2.7, lo = 2 → x₍2₎ + 0.7·(x₍3₎ − x₍2₎) = 3 + 0.7 × 1 = 3.7.
    // R: quantile(1:4, 0.9) = 3.7; numpy.quantile([1, 2, 3, 4], 0.9) = 3.7.
    expect(quantile([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 14);
    expect(quantile([4, 1, 3, 2], 0.9)).toBeCloseTo(3.7, 14);
  });

  it('R: quantile(1:10) → 1.00, 3.25, 5.50, 7.75, 10.00', () => {
    // h = 9p: p = 0.25 → 2.25 → 3 + 0.25 = 3.25; p = 0.5 → 4.5 → 5.5; p = 0.75 → 6.75 → 7.75.
    const ten = [7, 3, 10, 1, 9, 2, 8, 5, 4, 6];
    expect(quantiles(ten, [0, 0.25, 0.5, 0.75, 1])).toEqual([1, 3.25, 5.5, 7.75, 10]);
  });

  it('Excel PERCENTILE.INC({1, 2, 3, 4}, 0.3) = 1.9', () => {
    // h = 3 × 0.3 = 0.9 → 1 + 0.9 × (2 − 1) = 1.9.
    expect(quantile([1, 2, 3, 4], 0.3)).toBeCloseTo(1.9, 14);
  });

  it('TSDoc examples: median of [15, 3, 9] is 9; p90 of [12, 3, 7, 30, 5] is 22.8', () => {
    // Sorted 3, 5, 7, 12, 30: h = 4 × 0.9 = 3.6 → 12 + 0.6 × (30 − 12) = 22.8; median h = 2 → 7.
    expect(quantile([15, 3, 9], 0.5)).toBe(9);
    const [median, p90] = quantiles([12, 3, 7, 30, 5], [0.5, 0.9]);
    expect(median).toBe(7);
    expect(p90).toBeCloseTo(22.8, 12);
  });

  it('even count: the median averages the middle two (h = 1.5 → 2 + 0.5 × (10 − 2) = 6)', () => {
    expect(quantile([10, 1, 2, 100], 0.5)).toBe(6);
  });

  it('p = 0 is the minimum and p = 1 the maximum, exactly', () => {
    const v = [0.3, -7.25, 12.5, 4, 4, -7.25];
    expect(quantile(v, 0)).toBe(-7.25);
    expect(quantile(v, 1)).toBe(12.5);
  });

  it('one value: every quantile is that value', () => {
    expect(quantiles([42], [0, 0.37, 1])).toEqual([42, 42, 42]);
  });

  it('empty data → null, not NaN', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantiles([], [0.1, 0.9])).toEqual([null, null]);
    expect(quantiles(new Float64Array(0), [])).toEqual([]);
  });

  it('values near ±1.8e308 do not overflow: median of [−1.7e308, 1.7e308] is 0', () => {
    // x₍1₎ − x₍0₎ = 3.4e308 overflows; the weighted form (1 − 0.5)·(−1.7e308) + 0.5·1.7e308 = 0.
    expect(quantile([1.7e308, -1.7e308], 0.5)).toBe(0);
    expect(quantile([1.7e308, -1.7e308], 0.75)).toBeCloseTo(0.85e308, -294);
  });

  it('keeps the order of probs, with duplicates and unsorted probabilities', () => {
    // Sorted 10, 20, 30, 40, 50: p = 0.9 → h = 3.6 → 46; 0.1 → 0.4 → 14; 0.5 → 30.
    expect(quantiles([50, 10, 40, 20, 30], [0.9, 0.1, 0.5, 0.9, 0])).toEqual([46, 14, 30, 46, 10]);
  });

  it('accepts typed arrays and does not modify them', () => {
    const f64 = new Float64Array([5, 1, 4, 2, 3]);
    const i32 = new Int32Array([5, 1, 4, 2, 3]);
    const f32 = new Float32Array([5, 1, 4, 2, 3]);
    for (const v of [f64, i32, f32]) {
      expect(quantile(v, 0.5)).toBe(3);
      expect(quantiles(v, [0.25, 0.75])).toEqual([2, 4]);
      expect(Array.from(v)).toEqual([5, 1, 4, 2, 3]);
    }
  });

  it('does not modify an input array', () => {
    const v = [3, 1, 2, 5, 4];
    const copy = [...v];
    quantiles(v, [0.1, 0.5, 0.9]);
    quantile(v, 0.5);
    expect(v).toEqual(copy);
  });
});

describe('selection on larger inputs (patterns that defeat naive pivots)', () => {
  const n = 20_001;
  const probs = [0, 0.001, 0.1, 0.25, 0.5, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];
  const patterns: Record<string, (i: number) => number> = {
    ascending: (i) => i,
    descending: (i) => n - i,
    constant: () => 7,
    'two values': (i) => i % 2,
    'few values': (i) => (i * 7) % 5,
    'organ pipe': (i) => (i < n / 2 ? i : n - i),
    sawtooth: (i) => i % 100,
    'pseudo-random': (i) => ((i * 2654435761) % 4294967296) / 4294967296 - 0.5,
  };
  for (const [name, f] of Object.entries(patterns)) {
    it(`${name}: agrees with a full sort`, () => {
      const v = Float64Array.from({ length: n }, (_, i) => f(i));
      const got = quantiles(v, probs);
      probs.forEach((p, j) => expect(got[j], `p = ${p}`).toBeCloseTo(sortedType7(v, p), 12));
    });
  }

  it('a median-of-3 killer sequence (McIlroy-style adversary) still gives exact results', () => {
    // For n = 256 and 512: evens 0, 2, …, n/2 − 2 interleaved with n/2, …, 3n/4 − 2, then the odd
    // numbers below n/2, then 3n/4 − 1 … n − 1. Built with McIlroy's "killer adversary"
    // (Software: Practice and Experience 29(4), 1999) against the median-of-3 pivot used on small
    // ranges; it makes each partition split off only two elements, so the guard that falls back to
    // sorting the range (O(n log n)) is what finishes the selection. The result must still be exact.
    for (const size of [256, 512]) {
      const h = size / 2;
      const v: number[] = [];
      for (let j = 0; j < h / 2; j++) {
        v.push(2 * j);
        if (j < h / 2 - 1) v.push(h + j);
      }
      for (let j = 0; j < h / 2; j++) v.push(2 * j + 1);
      for (let x = h + h / 2 - 1; x < size; x++) v.push(x);
      expect(v.length).toBe(size);
      // It is a permutation of 0 … size − 1, so the median is (size − 1)/2 and p90 = 0.9·(size − 1).
      expect(quantile(v, 0.5)).toBe((size - 1) / 2);
      expect(quantile(v, 0.9)).toBeCloseTo(0.9 * (size - 1), 9);
    }
  });

  it('many probabilities (all percentiles) agree with a full sort', () => {
    const v = Float64Array.from({ length: 5000 }, (_, i) => ((i * 48271) % 2147483647) % 1000);
    const ps = Array.from({ length: 101 }, (_, i) => i / 100);
    const got = quantiles(v, ps);
    ps.forEach((p, j) => expect(got[j], `p = ${p}`).toBeCloseTo(sortedType7(v, p), 9));
  });
});

describe('quantilesUnchecked', () => {
  it('copies by default, reorders the Float64Array itself with inPlace', () => {
    const v = new Float64Array([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(quantilesUnchecked(v, [0.5])).toEqual([5]);
    expect(Array.from(v)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    // h = 8 × 0.25 = 2 → 3; h = 8 × 0.75 = 6 → 7.
    expect(quantilesUnchecked(v, [0.25, 0.75], { inPlace: true })).toEqual([3, 7]);
    expect(Array.from(v).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(v)).not.toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it('inPlace on something other than a Float64Array copies instead', () => {
    const v = [3, 2, 1];
    expect(quantilesUnchecked(v, [0.5], { inPlace: true })).toEqual([2]);
    expect(v).toEqual([3, 2, 1]);
  });

  it('empty data → nulls; NaN probability → NaN; out-of-range probabilities clamp', () => {
    expect(quantilesUnchecked([], [0.5, 0.9])).toEqual([null, null]);
    const r = quantilesUnchecked([1, 2, 3], [Number.NaN, -1, 2]);
    expect(r[0]).toBeNaN();
    expect(r.slice(1)).toEqual([1, 3]);
  });
});

describe('validation', () => {
  it('a non-finite value is reported with its index', () => {
    const e = thrown(() => quantile([1, Number.NaN, 3, Infinity], 0.5));
    expect(e.fn).toBe('quantile');
    expect(e.code).toBe('not_finite');
    expect(e.path).toEqual(['values', 1]);
    expect(e.message).toBe('quantile: values[1] must be a finite number, got NaN (and 1 more problem: see .issues)');
    expect(e.issues.map((i) => i.path)).toEqual([
      ['values', 1],
      ['values', 3],
    ]);
  });

  it('a non-number element is invalid_type; a hole counts as undefined', () => {
    const e = thrown(() => quantiles([1, '2', 3] as unknown as number[], [0.5]));
    expect(e.fn).toBe('quantiles');
    expect(e.code).toBe('invalid_type');
    expect(e.path).toEqual(['values', 1]);
    // eslint-disable-next-line no-sparse-arrays
    expect(thrown(() => quantile([1, , 3] as number[], 0.5)).path).toEqual(['values', 1]);
  });

  it('NaN in a Float64Array is reported too', () => {
    const e = thrown(() => quantile(new Float64Array([1, 2, Number.NaN]), 0.5));
    expect(e.path).toEqual(['values', 2]);
  });

  it('values must be an array or typed array', () => {
    for (const v of [null, undefined, 'abc', 5, { length: 2 }, new BigInt64Array(2)]) {
      const e = thrown(() => quantile(v as unknown as number[], 0.5));
      expect(e.code).toBe('invalid_type');
      expect(e.path).toEqual(['values']);
    }
  });

  it('p must be a number in [0, 1]', () => {
    for (const p of [-0.1, 1.5, Number.NaN, Infinity]) {
      const e = thrown(() => quantile([1, 2], p));
      expect(e.path).toEqual(['p']);
    }
    expect(thrown(() => quantile([1, 2], 1.5)).message).toBe('quantile: p must be a number from 0 to 1, got 1.5');
    expect(thrown(() => quantile([1, 2], '0.5' as unknown as number)).code).toBe('invalid_type');
  });

  it('probs must be an array of numbers in [0, 1], each reported with its index', () => {
    const e = thrown(() => quantiles([1, 2], [0.5, 2, -1]));
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([
      ['out_of_range', ['probs', 1]],
      ['out_of_range', ['probs', 2]],
    ]);
    expect(thrown(() => quantiles([1, 2], 0.5 as unknown as number[])).path).toEqual(['probs']);
  });

  it('values and probability problems are thrown together', () => {
    const e = thrown(() => quantiles([Number.NaN], [7]));
    expect(e.issues.map((i) => i.path)).toEqual([
      ['values', 0],
      ['probs', 0],
    ]);
  });

  it('a column full of bad values lists at most MAX_ISSUES, and counts them all', () => {
    const v = new Float64Array(MAX_ISSUES + 50).fill(Number.NaN);
    const e = thrown(() => quantile(v, 0.5));
    expect(e.issues.length).toBe(MAX_ISSUES);
    expect(e.issueCount).toBe(MAX_ISSUES + 50);
  });
});

describe('numpy conventions: quantile in [0, 1], percentiles in 0–100 (keys p90)', () => {
  it('numpy docs: for a = [[10, 7, 4], [3, 2, 1]], numpy.quantile(a, 0.5) = numpy.percentile(a, 50) = 3.5', () => {
    // numpy.quantile and numpy.percentile reference pages, flattened examples; default method
    // 'linear' = Hyndman & Fan type 7: sorted 1, 2, 3, 4, 7, 10, h = 5 × 0.5 = 2.5 → 3 + 0.5 × 1 = 3.5.
    const a = [10, 7, 4, 3, 2, 1];
    expect(quantile(a, 0.5)).toBe(3.5);
    const aht = averageHandleTime({ durations: a }, { percentiles: [50] });
    expect(aht.percentiles).toEqual({ p50: 3.5 });
  });

  it('the p-th percentile is the (p/100)-quantile: numpy.percentile([12, 3, 7, 30, 5], 90) = 22.8', () => {
    // Sorted 3, 5, 7, 12, 30; h = 4 × 0.9 = 3.6 → 12 + 0.6 × 18 = 22.8 (numpy gives 22.8 too).
    const values = [12, 3, 7, 30, 5];
    const r = averageHandleTime({ durations: values }, { percentiles: [90, 25] });
    expect(r.percentiles.p90).toBe(quantile(values, 0.9));
    expect(r.percentiles.p90).toBeCloseTo(22.8, 12);
    expect(r.percentiles.p25).toBe(5); // h = 4 × 0.25 = 1 → x₍1₎ = 5
  });
});

describe('readPercentileList: the one check of every percentiles option', () => {
  const path = ['options', 'percentiles'] as const;

  it('keeps the order, drops duplicates, freezes', () => {
    const list = readPercentileList('f', [95, 50, 95, 99.9], path);
    expect(list).toEqual([95, 50, 99.9]);
    expect(Object.isFrozen(list)).toBe(true);
  });

  it('refuses holes: a sparse array never reads as a shorter list', () => {
    // eslint-disable-next-line no-sparse-arrays
    const sparse = [90, , 95];
    const e = thrown(() => readPercentileList('f', sparse, path));
    expect([e.code, e.path]).toEqual(['missing', ['options', 'percentiles', 1]]);
    expect(e.message).toMatch(/options\.percentiles\[1\] is required .*hole/);
    expect(thrown(() => readPercentileList('f', new Array(3), path)).issues).toHaveLength(3);
  });

  it('lists every bad entry: out of range (0 and 100 too), not a number', () => {
    const e = thrown(() => readPercentileList('f', [0, 50, 100, '90', Number.NaN, -0], path));
    expect(e.issues.map((i) => [i.code, i.path[2]])).toEqual([
      ['out_of_range', 0],
      ['out_of_range', 2],
      ['invalid_type', 3],
      ['out_of_range', 4],
      ['out_of_range', 5],
    ]);
  });

  it('must be an array of at most MAX_ISSUES entries', () => {
    expect(thrown(() => readPercentileList('f', 90, path)).code).toBe('invalid_type');
    expect(thrown(() => readPercentileList('f', new Float64Array([90]), path)).code).toBe('invalid_type');
    expect(thrown(() => readPercentileList('f', new Array(MAX_ISSUES + 1).fill(50), path)).code).toBe('invalid_type');
    expect(readPercentileList('f', new Array(MAX_ISSUES).fill(50), path)).toEqual([50]);
  });

  it('every metric with a percentiles option refuses a sparse list with KpiInputError', () => {
    // eslint-disable-next-line no-sparse-arrays
    const sparse = [90, , 95] as number[];
    const calls: (() => unknown)[] = [
      () => averageHandleTime({ durations: [1, 2] }, { percentiles: sparse }),
      () => firstResponseTime({ tickets: [] }, { percentiles: sparse }),
      () => backlog({ tickets: [] }, { asOf: 0, percentiles: sparse }),
    ];
    for (const call of calls) {
      const e = thrown(call);
      expect(e).toBeInstanceOf(KpiInputError);
      expect(e.path).toEqual(['options', 'percentiles', 1]);
    }
  });
});
