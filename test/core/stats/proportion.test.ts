import { describe, expect, it } from 'vitest';
import { thrown } from '../../helpers.js';

import * as stats from '../../../src/core/stats/index.js';
import { zForConfidence } from '../../../src/core/stats/normal.js';
import { newcombeInterval, proportionInterval, twoProportionZTest, wilsonInterval } from '../../../src/core/stats/proportion.js';

const Z95 = 1.959963984540054; // R: qnorm(0.975)

describe('wilsonInterval', () => {
  it('METRICS.md §7: 8 of 10 at 95 % → [0.4902, 0.9433]', () => {
    // Hand calculation (Wilson 1927): n = 10, x = 8, z = 1.959964, z² = 3.841459;
    // D = z² + 4·x·(n − x)/n = 3.841459 + 6.4 = 10.241459, √D = 3.200228, z·√D = 6.272331;
    // lower = (2x + z² − z√D)/(2(n + z²)) = (19.841459 − 6.272331)/27.682918 = 0.490162;
    // upper = (19.841459 + 6.272331)/27.682918 = 0.943318.
    const w = wilsonInterval(8, 10, Z95)!;
    expect(w.lower).toBeCloseTo(0.4902, 4);
    expect(w.upper).toBeCloseTo(0.9433, 4);
    expect(w.lower).toBeCloseTo(0.490162, 6);
    expect(w.upper).toBeCloseTo(0.943318, 6);
  });

  it('0 and n successes: the interval touches 0 or 1 and is not empty', () => {
    // x = 0: lower = 0; upper = 2z²/(2(n + z²)) = z²/(n + z²) = 3.841459/13.841459 = 0.277533.
    const none = wilsonInterval(0, 10, Z95)!;
    expect(none.lower).toBe(0);
    expect(none.upper).toBeCloseTo(0.277533, 6);
    // x = n: upper = 1; lower = n/(n + z²) = 10/13.841459 = 0.722467.
    const all = wilsonInterval(10, 10, Z95)!;
    expect(all.upper).toBe(1);
    expect(all.lower).toBeCloseTo(0.722467, 6);
  });

  it('is null when total is 0, and the point when z is 0', () => {
    expect(wilsonInterval(0, 0, Z95)).toBeNull();
    expect(wilsonInterval(3, 4, 0)).toEqual({ lower: 0.75, upper: 0.75 });
  });

  it('is frozen', () => {
    expect(Object.isFrozen(wilsonInterval(1, 3, Z95))).toBe(true);
  });
});

describe('newcombeInterval (method 10, hybrid score)', () => {
  it('Newcombe (1998) Table II example (a): 56/70 − 48/80 → 0.0524 to 0.3339', () => {
    // Hand calculation, z = 1.959964, z² = 3.841459 (b = 56/70 = 0.8, a = 48/80 = 0.6):
    // Wilson(56/70): D = 3.841459 + 4·56·14/70 = 48.641459, √D = 6.974343, z√D = 13.669461,
    //   2(n + z²) = 147.682918 → l_b = (115.841459 − 13.669461)/147.682918 = 0.691834,
    //   u_b = (115.841459 + 13.669461)/147.682918 = 0.876953.
    // Wilson(48/80): D = 3.841459 + 4·48·32/80 = 80.641459, √D = 8.980059, z√D = 17.600591,
    //   2(n + z²) = 167.682918 → l_a = (99.841459 − 17.600591)/167.682918 = 0.490455,
    //   u_a = (99.841459 + 17.600591)/167.682918 = 0.700382.
    // d = 0.8 − 0.6 = 0.2; lower = d − √((0.8 − 0.691834)² + (0.700382 − 0.6)²)
    //   = 0.2 − √(0.011700 + 0.010077) = 0.2 − 0.147569 = 0.052431;
    // upper = d + √((0.876953 − 0.8)² + (0.6 − 0.490455)²) = 0.2 + √(0.005922 + 0.012000)
    //   = 0.2 + 0.133873 = 0.333873.
    const r = newcombeInterval({ successes: 48, total: 80 }, { successes: 56, total: 70 }, Z95)!;
    expect(r.lower).toBeCloseTo(0.0524, 4);
    expect(r.upper).toBeCloseTo(0.3339, 4);
    expect(r.lower).toBeCloseTo(0.052431, 5);
    expect(r.upper).toBeCloseTo(0.333873, 5);
  });

  it('Newcombe (1998) Table II, method 10, examples (b)–(f), including the boundary cases', () => {
    // (b) 9/10 − 3/10 → 0.1705, 0.8090; (c) 6/7 − 2/7 → 0.0582, 0.8062;
    // (d) 5/56 − 0/29 → −0.0381, 0.1926; (e) 0/10 − 0/20 → −0.1611, 0.2775;
    // (f) 10/10 − 0/20 → 0.6791, 1.0000.
    // Check of (e) by hand: both shares are 0, so lower = −u(0/20) = −z²/(20 + z²) = −3.841459/23.841459
    // = −0.161125 and upper = u(0/10) = 3.841459/13.841459 = 0.277533.
    const cases: [number, number, number, number, number, number][] = [
      [9, 10, 3, 10, 0.1705, 0.809],
      [6, 7, 2, 7, 0.0582, 0.8062],
      [5, 56, 0, 29, -0.0381, 0.1926],
      [0, 10, 0, 20, -0.1611, 0.2775],
      [10, 10, 0, 20, 0.6791, 1],
    ];
    for (const [xb, nb, xa, na, lower, upper] of cases) {
      const r = newcombeInterval({ successes: xa, total: na }, { successes: xb, total: nb }, Z95)!;
      expect(r.lower, `${xb}/${nb} − ${xa}/${na}`).toBeCloseTo(lower, 4);
      expect(r.upper, `${xb}/${nb} − ${xa}/${na}`).toBeCloseTo(upper, 4);
    }
  });

  it('is null when either total is 0', () => {
    expect(newcombeInterval({ successes: 0, total: 0 }, { successes: 1, total: 2 }, Z95)).toBeNull();
    expect(newcombeInterval({ successes: 1, total: 2 }, { successes: 0, total: 0 }, Z95)).toBeNull();
  });
});

describe('twoProportionZTest (pooled)', () => {
  it('METRICS.md §7: 70/100 (a) vs 80/100 (b) → z 1.633, p 0.1025', () => {
    // Hand calculation: pooled p̂ = 150/200 = 0.75; SE = √(0.75·0.25·(1/100 + 1/100)) = √0.00375
    // = 0.0612372; z = (0.8 − 0.7)/0.0612372 = 1.632993; p = 2·(1 − Φ(1.632993)) = 0.102470.
    // R: prop.test(c(80, 70), c(100, 100), correct = FALSE) → X-squared = 2.6667 (= z²),
    // p-value = 0.1025.
    const t = twoProportionZTest({ successes: 70, total: 100 }, { successes: 80, total: 100 });
    expect(t.standardError).toBeCloseTo(Math.sqrt(0.00375), 15);
    expect(t.z).toBeCloseTo(1.633, 3);
    expect(t.z! * t.z!).toBeCloseTo(8 / 3, 12);
    expect(t.pValue).toBeCloseTo(0.1025, 4);
    expect(t.pValue).toBeCloseTo(0.10247, 5);
  });

  it('the sign follows share(b) − share(a)', () => {
    const t = twoProportionZTest({ successes: 80, total: 100 }, { successes: 70, total: 100 });
    expect(t.z).toBeCloseTo(-1.632993, 6);
    expect(t.pValue).toBeCloseTo(0.10247, 5);
  });

  it('all null when a total is 0 or the pooled SE is 0 (all or none succeed)', () => {
    const none = { z: null, pValue: null, standardError: null };
    expect(twoProportionZTest({ successes: 0, total: 0 }, { successes: 1, total: 2 })).toEqual(none);
    expect(twoProportionZTest({ successes: 1, total: 2 }, { successes: 0, total: 0 })).toEqual(none);
    expect(twoProportionZTest({ successes: 0, total: 5 }, { successes: 0, total: 7 })).toEqual(none);
    expect(twoProportionZTest({ successes: 5, total: 5 }, { successes: 7, total: 7 })).toEqual(none);
  });

  it('equal shares give z = 0 and p = 1', () => {
    const t = twoProportionZTest({ successes: 3, total: 10 }, { successes: 6, total: 20 });
    expect(t.z).toBe(0);
    expect(t.pValue).toBe(1);
  });
});

describe('proportionInterval (public, validated)', () => {
  it('TSDoc example: 8 of 10 → 0.8, Wilson [0.4902, 0.9433] at the default 95 %', () => {
    const r = proportionInterval({ successes: 8, total: 10 });
    expect(r.value).toBe(0.8);
    expect(r.successes).toBe(8);
    expect(r.total).toBe(10);
    expect(r.confidence).toBe(0.95);
    expect(r.intervalMethod).toBe('wilson');
    expect(r.reason).toBeNull();
    expect(r.interval!.lower).toBeCloseTo(0.4902, 4);
    expect(r.interval!.upper).toBeCloseTo(0.9433, 4);
    expect(Object.keys(r)[0]).toBe('value');
  });

  it('99 %: 8 of 10 → [0.4008, 0.9599], wider than at 95 % (hand calculation)', () => {
    // z = 2.575829 (R: qnorm(0.995)), z² = 6.634897; D = 6.634897 + 6.4 = 13.034897, √D = 3.610387,
    // z√D = 9.299741; 2(n + z²) = 33.269794 → lower = (22.634897 − 9.299741)/33.269794 = 0.400819,
    // upper = (22.634897 + 9.299741)/33.269794 = 0.959869.
    const r = proportionInterval({ successes: 8, total: 10 }, { confidence: 0.99 });
    expect(r.confidence).toBe(0.99);
    expect(r.interval!.lower).toBeCloseTo(0.400819, 5);
    expect(r.interval!.upper).toBeCloseTo(0.959869, 5);
  });

  it('total 0 → value and interval null, not NaN, with a reason', () => {
    const r = proportionInterval({ successes: 0, total: 0 });
    expect(r.value).toBeNull();
    expect(r.interval).toBeNull();
    expect(JSON.parse(JSON.stringify(r))).toEqual({
      value: null,
      reason: 'no trials (total 0): the proportion is undefined',
      successes: 0,
      total: 0,
      interval: null,
      confidence: 0.95,
      intervalMethod: 'wilson',
    });
  });

  it('the result is deeply frozen and JSON-serialisable', () => {
    const r = proportionInterval({ successes: 3, total: 7 });
    expect(Object.isFrozen(r)).toBe(true);
    expect(Object.isFrozen(r.interval)).toBe(true);
    expect(JSON.parse(JSON.stringify(r))).toEqual({ ...r, interval: { ...r.interval } });
  });

  it('agrees with wilsonInterval at zForConfidence(confidence)', () => {
    const r = proportionInterval({ successes: 37, total: 120 }, { confidence: 0.9 });
    expect(r.interval).toEqual(wilsonInterval(37, 120, zForConfidence(0.9)));
  });

  it('successes > total → inconsistent, with the message of DESIGN.md §4', () => {
    const e = thrown(() => proportionInterval({ successes: 12, total: 10 }));
    expect(e.fn).toBe('proportionInterval');
    expect(e.code).toBe('inconsistent');
    expect(e.path).toEqual(['successes']);
    expect(e.input).toBe(12);
    expect(e.message).toBe('proportionInterval: successes (12) cannot exceed total (10)');
  });

  it('bad counts: every problem is listed with its path', () => {
    const e = thrown(() => proportionInterval({ successes: -3, total: 2.5 }));
    expect(e.issueCount).toBe(2);
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([
      ['out_of_range', ['successes']],
      ['not_integer', ['total']],
    ]);
    expect(e.message).toBe('proportionInterval: successes must be a non-negative integer, got -3 (and 1 more problem: see .issues)');
    expect(thrown(() => proportionInterval({ successes: Number.NaN, total: 3 })).code).toBe('not_finite');
    expect(thrown(() => proportionInterval({ successes: '3' as unknown as number, total: 3 })).code).toBe('invalid_type');
    const missing = thrown(() => proportionInterval({ successes: 3 } as unknown as { successes: number; total: number }));
    expect(missing.code).toBe('missing');
    expect(missing.path).toEqual(['total']);
  });

  it('the input must be an object', () => {
    const e = thrown(() => proportionInterval(null as unknown as { successes: number; total: number }));
    expect(e.code).toBe('invalid_type');
    expect(e.path).toEqual([]);
  });

  it('options: confidence strictly between 0 and 1, unknown keys rejected', () => {
    for (const confidence of [0, 1, 1.5, -0.1, Number.NaN]) {
      const e = thrown(() => proportionInterval({ successes: 1, total: 2 }, { confidence }));
      expect(e.path).toEqual(['options', 'confidence']);
    }
    const e = thrown(() => proportionInterval({ successes: 1, total: 2 }, { confidance: 0.9 } as unknown as { confidence: number }));
    expect(e.code).toBe('invalid_value');
    expect(e.path).toEqual(['options', 'confidance']);
    expect(thrown(() => proportionInterval({ successes: 1, total: 2 }, 0.9 as unknown as { confidence: number })).code).toBe('invalid_type');
  });

  it('does not mutate its input', () => {
    const input = Object.freeze({ successes: 4, total: 9 });
    const options = Object.freeze({ confidence: 0.8 });
    expect(() => proportionInterval(input, options)).not.toThrow();
  });
});

describe('core/stats barrel', () => {
  it('re-exports the public and internal statistics functions', () => {
    expect(stats.proportionInterval).toBe(proportionInterval);
    expect(stats.wilsonInterval).toBe(wilsonInterval);
    expect(stats.newcombeInterval).toBe(newcombeInterval);
    expect(stats.twoProportionZTest).toBe(twoProportionZTest);
    expect(stats.zForConfidence).toBe(zForConfidence);
    expect(Object.keys(stats).sort()).toEqual([
      'newcombeInterval',
      'normalCdf',
      'normalQuantile',
      'normalSurvival',
      'proportionInterval',
      'quantile',
      'quantiles',
      'quantilesUnchecked',
      'readPercentileList',
      'twoProportionZTest',
      'twoSidedPValue',
      'wilsonInterval',
      'zForConfidence',
    ]);
  });
});
