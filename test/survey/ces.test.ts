import { describe, expect, it } from 'vitest';
import { KpiInputError } from '../../src/core/errors.js';
import { ces, cesAccumulator } from '../../src/survey/index.js';

describe('ces', () => {
  it('METRICS.md §7: answers [7, 6, 5, 2, 1] → mean 4.2, easy share 0.6', () => {
    // (7 + 6 + 5 + 2 + 1)/5 = 21/5 = 4.2; easy = 5–7 on the 1–7 scale → 3 of 5.
    const r = ces({ responses: [7, 6, 5, 2, 1] });
    expect(r.value).toBeCloseTo(4.2, 14);
    expect(r.mean).toBe(r.value);
    expect(r.easy).toBe(3);
    expect(r.easyShare).toBe(0.6);
    expect(r.easyScores).toEqual([5, 6, 7]);
    expect(r.scale).toBe('1-7');
    expect(r.direction).toBe('higher-is-easier');
  });

  it('1–5 scale: easy = 4–5; higher-is-harder (seed 000 "very easy … very difficult"): easy = 1–2', () => {
    expect(ces({ responses: [5, 4, 3, 1] }, { scale: '1-5' }).easyScores).toEqual([4, 5]);
    const hard = ces({ responses: [1, 2, 5] }, { scale: '1-5', direction: 'higher-is-harder' });
    expect(hard.easyScores).toEqual([1, 2]);
    expect(hard.easyShare).toBeCloseTo(2 / 3, 15);
    expect(hard.value).toBeCloseTo(8 / 3, 14);
    expect(ces({ responses: [6, 7] }, { easy: [7] }).easyShare).toBe(0.5);
  });

  it('counts form ≡ responses form; empty → null', () => {
    expect(ces({ counts: { 7: 1, 6: 1, 5: 1, 2: 1, 1: 1 } })).toEqual(ces({ responses: [7, 6, 5, 2, 1] }));
    const empty = ces({ responses: [] });
    expect(empty.value).toBeNull();
    expect(empty.easyShare).toBeNull();
    expect(empty.easyShareInterval).toBeNull();
  });

  it('invalid input → KpiInputError', () => {
    expect(() => ces({ responses: [8] })).toThrow('ces: responses[0] must be an integer from 1 to 7 (scale 1-7), got 8');
    expect(() => ces({ responses: [1] }, { direction: 'up' as never })).toThrow(KpiInputError);
    expect(() => ces({ responses: [1] }, { scale: 'binary' as never })).toThrow(KpiInputError);
  });

  it('accumulator: merge equals one pass', () => {
    const acc = cesAccumulator.create().addAll([7, 6]).add(5);
    expect(acc.result()).toEqual(ces({ responses: [7, 6, 5] }));
    expect(acc.result().value).toBe(6);
  });
});
