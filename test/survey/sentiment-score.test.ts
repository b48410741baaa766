import { describe, expect, it } from 'vitest';
import { KpiInputError } from '../../src/core/errors.js';
import { sentimentScore } from '../../src/survey/index.js';

describe('sentimentScore (seed 002 §9)', () => {
  it('(positive − negative) / total with the distribution and a standard error', () => {
    // Hand calculation: (60 − 15)/100 = 0.45; E[w²] = (60 + 15)/100 = 0.75;
    // var = (0.75 − 0.45²)/100 = 0.005475 → SE 0.0739932.
    const r = sentimentScore({ positive: 60, neutral: 25, negative: 15 });
    expect(r.value).toBeCloseTo(0.45, 15);
    expect(r.positiveShare).toBe(0.6);
    expect(r.neutralShare).toBe(0.25);
    expect(r.negativeShare).toBe(0.15);
    expect(r.standardError).toBeCloseTo(0.0739932, 6);
    expect(r.interval!.lower).toBeCloseTo(0.45 - 1.959964 * 0.0739932, 5);
  });

  it('labels form ≡ counts form', () => {
    const labels = ['positive', 'negative', 'positive', 'neutral'] as const;
    const r = sentimentScore({ labels });
    expect(r.value).toBe(0.25);
    expect(r).toEqual(sentimentScore({ positive: 2, neutral: 1, negative: 1 }));
  });

  it('custom weights stay in [−1, 1]', () => {
    const r = sentimentScore({ positive: 1, neutral: 2, negative: 1 }, { weights: { neutral: 0.5 } });
    // (1 + 2·0.5 − 1)/4 = 0.25
    expect(r.value).toBe(0.25);
    expect(r.weights).toEqual({ positive: 1, neutral: 0.5, negative: -1 });
  });

  it('empty → null; invalid labels and weights → KpiInputError with index', () => {
    expect(sentimentScore({ labels: [] }).value).toBeNull();
    try {
      sentimentScore({ labels: ['positive', 'happy', 'neutral', 'sad'] as never });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(KpiInputError);
      const err = e as KpiInputError;
      expect(err.issues.map((i) => i.path)).toEqual([
        ['labels', 1],
        ['labels', 3],
      ]);
      expect(err.message).toMatch(/^sentimentScore: labels\[1\] must be "positive", "neutral" or "negative", got "happy"/);
    }
    expect(() => sentimentScore({ positive: 1, neutral: 0, negative: 0 }, { weights: { positive: 2 } })).toThrow(KpiInputError);
    expect(() => sentimentScore({ positive: 1, neutral: 0, negative: 0 }, { weights: { happy: 1 } as never })).toThrow(/not a label/);
  });
});
