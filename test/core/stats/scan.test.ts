import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanInvalid } from '../../../src/core/stats/scan.js';
import { nps, npsAccumulator, sentimentScore } from '../../../src/survey/index.js';
import { quantile, quantiles } from '../../../src/core/stats/quantile.js';
import { thrown } from '../../helpers.js';

const isDigit = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 9;

/** The reference: read every index, a hole as undefined. */
function naive(values: ArrayLike<unknown>, from: number, isValid: (v: unknown) => boolean, limit: number): { reported: [number, unknown][]; count: number } {
  const reported: [number, unknown][] = [];
  let count = 0;
  for (let i = from; i < values.length; i++) {
    if (isValid(values[i])) continue;
    if (count < limit) reported.push([i, values[i]]);
    count++;
  }
  return { reported, count };
}

function scan(values: ArrayLike<unknown>, from: number, isValid: (v: unknown) => boolean, limit: number): { reported: [number, unknown][]; count: number } {
  const reported: [number, unknown][] = [];
  const count = scanInvalid(values, from, isValid, (i, v) => reported.push([i, v]), limit);
  return { reported, count };
}

describe('scanInvalid', () => {
  it('hand cases: holes are undefined, reported in index order, counted past the limit', () => {
    // eslint-disable-next-line no-sparse-arrays
    const sparse = [1, , 'x', , 5, 12] as unknown[];
    expect(scan(sparse, 0, isDigit, 100)).toEqual({
      reported: [
        [1, undefined],
        [2, 'x'],
        [3, undefined],
        [5, 12],
      ],
      count: 4,
    });
    expect(scan(sparse, 0, isDigit, 2)).toEqual({
      reported: [
        [1, undefined],
        [2, 'x'],
      ],
      count: 4,
    });
    expect(scan(sparse, 3, isDigit, 100).count).toBe(2);
    // Holes that the test accepts are not problems.
    expect(scan(sparse, 0, (v) => v === undefined || isDigit(v), 100).reported).toEqual([
      [2, 'x'],
      [5, 12],
    ]);
  });

  it('a huge sparse array costs what its elements present cost', () => {
    const huge = new Array<unknown>(4e9); // no element present
    huge[3e9] = 7;
    huge[3e9 + 1] = 'bad';
    const t = performance.now();
    const r = scan(huge, 0, isDigit, 3);
    expect(performance.now() - t).toBeLessThan(1000);
    expect(r.count).toBe(4e9 - 1); // every hole and 'bad'; 7 is valid
    expect(r.reported).toEqual([
      [0, undefined],
      [1, undefined],
      [2, undefined],
    ]);
    expect(scan(huge, 3e9, isDigit, 5).reported).toEqual([
      [3e9 + 1, 'bad'],
      [3e9 + 2, undefined],
      [3e9 + 3, undefined],
      [3e9 + 4, undefined],
      [3e9 + 5, undefined],
    ]);
  });

  it('property: the same reports and count as reading every index, for sparse arrays with extra keys', () => {
    const element = fc.oneof(fc.integer({ min: -2, max: 12 }), fc.constantFrom('x', null, undefined, 2.5));
    const arrays = fc.sparseArray(element, { maxLength: 60 }).map((a) => {
      const b = a as unknown[] & { extra?: string };
      b.extra = 'not an index';
      return b;
    });
    fc.assert(
      fc.property(arrays, fc.nat(70), fc.integer({ min: 0, max: 10 }), (a, from, limit) => {
        expect(scan(a, from, isDigit, limit)).toEqual(naive(a, from, isDigit, limit));
      }),
      { numRuns: 500 },
    );
  });
});

describe('sparse inputs are refused at once, holes named by index', () => {
  it('nps, the accumulator, sentimentScore, quantile, quantiles', () => {
    const sparse = new Array<number>(50_000_000);
    sparse[10] = 9;
    const t = performance.now();
    const e = thrown(() => nps({ responses: sparse }));
    expect(e.path).toEqual(['responses', 0]);
    expect(e.issues).toHaveLength(100);
    // 50,000,000 − 1 valid = 49,999,999 problems: the first in the message, 49,999,998 more.
    expect(e.message).toMatch(/and 49999998 more problems/);
    expect(thrown(() => npsAccumulator.create().addAll(sparse, 7)).path).toEqual(['responses', 7]);
    expect(thrown(() => sentimentScore({ labels: new Array(50_000_000) })).path).toEqual(['labels', 0]);
    expect(thrown(() => quantile(sparse, 0.5)).path).toEqual(['values', 0]);
    expect(thrown(() => quantiles([1], new Array(50_000_000))).path).toEqual(['probs', 0]);
    expect(performance.now() - t).toBeLessThan(5000);
  });
});
