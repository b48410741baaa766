/**
 * InvalidRecords.sortedIndices: every reported index, ascending, whatever the order they were
 * reported and merged in — parts whose indices interleave (a grouping's total), repeated indices
 * (merged accumulators that both counted a record), fractions, negative and far-apart indices.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidRecords } from '../../src/core/accumulator.js';

const SPEC = [{ code: 'missing', path: ['tickets', 0, 'createdAt'], input: null }] as const;

function listOf(indices: readonly number[]): InvalidRecords {
  const list = new InvalidRecords();
  for (const i of indices) list.report(i, SPEC);
  return list;
}

const ascending = (a: readonly number[]): number[] => [...a].sort((x, y) => x - y);

describe('InvalidRecords.sortedIndices', () => {
  it('is every index ascending, for indices in any order, dense or sparse, repeated or not', () => {
    const index = fc.oneof(
      fc.integer({ min: 0, max: 200 }),
      fc.integer({ min: -50, max: 50 }),
      fc.integer({ min: 0, max: 2 ** 40 }),
      fc.double({ min: 0, max: 100, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(index, { maxLength: 300 }), (indices) => {
        expect(listOf(indices).sortedIndices()).toEqual(ascending(indices));
      }),
    );
  });

  it('is the union of merged parts ascending (each part ascending, the parts interleaved)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 5000 }), { maxLength: 200 }), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        (parts, again) => {
          const total = new InvalidRecords();
          for (const part of parts) total.merge(listOf(ascending(part)));
          // Merging a part a second time repeats its indices: each is then listed twice.
          if (again) total.merge(listOf(ascending(parts[0] as number[])));
          const all = [...parts.flat(), ...(again ? (parts[0] as number[]) : [])];
          expect(total.sortedIndices()).toEqual(ascending(all));
          expect(total.count).toBe(all.length);
        },
      ),
    );
  });

  it('reads dense indices by hand: 3, 40, 7, 33, 1 → 1, 3, 7, 33, 40; with a repeated 7 → 1, 3, 7, 7, 33, 40', () => {
    expect(listOf([3, 40, 7, 33, 1]).sortedIndices()).toEqual([1, 3, 7, 33, 40]);
    expect(listOf([3, 40, 7, 33, 1, 7]).sortedIndices()).toEqual([1, 3, 7, 7, 33, 40]);
    expect(listOf([32, 31, 0, 63, 64]).sortedIndices()).toEqual([0, 31, 32, 63, 64]);
    // 2^31 − 1 is the last index sorted as a 32-bit integer; with 2^31 they are sorted as doubles.
    expect(listOf([2 ** 31 - 1, 5, 0]).sortedIndices()).toEqual([0, 5, 2 ** 31 - 1]);
    expect(listOf([2 ** 31, 2 ** 31 - 1, 5]).sortedIndices()).toEqual([5, 2 ** 31 - 1, 2 ** 31]);
  });
});
