import { describe, expect, it } from 'vitest';
import { KpiInputError } from '../../src/core/errors.js';
import { compareNps, compareProportions, nps } from '../../src/survey/index.js';

describe('compareProportions', () => {
  it('METRICS.md §7: 70/100 (baseline a) vs 80/100 (b) → z 1.633, p 0.1025', () => {
    // Pooled p̂ = 150/200 = 0.75; SE = √(0.75·0.25·(1/100 + 1/100)) = √0.00375 = 0.0612372;
    // z = 0.10 / 0.0612372 = 1.63299; p = 2·Φ(−1.63299) = 0.10247.
    const r = compareProportions({ a: { successes: 70, total: 100 }, b: { successes: 80, total: 100 } });
    expect(r.difference).toBe(0.1); // (80·100 − 70·100)/(100·100), exact
    expect(r.value).toBe(r.difference);
    expect(r.standardError).toBeCloseTo(0.0612372, 7);
    expect(r.z).toBeCloseTo(1.633, 3);
    expect(r.pValue).toBeCloseTo(0.1025, 4);
    expect(r.significant).toBe(false);
    expect(r.interval!.lower).toBeLessThan(0.1);
    expect(r.interval!.upper).toBeGreaterThan(0.1);
    expect(r.interval!.lower).toBeLessThan(0); // not significant: the interval spans 0
  });

  it('the sign follows b − a; a large sample is significant', () => {
    const r = compareProportions({ a: { successes: 800, total: 1000 }, b: { successes: 700, total: 1000 } });
    expect(r.difference).toBe(-0.1);
    expect(r.z!).toBeLessThan(0);
    expect(r.significant).toBe(true);
    expect(r.interval!.upper).toBeLessThan(0);
  });

  it('undefined statistics are null: empty sample, or no variation at all', () => {
    const empty = compareProportions({ a: { successes: 0, total: 0 }, b: { successes: 1, total: 2 } });
    expect(empty.value).toBeNull();
    expect(empty.z).toBeNull();
    expect(empty.pValue).toBeNull();
    expect(empty.interval).toBeNull();
    expect(empty.significant).toBe(false);
    const flat = compareProportions({ a: { successes: 5, total: 5 }, b: { successes: 9, total: 9 } });
    expect(flat.difference).toBe(0);
    expect(flat.z).toBeNull();
    expect(flat.significant).toBe(false);
  });

  it('invalid input → KpiInputError naming the side', () => {
    try {
      compareProportions({ a: { successes: 12, total: 10 }, b: { successes: -1, total: 10 } });
      expect.unreachable();
    } catch (e) {
      const err = e as KpiInputError;
      expect(err).toBeInstanceOf(KpiInputError);
      expect(err.issues.map((i) => i.path.join('.'))).toEqual(['a.successes', 'b.successes']);
      expect(err.message).toMatch(/^compareProportions: a.successes \(12\) cannot exceed a.total \(10\)/);
    }
    expect(() => compareProportions({ a: { successes: 1, total: 2 } } as never)).toThrow(/b is required/);
  });
});

describe('compareNps', () => {
  it('difference, standard error from both trinomial variances, z-test', () => {
    // a: NPS 10, var = (0.7 − 0.01)/100 = 0.0069 → SE 8.3066; b: NPS 30, SE 7.8102 (METRICS.md §7).
    // SE_diff = √(69 + 61) = √130 = 11.4018; z = 20 / 11.4018 = 1.75412; p = 2·Φ(−1.75412) = 0.07941.
    const r = compareNps({
      a: { promoters: 40, passives: 30, detractors: 30 },
      b: { promoters: 50, passives: 30, detractors: 20 },
    });
    expect(r.difference).toBe(20);
    expect(r.standardError).toBeCloseTo(Math.sqrt(130), 10);
    expect(r.z).toBeCloseTo(1.75412, 5);
    expect(r.pValue).toBeCloseTo(0.07941, 5);
    expect(r.significant).toBe(false);
    expect(r.a).toEqual(nps({ promoters: 40, passives: 30, detractors: 30 }));
    expect(r.interval!.lower).toBeCloseTo(20 - 1.959964 * Math.sqrt(130), 4);
  });

  it('takes responses too, and returns null statistics for an empty side', () => {
    const r = compareNps({ a: { responses: [10, 3] }, b: { promoters: 1, passives: 0, detractors: 1 } });
    expect(r.difference).toBe(0);
    const empty = compareNps({ a: { responses: [] }, b: { responses: [10] } });
    expect(empty.value).toBeNull();
    expect(empty.significant).toBe(false);
    const noVariance = compareNps({ a: { responses: [10] }, b: { responses: [10, 9] } });
    expect(noVariance.standardError).toBe(0);
    expect(noVariance.z).toBeNull();
  });

  it('invalid input → KpiInputError with the side in the path', () => {
    try {
      compareNps({ a: { responses: [11] }, b: { responses: [] } });
      expect.unreachable();
    } catch (e) {
      expect((e as KpiInputError).path).toEqual(['a', 'responses', 0]);
    }
    try {
      compareNps({ a: { promoters: 1, passives: 1, detractors: 1 }, b: { promoters: -1, passives: 0, detractors: 0 } });
      expect.unreachable();
    } catch (e) {
      expect((e as KpiInputError).path).toEqual(['b', 'promoters']);
    }
  });
});
