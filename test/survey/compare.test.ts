import { describe, expect, it } from 'vitest';
import { KpiInputError } from '../../src/core/errors.js';
import { compareNps, compareProportions, csat, esat, nps } from '../../src/survey/index.js';
import { proportionInterval } from '../../src/core/stats/proportion.js';
import { thrown } from '../helpers.js';

describe('compareProportions', () => {
  it('docs/metrics.md#compareproportions worked example: 70/100 (baseline a) vs 80/100 (b) → z 1.633, p 0.1025', () => {
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

  it('Newcombe (1998) Table II example (a), from csat results: 56/70 vs 48/80 → method 10 interval 0.0524 to 0.3339', () => {
    // Newcombe, Statistics in Medicine 17 (1998) 873–890, Table II, method 10 (hybrid score), for
    // 56/70 − 48/80 = 0.2: 0.0524 to 0.3339 (the hand calculation is in test/core/stats/proportion.test.ts).
    // Here the baseline a = 48/80 and b = 56/70, so b − a = +0.2 is the paper's difference.
    // Pooled z by hand: p̂ = 104/150 = 0.693333, SE = √(0.693333·0.306667·(1/80 + 1/70))
    //   = √(0.212622·0.0267857) = 0.0754668, z = 0.2/0.0754668 = 2.65017, p = 2·Φ(−2.65017) = 0.008045.
    const a = csat({ satisfied: 48, total: 80 });
    const b = csat({ satisfied: 56, total: 70 });
    const r = compareProportions({ a, b });
    expect(r.difference).toBeCloseTo(0.2, 15);
    expect(r.interval!.lower).toBeCloseTo(0.0524, 4);
    expect(r.interval!.upper).toBeCloseTo(0.3339, 4);
    expect(r.standardError).toBeCloseTo(0.0754668, 7);
    expect(r.z).toBeCloseTo(2.65017, 5);
    expect(r.pValue).toBeCloseTo(0.008045, 6);
    expect(r.significant).toBe(true);
    expect(r.a).toEqual({ successes: 48, total: 80 });
    expect(r.b).toEqual({ successes: 56, total: 70 });
    // The same counts in every accepted form give the same result.
    const counts = compareProportions({ a: { successes: 48, total: 80 }, b: { successes: 56, total: 70 } });
    expect(r).toEqual(counts);
    expect(compareProportions({ a: { satisfied: 48, total: 80 }, b: { satisfied: 56, n: 70 } })).toEqual(counts);
    expect(compareProportions({ a: proportionInterval({ successes: 48, total: 80 }), b })).toEqual(counts);
  });

  it('takes csat and esat results as they are, from responses too (satisfied of n)', () => {
    // March: 5, 4 satisfied of 5, 4, 2, 1 → 2 of 4; April: 5, 5, 4 of 5, 5, 4, 3 → 3 of 4; b − a = 0.25.
    const march = csat({ responses: [5, 4, 2, 1] });
    const april = csat({ responses: [5, 5, 4, 3] });
    const r = compareProportions({ a: march, b: april });
    expect(r.difference).toBe(0.25);
    expect(r.a).toEqual({ successes: 2, total: 4 });
    expect(r.b).toEqual({ successes: 3, total: 4 });
    expect(compareProportions({ a: esat({ responses: [5, 1] }), b: esat({ responses: [5, 5] }) }).difference).toBe(0.5);
    const empty = compareProportions({ a: csat({ responses: [] }), b: april });
    expect(empty.value).toBeNull();
    expect(empty.reason).toBe('a has no trials (total 0): the difference is undefined');
  });

  it("sign convention: b − a, which is statsmodels' prop1 − prop2 with b as sample 1", () => {
    // statsmodels.stats.proportion.confint_proportions_2indep(56, 70, 48, 80, method='newcomb') is the
    // interval of prop1 − prop2 = 56/70 − 48/80 (Newcombe's example above); kpi-kit gives it for
    // compareProportions({ a: 48/80, b: 56/70 }). Swapping a and b negates the difference and z and
    // mirrors the interval.
    const forward = compareProportions({ a: { successes: 48, total: 80 }, b: { successes: 56, total: 70 } });
    const back = compareProportions({ a: { successes: 56, total: 70 }, b: { successes: 48, total: 80 } });
    expect(back.difference).toBeCloseTo(-0.2, 15);
    expect(back.z).toBe(-forward.z!);
    expect(back.pValue).toBe(forward.pValue);
    expect(back.interval!.lower).toBeCloseTo(-0.3339, 4);
    expect(back.interval!.upper).toBeCloseTo(-0.0524, 4);
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

  it('a csat-like side is validated as counts: satisfied of n, one count of each kind', () => {
    const over = thrown(() => compareProportions({ a: { satisfied: 5, n: 4 }, b: { successes: 1, total: 1 } }));
    expect([over.code, over.path]).toEqual(['inconsistent', ['a', 'satisfied']]);
    expect(over.message).toMatch(/a\.satisfied \(5\) cannot exceed a\.n \(4\)/);
    const mixed = thrown(() => compareProportions({ a: { successes: 1, satisfied: 1, total: 2 }, b: { successes: 1, total: 1 } }));
    expect([mixed.code, mixed.path]).toEqual(['ambiguous', ['a']]);
    const twoTotals = thrown(() => compareProportions({ a: { successes: 1, total: 2 }, b: { satisfied: 1, total: 2, n: 3 } }));
    expect([twoTotals.code, twoTotals.path]).toEqual(['ambiguous', ['b']]);
    const bad = thrown(() => compareProportions({ a: { satisfied: 1.5, n: 2 }, b: { satisfied: 1, n: -1 } }));
    expect(bad.issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['not_integer', 'a.satisfied'],
      ['out_of_range', 'b.n'],
    ]);
    const missing = thrown(() => compareProportions({ a: { value: 0.5 } as never, b: { successes: 1, total: 1 } }));
    expect(missing.issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['missing', 'a.successes'],
      ['missing', 'a.total'],
    ]);
    expect(thrown(() => compareProportions({ a: 0.5 as never, b: { successes: 1, total: 1 } })).message).toMatch(/csat or esat result/);
  });
});

describe('compareNps', () => {
  it('difference, standard error from both trinomial variances, z-test', () => {
    // a: NPS 10, var = (0.7 − 0.01)/100 = 0.0069 → SE 8.3066; b: NPS 30, SE 7.8102 (docs/metrics.md#nps worked example).
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

  it('takes nps and enps results as they are (their promoters, passives, detractors)', () => {
    const a = nps({ responses: [10, 9, 6, 3] }); // 2 promoters, 2 detractors: NPS 0
    const b = nps({ responses: [10, 10, 8, 6] }, { intervalMethod: 'adjusted-wald' }); // 2, 1, 1: NPS 25
    const r = compareNps({ a, b });
    expect(r.difference).toBe(25);
    expect(r.b.intervalMethod).toBe('wald'); // compareNps uses the Wald standard errors
    expect(r.reason).toBeNull();
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
