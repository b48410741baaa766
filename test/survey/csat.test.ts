import { describe, expect, it } from 'vitest';
import { KpiInputError } from '../../src/core/errors.js';
import { csat, csatAccumulator, esat, esatAccumulator } from '../../src/survey/index.js';
import { thrown } from '../helpers.js';

describe('csat', () => {
  it('METRICS.md §7: 74 satisfied of 107 → 0.6916 (69 %)', () => {
    const r = csat({ satisfied: 74, total: 107 });
    expect(r.value).toBe(74 / 107);
    expect(r.value).toBeCloseTo(0.6916, 4);
    expect(r.n).toBe(107);
    expect(r.mean).toBeNull();
    expect(r.distribution).toBeNull();
    expect(r.scale).toBeNull();
  });

  it('METRICS.md §7 proportions: Wilson 95 % interval of 8 of 10 is [0.4902, 0.9433]', () => {
    const r = csat({ satisfied: 8, total: 10 });
    expect(r.interval!.lower).toBeCloseTo(0.4902, 4);
    expect(r.interval!.upper).toBeCloseTo(0.9433, 4);
  });

  it('default: 1–5 scale, satisfied = {4, 5} (seeds 000 §1, 002 §5); mean and distribution', () => {
    // Hand calculation: 5, 4, 4 satisfied of 5 → 0.6; mean (5 + 4 + 4 + 3 + 1)/5 = 3.4;
    // sample sd: deviations 1.6, 0.6, 0.6, −0.4, −2.4 → squares sum 2.56 + 0.36 + 0.36 + 0.16 + 5.76 = 9.2;
    // 9.2 / 4 = 2.3 → √2.3.
    const r = csat({ responses: [5, 4, 4, 3, 1] });
    expect(r.value).toBe(0.6);
    expect(r.satisfied).toBe(3);
    expect(r.mean).toBeCloseTo(3.4, 12);
    expect(r.standardDeviation).toBeCloseTo(Math.sqrt(2.3), 12);
    expect(r.scale).toBe('1-5');
    expect(r.satisfiedScores).toEqual([4, 5]);
    expect(r.distribution).toEqual([
      { score: 1, count: 1, share: 0.2 },
      { score: 2, count: 0, share: 0 },
      { score: 3, count: 1, share: 0.2 },
      { score: 4, count: 2, share: 0.4 },
      { score: 5, count: 1, share: 0.2 },
    ]);
  });

  it('other scales: top two boxes by default, top box on 1–3; custom satisfied sets', () => {
    expect(csat({ responses: [7, 6, 5, 2] }, { scale: '1-7' }).value).toBe(0.5);
    expect(csat({ responses: [3, 2, 1, 3] }, { scale: '1-3' }).value).toBe(0.5);
    expect(csat({ responses: [10, 9, 0, 8] }, { scale: '0-10' }).value).toBe(0.5);
    expect(csat({ responses: [7, 6, 5, 2] }, { scale: '1-7', satisfied: { atLeast: 5 } }).value).toBe(0.75);
    expect(csat({ responses: [5, 4, 3] }, { satisfied: [5] }).value).toBeCloseTo(1 / 3, 15);
    expect(csat({ responses: [-2, 0, 2] }, { scale: { min: -2, max: 2 } }).satisfiedScores).toEqual([1, 2]);
  });

  it('binary good/bad ratings, as Zendesk collects them', () => {
    const r = csat({ responses: ['good', 'good', 'bad', true, false, 1] }, { scale: 'binary' });
    expect(r.value).toBeCloseTo(4 / 6, 15);
    expect(r.mean).toBeCloseTo(4 / 6, 15);
    expect(r.distribution).toEqual([
      { score: 0, label: 'bad', count: 2, share: 2 / 6 },
      { score: 1, label: 'good', count: 4, share: 4 / 6 },
    ]);
    expect(csat({ counts: { good: 9, bad: 1 } }, { scale: 'binary' }).value).toBe(0.9);
  });

  it('counts form ≡ responses form', () => {
    expect(csat({ counts: { 5: 1, 4: 2, 3: 1, 1: 1 } })).toEqual(csat({ responses: [5, 4, 4, 3, 1] }));
  });

  it('no responses → null, never NaN', () => {
    const r = csat({ responses: [] });
    expect(r.value).toBeNull();
    expect(r.mean).toBeNull();
    expect(r.interval).toBeNull();
    expect(r.distribution!.every((d) => d.share === null)).toBe(true);
    expect(csat({ satisfied: 0, total: 0 }).value).toBeNull();
  });

  it('invalid input → KpiInputError', () => {
    expect(() => csat({ satisfied: 12, total: 10 })).toThrow('csat: satisfied (12) cannot exceed total (10)');
    expect(() => csat({ responses: [5, 6] })).toThrow('csat: responses[1] must be an integer from 1 to 5 (scale 1-5), got 6');
    expect(() => csat({ responses: ['great'] } as never, { scale: 'binary' })).toThrow(
      'csat: responses[0] must be "good", "bad", true, false, 1 or 0, got "great"',
    );
    expect(() => csat({ counts: { 6: 1 } })).toThrow(/counts.6 is not a point of scale 1-5/);
    expect(() => csat({ counts: { 5: -1 } })).toThrow(KpiInputError);
    expect(() => csat({ responses: [5] }, { satisfied: [6] })).toThrow(KpiInputError);
    expect(() => csat({ responses: [5] }, { satisfied: [] })).toThrow(KpiInputError);
    expect(() => csat({ responses: [5] }, { scale: { min: 3, max: 3 } })).toThrow(/max > min/);
    expect(() => csat({ satisfied: 1, total: 2 }, { scale: '1-5' })).toThrow(/no meaning/);
  });
});

describe('esat (CSAT computation on employee answers, seed 000 §2)', () => {
  it('computes as csat does, naming itself in errors', () => {
    const answers = [5, 4, 3, 4, 2];
    const { value, mean } = esat({ responses: answers });
    expect(value).toBe(0.6);
    expect(mean).toBeCloseTo(3.6, 12);
    expect(esat({ responses: answers })).toEqual(csat({ responses: answers }));
    expect(() => esat({ responses: [0] })).toThrow(/^esat: /);
  });
});

describe('csat and esat accumulators', () => {
  it('merge equals one pass, JSON round trip, option mismatch refused', () => {
    const a = csatAccumulator.create({ scale: '1-7' }).addAll([7, 6, 1]);
    const b = csatAccumulator.fromJSON(JSON.parse(JSON.stringify(csatAccumulator.create({ scale: '1-7' }).addAll([5, 7]))));
    expect(a.merge(b).result()).toEqual(csat({ responses: [7, 6, 1, 5, 7] }, { scale: '1-7' }));
    const otherScale = thrown(() => a.merge(csatAccumulator.create()));
    expect([otherScale.code, otherScale.path]).toEqual(['incompatible', ['other', 'options', 'scale']]);
    const otherMetric = thrown(() => a.merge(esatAccumulator.create({ scale: '1-7' })));
    expect([otherMetric.code, otherMetric.path]).toEqual(['incompatible', ['other', 'metric']]);
    expect(esatAccumulator.create().addAll([5, 4, 1]).result().satisfied).toBe(2);
  });
});
