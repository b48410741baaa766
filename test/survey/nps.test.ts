import { describe, expect, it } from 'vitest';
import { KpiInputError } from '../../src/core/errors.js';
import { nps, npsAccumulator } from '../../src/survey/index.js';
import { thrown } from '../helpers.js';

describe('nps', () => {
  it('METRICS.md §7 worked example: 50 promoters, 30 passives, 20 detractors', () => {
    // NPS = 50% − 20% = 30. Trinomial variance: (p + d − (p − d)²)/n = (0.5 + 0.2 − 0.09)/100 = 0.0061,
    // SE = √0.0061 = 0.07810 → 7.81 points; 95 % margin = 1.959964 × 7.8102 = 15.31 points.
    const r = nps({ promoters: 50, passives: 30, detractors: 20 });
    expect(r.value).toBe(30);
    expect(r.n).toBe(100);
    expect(r.standardError).toBeCloseTo(7.81, 2);
    expect(r.marginOfError).toBeCloseTo(15.31, 2);
    expect(r.interval?.lower).toBeCloseTo(30 - 15.3077, 3);
    expect(r.interval?.upper).toBeCloseTo(30 + 15.3077, 3);
    expect(r.promoterShare).toBe(0.5);
    expect(r.passiveShare).toBe(0.3);
    expect(r.detractorShare).toBe(0.2);
    expect(r.intervalMethod).toBe('wald');
    expect(r.confidence).toBe(0.95);
    expect(r.scale).toBe('0-10');
  });

  it('counts answers by the standard cut points (promoters 9–10, passives 7–8, detractors 0–6)', () => {
    // Hand count: 10, 9 → 2 promoters; 8, 7 → 2 passives; 6, 0, 3 → 3 detractors. NPS = 100·(2 − 3)/7.
    const r = nps({ responses: [10, 9, 8, 7, 6, 0, 3] });
    expect([r.promoters, r.passives, r.detractors]).toEqual([2, 2, 3]);
    expect(r.value).toBeCloseTo(-100 / 7, 12);
  });

  it('accepts typed arrays and the 1–10 scale (seed 000 §11 asks "1 to 10")', () => {
    expect(nps({ responses: Int8Array.from([10, 9, 3]) }).value).toBeCloseTo(100 / 3, 12);
    expect(nps({ responses: Float64Array.from([10, 1, 7]) }, { scale: '1-10' }).value).toBe(0);
    expect(() => nps({ responses: [0] }, { scale: '1-10' })).toThrow(KpiInputError);
  });

  it('is exact where the arithmetic allows: 1 promoter of 3 is 100/3 points, 30 is 30', () => {
    expect(nps({ promoters: 1, passives: 2, detractors: 0 }).value).toBe(100 / 3);
    expect(nps({ promoters: 7, passives: 0, detractors: 4 }).value).toBe(300 / 11);
  });

  it('adjusted-Wald interval (Rocks 2016; MeasuringU): add 3/4 to promoters and detractors, 3 to n', () => {
    // Hand calculation for 50/30/20: p' = 50.75/103, d' = 20.75/103, centre = 100·30/103 = 29.1262;
    // var = (p' + d' − (p' − d')²)/103 = (0.694175 − 0.084834)/103 = 0.0059159 → SE 7.6915 points;
    // margin 1.959964 × 7.6915 = 15.0751 → [14.0511, 44.2013].
    const r = nps({ promoters: 50, passives: 30, detractors: 20 }, { intervalMethod: 'adjusted-wald' });
    expect(r.value).toBe(30);
    expect(r.intervalMethod).toBe('adjusted-wald');
    expect(r.standardError).toBeCloseTo(7.6915, 3);
    expect(r.interval?.lower).toBeCloseTo(14.0511, 3);
    expect(r.interval?.upper).toBeCloseTo(44.2013, 3);
  });

  it('confidence changes z: 99 % uses z = 2.5758 (R qnorm(0.995))', () => {
    const r = nps({ promoters: 50, passives: 30, detractors: 20 }, { confidence: 0.99 });
    expect(r.marginOfError).toBeCloseTo(2.5758293035489 * 7.810249675906654, 9);
  });

  it('clips the interval to −100..100', () => {
    const r = nps({ promoters: 3, passives: 0, detractors: 0 });
    expect(r.value).toBe(100);
    expect(r.standardError).toBe(0);
    expect(r.interval).toEqual({ lower: 100, upper: 100 });
    const small = nps({ promoters: 2, passives: 0, detractors: 1 });
    expect(small.interval!.upper).toBeLessThanOrEqual(100);
    expect(small.interval!.lower).toBeGreaterThanOrEqual(-100);
  });

  it('no answers → value null, n 0, never NaN', () => {
    const r = nps({ responses: [] });
    expect(r.value).toBeNull();
    expect(r.n).toBe(0);
    expect(r.promoterShare).toBeNull();
    expect(r.standardError).toBeNull();
    expect(r.interval).toBeNull();
    expect(nps({ promoters: 0, passives: 0, detractors: 0 }).value).toBeNull();
  });

  it('returns a frozen, JSON-serialisable result with value first', () => {
    const r = nps({ responses: [9, 3] });
    expect(Object.keys(r)[0]).toBe('value');
    expect(Object.isFrozen(r)).toBe(true);
    expect(Object.isFrozen(r.interval)).toBe(true);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('does not mutate its input', () => {
    const responses = [10, 3, 8];
    const input = { responses };
    nps(input);
    expect(responses).toEqual([10, 3, 8]);
    expect(input).toEqual({ responses: [10, 3, 8] });
  });

  describe('invalid input → KpiInputError naming the field and index', () => {
    it('negative count', () => {
      const e = thrown(() => nps({ promoters: -3, passives: 1, detractors: 2 }));
      expect(e.code).toBe('out_of_range');
      expect(e.path).toEqual(['promoters']);
      expect(e.input).toBe(-3);
      expect(e.message).toBe('nps: promoters must be a non-negative integer, got -3');
    });

    it('every problem is listed', () => {
      const e = thrown(() => nps({ promoters: 1.5, passives: Number.NaN, detractors: '2' as unknown as number }));
      expect(e.issues.map((i) => [i.code, i.path.join('.')])).toEqual([
        ['not_integer', 'promoters'],
        ['not_finite', 'passives'],
        ['invalid_type', 'detractors'],
      ]);
      expect(e.issueCount).toBe(3);
    });

    it('answers off the scale, non-integers, NaN, strings — with their indices', () => {
      const e = thrown(() => nps({ responses: [10, 11, 9.5, Number.NaN, '7' as unknown as number, -1, Infinity] }));
      expect(e.issues.map((i) => i.path)).toEqual([
        ['responses', 1],
        ['responses', 2],
        ['responses', 3],
        ['responses', 4],
        ['responses', 5],
        ['responses', 6],
      ]);
      expect(e.issues.map((i) => i.code)).toEqual(['out_of_range', 'not_integer', 'not_finite', 'invalid_type', 'out_of_range', 'not_finite']);
      expect(e.message).toBe('nps: responses[1] must be an integer from 0 to 10 (scale 0-10), got 11 (and 5 more problems: see .issues)');
    });

    it('caps the listed issues but counts them all', () => {
      const bad = new Array<number>(250).fill(42);
      const e = thrown(() => nps({ responses: bad }));
      expect(e.issues).toHaveLength(100);
      expect(e.issueCount).toBe(250);
    });

    it('mixed input forms, missing fields, wrong types, unknown options', () => {
      expect(thrown(() => nps({ responses: [9], promoters: 1 })).code).toBe('ambiguous');
      expect(thrown(() => nps({} as never)).code).toBe('missing');
      const missing = thrown(() => nps({ promoters: 1, passives: 2 } as never));
      expect(missing.code).toBe('missing');
      expect(missing.path).toEqual(['detractors']);
      expect(thrown(() => nps(null as never)).code).toBe('invalid_type');
      expect(thrown(() => nps({ responses: 'nine' } as never)).code).toBe('invalid_type');
      expect(thrown(() => nps({ responses: new BigInt64Array(1) } as never)).code).toBe('invalid_type');
      const typo = thrown(() => nps({ responses: [9] }, { confidnce: 0.9 } as never));
      expect(typo.path).toEqual(['options', 'confidnce']);
      expect(thrown(() => nps({ responses: [9] }, { confidence: 1 })).path).toEqual(['options', 'confidence']);
      const method = thrown(() => nps({ responses: [9] }, { intervalMethod: 'exact' as never }));
      expect([method.code, method.path]).toEqual(['invalid_value', ['options', 'intervalMethod']]);
      // The option was called `interval` before 1.0; that name is now an unknown option, never ignored.
      const old = thrown(() => nps({ responses: [9] }, { interval: 'wald' } as never));
      expect(old.path).toEqual(['options', 'interval']);
      expect(old.message).toMatch(/known: confidence, intervalMethod, scale/);
      expect(thrown(() => nps({ responses: [9] }, { scale: '1-5' as never })).code).toBe('invalid_value');
    });
  });

  describe('npsAccumulator', () => {
    it('merge of shards equals one pass; JSON round trip', () => {
      const all = [10, 9, 6, 8, 10, 0, 7];
      const a = npsAccumulator.create().addAll(all.slice(0, 3));
      const b = npsAccumulator.create();
      for (const x of all.slice(3)) b.add(x);
      const restored = npsAccumulator.fromJSON(JSON.parse(JSON.stringify(b)));
      expect(a.merge(restored).result()).toEqual(nps({ responses: all }));
      expect(a.n).toBe(7);
    });

    it('refuses to merge accumulators with other options, and bad JSON', () => {
      const a = npsAccumulator.create();
      const b = npsAccumulator.create({ confidence: 0.9 });
      const incompatible = thrown(() => a.merge(b));
      expect(incompatible.code).toBe('incompatible');
      expect(incompatible.path).toEqual(['other', 'options', 'confidence']);
      expect(incompatible.message).toBe(
        'npsAccumulator.merge: cannot merge nps accumulators made with different options: confidence is 0.95 here and 0.9 in the other',
      );
      const good = npsAccumulator.create().addAll([9, 3]).toJSON();
      expect(thrown(() => npsAccumulator.fromJSON({ ...good, metric: 'csat' })).path).toEqual(['metric']);
      expect(thrown(() => npsAccumulator.fromJSON({ ...good, state: [1, 2] })).path).toEqual(['state']);
      expect(thrown(() => npsAccumulator.fromJSON({ ...good, state: new Array(11).fill(-1) })).code).toBe('out_of_range');
      expect(() => npsAccumulator.create().add(11)).toThrow('nps: responses[0] must be an integer from 0 to 10 (scale 0-10), got 11');
    });
  });
});
