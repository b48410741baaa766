import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { proportionInterval } from '../../src/core/stats/proportion.js';
import {
  ces,
  cesAccumulator,
  compareNps,
  compareProportions,
  csat,
  csatAccumulator,
  enps,
  enpsAccumulator,
  esat,
  esatAccumulator,
  nps,
  npsAccumulator,
  sentimentScore,
} from '../../src/survey/index.js';

/** Every result with a nullable value says why it is null, and has `reason: null` otherwise. */
describe('reason: why a value is null', () => {
  it('empty inputs give a reason naming the metric', () => {
    expect(nps({ responses: [] }).reason).toBe('no answers: the NPS is undefined');
    expect(enps({ promoters: 0, passives: 0, detractors: 0 }).reason).toBe('no answers: the eNPS is undefined');
    expect(npsAccumulator.create().result().reason).toBe('no answers: the NPS is undefined');
    expect(enpsAccumulator.create().result().reason).toBe('no answers: the eNPS is undefined');
    expect(csat({ responses: [] }).reason).toBe('no responses: the CSAT is undefined');
    expect(csat({ satisfied: 0, total: 0 }).reason).toBe('no responses: the CSAT is undefined');
    expect(csat({ counts: {} }).reason).toBe('no responses: the CSAT is undefined');
    expect(esat({ satisfied: 0, total: 0 }).reason).toBe('no responses: the ESAT is undefined');
    expect(csatAccumulator.create().result().reason).toBe('no responses: the CSAT is undefined');
    expect(esatAccumulator.create().result().reason).toBe('no responses: the ESAT is undefined');
    expect(ces({ responses: [] }).reason).toBe('no answers: the CES is undefined');
    expect(cesAccumulator.create().result().reason).toBe('no answers: the CES is undefined');
    expect(sentimentScore({ labels: [] }).reason).toBe('no labelled messages: the sentiment score is undefined');
    expect(proportionInterval({ successes: 0, total: 0 }).reason).toBe('no trials (total 0): the proportion is undefined');
    const some = { successes: 1, total: 2 };
    const none = { successes: 0, total: 0 };
    expect(compareProportions({ a: none, b: some }).reason).toBe('a has no trials (total 0): the difference is undefined');
    expect(compareProportions({ a: some, b: none }).reason).toBe('b has no trials (total 0): the difference is undefined');
    expect(compareProportions({ a: none, b: none }).reason).toBe('a and b have no trials (total 0): the difference is undefined');
    expect(compareNps({ a: { responses: [] }, b: { responses: [10] } }).reason).toBe('a has no answers: the difference is undefined');
    expect(compareNps({ a: { responses: [10] }, b: { responses: [] } }).reason).toBe('b has no answers: the difference is undefined');
    expect(compareNps({ a: { responses: [] }, b: { responses: [] } }).reason).toBe('a and b have no answers: the difference is undefined');
  });

  it('reason comes right after value, and is null whenever there is a value', () => {
    const results = [
      nps({ responses: [10] }),
      enps({ responses: [3] }),
      csat({ responses: [5] }),
      esat({ satisfied: 1, total: 1 }),
      ces({ responses: [4] }),
      sentimentScore({ labels: ['neutral'] }),
      proportionInterval({ successes: 0, total: 1 }),
      compareProportions({ a: { successes: 1, total: 1 }, b: { successes: 1, total: 1 } }),
      compareNps({ a: { responses: [10] }, b: { responses: [10] } }),
    ];
    for (const r of results) {
      expect(Object.keys(r).slice(0, 2)).toEqual(['value', 'reason']);
      expect(r.value).not.toBeNull();
      expect(r.reason).toBeNull();
    }
  });

  it('property: reason is a sentence exactly when value is null (nps, csat, ces, sentiment, comparisons)', () => {
    const n = fc.integer({ min: 0, max: 3 });
    fc.assert(
      fc.property(n, n, n, n, n, n, (p, q, d, x, y, z) => {
        const checks = [
          nps({ promoters: p, passives: q, detractors: d }),
          csat({ satisfied: Math.min(p, q), total: q }),
          ces({ counts: { 1: p, 7: q } }),
          sentimentScore({ positive: p, neutral: q, negative: d }),
          compareProportions({ a: { successes: Math.min(p, q), total: q }, b: { satisfied: Math.min(x, y), n: y } }),
          compareNps({ a: { promoters: p, passives: q, detractors: d }, b: { promoters: x, passives: y, detractors: z } }),
        ];
        for (const r of checks) {
          if (r.value === null) expect(r.reason).toMatch(/^.+: .+ (is|are) undefined$/);
          else expect(r.reason).toBeNull();
        }
      }),
    );
  });
});
